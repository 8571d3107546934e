/// \file
/// \brief Synthetic data generated in code: low-dimensional sets whose structure (manifold, density, tangent) is
/// known exactly, so that the chapter's claims can be checked against the truth.
#pragma once

#include <vector>

#include "rng.hpp"
#include "tensor.hpp"

namespace ae {

/// Points with the parameter that generated each one (position along the manifold, or component id).
struct Points {
  Tensor x;               ///< (n, d)
  std::vector<double> t;  ///< the generating parameter of each point
};

/// A 2-D spiral with `turns` turns: \f$x = t(\cos 2\pi\,turns\,t, \sin 2\pi\,turns\,t)\f$, t in [0.1, 1], plus
/// isotropic Gaussian noise of standard deviation `noise`.
Points spiral(int n, double noise, Rng& rng, double turns = 1.5);
/// Points on a circle of radius `radius` plus noise; t is the angle.
Points circle(int n, double noise, Rng& rng, double radius = 1.0);
/// The two interleaved half circles ("two moons"); t is the class (0 or 1).
Points two_moons(int n, double noise, Rng& rng);
/// A 3-D swiss roll: \f$(t\cos t, h, t\sin t)\f$ with t in [1.5 pi, 4.5 pi], h in [0, 10]; t kept.
Points swiss_roll(int n, double noise, Rng& rng);

/// A mixture of isotropic Gaussians \f$\sum_k \pi_k \mathcal N(\mu_k, \sigma_k^2 I)\f$ in d dimensions.
struct GaussianMixture {
  std::vector<std::vector<double>> means;  ///< \f$\mu_k\f$, one d-vector per component
  std::vector<double> sigmas;              ///< \f$\sigma_k\f$, the standard deviation of each component
  std::vector<double> weights;  ///< sums to 1
  /// The dimension d (0 for an empty mixture).
  int dim() const { return means.empty() ? 0 : static_cast<int>(means[0].size()); }
  /// Samples n points; t is the component of each.
  Points sample(int n, Rng& rng) const;
  /// \f$\log p(x)\f$.
  double log_density(const double* x) const;
  /// The exact score \f$\nabla_x \log p(x)\f$, written to `grad` (dim entries).
  void score(const double* x, double* grad) const;
  /// The mixture convolved with \f$\mathcal N(0, s^2 I)\f$: every \f$\sigma_k^2\f$ grows by \f$s^2\f$.
  GaussianMixture smoothed(double s) const;
};
/// k components evenly spaced on a circle of radius `radius`, each with standard deviation `sigma`.
GaussianMixture ring_mixture(int k, double radius, double sigma);

/// A 28 x 28 test pattern (a smooth blob with an off-centre stroke), values in [0, 1], as a (1, 784) row: the
/// "object" that the manifold chapters translate.
Tensor base_image(int size = 28);
/// The image translated by (dy, dx) pixels, sub-pixel, by bilinear interpolation (zeros come in at the edges).
Tensor translate_image(const Tensor& image, int size, double dy, double dx);
/// n images of `image` translated vertically by t in [t0, t1] (evenly spaced): a 1-D manifold in pixel space.
Points translated_images(const Tensor& image, int size, int n, double t0, double t1);

/// Index lists of minibatches of size `batch` over a fresh random permutation of 0..n-1 (the last may be smaller).
std::vector<std::vector<int>> minibatches(int n, int batch, Rng& rng);

}  // namespace ae
