// Section 14.7: the one-hidden-layer sigmoid autoencoder that the contractive autoencoder is defined on, and its
// three training criteria (plain, denoising, contractive).
//   h = f(x) = sigmoid(x W + b)             x (N, D), W (D, H), b (1, H), h (N, H)
//   r = g(h) = sigmoid(h W^T + c)  (tied)   or sigmoid(h V + c) with its own V (H, D) (untied)
// Loss per example: Bernoulli cross-entropy summed over the D pixels, averaged over the batch, plus for the
// contractive autoencoder lambda * ||J_f(x)||_F^2 (nn/contractive.hpp).
#pragma once

#include <string>
#include <vector>

#include "nn/layers.hpp"
#include "nn/train.hpp"
#include "rng.hpp"

namespace ch14_7 {

using ae::Tensor;
using ae::Var;

/// h = sigmoid(x W + b); r = sigmoid(h W^T + c) when tied, sigmoid(h V + c) otherwise.
struct ShallowAe {
  ae::Linear enc;  // W (D, H), b (1, H)
  Var V, c;        // V (H, D) only when untied; c (1, D)
  bool tied = true;

  ShallowAe() = default;
  ShallowAe(int D, int H, bool tied, ae::Rng& rng);
  Var encode(const Var& x) const;
  Var decode_logits(const Var& h) const;
  Tensor encode(const Tensor& x) const;       ///< no graph
  Tensor reconstruct(const Tensor& x) const;  ///< r = g(f(x)), no graph
  /// The encoder as a one-layer Mlp, the form nn/contractive.hpp's Jacobian routines take.
  ae::Mlp encoder_mlp() const;
  std::vector<ae::NamedParam> named_params() const;
};

/// Which regularizer: none, input corruption, or the contractive penalty.
enum class Criterion { plain, denoising, contractive };
const char* criterion_name(Criterion c);

struct TrainSpec {
  Criterion criterion = Criterion::plain;
  float lambda = 0.f;      ///< weight of ||J_f||_F^2 (contractive)
  float sigma = 0.3f;      ///< std of the Gaussian corruption (denoising)
  int epochs = 10, batch = 64;
  float lr = 2e-3f;
  std::string label, checkpoint;
  bool resume = false;
};

/// Trains `model` on the rows of X (N, D) with ae::train. Returns the history (mean loss per epoch).
ae::TrainHistory train_shallow(ShallowAe& model, const Tensor& X, const TrainSpec& spec, ae::Rng& rng);

/// Mean squared reconstruction error per example (summed over pixels) on X.
double sqerr_per_example(const ShallowAe& model, const Tensor& X);
/// Mean contractive penalty per example, (1/N) sum_n ||J_f(x_n)||_F^2, on X by the closed form.
double mean_penalty(const ShallowAe& model, const Tensor& X);

}  // namespace ch14_7
