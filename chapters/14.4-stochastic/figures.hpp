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

/// Decoder means of h ~ N(0, I): what the model generates.
void plot_prior_samples(const plot::Output& out, const Vae& vae, int n, Rng& rng);
/// Decoder means along the straight line between the codes mu(x_a) and mu(x_b) of pairs of test images.
void plot_interpolation(const plot::Output& out, const Vae& vae, const ImageSet& test, int steps);
/// A 2-D VAE's decoder means over an n x n grid h = (Phi^{-1}(u_i), Phi^{-1}(u_j)), u_i = (i + 1/2) / n.
void plot_latent_manifold(const plot::Output& out, const Vae& vae2, int n, int h, int w);
/// A 2-D VAE's test codes mu(x), one color per class.
void plot_latent_codes(const plot::Output& out, const Vae& vae2, const ImageSet& test, const std::string& dataset);

}  // namespace ae::ch14_4
