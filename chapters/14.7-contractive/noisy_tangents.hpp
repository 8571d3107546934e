// Section 14.7, figure 14.10's regime: tangent planes from noisy images with few close neighbours.
//
// The clean translation manifold of tangents.hpp favours local PCA: with enough training images, a test point's
// nearest neighbours differ from it almost only along the tangent plane. The book's figure (CIFAR-10) is the other
// regime: images with pixel noise, so that neighbours also differ by noise, and local PCA's leading directions
// follow the noise, while the CAE estimates its Jacobian from parameters shared over the whole manifold. Here
// every image, training and test, is the shifted object plus N(0, noise^2) in every pixel,
//   x = x(dy, dx) + noise * eps,  eps ~ N(0, I_784),
// and each estimate (CAE, local PCA of the k nearest noisy training images, plain AE) is compared with the true
// plane of the clean manifold at (dy, dx) by its largest principal angle.
#pragma once

#include <vector>

#include "plot/plot.hpp"
#include "tangents.hpp"

namespace ch14_7 {

/// One point of the sweep: mean largest principal angle (degrees) over the test points, per estimator.
struct NoisyTangentPoint {
  double noise = 0;
  int n_train = 0;
  double cae_deg = 0, local_pca_deg = 0, plain_deg = 0;
  Tensor example_x, example_tangent;   ///< the first (noisy) test point and its true plane
  std::vector<Tensor> example_planes;  ///< CAE, local PCA, plain AE there
};

/// Trains a CAE and a plain AE (spec's settings) on n_train noisy shifted images and measures the three estimators.
NoisyTangentPoint noisy_tangent_experiment(int n_train, double noise, const TangentSpec& spec, ae::Rng& rng);

/// The sweep's figure: largest angle against the pixel noise, one panel per training-set size.
void plot_noisy_tangent_sweep(const ae::plot::Output& out, const std::vector<NoisyTangentPoint>& sweep);

/// Figure 14.10 at one point of the sweep: the noisy image, the true tangents, their projections on each estimate.
void plot_noisy_shift_tangents(const ae::plot::Output& out, const NoisyTangentPoint& p);

/// Figure 14.10 on real images, clean and noisy side by side: a CAE trained (`spec`) on X + noise * eps, and for
/// each image of X_show its leading Jacobian directions and local PCA's (k nearest noisy training images), next
/// to the same from `clean_cae` on the clean images.
void plot_noisy_real_tangents(const ae::plot::Output& out, const ShallowAe& clean_cae, const Tensor& X,
                              const Tensor& X_show, double noise, const TrainSpec& spec, int k_neighbours,
                              int n_vectors, ae::Rng& rng);

}  // namespace ch14_7
