// What the three regularized autoencoders of section 14.2 share: the data and settings of a run, a one-layer
// encoder-decoder pair, the training call, and the measurements taken on test images.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "nn/layers.hpp"
#include "plot/plot.hpp"
#include "rng.hpp"
#include "tensor.hpp"
#include "util/metrics.hpp"

namespace ch14_2 {

/// Everything a variant needs: images as rows (N, D) in [0, 1], sizes and schedule, where figures go.
struct Context {
  ae::Tensor X;       ///< (N, D) training images
  ae::Tensor X_test;  ///< (M, D) test images
  int img_h = 28, img_w = 28;
  int hidden = 128;   ///< code size H
  int epochs = 5;
  int batch = 64;
  float lr = 5e-3f;
  float weight_decay = 0.f;  ///< L2 weight decay on every parameter (Adam adds weight_decay * theta to the gradient)
  bool quick = false;
  ae::plot::Output out;
};

/// \brief h = f(x) = act(x W_e + b_e), r = g(h) = sigmoid(h W_d + b_d): one hidden (code) layer of H units,
/// W_e (D, H), W_d (H, D).
ae::Autoencoder make_autoencoder(int D, int H, ae::Act code, ae::Rng& rng);

/// The loss of one minibatch x (B, D), given the model's own Rng stream for noise.
using AeLoss = std::function<ae::Var(const ae::Var& x, ae::Rng& rng)>;

/// Trains `model` on ctx.X with Adam (cosine-decayed learning rate) through the shared loop; returns the mean
/// loss of each epoch.
std::vector<double> fit(ae::Autoencoder& model, const Context& ctx, const std::string& label, ae::Rng& rng,
                        const AeLoss& loss);

/// Mean over the rows of `H` (N, H) of each column: the average activation rho_hat_j of every code unit.
std::vector<double> mean_activation(const ae::Tensor& H);

/// Keeps the k largest entries of each row of h and zeroes the rest (Makhzani and Frey's k-sparse code). The
/// gradient flows through the kept entries only.
ae::Var top_k(const ae::Var& h, int k);

/// Weights as images, one per code unit: row j of `W` (H, D) mapped to gray with its own symmetric scale (0.5 =
/// zero weight). Pass W_e^T for the encoder's filters, W_d for the decoder's basis images.
ae::Tensor weights_as_images(const ae::Tensor& W);

/// The n code units that are most often nonzero over the rows of `codes` (N, H), most used first.
std::vector<int> most_used_units(const ae::Tensor& codes, int n);

/// A number for a figure title: at most 3 significant digits ("0.05", "0.3", "25").
std::string fmt(double v);

/// Rows [0, n) of each tensor in `blocks`, clamped to [0, 1] and stacked: a grid with one grid row per block.
ae::Tensor stack_rows(const std::vector<const ae::Tensor*>& blocks, int n);

}  // namespace ch14_2
