/// \file
/// \brief Convolutional layers and the convolutional autoencoder of section 14.5's image experiments: a bottleneck
/// model and the same model with U-Net skip connections. Images are (N, C*H*W) batches (autodiff/conv.hpp).
#pragma once

#include <string>
#include <vector>

#include "autodiff/conv.hpp"
#include "nn/layers.hpp"
#include "rng.hpp"

namespace ae {

/// \brief \f$y = W \star x + b\f$: C_out filters of C_in x k x k over images of shape `in`.
struct Conv2d {
  /** \name Parameters */
  ///@{
  Var W, b;  ///< the filters W (C_out, C_in*k*k), one per row, and the bias b (1, C_out)
  ///@}
  ImageShape in;      ///< the input images' shape
  ConvGeometry geom;  ///< kernel size, stride and padding
  Conv2d() = default;
  /// He (Kaiming) uniform initialization for ReLU units: \f$W \sim U(-a, a)\f$, \f$a = \sqrt{6 / (C_\mathrm{in}
  /// k^2)}\f$, which keeps the activations' variance from layer to layer; b = 0.
  Conv2d(const ImageShape& in, int out_channels, const ConvGeometry& geom, Rng& rng);
  /// The convolution of x (N, in.size()).
  Var operator()(const Var& x) const { return conv2d(x, in, W, b, geom); }
  /// The output images' shape.
  ImageShape out() const { return conv_output_shape(in, W.rows(), geom); }
  /// Forward flops on N images (conv2d_flops).
  double flops(int N) const { return conv2d_flops(N, in, W.rows(), geom); }
  /// W and b, named PREFIX.W and PREFIX.b for checkpoints.
  void add_named_params(const std::string& prefix, std::vector<NamedParam>& out) const;
};

/// \brief Sizes of the convolutional autoencoder.
struct ConvAeSpec {
  ImageShape image{1, 28, 28};  ///< input (and output) images; H and W divisible by 4
  int c1 = 16;                  ///< channels at full resolution
  int c2 = 8;                   ///< channels at half resolution; the code is c2 x H/4 x W/4
  int k1 = 5;                   ///< kernel of the first layer (the filters one looks at); every other is 3
  bool unet = false;            ///< concatenate the encoder's features into the decoder at each resolution
};

/// \brief A convolutional autoencoder, ReLU everywhere but a sigmoid last layer (inputs in [0, 1]):
/// \code
///   h1 = relu(conv1(x))           (c1, H, W)          encoder
///   h2 = relu(conv2(pool(h1)))    (c2, H/2, W/2)
///   h  = pool(h2)                 (c2, H/4, W/4)      the code
///   g2 = relu(conv3(up(h)   [| h2]))   (c1, H/2, W/2)  decoder; [| .]: the U-Net's skip (concat_channels)
///   r  = sigmoid(conv4(up(g2) [| h1])) (C, H, W)
/// \endcode
/// pool: 2 x 2 max pooling, up: nearest upsampling by 2, all convolutions stride 1 with "same" padding. With
/// `unet` the decoder sees the encoder's full-resolution features, so it can pass detail (or the input itself)
/// around the code.
struct ConvAutoencoder {
  ConvAeSpec spec;                   ///< the sizes
  /** \name Layers */
  ///@{
  Conv2d conv1, conv2, conv3, conv4;  ///< encoder (1, 2), decoder (3, 4)
  ///@}
  ConvAutoencoder() = default;
  /// A model of the given sizes, initialized from rng.
  ConvAutoencoder(const ConvAeSpec& spec, Rng& rng);
  /// r = g(f(x)) for x (N, image.size()).
  Var reconstruct(const Var& x) const;
  /// The same without recording a graph, in batches of `batch` images (the column matrices stay small).
  Tensor reconstruct(const Tensor& x, int batch = 250) const;
  /// Parameters named conv_ae.conv1.W, conv_ae.conv1.b, ... (unet_ae.* for the U-Net).
  std::vector<NamedParam> named_params() const;
  /// The parameters.
  std::vector<Var> params() const { return vars_of(named_params()); }
  /// Number of scalar parameters.
  std::size_t num_params() const;
  /// Entries of the code h per image.
  int code_size() const { return conv2.out().C * (spec.image.H / 4) * (spec.image.W / 4); }
  /// Forward flops of the four convolutions on N images (a training step costs about three times this).
  double flops(int N) const;
};

}  // namespace ae
