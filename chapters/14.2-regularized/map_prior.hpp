// Section 14.2 (with 5.6.1 and 7.1.1): weight decay is MAP estimation with a Gaussian prior on the weights.
//
// Model: r = h W with the code h given (here: PCA's codes of centered images, so only the decoder is learned),
// p(x | h, W) = N(x; h W, sigma_D^2 I) and the prior p(W) = N(0, sigma_w^2 I). The negative log-posterior is
//   -log p(W | X) = sum_n ||x_n - h_n W||^2 / (2 sigma_D^2) + ||W||^2 / (2 sigma_w^2) + const,
// and multiplying by 2 sigma_D^2 (which moves no minimizer) gives sum_n ||x_n - h_n W||^2 + lambda ||W||^2 with
//   lambda = sigma_D^2 / sigma_w^2:
// weight decay. Its minimizer is ridge regression, W* = (H^T H + lambda I)^{-1} H^T X. The program fits W three
// ways and compares them: Adam on the explicit -log posterior (the densities, constants included), Adam on the
// mean squared error with weight decay 2 lambda / N (the optimizer adds that times W to the gradient of the
// batch-mean loss: the gradient of (lambda / N) ||W||^2), and the closed form.
// Shapes: X (N, D) centered images, H (N, k) codes, W (k, D).
#pragma once

#include "models.hpp"
#include "rng.hpp"
#include "util/metrics.hpp"

namespace ch14_2 {

/// The prior and the fit.
struct MapSettings {
  int images = 500;       ///< N training images (few, so that the prior matters)
  int k = 16;             ///< code size (PCA components)
  double sigma_D = 0.16;  ///< the likelihood's pixel noise, about PCA's residual per pixel on MNIST
  double sigma_w = 0.01;  ///< the prior's standard deviation of each weight
  int steps = 3000;       ///< full-batch Adam steps for each of the two iterative fits
  float lr = 1e-2f;       ///< Adam's initial learning rate, cosine-decayed
};

/// Fits the decoder by MAP with the explicit prior, by weight decay with lambda = sigma_D^2 / sigma_w^2, and in
/// closed form; sets the map_* metrics.
void run_map_prior(const Context& ctx, const MapSettings& s, ae::Rng& rng, ae::Metrics& m);

}  // namespace ch14_2
