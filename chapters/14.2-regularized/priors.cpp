#include "priors.hpp"

#include <cmath>
#include <numbers>

namespace ch14_2 {

double laplace_neg_log_prior(const float* h, int H, double lambda) {
  // BEGIN EXERCISE 14.2-laplace-prior
  double s = 0;
  for (int i = 0; i < H; ++i) s -= std::log(0.5 * lambda * std::exp(-lambda * std::fabs(double(h[i]))));
  return s;
  // ELSE
  // (void)h, (void)H, (void)lambda;
  // throw ae::NotImplemented("14.2-laplace-prior");  // -log p(h) under the factorized Laplace prior (14.2.1)
  // END EXERCISE
}

double laplace_constant(int H, double lambda) { return H * std::log(2.0 / lambda); }

double student_t_neg_log_prior(const float* h, int H, double nu) {
  const double c = std::exp(std::lgamma((nu + 1) / 2) - std::lgamma(nu / 2)) / std::sqrt(nu * std::numbers::pi);
  double s = 0;
  for (int i = 0; i < H; ++i) s -= std::log(c * std::pow(1.0 + double(h[i]) * h[i] / nu, -(nu + 1) / 2));
  return s;
}

double student_t_penalty(const float* h, int H, double nu) {
  double s = 0;
  for (int i = 0; i < H; ++i) s += std::log1p(double(h[i]) * h[i] / nu);
  return 0.5 * (nu + 1) * s;
}

double student_t_constant(int H, double nu) {
  return H * (0.5 * std::log(nu * std::numbers::pi) + std::lgamma(nu / 2) - std::lgamma((nu + 1) / 2));
}

}  // namespace ch14_2
