// Deep Learning, section 14.4 (figure of the VAE's 2-D latent manifold): the inverse of the standard normal CDF.
//
// The prior p(h) = N(0, I) puts most of its mass near 0. A grid placed uniformly in h would spend most of its
// tiles on improbable codes in the tails; a grid placed at Phi^{-1}(u) for evenly spaced u in (0, 1) gives every
// tile the same prior mass, so the decoded manifold shows the codes the model actually uses.
// Header-only so that tests/unit/test_ch14_4_ops.cpp can check it.
#pragma once

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace ae::ch14_4 {

/// \brief \f$\Phi(z) = \tfrac12 \mathrm{erfc}(-z/\sqrt2)\f$.
inline double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

/// \brief \f$\Phi^{-1}(p)\f$ for p in (0, 1): Acklam's rational approximation (relative error 1.2e-9), then one
/// Halley step on \f$\Phi(z) - p\f$, which brings it to double precision.
inline double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) throw std::domain_error("normal_quantile: p must lie in (0, 1)");
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  double z;
  if (p < p_low) {  // lower tail
    const double q = std::sqrt(-2 * std::log(p));
    z = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - p_low) {  // central region
    const double q = p - 0.5, r = q * q;
    z = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {  // upper tail, by symmetry
    const double q = std::sqrt(-2 * std::log1p(-p));
    z = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // Halley: e = Phi(z) - p, u = e / phi(z), z <- z - u / (1 + z u / 2).
  const double e = normal_cdf(z) - p;
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(z * z / 2);
  return z - u / (1 + z * u / 2);
}

}  // namespace ae::ch14_4
