// The small-noise expansion of the denoising criterion, checked by Monte Carlo (dae_contractive.hpp).
#include <cmath>

#include "dae_contractive.hpp"
#include "nn/contractive.hpp"

namespace ch14_5 {

using namespace ae;

Tensor reconstruction_jacobian(const Autoencoder& model, const Tensor& x) {
  const Tensor h = model.encode(x);
  return matmul(mlp_jacobian(model.decoder, h), mlp_jacobian(model.encoder, x));  // (D, H)(H, D)
}

namespace {

// ||r(x_n) - x_n||^2 per row, in double.
std::vector<double> row_sq_dist(const Tensor& R, const Tensor& X) {
  std::vector<double> d(static_cast<std::size_t>(X.rows()));
  for (int n = 0; n < X.rows(); ++n)
    for (int j = 0; j < X.cols(); ++j) {
      const double e = static_cast<double>(R(n, j)) - X(n, j);
      d[n] += e * e;
    }
  return d;
}

}  // namespace

ExpansionStudy expansion_check(const Autoencoder& model, const Tensor& X, const std::vector<double>& sigmas,
                               int draws, Rng& rng) {
  const int N = X.rows(), D = X.cols();
  const Tensor R = model.reconstruct(X);
  const std::vector<double> base = row_sq_dist(R, X);

  // The exact sigma^2 coefficients: E_x ||J_r||_F^2, and E_x (r - x) . Lap r by central differences.
  double jac = 0, lap = 0;
  const float h = 1e-2f;
  for (int n = 0; n < N; ++n) jac += sq_norm(reconstruction_jacobian(model, X.rows_slice(n, n + 1)));
  for (int i = 0; i < D; ++i) {
    Tensor Xp = X, Xm = X;
    for (int n = 0; n < N; ++n) Xp(n, i) += h, Xm(n, i) -= h;
    const Tensor Rp = model.reconstruct(Xp), Rm = model.reconstruct(Xm);
    for (int n = 0; n < N; ++n)
      for (int j = 0; j < D; ++j) {
        const double second = (static_cast<double>(Rp(n, j)) - 2.0 * R(n, j) + Rm(n, j)) / (double(h) * h);
        lap += (static_cast<double>(R(n, j)) - X(n, j)) * second;
      }
  }
  jac /= N;
  lap /= N;

  ExpansionStudy study;
  Tensor Xp(N, D), Xm(N, D);
  for (double sigma : sigmas) {
    // Antithetic pairs: 0.5 (||r(x + eps) - x||^2 + ||r(x - eps) - x||^2) - ||r(x) - x||^2 has mean gap and no
    // term linear in eps. Its spread over all N * draws pairs gives the standard error of the mean.
    double sum = 0, sum_sq = 0;
    for (int k = 0; k < draws; ++k) {
      for (int n = 0; n < N; ++n)
        for (int j = 0; j < D; ++j) {
          const float e = static_cast<float>(sigma * rng.normal());
          Xp(n, j) = X(n, j) + e;
          Xm(n, j) = X(n, j) - e;
        }
      const std::vector<double> dp = row_sq_dist(model.reconstruct(Xp), X), dm = row_sq_dist(model.reconstruct(Xm), X);
      for (int n = 0; n < N; ++n) {
        const double g = 0.5 * (dp[n] + dm[n]) - base[n];
        sum += g;
        sum_sq += g * g;
      }
    }
    const double M = static_cast<double>(N) * draws, mean = sum / M;
    const double var = std::max(0.0, sum_sq / M - mean * mean);
    study.points.push_back({.sigma = sigma, .gap = mean, .gap_se = std::sqrt(var / M),
                            .jacobian = sigma * sigma * jac, .laplacian = sigma * sigma * lap});
  }

  const ExpansionPoint& p0 = study.points.front();
  study.rel_err = std::abs(p0.gap - p0.jacobian) / p0.jacobian;
  study.rel_err_with_laplacian = std::abs(p0.gap - p0.jacobian - p0.laplacian) / p0.jacobian;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  const double K = static_cast<double>(study.points.size());
  for (const ExpansionPoint& p : study.points) {
    const double lx = std::log(p.sigma), ly = std::log(std::max(1e-300, p.gap));
    sx += lx, sy += ly, sxx += lx * lx, sxy += lx * ly;
  }
  study.slope = (K * sxy - sx * sy) / std::max(1e-300, K * sxx - sx * sx);
  return study;
}

void plot_expansion(const plot::Output& out, const ExpansionStudy& study) {
  plot::Series mc{.label = "Monte Carlo E‖r(x+ε) − x‖² − ‖r(x) − x‖²", .style = "points", .color = 0};
  plot::Series jac{.label = "σ² E‖J_r‖²_F (contractive term)", .color = 1};
  plot::Series both{.label = "σ² (E‖J_r‖²_F + E (r − x)·Δr)", .color = 2, .dashed = true};
  for (const ExpansionPoint& p : study.points) {
    mc.x.push_back(p.sigma), jac.x.push_back(p.sigma), both.x.push_back(p.sigma);
    mc.y.push_back(std::max(1e-300, p.gap));
    jac.y.push_back(p.jacobian);
    both.y.push_back(std::max(1e-300, p.jacobian + p.laplacian));
  }
  plot::lines(out, {.name = "14_5_dae_cae_expansion",
                    .title = "Denoising error = reconstruction error + σ² ‖J_r‖²_F",
                    .xlabel = "σ (corruption)", .ylabel = "excess squared error", .logx = true, .logy = true,
                    .xrange = plot::Range{0.002, 0.05}, .legend = "bottom right",
                    .caption = "The spiral DAE's denoising error minus its reconstruction error, by Monte Carlo, "
                               "against the second-order expansion: slope 2 in log-log, the contractive term on r"},
              {mc, jac, both});
}

}  // namespace ch14_5
