// Vector fields ("quiver" plots): one data block "x y dx dy" per arrow set, then the overlays' blocks.
#include <stdexcept>

#include "plot/figure.hpp"

namespace ae::plot {

std::string field(const Output& out, const Figure& fig, const std::vector<Arrows>& arrows,
                  const std::vector<Series>& overlays) {
  if (arrows.empty()) throw std::invalid_argument("plot::field " + fig.name + ": no arrows");
  detail::Spec spec{.family = "field"};
  spec.plot = "plot ";
  int color = 0;
  for (std::size_t k = 0; k < arrows.size(); ++k) {
    const Arrows& a = arrows[k];
    if (!(a.from.cols() == 2 && a.from.same_shape(a.delta) && a.from.rows() > 0))
      throw ShapeError("plot::field " + fig.name + ": arrows from " + a.from.shape_str() + " and delta " +
                       a.delta.shape_str() + " must both be (N, 2), N > 0");
    spec.data += "# " + (a.label.empty() ? std::string("arrows") : a.label) + ": x y dx dy\n";
    for (int i = 0; i < a.from.rows(); ++i)
      spec.data += detail::num(a.from(i, 0)) + " " + detail::num(a.from(i, 1)) + " " + detail::num(a.delta(i, 0)) +
                   " " + detail::num(a.delta(i, 1)) + "\n";
    spec.data += "\n\n";
    spec.plot += std::string(k ? ", " : "") + "data index " + std::to_string(k) +
                 " using 1:2:3:4 with vectors head filled size screen " +
                 (a.thin ? "0.006,20 lw 1" : "0.008,25 lw 1.5") +
                 " lt " + std::to_string((a.color >= 0 ? a.color : color++) % static_cast<int>(palette().size()) + 1) +
                 (a.label.empty() ? " notitle" : " title " + detail::quote(a.label));
  }
  for (const Series& s : overlays) detail::append_block(spec.data, s);
  spec.plot += detail::overlay_clauses(overlays, static_cast<int>(arrows.size()), color);
  return detail::render(out, fig, spec);
}

}  // namespace ae::plot
