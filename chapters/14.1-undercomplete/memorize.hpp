// Section 14.1's warning about capacity: an encoder and decoder powerful enough can give each training example an
// index on a one-dimensional code h in R and learn nothing about the distribution. With n training images
// x_1 .. x_n, a deep f can send x_i to a distinct scalar h_i, and a deep g can map each h_i back to x_i, so
// ||g(f(x_i)) - x_i||^2 -> 0 while PCA with one component, the best linear 1-D code, keeps most of the variance
// as error. A test image then decodes to (nearly) one of the training images, and g swept along the code axis
// steps from one training image to the next.
// Shapes: X (n, D) training images, X_test (m, D), codes (n, 1).
#pragma once

#include <vector>

#include "nn/layers.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ch14_1 {

/// How the memorizing autoencoder is built and trained (full-batch Adam on the n training images).
struct MemorizeConfig {
  int hidden = 256;  ///< width of each of the encoder's and decoder's hidden layers
  int depth = 3;     ///< hidden layers on each side: D -> H (x depth) -> 1 -> H (x depth) -> D
  int steps = 4000;  ///< full-batch Adam steps
  float lr = 1.5e-3f;  ///< Adam's learning rate, cosine-decayed to 2 % of it
  float bend_slope = 4.f;  ///< |W| of the decoder's first layer, whose bends are spread over the code range
  int sweep = 40;    ///< decoded points along the code axis, for the figure
};

/// What the 1-D-code autoencoder did.
struct MemorizeResult {
  double train_sqerr = 0;       ///< ||g(f(x)) - x||^2 per training image
  double pca1_train_sqerr = 0;  ///< the same for PCA with one component
  double test_sqerr = 0;        ///< per test image
  /// Share of test images whose reconstruction is closer to some training image than to the test image itself.
  double test_nearest_train_fraction = 0;
  /// Share of the sweep's decoded images that lie within the mean half-distance between training images of
  /// one of them: the decoder's curve spends most of its length on the training set.
  double sweep_on_train_fraction = 0;
  ae::Tensor sweep_images;      ///< (sweep, D): g(h) for h evenly spaced over the training codes' range
  std::vector<double> sweep_h;  ///< the code values of sweep_images
  std::vector<double> codes;    ///< f(x_i) of the training images
  std::vector<double> loss;     ///< training loss every 10 steps
};

/// Trains D -> H^depth -> 1 -> H^depth -> D (ReLU hidden layers, tanh code, linear output) on X and measures it
/// on X_test.
MemorizeResult memorize_with_1d_code(const ae::Tensor& X, const ae::Tensor& X_test, const MemorizeConfig& cfg,
                                     ae::Rng& rng);

}  // namespace ch14_1
