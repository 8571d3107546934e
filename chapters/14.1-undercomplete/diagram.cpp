// Section 14.1: the book's figure 14.1 as a diagram of nodes and arrows (common/plot's diagram).
#include "diagram.hpp"

namespace ch14_1 {

void plot_fig14_1(const ae::plot::Output& out) {
  namespace plot = ae::plot;
  // h = f(x) above, r = g(h) to the right of x: the book's triangle.
  plot::diagram(out,
                {.name = "14_1_fig14_1", .title = "An autoencoder: encoder f, code h, decoder g", .width = 800,
                 .height = 520, .caption = "The general structure of an autoencoder: x → h = f(x) → r = g(h)",
                 .book_figure = "14.1"},
                {{.id = "x", .label = "{/:Bold x}", .x = 0, .y = 0},
                 {.id = "h", .label = "{/:Bold h}", .x = 1.5, .y = 1.6},
                 {.id = "r", .label = "{/:Bold r}", .x = 3, .y = 0}},
                {{.from = "x", .to = "h", .label = "{/:Italic f}", .side = 0.3},
                 {.from = "h", .to = "r", .label = "{/:Italic g}", .side = 0.3}});
}

}  // namespace ch14_1
