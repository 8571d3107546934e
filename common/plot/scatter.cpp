// Scatter plots: one data block per class present (colored by class), or one block colored by a value per point.
#include <algorithm>
#include <stdexcept>

#include "plot/figure.hpp"

namespace ae::plot {

namespace {

void check_points(const Tensor& xy, std::size_t n_per_point, const char* what, const std::string& name) {
  if (xy.cols() != 2)
    throw ShapeError("plot::" + std::string(what) + " " + name + ": points " + xy.shape_str() + " are not (N, 2)");
  if (xy.rows() == 0) throw std::invalid_argument("plot::" + std::string(what) + " " + name + ": no points");
  if (n_per_point != static_cast<std::size_t>(xy.rows()))
    throw ShapeError("plot::" + std::string(what) + " " + name + ": " + std::to_string(n_per_point) +
                     " labels or values for " + std::to_string(xy.rows()) + " points");
}

}  // namespace

std::string scatter(const Output& out, const Figure& fig, const Tensor& xy, const std::vector<int>& labels,
                    const std::vector<std::string>& class_names) {
  check_points(xy, labels.empty() ? xy.rows() : labels.size(), "scatter", fig.name);
  detail::Spec spec{.family = "scatter"};
  if (labels.empty()) {
    spec.data = "# x y\n";
    for (int i = 0; i < xy.rows(); ++i) spec.data += detail::num(xy(i, 0)) + " " + detail::num(xy(i, 1)) + "\n";
    spec.plot = "plot data using 1:2 with points lt 1 pt 7 ps 0.6 notitle";
    return detail::render(out, fig, spec);
  }
  const int n_classes = *std::max_element(labels.begin(), labels.end()) + 1;
  if (*std::min_element(labels.begin(), labels.end()) < 0)
    throw std::invalid_argument("plot::scatter " + fig.name + ": class ids must be >= 0");
  const int n_colors = static_cast<int>(palette().size());
  int block = 0;
  spec.plot = "plot ";
  for (int k = 0; k < n_classes; ++k) {
    if (std::find(labels.begin(), labels.end(), k) == labels.end()) continue;  // no empty blocks
    const std::string name = k < static_cast<int>(class_names.size()) ? class_names[k] : std::to_string(k);
    spec.data += "# class " + name + ": x y\n";
    for (int i = 0; i < xy.rows(); ++i)
      if (labels[i] == k) spec.data += detail::num(xy(i, 0)) + " " + detail::num(xy(i, 1)) + "\n";
    spec.data += "\n\n";
    // Each class has its own color and, cycling through five filled shapes (circle, square, triangle up and down,
    // diamond), a marker shape too: classes whose colors are close (blue and sky blue, black and wine) still differ.
    static const int shapes[] = {7, 5, 9, 11, 13};
    const int pt = shapes[(k + k / n_colors) % 5];
    spec.plot += std::string(block ? ", " : "") + "data index " + std::to_string(block) + " using 1:2 with points lt " +
                 std::to_string(k % n_colors + 1) + " pt " + std::to_string(pt) + " ps 0.9 title " +
                 detail::quote(name);
    ++block;
  }
  return detail::render(out, fig, spec);
}

std::string scatter_values(const Output& out, const Figure& fig, const Tensor& xy, const std::vector<double>& values) {
  check_points(xy, values.size(), "scatter_values", fig.name);
  detail::Spec spec{.family = "scatter_values"};
  spec.data = "# x y value\n";
  for (int i = 0; i < xy.rows(); ++i)
    spec.data += detail::num(xy(i, 0)) + " " + detail::num(xy(i, 1)) + " " + detail::num(values[i]) + "\n";
  spec.setup = detail::viridis();
  spec.plot = "plot data using 1:2:3 with points pt 7 ps 0.6 lc palette notitle";
  return detail::render(out, fig, spec);
}

}  // namespace ae::plot
