#include "conv_figures.hpp"

#include <algorithm>
#include <string>

#include "image/image.hpp"

namespace ch14_5 {

using namespace ae;

namespace {
// The first `n` images of each block, stacked: one grid row per block.
Tensor stack(const std::vector<Tensor>& blocks, int n) {
  Tensor rows(n * static_cast<int>(blocks.size()), blocks.at(0).cols());
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const Tensor part = blocks[b].rows_slice(0, n);
    std::copy(part.begin(), part.end(), rows.row(static_cast<int>(b) * n));
  }
  return rows;
}
}  // namespace

void plot_conv_denoised(const plot::Output& out, const Tensor& clean, const Tensor& noisy, const Tensor& dense,
                        const Tensor& conv, int dense_hidden) {
  const int n = clean.rows();
  plot::image_grid(out,
                   {.name = "14_5_conv_denoised",
                    .title = "Denoising at equal parameters: dense DAE 784-" + std::to_string(dense_hidden) +
                             "-784 against convolutional DAE (σ = 0.5)",
                    .width = 1100},
                   stack({clean, noisy, dense, conv}, n), 28, 28, n, {"clean x", "noisy x̃", "dense", "conv"});
}

void plot_conv_vs_dense_params(const plot::Output& out, const DenseSweep& dense, double conv_params,
                               double conv_sqerr) {
  plot::Series d{.label = "dense AE 784-h-784, h = 1 ... 392", .style = "linespoints", .color = 0};
  d.x = dense.params;
  d.y = dense.sqerr;
  plot::Series c{.label = "convolutional AE, " + std::to_string(static_cast<long>(conv_params)) + " parameters",
                 .x = {conv_params}, .y = {conv_sqerr}, .style = "points", .color = 1};
  // Its error carried across: the level the dense curve would have to reach.
  plot::Series level{.x = {conv_params, 1e6}, .y = {conv_sqerr, conv_sqerr}, .color = 1, .dashed = true};
  const double hi = *std::max_element(dense.sqerr.begin(), dense.sqerr.end());
  plot::lines(out, {.name = "14_5_conv_vs_dense_params",
                    .title = "Test error against parameters, dense and convolutional",
                    .xlabel = "parameters (log scale)", .ylabel = "test squared error per image (log scale)",
                    .logx = true, .logy = true, .xrange = plot::Range{1e3, 1e6},
                    .yrange = plot::Range{0.7 * std::min(conv_sqerr, dense.sqerr.back()), 1.5 * hi},
                    .legend = "top right"},
              {d, c, level});
}

void plot_conv_filters(const plot::Output& out, const Tensor& W, int k) {
  Tensor tiles(W.rows(), W.cols());
  for (int o = 0; o < W.rows(); ++o) {
    const Tensor g = signed_to_gray(W.rows_slice(o, o + 1));
    std::copy(g.begin(), g.end(), tiles.row(o));
  }
  const int cols = std::min(8, W.rows());
  plot::image_grid(out,
                   {.name = "14_5_conv_filters",
                    .title = "First-layer filters of the convolutional AE (" + std::to_string(k) + " × " +
                             std::to_string(k) + ", gray = 0)",
                    .width = 900},
                   tiles, k, k, cols);
}

void plot_unet_vs_bottleneck(const plot::Output& out, const std::vector<Tensor>& rows, int shown) {
  plot::image_grid(out,
                   {.name = "14_5_unet_vs_bottleneck",
                    .title = "Bottleneck (AE, DAE) against U-Net skips: clean inputs (top), noisy inputs (bottom)",
                    .width = 1100},
                   stack(rows, shown), 28, 28, shown,
                   {"clean x", "AE", "UNet AE", "noisy x̃", "DAE", "UNet DAE", "UNet AE"});
}

}  // namespace ch14_5
