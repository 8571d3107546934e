// Section 14.5: a denoising autoencoder on 2-D points, the setting where its reconstruction field r(x) - x can be
// drawn and compared with the exact score. Shared by the score, spiral and walking experiments of main.cpp.
#pragma once

#include <string>

#include "nn/layers.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ch14_5 {

/// How to train one 2-D denoising autoencoder.
struct Dae2dSpec {
  float sigma = 0.3f;  ///< corruption C(x_tilde | x) = N(x, sigma^2 I)
  int hidden = 64;     ///< width of the hidden layers (encoder 2 -> H -> H, decoder H -> H -> 2)
  int epochs = 20;     ///< passes over the training points, with fresh corruption every time
  int batch = 64;
  float lr = 1e-2f;    ///< Adam's initial step; cosine-decayed to 2% over the run
  /// Multiplies the first layer's Glorot weights. Tanh units with Glorot weights on 2 inputs bend only on a
  /// scale of about one unit; a spiral whose arms are 0.67 apart needs sharper ones (gain 4).
  float first_layer_gain = 1.f;
  std::string label = "2-D DAE";
};

/// Trains r = g(f(x_tilde)) on X (N, 2) to minimize ||g(f(x_tilde)) - x||^2 (summed over the 2 coordinates,
/// averaged over the batch), x_tilde = x + sigma * eps. Tanh hidden layers, linear output.
ae::Autoencoder train_dae_2d(const ae::Tensor& X, const Dae2dSpec& spec, ae::Rng& rng);

/// The reconstruction field r(x) - x at the rows of X (N, 2).
ae::Tensor displacement(const ae::Autoencoder& dae, const ae::Tensor& X);

/// Cosine decay from lr0 to 2% of it after `epoch_done` of `epochs` epochs.
float cosine_lr(float lr0, int epoch_done, int epochs);

/// The points of a regular n x n grid over [lo, hi]^2, row by row: (n*n, 2).
ae::Tensor grid_2d(int n, double lo, double hi);

}  // namespace ch14_5
