// Diagrams of nodes and arrows (the book's figures 14.1 to 14.3): circles, boxes and arrows as data blocks drawn
// `with circles`, `with boxxyerror` and `with vectors`, and their labels as `set label` in enhanced text.
#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "plot/figure.hpp"

namespace ae::plot {

namespace {

constexpr double kRadius = 0.35;      // a circle node
constexpr double kBoxHalfH = 0.32;    // a box node's half height
constexpr double kCharWidth = 0.105;  // about one character of the 22 pt node labels, in diagram units

/// The characters of an enhanced-text label that are printed (markup such as {/:Bold ...}, _{...} dropped).
int visible_chars(const std::string& label) {
  int n = 0;
  for (std::size_t i = 0; i < label.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(label[i]);
    if (c == '{' && i + 1 < label.size() && label[i + 1] == '/') {  // a font change: skip to the space
      while (i < label.size() && label[i] != ' ') ++i;
      continue;
    }
    if (c == '{' || c == '}' || c == '_' || c == '^') continue;
    if ((c & 0xC0) == 0x80) continue;            // UTF-8 continuation byte
    if (c == 0xCC && i + 1 < label.size()) continue;  // combining mark (U+0300..U+033F), e.g. the tilde of x̃
    ++n;
  }
  return n;
}

double half_width(const Node& n) { return n.box ? 0.3 + kCharWidth * visible_chars(n.label) / 2 : kRadius; }
double half_height(const Node& n) { return n.box ? kBoxHalfH : kRadius; }

/// How far from n's centre, along the unit direction (ux, uy), its outline is.
double to_outline(const Node& n, double ux, double uy) {
  if (!n.box) return kRadius;
  const double tx = std::abs(ux) > 1e-12 ? half_width(n) / std::abs(ux) : 1e300;
  const double ty = std::abs(uy) > 1e-12 ? half_height(n) / std::abs(uy) : 1e300;
  return std::min(tx, ty);
}

}  // namespace

std::string diagram(const Output& out, const Figure& fig, const std::vector<Node>& nodes,
                    const std::vector<Edge>& edges) {
  if (nodes.empty()) throw std::invalid_argument("plot::diagram " + fig.name + ": no nodes");
  std::map<std::string, const Node*> by_id;
  for (const Node& n : nodes) by_id[n.id] = &n;
  auto node = [&](const std::string& id) -> const Node& {
    auto it = by_id.find(id);
    if (it == by_id.end()) throw std::invalid_argument("plot::diagram " + fig.name + ": no node '" + id + "'");
    return *it->second;
  };

  detail::Spec spec{.family = "diagram"};
  std::string labels;
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  spec.data = "# circles: x y radius\n";
  for (const Node& n : nodes)
    if (!n.box) spec.data += detail::num(n.x) + " " + detail::num(n.y) + " " + detail::num(kRadius) + "\n";
  spec.data += "\n\n# boxes: x y half-width half-height\n";
  bool any_box = false;
  for (const Node& n : nodes)
    if (n.box) {
      any_box = true;
      spec.data += detail::num(n.x) + " " + detail::num(n.y) + " " + detail::num(half_width(n)) + " " +
                   detail::num(half_height(n)) + "\n";
    }
  if (!any_box) spec.data += "NaN NaN NaN NaN\n";  // an empty block would stop gnuplot
  for (const Node& n : nodes) {
    x0 = std::min(x0, n.x - half_width(n));
    x1 = std::max(x1, n.x + half_width(n));
    y0 = std::min(y0, n.y - half_height(n));
    y1 = std::max(y1, n.y + half_height(n));
    labels += "set label " + detail::quote(n.label) + " at " + detail::num(n.x) + "," + detail::num(n.y) +
              " center front enhanced font \",22\"\n";
  }
  spec.data += "\n\n# arrows: x y dx dy (from outline to outline)\n";
  std::string dashed_data;
  for (const Edge& e : edges) {
    const Node& a = node(e.from);
    const Node& b = node(e.to);
    const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
    if (len < 1e-9) throw std::invalid_argument("plot::diagram " + fig.name + ": edge from a node to itself");
    const double ux = dx / len, uy = dy / len;
    const double s = to_outline(a, ux, uy) + 0.03, t = len - to_outline(b, -ux, -uy) - 0.03;
    std::string row = detail::num(a.x + s * ux) + " " + detail::num(a.y + s * uy) + " " +
                      detail::num((t - s) * ux) + " " + detail::num((t - s) * uy) + "\n";
    (e.dashed ? dashed_data : spec.data) += row;
    if (!e.label.empty()) {
      const double mx = (a.x + b.x) / 2 - e.side * uy, my = (a.y + b.y) / 2 + e.side * ux;
      labels += "set label " + detail::quote(e.label) + " at " + detail::num(mx) + "," + detail::num(my) +
                " center front enhanced font \",20\"\n";
      const double w = kCharWidth * visible_chars(e.label) / 2 + 0.1;
      x0 = std::min(x0, mx - w);
      x1 = std::max(x1, mx + w);
      y0 = std::min(y0, my - 0.2);
      y1 = std::max(y1, my + 0.2);
    }
  }
  if (edges.empty()) spec.data += "NaN NaN NaN NaN\n";
  spec.data += "\n\n# dashed arrows: x y dx dy\n" + (dashed_data.empty() ? "NaN NaN NaN NaN\n" : dashed_data);

  Figure framed = fig;
  framed.equal_axes = true;
  framed.legend = "off";
  const double m = 0.25;
  if (!framed.xrange) framed.xrange = Range{x0 - m, x1 + m};
  if (!framed.yrange) framed.yrange = Range{y0 - m, y1 + m};
  const std::string ink = "lc rgb \"#222222\"";
  // Enhanced text for this plot only (the terminal is noenhanced): subscripts and bold symbols in the labels.
  spec.setup = "set termoption enhanced\nunset border\nunset tics\nunset grid\nset style fill solid 1.0 border " +
               ink + "\n" + labels;
  spec.plot = "plot data index 0 using 1:2:3 with circles fc rgb \"#DCEBF5\" lw 2 notitle, "
              "data index 1 using 1:2:3:4 with boxxyerror fc rgb \"#FBE3D2\" lw 2 notitle, "
              "data index 2 using 1:2:3:4 with vectors head filled size 0.12,25 lw 2.5 " + ink + " notitle, "
              "data index 3 using 1:2:3:4 with vectors head filled size 0.12,25 lw 2.5 dt 2 " + ink + " notitle";
  return detail::render(out, framed, spec);
}

}  // namespace ae::plot
