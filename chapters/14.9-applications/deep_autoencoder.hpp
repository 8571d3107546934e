// Section 14.9: the deep autoencoder of Hinton and Salakhutdinov (2006), trained end to end with Adam, and the
// evaluation helpers both tasks share. A code layer may be made binary by noise added before its sigmoid
// (Salakhutdinov and Hinton 2009, semantic hashing).
#pragma once

#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "nn/layers.hpp"
#include "nn/train.hpp"
#include "rng.hpp"

namespace ch14_9 {

/// How to build and train one deep autoencoder.
struct DeepAeConfig {
  std::vector<int> sizes;             ///< encoder sizes, e.g. {784, 1000, 500, 250, 30}; the decoder mirrors them
  ae::Act hidden = ae::Act::relu;     ///< every hidden layer of encoder and decoder
  ae::Act code = ae::Act::identity;   ///< the code layer: identity (reduction) or sigmoid (hashing)
  float code_noise_max = 0.f;         ///< std of N(0, s^2) added before the code activation, ramped 0 -> max
  int epochs = 10;
  int batch = 128;
  float lr = 1e-3f;                   ///< Adam's step, cosine-decayed to lr/20 over the run
  std::string label = "deep autoencoder";
  std::string checkpoint;             ///< written after every epoch; empty: none
  bool resume = false;
  std::vector<std::pair<std::string, std::string>> settings = {};  ///< recorded in the checkpoint (Cli::values)
};

/// The mean image of `set`, (1, D) in [0, 1].
ae::Tensor mean_image(const ae::ImageSet& set);

/// Trains r = g(f(x)) on `train` with the Bernoulli cross-entropy of the pixels (summed over pixels, averaged
/// over the batch). The decoder ends in a sigmoid; f ends in cfg.code. The encoder is trained on centered
/// images x - mean(train); the returned network has the centering folded into its first bias and takes raw x.
ae::Autoencoder train_deep_autoencoder(const ae::ImageSet& train, const DeepAeConfig& cfg, ae::Rng& rng,
                                       ae::TrainHistory* history = nullptr);

/// With cfg.resume, checks that cfg.checkpoint (if it exists) is readable and holds the parameters of this very
/// architecture, so that a corrupt, truncated or foreign checkpoint stops the program before it computes or
/// writes anything. Throws ae::CheckpointError naming the file and what is wrong.
void check_checkpoint(const DeepAeConfig& cfg);

/// Codes h = f(x) of every image, computed in batches without a graph: (n, code size).
ae::Tensor encode_all(const ae::Autoencoder& net, const ae::ImageSet& set);
/// Reconstructions r = g(f(x)) of every image: (n, 784).
ae::Tensor reconstruct_all(const ae::Autoencoder& net, const ae::ImageSet& set);

/// Average squared error per image, \f$\frac1N\sum_n \|r_n - x_n\|^2\f$ (summed over pixels, averaged over
/// images), the number Hinton and Salakhutdinov report (3.00 for their autoencoder, 13.87 for PCA on MNIST).
double mean_sq_error(const ae::Tensor& r, const ae::ImageSet& set);

/// Accuracy of the k-nearest-neighbour vote (Euclidean, ties to the smaller class id): each row of `query`
/// is labelled by the majority class among its k nearest rows of `ref`.
double knn_accuracy(const ae::Tensor& ref, const std::vector<int>& ref_labels, const ae::Tensor& query,
                    const std::vector<int>& query_labels, int k);

}  // namespace ch14_9
