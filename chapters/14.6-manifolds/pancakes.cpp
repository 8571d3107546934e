#include "pancakes.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>

#include "data/synthetic.hpp"
#include "linalg/local_pca.hpp"

namespace ch14_6 {

using namespace ae;

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kTurns = 1.5;  // spiral()'s default
}  // namespace

void spiral_tangent(double t, double& tx, double& ty) {
  const double a = 2 * kPi * kTurns;
  tx = std::cos(a * t) - a * t * std::sin(a * t);
  ty = std::sin(a * t) + a * t * std::cos(a * t);
  const double norm = std::hypot(tx, ty);
  tx /= norm, ty /= norm;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

std::vector<double> tangent_angles_deg(int n, double noise, int k, Rng& rng) {
  const Points p = spiral(n, noise, rng);
  std::vector<double> angles(n);
  for (int i = 0; i < n; ++i) {
    const Tensor T = local_pca_tangent(p.x, p.x.rows_slice(i, i + 1), k, 1);  // (2, 1), unit
    double tx, ty;
    spiral_tangent(p.t[i], tx, ty);
    const double c = std::min(1.0, std::fabs(tx * T(0, 0) + ty * T(1, 0)));  // lines: the sign does not matter
    angles[i] = std::acos(c) * 180 / kPi;
  }
  return angles;
}

void plot_pancakes(const plot::Output& out, int n, double noise, int k, double floor, int every, int grid,
                   Rng& rng) {
  const Points p = spiral(n, noise, rng);
  // One pancake per point: mean mu_i, tangent v_i, variance lambda_i along it; across it, floor^2 plus what
  // local PCA left off the tangent.
  std::vector<LocalPca> fits;
  for (int i = 0; i < n; ++i) fits.push_back(local_pca(p.x, p.x.rows_slice(i, i + 1), k, 1));

  plot::Series truth{.label = "the manifold", .style = "lines", .color = 8};
  for (int i = 0; i <= 400; ++i) {
    const double t = 0.1 + 0.9 * i / 400, a = 2 * kPi * kTurns * t;
    truth.x.push_back(t * std::cos(a)), truth.y.push_back(t * std::sin(a));
  }
  plot::Series pts{.label = "training points", .style = "points", .color = 0};
  for (int i = 0; i < n; ++i) pts.x.push_back(p.x(i, 0)), pts.y.push_back(p.x(i, 1));
  plot::Series ellipses{.label = "pancakes (2 s.d.)", .style = "lines", .color = 1};
  for (int i = 0; i < n; i += every) {
    const LocalPca& f = fits[i];
    const double vx = f.basis(0, 0), vy = f.basis(1, 0);
    const double a = 2 * std::sqrt(f.variances[0] + floor * floor),
                 b = 2 * std::sqrt(f.residual_variance + floor * floor);
    for (int s = 0; s <= 40; ++s) {
      const double th = 2 * kPi * s / 40, u = a * std::cos(th), w = b * std::sin(th);
      ellipses.x.push_back(f.mean[0] + u * vx - w * vy);
      ellipses.y.push_back(f.mean[1] + u * vy + w * vx);
    }
    ellipses.x.push_back(std::nan("")), ellipses.y.push_back(std::nan(""));
  }
  plot::lines(out, {.name = "14_6_pancakes", .title = "Fig. 14.9: local PCA pancakes (k = " + std::to_string(k) + ")",
                    .xlabel = "x₁", .ylabel = "x₂", .width = 800, .height = 800, .equal_axes = true,
                    .legend = "bottom left", .book_figure = "14.9"},
              {truth, pts, ellipses});

  // The density they add up to: p(x) = (1/n) sum_i N(x; x_i, C_i), C_i = lambda_i v_i v_i^T + s_i^2 (I - v_i v_i^T).
  const double lo = -1.2, hi = 1.2;
  Tensor logp(grid, grid);
  for (int gi = 0; gi < grid; ++gi)
    for (int gj = 0; gj < grid; ++gj) {
      const double x = lo + (hi - lo) * gj / (grid - 1), y = lo + (hi - lo) * gi / (grid - 1);
      double sum = 0;
      for (int i = 0; i < n; ++i) {
        const LocalPca& f = fits[i];
        const double vx = f.basis(0, 0), vy = f.basis(1, 0);
        const double dx = x - p.x(i, 0), dy = y - p.x(i, 1);
        const double along = dx * vx + dy * vy, across = -dx * vy + dy * vx;
        const double va = f.variances[0] + floor * floor, vc = f.residual_variance + floor * floor;
        sum += std::exp(-0.5 * (along * along / va + across * across / vc)) / (2 * kPi * std::sqrt(va * vc));
      }
      logp(gi, gj) = static_cast<float>(std::log(std::max(sum / n, 1e-30)));
    }
  for (float& v : logp) v = std::max(v, -10.f);  // clip the far tails so the colours show the manifold
  plot::heatmap(out, {.name = "14_6_pancake_density", .title = "The mixture of pancakes (manifold Parzen windows)",
                      .xlabel = "x₁", .ylabel = "x₂", .width = 800, .height = 700, .equal_axes = true,
                      .zlabel = "log p(x)", .book_figure = "14.9"},
                logp, lo, hi, lo, hi);
}

void plot_angle_vs_k(const plot::Output& out, int n, const std::vector<int>& ks, const std::vector<double>& noises,
                     Rng& rng) {
  std::vector<plot::Series> curves;
  for (double noise : noises) {
    plot::Series s{.label = "noise " + std::to_string(noise).substr(0, 5), .style = "linespoints"};
    for (int k : ks) {
      s.x.push_back(k);
      s.y.push_back(median(tangent_angles_deg(n, noise, k, rng)));
    }
    curves.push_back(s);
  }
  plot::lines(out, {.name = "14_6_tangent_angle", .title = "Local PCA tangents on the spiral (" + std::to_string(n) +
                                                              " points)",
                    .xlabel = "neighbours k", .ylabel = "median angle to the true tangent (degrees)",
                    .logx = true, .logy = true, .legend = "top right"},
              curves);
}

}  // namespace ch14_6
