// Line plots: one data block per series, drawn in palette order.
#include <stdexcept>

#include "plot/figure.hpp"

namespace ae::plot {

std::string lines(const Output& out, const Figure& fig, const std::vector<Series>& series) {
  detail::Spec spec{.family = "lines"};
  bool any = false;
  for (const Series& s : series) {
    detail::append_block(spec.data, s);
    any = any || !s.x.empty();
  }
  if (!any) throw std::invalid_argument("plot::lines " + fig.name + ": no points to draw");
  int color = 0;
  spec.plot = "plot " + detail::overlay_clauses(series, 0, color).substr(2);  // drop the leading ", "
  return detail::render(out, fig, spec);
}

}  // namespace ae::plot
