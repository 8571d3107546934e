// Deep Learning, section 14.4: the decoder as a distribution p_decoder(x | h), trained by minimizing
// -log p_decoder(x | h) with h = f(x) a deterministic code. Four choices of distribution, one per kind of pixel:
//
//   gaussian_fixed    x_d ~ N(mu_d(h), sigma^2), sigma fixed:
//                     -log p = ||x - mu||^2 / (2 sigma^2) + (D/2) log(2 pi sigma^2)
//   gaussian_learned  x_d ~ N(mu_d(h), s_d^2), one learned variance per pixel (a (1, D) parameter)
//   bernoulli         x_d ~ Bernoulli(sigmoid(a_d(h))) on binarized images: the cross-entropy
//   categorical       x_d ~ softmax(B_d + V^T u_d(h)) over the 256 intensity levels (categorical.hpp)
//
// Every NLL is summed over pixels and averaged over the batch: nats per image.
// The Gaussians are densities of continuous values, so they are fitted to dequantized pixels
// x~ = (byte + u) / 256 with u ~ U(0, 1): on these a density cannot collapse onto the exact value 0 of the
// background, and -log P(bytes) <= E_u[-log p(x~)] + D log 256 compares them with the categorical's exact NLL.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "nn/layers.hpp"
#include "nn/optim.hpp"
#include "rng.hpp"

namespace ae::ch14_4 {

enum class DecoderKind { gaussian_fixed, gaussian_learned, bernoulli, categorical };
/// "gaussian_fixed", "gaussian_learned", "bernoulli", "categorical".
std::string kind_name(DecoderKind kind);

/// A minibatch seen through one decoder: the encoder's input, and the targets the NLL is taken on.
struct PixelBatch {
  Tensor input;                        ///< (N, D) in [0, 1]: bytes / 255, or binarized for the Bernoulli
  Tensor target;                       ///< (N, D): dequantized for the Gaussians, binarized for the Bernoulli
  std::vector<std::uint8_t> levels;    ///< N*D bytes, the categorical's targets
};
/// Builds the batch of images idx for `kind`; the dequantization noise is drawn from rng.
PixelBatch make_batch(const ImageSet& images, const std::vector<int>& idx, DecoderKind kind, Rng& rng);

/// \brief A deterministic encoder h = f(x) with a decoder that outputs the parameters of p_decoder(x | h).
struct StochasticDecoderAe {
  DecoderKind kind;
  float sigma = 0.1f;  ///< gaussian_fixed: the fixed standard deviation
  Mlp encoder;         ///< (N, D) -> h (N, code)
  Mlp decoder;         ///< h -> (N, D) means or logits; (N, D*rank) features for the categorical
  Var logvar;          ///< gaussian_learned: (1, D) log variance of each pixel
  Var V, B;            ///< categorical: (rank, 256) shared and (D, 256) per-pixel

  /// Sizes: D -> hidden -> code -> hidden -> decoder output. The learned variances start at sigma^2 (the fixed-sigma
  /// model); the categorical's B starts as each pixel's histogram in `train` (the best model that ignores h).
  StochasticDecoderAe(DecoderKind kind, int D, int hidden, int code, int rank, float sigma, const ImageSet& train,
                      Rng& rng);
  /// -log p_decoder(x | f(x)), nats per image (summed over pixels, averaged over the batch).
  Var nll(const PixelBatch& batch) const;
  std::vector<NamedParam> named_params() const;

  /// The decoder's mean E[x | h] and one sample x ~ p_decoder(x | h), for images `input` (N, D), both in [0, 1].
  void mean_and_sample(const Tensor& input, Rng& rng, Tensor& mean, Tensor& sample) const;
};

/// \brief Adam for the model, with learning rate `logvar_lr` for the per-pixel log variances and `lr` for the rest.
/// Adam moves every parameter by about its learning rate per step: the weights need to move by ~0.1, but log s_d^2
/// of an always-black background pixel has to travel from log sigma^2 = -4.6 to about -13.
std::unique_ptr<Optimizer> make_optimizer(const StochasticDecoderAe& model, float lr, float logvar_lr);

/// Test NLL in nats per image over all of `images` (in chunks, no graph), dequantization noise from rng.
double test_nll(const StochasticDecoderAe& model, const ImageSet& images, Rng& rng);

/// \brief A Gaussian decoder as a distribution over the 256 byte values: P(b) = Phi((b+1)/256) - Phi(b/256) under
/// N(mu_d, s_d^2), with the first and last bins extended to -inf and +inf so that the 256 probabilities sum to 1.
/// Returns -log P(bytes | h), nats per image, over all of `images`: on the categorical's scale.
double discretized_gaussian_nll(const StochasticDecoderAe& model, const ImageSet& images);

/// \brief How far -log N(x~; mu, sigma^2 I) is from ||x~ - mu||^2 / (2 sigma^2) + (D/2) log(2 pi sigma^2), in value
/// and in gradient with respect to mu, on a batch: the largest relative difference (0 up to rounding).
double fixed_sigma_identity_error(const StochasticDecoderAe& model, const PixelBatch& batch);

}  // namespace ae::ch14_4
