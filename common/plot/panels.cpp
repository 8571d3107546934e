// Several plots in one picture: each panel is drawn by an ordinary plot call whose output is captured, then all
// are written as one gnuplot multiplot script, one data file per panel.
#include <algorithm>
#include <stdexcept>

#include "plot/figure.hpp"

namespace ae::plot {

std::string panels(const Output& out, const Figure& fig, const std::vector<std::function<void(const Output&)>>& draw,
                   int cols) {
  if (draw.empty()) throw std::invalid_argument("plot::panels " + fig.name + ": no panels");
  if (cols < 0) throw std::invalid_argument("plot::panels " + fig.name + ": cols must be >= 0");
  std::vector<std::function<void()>> calls;
  for (const auto& d : draw) calls.push_back([&] { d(out); });
  const auto captured = detail::capture(calls);

  const int n = static_cast<int>(captured.size());
  const int c = cols == 0 ? n : std::min(cols, n);
  const int r = (n + c - 1) / c;
  std::string script = detail::preamble(out, fig, "panels", fig.name + ".p1.dat to " + fig.name + ".p" +
                                                                std::to_string(n) + ".dat, one per panel") +
                       "\nset multiplot layout " + std::to_string(r) + "," + std::to_string(c) +
                       (fig.title.empty() ? "" : " title " + detail::quote(fig.title) + " font \",18\"") + "\n";
  std::vector<std::pair<std::string, std::string>> data_files;
  for (int k = 0; k < n; ++k) {
    const auto& [panel, spec] = captured[k];
    const std::string data_name = fig.name + ".p" + std::to_string(k + 1) + ".dat";
    data_files.emplace_back(data_name, spec.data);
    // `reset` clears the previous panel's settings but keeps the terminal and the palette's linetypes.
    script += "\n# panel " + std::to_string(k + 1) + ": ae::plot::" + spec.family + "\nreset\n" +
              "data = " + detail::quote(data_name) + "\n" + detail::axes(panel) + detail::body(spec);
  }
  script += "\nunset multiplot\n";
  return detail::write_and_draw(out, fig, script, data_files);
}

}  // namespace ae::plot
