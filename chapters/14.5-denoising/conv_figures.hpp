// Section 14.5, part 6: the figures of the convolutional experiments (each a .png plus the .gp and .dat).
#pragma once

#include <vector>

#include "plot/plot.hpp"
#include "tensor.hpp"

namespace ch14_5 {

/// Rows: clean test images, their noisy versions, the dense DAE's output (784-h-784), the convolutional DAE's.
void plot_conv_denoised(const ae::plot::Output& out, const ae::Tensor& clean, const ae::Tensor& noisy,
                        const ae::Tensor& dense, const ae::Tensor& conv, int dense_hidden);

/// \brief The dense autoencoder's test error at several code widths, against its parameter count.
struct DenseSweep {
  std::vector<double> params;  ///< parameters of 784 -> h -> 784, one per width
  std::vector<double> sqerr;   ///< its test squared error per image
};

/// Test error against parameters (log-log): the dense sweep as a curve, the convolutional AE as one point.
void plot_conv_vs_dense_params(const ae::plot::Output& out, const DenseSweep& dense, double conv_params,
                               double conv_sqerr);

/// The first layer's filters W (c1, k*k), one k x k tile each, gray 0.5 for 0 (each filter on its own scale).
void plot_conv_filters(const ae::plot::Output& out, const ae::Tensor& W, int k);

/// The bottleneck against the U-Net. `rows` holds (N, 784) images, in order: clean x, bottleneck AE r(x), U-Net AE
/// r(x), noisy x_tilde, bottleneck DAE r(x_tilde), U-Net DAE r(x_tilde), U-Net AE r(x_tilde); the first `shown`
/// images of each make one grid row.
void plot_unet_vs_bottleneck(const ae::plot::Output& out, const std::vector<ae::Tensor>& rows, int shown);

}  // namespace ch14_5
