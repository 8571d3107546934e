// Section 14.5, part 6: the image models of the convolutional experiments behind one interface (a dense
// autoencoder, the convolutional bottleneck autoencoder, its U-Net), trained as plain or as denoising autoencoders,
// and the measures the experiments compare them by.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "nn/conv_layers.hpp"
#include "nn/layers.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ch14_5 {

/// \brief One image model r = g(f(x)) on (N, 784) batches in [0, 1], whatever its architecture.
struct ImageModel {
  std::string label;                                 ///< for the progress bar and the figures
  std::vector<ae::NamedParam> params;                ///< its parameters, named for checkpoints
  std::function<ae::Var(const ae::Var&)> forward;    ///< r = g(f(x)), recorded
  std::size_t num_params() const;                    ///< scalar parameters
  /// r for every row of X, without a graph, in batches of 250.
  ae::Tensor reconstruct(const ae::Tensor& X) const;
};

/// The dense autoencoder of part 5, 784 -> hidden (ReLU) -> 784 (sigmoid).
ImageModel dense_model(ae::Autoencoder& ae, const std::string& label);
/// A convolutional autoencoder (nn/conv_layers.hpp).
ImageModel conv_model(ae::ConvAutoencoder& ae, const std::string& label);
/// The hidden width that gives the dense autoencoder 784 -> h -> 784 (1569 h + 784 parameters) the parameter
/// count nearest to `params` (at least 1).
int dense_hidden_for(std::size_t params, int D = 784);

/// \brief How a model is trained: clean (noise 0, a plain autoencoder) or denoising.
struct ImageTraining {
  int epochs = 2;     ///< passes over the training images
  int batch = 64;     ///< images per minibatch
  float lr = 2e-3f;   ///< Adam's initial learning rate
  float noise = 0.f;  ///< std of the Gaussian corruption, clipped to [0, 1]; 0: none
};

/// The corruption of the convolutional experiments: \f$\tilde x = \mathrm{clip}_{[0,1]}(x + \sigma\epsilon)\f$
/// (the Keras example's noise factor 0.5: the noisy image stays an image).
ae::Tensor clipped_gaussian(const ae::Tensor& x, float sigma, ae::Rng& rng);

/// Trains `model` by Adam (cosine-decayed learning rate) to minimize \f$\lVert g(f(\tilde x)) - x \rVert^2\f$
/// (summed over pixels, averaged over the batch), \f$\tilde x = x\f$ when `t.noise` is 0.
void train_image_model(ImageModel& model, const ae::ImageSet& train, const ImageTraining& t, ae::Rng& rng);

/// \brief Mean over images of the squared error of the discrete Laplacian,
/// \f$\frac1N\sum_n \lVert \Delta r_n - \Delta x_n \rVert^2\f$ with \f$(\Delta x)_{ij} = 4x_{ij} - x_{i\pm1,j} -
/// x_{i,j\pm1}\f$ on the interior pixels: the error of the images' high frequencies (edges, texture) alone.
double laplacian_sqerr(const ae::Tensor& R, const ae::Tensor& X, int h = 28, int w = 28);

/// \brief How far a model's output stays from its input, in units of the noise:
/// \f$\sum_n \lVert r(\tilde x_n) - \tilde x_n\rVert^2 / \sum_n \lVert x_n - \tilde x_n \rVert^2\f$. 0 for the identity
/// (the noise goes through), near 1 for a model that takes the noise away.
double identity_gap(const ae::Tensor& R, const ae::Tensor& X_tilde, const ae::Tensor& X);

}  // namespace ch14_5
