/// \file
/// \brief Image ops: 2-D convolution, max pooling, nearest-neighbour upsampling and channel concatenation, the
/// pieces of a convolutional autoencoder and of a U-Net.
///
/// **Layout.** The tensor stays 2-D. A batch of N images of C channels, H rows and W columns, (N, C, H, W), is a
/// (N, C*H*W) Tensor: row n is image n, channel-major, entry \f$(c, y, x)\f$ at column \f$(c H + y) W + x\f$.
/// A Fashion-MNIST minibatch (N, 784) is therefore already a (N, 1, 28, 28) batch, a dense layer can read any
/// feature map as it is, and channel concatenation is concatenation of columns. The ops take the ImageShape
/// (C, H, W) of their input, since the tensor cannot carry it.
///
/// **Convolution.** \f$y_{n,o,i,j} = b_o + \sum_{c,u,v} W_{o,(c,u,v)}\, x_{n,c,\,s i + u - p,\,s j + v - p}\f$
/// (cross-correlation, as every deep-learning library computes it; zero padding p, stride s, square k x k
/// kernels). The weight W is a (C_out, C_in*k*k) Tensor whose row o is filter o, ordered (c, u, v): row o of W
/// reshaped to (C_in, k, k) is the filter one draws.
///
/// How it runs, and why: **im2col into a workspace, then one product through ae::gemm**. The patches of the whole
/// batch are copied into a (C_in*k*k, N*P) matrix (P = H_out W_out output positions per image), so that the
/// forward pass is one GEMM \f$Y = W \cdot \mathrm{cols}\f$ of shape (C_out, N*P) and the backward pass two,
/// \f$\partial W = \partial Y\,\mathrm{cols}^\top\f$ and \f$\partial\mathrm{cols} = W^\top \partial Y\f$ (then
/// col2im adds the patches back into \f$\partial x\f$). An implicit GEMM, which packs patches straight into the
/// GEMM's panels and never writes the column matrix, would save that memory traffic, but it needs a packing
/// routine inside common/gemm; with ae::gemm's public, strided-matrix interface the column matrix is the way to
/// reach it. Its cost is small here: k*k times the input, a few MB for a minibatch of 28 x 28 images. Batching
/// all N images into one product (rather than N small ones) gives the GEMM a wide N*P dimension to block and to
/// split across threads. The workspace is a Tensor from the recycling buffer pool, kept by the op's backward
/// closure until the graph is released, so a training step that repeats the same shapes allocates nothing.
///
/// **Decoder.** To grow feature maps back the decoder uses upsample_nearest followed by a stride-1 convolution
/// rather than a transposed convolution: a transposed convolution whose kernel size is not a multiple of its
/// stride overlaps its kernel unevenly and prints a checkerboard into the output (Odena, Dumoulin and Olah,
/// "Deconvolution and checkerboard artifacts", 2016), whereas nearest upsampling spreads every value evenly and the
/// convolution after it smooths. It also reuses the convolution already tested, with one simple op beside it.
#pragma once

#include <string>

#include "autodiff/var.hpp"

namespace ae {

/// \brief The shape (C, H, W) of one image in a batch stored as (N, C*H*W).
struct ImageShape {
  /** \name Size */
  ///@{
  int C = 1, H = 1, W = 1;  ///< channels, rows, columns
  ///@}
  int size() const { return C * H * W; }  ///< entries per image: the tensor's column count
  int plane() const { return H * W; }     ///< entries per channel
  std::string str() const;                ///< "(C, H, W)", for messages
  bool operator==(const ImageShape&) const = default;  ///< same channels, rows and columns
};

/// \brief The geometry of a convolution: square k x k kernels, stride and zero padding on every side.
struct ConvGeometry {
  /** \name Geometry */
  ///@{
  int k = 3, stride = 1, pad = 1;  ///< kernel size, stride and zero padding
  ///@}
};

/// \brief The output shape of a convolution with `out_channels` filters:
/// \f$H_\mathrm{out} = \lfloor (H + 2p - k)/s \rfloor + 1\f$, the same for W. Throws ShapeError when the kernel does
/// not fit in the padded image or a size is not positive.
ImageShape conv_output_shape(const ImageShape& in, int out_channels, const ConvGeometry& g);

/// \brief 2-D convolution (cross-correlation) of x (N, C_in*H*W) with filters W (C_out, C_in*k*k) plus a bias b
/// (1, C_out) per output channel: (N, C_out*H_out*W_out). See the file comment for the formula and the method.
Var conv2d(const Var& x, const ImageShape& in, const Var& W, const Var& b, const ConvGeometry& g);

/// \brief Floating-point operations of one conv2d forward pass on N images, \f$2 N P\, C_\mathrm{out} C_\mathrm{in}
/// k^2\f$ (multiply-adds counted as two); its backward costs twice that (once without the input gradient).
double conv2d_flops(int N, const ImageShape& in, int out_channels, const ConvGeometry& g);

/// \brief Max pooling over non-overlapping f x f windows: (N, C*H*W) -> (N, C*(H/f)*(W/f)), sizes rounded down
/// (the last rows and columns of an odd image are dropped). The gradient goes to the first maximum of each window.
Var max_pool(const Var& x, const ImageShape& in, int f = 2);
/// The shape after max_pool.
ImageShape pool_output_shape(const ImageShape& in, int f = 2);

/// \brief Nearest-neighbour upsampling by f: every pixel becomes an f x f block, (N, C*H*W) -> (N, C*fH*fW).
/// Its backward sums each block's gradient.
Var upsample_nearest(const Var& x, const ImageShape& in, int f = 2);

/// \brief Channel concatenation of a (N, Ca*H*W) and b (N, Cb*H*W), images of the same H and W: (N, (Ca+Cb)*H*W),
/// a's channels first. In the channel-major layout this is concat_cols; this op checks the shapes. The U-Net's
/// skip connections are made of it.
Var concat_channels(const Var& a, const ImageShape& sa, const Var& b, const ImageShape& sb);

}  // namespace ae
