#include "figures.hpp"

#include <algorithm>
#include <cmath>

namespace ch14_8 {

namespace plot = ae::plot;

std::vector<int> by_usage(const Tensor& H) {
  std::vector<int> used(static_cast<std::size_t>(H.cols()), 0), order(used.size());
  for (int n = 0; n < H.rows(); ++n)
    for (int k = 0; k < H.cols(); ++k) used[static_cast<std::size_t>(k)] += H(n, k) != 0.f;
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return used[static_cast<std::size_t>(a)] > used[static_cast<std::size_t>(b)]; });
  return order;
}

void plot_filters(const plot::Output& out, const std::string& name, const std::string& title, const Tensor& W,
                  const std::vector<int>& order, int side, int cols) {
  Tensor img = gather_rows(W, order);
  for (int k = 0; k < img.rows(); ++k) {
    float* r = img.row(k);
    const auto [lo, hi] = std::minmax_element(r, r + img.cols());
    const float a = *lo, span = std::max(*hi - *lo, 1e-12f);
    for (int d = 0; d < img.cols(); ++d) r[d] = (r[d] - a) / span;
  }
  plot::image_grid(out, {.name = name, .title = title, .width = 900}, img, side, side, cols);
}

void plot_convergence(const plot::Output& out, const std::string& name, const std::string& title,
                      const std::vector<Curve>& curves) {
  // The y axis goes down to the smallest gap any curve reaches (floored at 1e-8, float rounding), so that no curve
  // is cut off; a curve ends where its gap reaches 0 (the optimum to float precision), which a log axis cannot show.
  double lowest = 1e-3;
  for (const Curve& c : curves)
    for (double g : c.gap)
      if (g > 0) lowest = std::min(lowest, g);
  const double floor_y = std::max(1e-8, std::pow(10.0, std::floor(std::log10(lowest))));
  std::vector<plot::Series> series;
  std::size_t longest = 0;
  for (const Curve& c : curves) {
    plot::Series s{.label = c.label, .color = c.color, .dashed = c.dashed};
    for (std::size_t t = 0; t < c.gap.size() && c.gap[t] > 0; ++t) {
      s.x.push_back(static_cast<double>(t));
      s.y.push_back(std::max(c.gap[t], floor_y));
    }
    longest = std::max(longest, c.gap.size());
    series.push_back(s);
  }
  double highest = 0.01;
  for (const Curve& c : curves)
    for (double g : c.gap) highest = std::max(highest, g);
  const double last = static_cast<double>(std::max<std::size_t>(longest, 2) - 1);
  series.push_back({.label = "1% of the optimum", .x = {0.0, last}, .y = {0.01, 0.01}, .color = 7, .dashed = true});
  plot::lines(out,
              {.name = name,
               .title = title,
               .xlabel = "inference iteration",
               .ylabel = "(F(h) − F*) / F*  (mean over test images)",
               .logy = true,
               .xrange = plot::Range{0.0, last},
               .yrange = plot::Range{floor_y, std::pow(10.0, std::ceil(std::log10(highest)))},
               .legend = "below"},  // off the curves, which fill the plot from the top left down
              series);
}

void plot_codes(const plot::Output& out, const Tensor& H_star, const Tensor& F) {
  float top = 1e-6f;
  for (float v : H_star) top = std::max(top, v);
  for (float v : F) top = std::max(top, v);
  std::vector<plot::Series> series;
  for (int n = 0; n < H_star.rows(); ++n) {
    const double offset = 1.1 * top * n;
    plot::Series hs{
        .label = n == 0 ? "optimal code h* (FISTA to convergence)" : "", .style = "linespoints", .color = 0};
    plot::Series fs{.label = n == 0 ? "encoder prediction f(x)" : "", .color = 1};
    for (int k = 0; k < H_star.cols(); ++k) {
      hs.x.push_back(k);
      hs.y.push_back(offset + H_star(n, k));
      fs.x.push_back(k);
      fs.y.push_back(offset + F(n, k));
    }
    series.push_back(hs);
    series.push_back(fs);
  }
  // Room above the last example for the legend, so that it hides no peak.
  const double y_top = 1.1 * top * (H_star.rows() - 1) + 1.6 * top;
  plot::lines(out,
              {.name = "14_8_codes",
               .title = "Optimal and predicted codes, four test images",
               .xlabel = "code unit k",
               .ylabel = "h_k (shifted per image)",
               .height = 700,
               .xrange = plot::Range{-1.0, static_cast<double>(H_star.cols())},
               .yrange = plot::Range{-0.05 * top, y_top},
               .legend = "top left"},
              series);
}

}  // namespace ch14_8
