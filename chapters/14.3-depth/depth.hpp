// Deep Learning, section 14.3: deep autoencoders at a fixed parameter count.
//
// An autoencoder of depth L has L hidden layers of width w in its encoder before the code, and the mirrored decoder:
//   x (N, D) -> w -> ... -> w -> h (N, c) -> w -> ... -> w -> r (N, D)
// w is chosen so that every depth has (within a few tenths of a percent) the same number of parameters as the
// depth-1 network: the comparison is then about how the parameters are arranged, not how many there are. Most of
// them sit in the first and last layers (D w each), so each added layer costs the network some width.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "nn/layers.hpp"
#include "rng.hpp"

namespace ae::ch14_3 {

/// Encoder sizes {D, w, ..., w, c} with L = depth hidden layers of width w.
std::vector<int> encoder_sizes(int D, int w, int depth, int code);
/// Weights and biases of the encoder with these sizes plus its mirror-image decoder.
std::size_t autoencoder_params(const std::vector<int>& encoder_sizes);
/// The encoder sizes of the given depth whose autoencoder has the parameter count closest to `target`.
std::vector<int> sizes_for_budget(int D, int depth, int code, std::size_t target);

/// \brief An autoencoder with these encoder sizes: `act` on the hidden layers, a linear code, a sigmoid output
/// (pixels lie in [0, 1]). Glorot initialization, scaled by sqrt(2) for the layers feeding a ReLU (He).
Autoencoder make_autoencoder(const std::vector<int>& encoder_sizes, Act act, Rng& rng);

/// Squared reconstruction error ||g(f(x)) - x||^2 summed over pixels, averaged over the images of `images`.
double test_sqerr(const Autoencoder& ae, const ImageSet& images);

/// How to train an autoencoder.
struct AeTraining {
  int epochs = 10;
  int batch = 64;
  float lr = 1e-3f;
  std::string label = "autoencoder";
};
/// \brief Trains `ae` on the squared error (summed over pixels, averaged over the batch) with Adam.
/// \return the test squared error before training and after each epoch (epochs + 1 values).
std::vector<double> train_autoencoder(Autoencoder& ae, const ImageSet& train, const ImageSet& test,
                                      const AeTraining& cfg, Rng& rng);

}  // namespace ae::ch14_3
