// Heatmaps: z on a regular grid as "x y z" scan lines (one per row of z) drawn `with image`, viridis colors.
#include <stdexcept>

#include "plot/figure.hpp"

namespace ae::plot {

std::string heatmap(const Output& out, const Figure& fig, const Tensor& z, double x0, double x1, double y0,
                    double y1, const std::vector<Series>& overlays) {
  const int ny = z.rows(), nx = z.cols();
  if (!(nx >= 2 && ny >= 2))
    throw ShapeError("plot::heatmap " + fig.name + ": z " + z.shape_str() + " needs at least 2 x 2");
  if (!(x1 > x0) || !(y1 > y0)) throw std::invalid_argument("plot::heatmap " + fig.name + ": need x0 < x1, y0 < y1");
  detail::Spec spec{.family = "heatmap"};
  spec.data = "# x y z, one scan line per row of z (row 0 at y0)\n";
  for (int i = 0; i < ny; ++i) {
    const double y = y0 + i * (y1 - y0) / (ny - 1);
    for (int j = 0; j < nx; ++j)
      spec.data +=
          detail::num(x0 + j * (x1 - x0) / (nx - 1)) + " " + detail::num(y) + " " + detail::num(z(i, j)) + "\n";
    spec.data += "\n";
  }
  spec.data += "\n";
  for (const Series& s : overlays) detail::append_block(spec.data, s);
  spec.setup = detail::viridis() + "set grid front lc rgb \"#ffffff\" lw 0.5\n";
  if (!fig.xrange) spec.setup += "set autoscale xfix\n";
  if (!fig.yrange) spec.setup += "set autoscale yfix\n";
  int color = 1;  // overlays start with vermillion, which stands out on viridis
  spec.plot = "plot data index 0 using 1:2:3 with image notitle" + detail::overlay_clauses(overlays, 1, color);
  return detail::render(out, fig, spec);
}

std::string gray_image(const Output& out, const Figure& fig, const Tensor& image, double x0, double x1, double y0,
                       double y1) {
  const int ny = image.rows(), nx = image.cols();
  if (!(nx >= 2 && ny >= 2))
    throw ShapeError("plot::gray_image " + fig.name + ": image " + image.shape_str() + " needs at least 2 x 2");
  if (!(x1 > x0) || !(y1 > y0))
    throw std::invalid_argument("plot::gray_image " + fig.name + ": need x0 < x1, y0 < y1");
  detail::Spec spec{.family = "gray_image"};
  spec.data = "# " + std::to_string(ny) + " x " + std::to_string(nx) +
              " gray levels in [0, 1] as a matrix, bottom row (y0) first\n";
  for (int i = ny - 1; i >= 0; --i) {
    for (int j = 0; j < nx; ++j) {
      if (j) spec.data += ' ';
      spec.data += detail::num(image(i, j));
    }
    spec.data += "\n";
  }
  const std::string dx = detail::num((x1 - x0) / (nx - 1)), dy = detail::num((y1 - y0) / (ny - 1));
  spec.setup = "set palette gray\nset cbrange [0:1]\nunset colorbox\nunset grid\n";
  if (!fig.xrange) spec.setup += "set xrange [" + detail::num(x0) + ":" + detail::num(x1) + "]\n";
  if (!fig.yrange) spec.setup += "set yrange [" + detail::num(y0) + ":" + detail::num(y1) + "]\n";
  spec.plot = "plot data matrix using (" + detail::num(x0) + " + $1 * " + dx + "):(" + detail::num(y0) + " + $2 * " +
              dy + "):3 with image notitle";
  return detail::render(out, fig, spec);
}

}  // namespace ae::plot
