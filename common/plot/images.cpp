// Image grids: the tiled canvas as a gnuplot matrix (drawn `with image`, gray, square pixels, top row first),
// plus the bare canvas as NAME_grid.png through stb so that a grid exists even without gnuplot.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "image/image.hpp"
#include "plot/figure.hpp"
#include "util/files.hpp"

namespace ae::plot {

std::string image_grid(const Output& out, const Figure& fig, const Tensor& images, int h, int w, int cols,
                       const std::vector<std::string>& row_labels, const std::vector<std::string>& col_labels) {
  constexpr int gap = 2;
  const Tensor canvas = tile_images(images, h, w, cols, gap, 1.f);  // (H, W)
  const int H = canvas.rows(), W = canvas.cols();
  const int grid_rows = (H + gap) / (h + gap);
  if (!row_labels.empty() && static_cast<int>(row_labels.size()) != grid_rows)
    throw std::invalid_argument("plot::image_grid " + fig.name + ": " + std::to_string(row_labels.size()) +
                                " row labels for " + std::to_string(grid_rows) + " grid rows");

  const int grid_cols = (W + gap) / (w + gap);
  if (!col_labels.empty() && static_cast<int>(col_labels.size()) != grid_cols)
    throw std::invalid_argument("plot::image_grid " + fig.name + ": " + std::to_string(col_labels.size()) +
                                " column labels for " + std::to_string(grid_cols) + " grid columns");

  detail::Spec spec{.family = "image_grid"};
  spec.data = "# " + std::to_string(H) + " x " + std::to_string(W) + " gray levels in [0, 1], top row first\n";
  for (int i = 0; i < H; ++i) {
    for (int j = 0; j < W; ++j) {
      if (j) spec.data += ' ';
      spec.data += detail::num(canvas(i, j));
    }
    spec.data += "\n";
  }
  // Matrix row i sits at y = i; reversing the y range puts row 0 at the top. Pixel centers are integers.
  spec.setup = "set palette gray\nset cbrange [0:1]\nunset colorbox\nunset border\nunset grid\nunset key\n"
               "set size ratio -1\nset xrange [-0.5:" + std::to_string(W) + "-0.5]\nset yrange [" +
               std::to_string(H) + "-0.5:-0.5]\nunset xtics\n";
  if (row_labels.empty()) {
    spec.setup += "unset ytics\n";
  } else {
    spec.setup += "set ytics scale 0 (";
    for (int r = 0; r < grid_rows; ++r)
      spec.setup += (r ? ", " : "") + detail::quote(row_labels[r]) + " " + detail::num(r * (h + gap) + (h - 1) / 2.0);
    spec.setup += ")\n";
  }
  if (!col_labels.empty()) {  // headers above the columns, on the top axis
    spec.setup += "set x2range [-0.5:" + std::to_string(W) + "-0.5]\nset x2tics scale 0 (";
    for (int c = 0; c < grid_cols; ++c)
      spec.setup += (c ? ", " : "") + detail::quote(col_labels[c]) + " " + detail::num(c * (w + gap) + (w - 1) / 2.0);
    spec.setup += ")\n";
  }
  spec.plot = "plot data matrix with image notitle";

  if (detail::capturing()) return detail::render(out, fig, spec);  // a panel of plot::panels: drawn as it is

  // The picture's height follows from its width and the canvas' aspect ratio, with margins fixed in pixels
  // (about 9 pixels per character of the 14 pt labels) so that no band of white is left above or below.
  std::size_t longest = 0;
  for (const std::string& label : row_labels) {
    std::size_t chars = 0;
    for (unsigned char c : label) chars += (c & 0xC0) != 0x80;  // UTF-8 code points
    longest = std::max(longest, chars);
  }
  Figure sized = fig;
  const int left = row_labels.empty() ? 10 : 24 + 9 * static_cast<int>(longest), right = 10;
  const int top = (fig.title.empty() ? 10 : 44) + (col_labels.empty() ? 0 : 26), bottom = 10;
  const int plot_w = std::max(16, fig.width - left - right);
  const int plot_h = std::max(16, static_cast<int>(std::lround(static_cast<double>(plot_w) * H / W)));
  sized.height = plot_h + top + bottom;
  const double wd = fig.width, ht = sized.height;
  spec.setup += "set lmargin at screen " + detail::num(left / wd) + "\nset rmargin at screen " +
                detail::num(1 - right / wd) + "\nset tmargin at screen " + detail::num(1 - top / ht) +
                "\nset bmargin at screen " + detail::num(bottom / ht) + "\n";

  const int upscale = std::clamp((512 + std::max(H, W) - 1) / std::max(H, W), 1, 8);
  const std::string picture = detail::render(out, sized, spec);  // checks the name and folder first
  write_png(path_join(out.dir, fig.name + "_grid.png"), canvas, upscale);
  return picture;
}

}  // namespace ae::plot
