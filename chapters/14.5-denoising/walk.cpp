#include "walk.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dae2d.hpp"

namespace ch14_5 {

using namespace ae;

Tensor spiral_curve(int n, double turns) {
  Tensor C(n, 2);
  for (int i = 0; i < n; ++i) {
    const double t = 0.1 + 0.9 * i / (n - 1), a = 2 * 3.14159265358979323846 * turns * t;
    C(i, 0) = static_cast<float>(t * std::cos(a));
    C(i, 1) = static_cast<float>(t * std::sin(a));
  }
  return C;
}

std::vector<double> distance_to_curve(const Tensor& X, const Tensor& curve) {
  std::vector<double> d(X.rows());
  for (int i = 0; i < X.rows(); ++i) {
    double best = std::numeric_limits<double>::infinity();
    for (int c = 0; c < curve.rows(); ++c) {
      const double dx = double(X(i, 0)) - curve(c, 0), dy = double(X(i, 1)) - curve(c, 1);
      best = std::min(best, dx * dx + dy * dy);
    }
    d[i] = std::sqrt(best);
  }
  return d;
}

std::vector<Tensor> walk_field(const Autoencoder& dae, const Tensor& X0, int steps, float step, float noise,
                               Rng& rng) {
  std::vector<Tensor> history{X0};
  Tensor x = X0;
  for (int s = 0; s < steps; ++s) {
    x.add_scaled(displacement(dae, x), step);          // x + step (r(x) - x)
    x += rng.normal_tensor(x.rows(), x.cols(), 0.f, noise);  // + small noise
    history.push_back(x);
  }
  return history;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

}  // namespace ch14_5
