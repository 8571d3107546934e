// The figures of section 14.4: decoder samples, the VAE's ELBO over training, samples from its prior, an
// interpolation in its latent space, and (for a 2-D latent space) the decoded manifold and the test codes.
#pragma once

#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "decoders.hpp"
#include "plot/plot.hpp"
#include "vae.hpp"

namespace ae::ch14_4 {

/// Figure 14.2: the stochastic encoder p_encoder(h | x) and decoder p_decoder(x | h), as a diagram (14_4_fig14_2).
void plot_fig14_2(const plot::Output& out);

/// Test images, then for each decoder its mean E[x | h] and one sample x ~ p_decoder(x | h), one grid row each;
/// and the learned per-pixel standard deviation of the Gaussian with learned variance.
void plot_decoder_samples(const plot::Output& out, const ImageSet& test, const std::vector<StochasticDecoderAe>& models,
                          Rng& rng);

/// The ELBO and its two terms, E_q[log p(x | h)] and KL, per epoch (train: solid, test: dashed), nats per image.
struct ElboCurves {
  std::vector<double> train_elbo, train_log_px_h, train_kl, test_elbo, test_log_px_h, test_kl;
};
void plot_elbo_curves(const plot::Output& out, const ElboCurves& c);

/// Decoder means of h ~ N(0, I): what the model generates. Returns their mean gray level outside the central 20 x 20
/// box, where MNIST digits have almost no ink: high when the samples are gray blobs, not digits.
double plot_prior_samples(const plot::Output& out, const Vae& vae, int n, Rng& rng);
/// Decoder means along the straight line between the codes mu(x_a) and mu(x_b) of pairs of test images.
void plot_interpolation(const plot::Output& out, const Vae& vae, const ImageSet& test, int steps);
/// The n x n grid of codes the manifold figure decodes: h_d = m_d + s_d Phi^{-1}((i + 1/2) / n), with m_d and s_d
/// the mean and standard deviation of the test codes mu_d(x), so that each tile holds an equal share of a Gaussian
/// fitted to them (with m = 0, s = 1 this is the prior's grid; a VAE's codes spread wider than the prior).
struct LatentGrid {
  int n = 20;                   ///< tiles per side
  double mean[2] = {0, 0};      ///< m_d
  double sd[2] = {1, 1};        ///< s_d
  /// The code of tile i (0 .. n - 1) along dimension d.
  double centre(int d, int i) const;
  /// Whether the code (h1, h2) falls on the grid (within half a tile of its outer tiles' centres).
  bool covers(double h1, double h2) const;
};
LatentGrid latent_grid(const Vae& vae2, const ImageSet& test, int n);

/// A 2-D VAE's decoder means over the grid. Returns the mean gray level of the four corner tiles' outer 4-pixel
/// frame: their background, dark in a good figure.
double plot_latent_manifold(const plot::Output& out, const Vae& vae2, const LatentGrid& grid, int h, int w);
/// A 2-D VAE's test codes mu(x), one color per class. Returns the fraction of them the manifold's grid covers.
double plot_latent_codes(const plot::Output& out, const Vae& vae2, const ImageSet& test, const std::string& dataset,
                         const LatentGrid& grid);

}  // namespace ae::ch14_4
