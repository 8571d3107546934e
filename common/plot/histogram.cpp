// Histograms normalized as densities (bar areas sum to 1), with an optional density curve p(x) to compare.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "plot/figure.hpp"

namespace ae::plot {

std::string histogram(const Output& out, const Figure& fig, const std::vector<double>& values, int bins,
                      const std::function<double(double)>& density, const std::string& density_label) {
  if (bins < 1) throw std::invalid_argument("plot::histogram " + fig.name + ": bins must be >= 1");
  std::vector<double> v;
  for (double x : values)
    if (std::isfinite(x)) v.push_back(x);  // non-finite values are not counted
  if (v.empty()) throw std::invalid_argument("plot::histogram " + fig.name + ": no finite values");
  auto [lo_it, hi_it] = std::minmax_element(v.begin(), v.end());
  double lo = *lo_it, hi = *hi_it;
  if (hi - lo < 1e-12 * (1 + std::abs(lo))) lo -= 0.5, hi += 0.5;
  const double width = (hi - lo) / bins;
  std::vector<int> count(bins, 0);
  for (double x : v) ++count[std::min(bins - 1, static_cast<int>((x - lo) / width))];

  detail::Spec spec{.family = "histogram"};
  spec.data = "# bin center, density = count / (N width), count; N = " + std::to_string(v.size()) + "\n";
  for (int b = 0; b < bins; ++b)
    spec.data += detail::num(lo + (b + 0.5) * width) + " " + detail::num(count[b] / (v.size() * width)) + " " +
                 std::to_string(count[b]) + "\n";
  spec.data += "\n\n";
  spec.setup =
      "set style fill solid 0.45 border lc rgb \"#0072B2\"\nset boxwidth " + detail::num(width) + " absolute\n";
  spec.plot = "plot data index 0 using 1:2 with boxes lt 1 title " +
              detail::quote("samples (N = " + std::to_string(v.size()) + ")");
  if (density) {
    constexpr int n = 400;
    spec.data += "# x p(x)\n";
    for (int i = 0; i <= n; ++i) {
      const double x = lo + (hi - lo) * i / n;
      spec.data += detail::num(x) + " " + detail::num(density(x)) + "\n";
    }
    spec.data += "\n\n";
    spec.plot += ", data index 1 using 1:2 with lines lt 2 lw 3 title " +
                 detail::quote(density_label.empty() ? std::string("p(x)") : density_label);
  }
  return detail::render(out, fig, spec);
}

}  // namespace ae::plot
