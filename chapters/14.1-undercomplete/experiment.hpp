// Helpers for section 14.1: reconstruction error per image, trained-model bookkeeping, and the overcomplete
// linear autoencoder on low-dimensional data.
#pragma once

#include <string>
#include <vector>

#include "nn/layers.hpp"
#include "nn/train.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ch14_1 {

/// The shared training loop's settings for a run without checkpoints.
ae::TrainConfig train_config(int epochs, int batch, const std::string& label);

/// X + s v with the row v (1, D) added to every row of X (N, D): s = -1 centers images, s = +1 undoes it.
ae::Tensor shift_rows(const ae::Tensor& X, const ae::Tensor& v, float s);

/// A basis (not orthonormal) of the subspace a one-layer linear decoder r = h W_d + b_d writes into: the
/// columns of W_d^T, (D, k).
ae::Tensor decoder_basis(const ae::Autoencoder& model);

/// Data for the overcomplete experiment: n points of a D-dimensional Gaussian with covariance A A^T, where A
/// has singular values spread between 1 and 0.3 in a random rotation (full rank, but low-dimensional).
ae::Tensor low_dimensional_gaussian(int n, int D, ae::Rng& rng);

/// What an overcomplete linear autoencoder (k >= D) learned.
struct OvercompleteResult {
  ae::Tensor map;          ///< (D, D) end-to-end linear map W_e W_d: r = x W_e W_d + const
  ae::Tensor encoder_W;    ///< (D, k)
  double map_max_abs_err;  ///< max_ij |(W_e W_d - I)_ij|
  double noise_sqerr_ratio;  ///< ||r - x||^2 / ||x||^2 on isotropic noise, far from the training data
  std::vector<double> epoch_loss;
};

/// Trains a linear autoencoder with k >= D code units on X (N, D) with Adam and reports its weights.
OvercompleteResult train_overcomplete(const ae::Tensor& X, int k, int epochs, ae::Rng& rng);

}  // namespace ch14_1
