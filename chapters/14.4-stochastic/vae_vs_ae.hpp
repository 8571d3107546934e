// Section 14.4 and 20.10.3: why the VAE's prior can be sampled and a plain autoencoder's code space cannot.
//
// A plain autoencoder (the same encoder and decoder as the VAE, the encoder giving h = mu(x) only, trained on the
// same -log p(x | h) without the KL term) puts its codes wherever reconstruction likes: nothing makes N(0, I), or
// any simple density, cover them, so decoding draws from a prior lands in holes between the codes. The VAE's
// KL(q(h | x) || N(0, I)) pulls the aggregate of q towards the prior, so its prior draws decode to data-like images;
// averaging over q also makes its decoder means blurrier than the data.
// Measured on decoded draws (decoder means sigmoid(a(h)), N, D):
//   nn ratio   = mean_s min_i ||phi(x_s) - phi(x_i^train)|| / mean_t min_i ||phi(x_t^test) - phi(x_i^train)||
//                (1: as near as test data), phi the hidden features of a classifier trained on the data, and the
//                same in pixels (phi = identity), which rewards blur
//   Frechet distance between Gaussian fits of phi over the draws and over the training set (linalg/frechet.hpp)
//   confidence = mean max_c p(c | x_s) of a classifier trained on the data, against the same on test images
//   sharpness  = mean_pixels |grad x| (forward differences) of the draws / the same of test images
#pragma once

#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "nn/layers.hpp"
#include "plot/plot.hpp"
#include "rng.hpp"
#include "tensor.hpp"
#include "vae.hpp"

namespace ae::ch14_4 {

/// The plain autoencoder of the comparison: x -> hidden -> h (L) -> hidden -> logits (D), ReLU, like the VAE.
struct PlainAe {
  Mlp encoder, decoder;
  PlainAe(int D, int hidden, int latent, Rng& rng);
  Tensor encode(const Tensor& x) const;       ///< h = f(x), (N, L)
  Tensor decode_mean(const Tensor& h) const;  ///< sigmoid(a(h)), (N, D)
};

/// Trains the plain autoencoder on -log p(x | h) (Bernoulli, summed over pixels, mean over the batch).
PlainAe train_plain_ae(const ImageSet& train, int hidden, int latent, int epochs, int batch, float lr, Rng& rng);

/// What the comparison measured.
struct PriorSampleStudy {
  double vae_nn_ratio = 0, ae_nn_ratio = 0, ae_fitted_nn_ratio = 0;  ///< in the classifier's features
  double vae_pixel_nn_ratio = 0, ae_pixel_nn_ratio = 0, ae_fitted_pixel_nn_ratio = 0;  ///< in pixels
  double vae_fid = 0, ae_fid = 0, ae_fitted_fid = 0, test_fid = 0;  ///< Frechet distances to the training features
  double vae_confidence = 0, ae_confidence = 0, ae_fitted_confidence = 0, test_confidence = 0;
  double vae_sample_sharpness_ratio = 0, vae_recon_sharpness_ratio = 0, ae_sample_sharpness_ratio = 0;
  double ae_code_std = 0;  ///< mean standard deviation of the plain AE's code units on the training set
  Tensor vae_samples, ae_samples, ae_fitted_samples;  ///< decoded draws (n, D)
};

/// Decodes n draws of N(0, I) through both models, and n draws of a diagonal Gaussian fitted to the plain AE's
/// training codes through the plain AE, and measures them against `test` with the nearest training image and a
/// classifier (a ReLU MLP trained here on `train` for `classifier_epochs`).
PriorSampleStudy compare_prior_samples(const Vae& vae, const PlainAe& ae, const ImageSet& train,
                                       const ImageSet& test, int n, int classifier_epochs, Rng& rng);

/// Prior draws of both models side by side (rows: VAE N(0, I), AE N(0, I), AE fitted Gaussian).
void plot_vae_vs_ae_samples(const plot::Output& out, const PriorSampleStudy& s, int h, int w, int cols);

}  // namespace ae::ch14_4
