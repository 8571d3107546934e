/// \file
/// \brief Figures through gnuplot: line plots, scatter plots, vector fields, heatmaps, histograms and image
/// grids, each written as a picture plus the script and data that re-create it.
///
/// Every call writes three files into `Output::dir`:
///   - `NAME.dat`: the data, plain text (gnuplot data blocks separated by two blank lines, one per series);
///   - `NAME.gp`: the gnuplot script, with relative paths, so that `cd DIR && gnuplot NAME.gp` redraws the figure;
///   - `NAME.png` (or `.svg`, `.pdf`): the picture, rendered by running gnuplot on the script.
///
/// If gnuplot is not installed (or Output::render is false), the script and data are still written, one warning
/// line goes to stderr (once per program), and the program continues ($AE_GNUPLOT names another executable). If
/// gnuplot runs but rejects the script or takes over two minutes, std::runtime_error carries its first messages.
/// A folder that cannot be created or written throws std::runtime_error naming it; a bad name, format or shape
/// throws std::invalid_argument or ShapeError before anything is written. All files are written through a
/// temporary name and renamed, so a figure is never half-written. Fonts are sized for slides, and colors follow the
/// Okabe-Ito palette, which stays distinguishable for color-blind readers.
///
/// Titles and labels are printed literally (no gnuplot "enhanced text"); write Greek letters and hats as Unicode:
/// "σ = 0.1", "‖r − x‖²".
///
/// Example (designated initializers keep the call readable):
/// \code
/// plot::Output out{cfg.out_dir, "png"};
/// plot::lines(out, {.name = "14_2_loss", .title = "Denoising autoencoder", .xlabel = "epoch",
///                   .ylabel = "reconstruction error (nats / example)", .logy = true},
///             {{.label = "train", .x = epochs, .y = train_loss}, {.label = "test", .x = epochs, .y = test_loss}});
/// \endcode
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tensor.hpp"

namespace ae::plot {

/// \brief Where and how figures are written.
struct Output {
  std::string dir = "figures/out";  ///< output folder, created if missing
  std::string format = "png";       ///< "png" (pngcairo), "svg" or "pdf" (pdfcairo)
  bool render = true;               ///< false: write only NAME.gp and NAME.dat (fast tests)
};

/// \brief An axis range [lo, hi].
struct Range {
  double lo = 0;  ///< lower end
  double hi = 1;  ///< upper end
};

/// \brief What one figure shows and how it is framed.
struct Figure {
  std::string name = "";              ///< file stem: letters, digits, '_', '-' and '.' only
  std::string title = "";             ///< printed above the plot
  std::string xlabel = "";            ///< x axis label
  std::string ylabel = "";            ///< y axis label
  bool logx = false;                  ///< logarithmic x axis
  bool logy = false;                  ///< logarithmic y axis
  int width = 800;                    ///< pixels (png, svg); pdf is width/100 by height/100 inches
  int height = 600;                   ///< pixels
  bool equal_axes = false;            ///< one unit as long on x as on y (manifolds, vector fields)
  std::optional<Range> xrange = {};   ///< fixed x range; default: fitted to the data
  std::optional<Range> yrange = {};   ///< fixed y range; default: fitted to the data
  std::string zlabel = "";            ///< color bar label (heatmap, scatter_values)
  std::string legend = "top right";   ///< gnuplot key position ("top left", "bottom right", ...) or "off"
  std::string caption = "";           ///< one line for the gallery (figures/out/index.html); default: the title
  std::string book_figure = "";       ///< the book's figure this reproduces, e.g. "14.4"; empty: none
  double xtics = 0;                   ///< spacing of the x tics (1: integers only); 0: gnuplot's choice
};

/// \brief One curve: points (x[i], y[i]) drawn as "lines", "points" or "linespoints".
struct Series {
  std::string label = "";     ///< legend entry; empty: not in the legend
  std::vector<double> x = {}; ///< abscissae
  std::vector<double> y = {}; ///< ordinates, as many as x
  std::string style = "lines"; ///< "lines", "points" or "linespoints"
  int color = -1;             ///< index into palette(); -1: the next color in order
  bool dashed = false;        ///< dashed line (e.g. the test curve beside a solid train curve)
};

/// \brief Arrows from points `from` (N, 2) to `from + delta` (N, 2), drawn in one color with one legend entry.
struct Arrows {
  Tensor from = {};        ///< (N, 2) tails
  Tensor delta = {};       ///< (N, 2) displacements, e.g. r(x) - x
  std::string label = ""; ///< legend entry; empty: not in the legend
  int color = -1;          ///< index into palette(); -1: the next color in order
  bool thin = false;       ///< thinner shafts and smaller heads (a secondary set, e.g. the corruption x -> x̃)
};

/// \brief The colors used in order: Okabe-Ito (blue, vermillion, bluish green, orange, sky blue, reddish purple,
/// yellow, black), then gray and wine for a ninth and tenth class; as "#rrggbb".
const std::vector<std::string>& palette();

/// \brief Whether gnuplot can be run (checked once). The executable is `gnuplot`, or $AE_GNUPLOT if set.
bool gnuplot_available();

/// \brief Line plot of several series (loss curves, error against a hyperparameter).
/// \return the path of the picture, `DIR/NAME.FORMAT` (absent if it was not rendered).
std::string lines(const Output& out, const Figure& fig, const std::vector<Series>& series);

/// \brief Scatter plot of points `xy` (N, 2), one color per class when `labels` (N class ids >= 0) is given.
///
/// `class_names[k]` names class k in the legend (default "k"); with no labels all points share one color.
/// Throws ShapeError if xy is not (N, 2) or labels has a size other than 0 or N.
std::string scatter(const Output& out, const Figure& fig, const Tensor& xy, const std::vector<int>& labels = {},
                    const std::vector<std::string>& class_names = {});

/// \brief Scatter plot of points `xy` (N, 2) colored by a continuous value per point (e.g. the position t along
/// a manifold), with a color bar labelled Figure::zlabel (viridis map).
std::string scatter_values(const Output& out, const Figure& fig, const Tensor& xy, const std::vector<double>& values);

/// \brief Vector field ("quiver"): each Arrows set in its own color, with optional curves or points drawn over
/// it (e.g. the data manifold). Use Figure::equal_axes so that directions are not distorted.
std::string field(const Output& out, const Figure& fig, const std::vector<Arrows>& arrows,
                  const std::vector<Series>& overlays = {});

/// \brief Heatmap of z (ny, nx) sampled on a regular grid: z(i, j) is the value at
/// x = x0 + j (x1 - x0) / (nx - 1), y = y0 + i (y1 - y0) / (ny - 1), so row 0 is drawn at the bottom.
///
/// Viridis colors, color bar labelled Figure::zlabel; `overlays` are drawn on top. Needs nx, ny >= 2.
std::string heatmap(const Output& out, const Figure& fig, const Tensor& z, double x0, double x1, double y0,
                    double y1, const std::vector<Series>& overlays = {});

/// \brief A grayscale picture `image` (H, W), values in [0, 1], row 0 at the top, drawn with axes: its pixel
/// centres span x0 .. x1 (left to right) and y0 .. y1 (bottom to top), e.g. thumbnails placed at their embedding
/// coordinates. NAME.dat is the image as a matrix.
std::string gray_image(const Output& out, const Figure& fig, const Tensor& image, double x0, double x1, double y0,
                       double y1);

/// \brief Histogram of `values` in `bins` equal bins, normalized as a density (bar areas sum to 1), with an
/// optional density curve p(x) drawn over it for comparison.
std::string histogram(const Output& out, const Figure& fig, const std::vector<double>& values, int bins,
                      const std::function<double(double)>& density = nullptr, const std::string& density_label = "");

/// \brief A grid of grayscale images: the rows of `images` (n, h*w), values in [0, 1], tiled on `cols` columns
/// as by tile_images (e.g. originals on one grid row, reconstructions on the next).
///
/// `row_labels`, if given, has one label per grid row, printed at its left; `col_labels`, one per grid column,
/// printed above it. Figure::height is not used: the
/// picture is Figure::width wide and as high as the grid's aspect ratio needs (pixels stay square). Besides the gnuplot
/// picture, the bare tiled canvas is written as `NAME_grid.png` (through stb, no gnuplot needed), each pixel enlarged
/// to a k x k block with k = min(8, ceil(512 / longer side)), so that small images stay visible. For signed images
/// (tangent vectors) map them with signed_to_gray first.
std::string image_grid(const Output& out, const Figure& fig, const Tensor& images, int h, int w, int cols,
                       const std::vector<std::string>& row_labels = {},
                       const std::vector<std::string>& col_labels = {});

/// \brief A node of a diagram: a circle (a variable such as x or h) or a box (a loss, a process), centred at (x, y).
struct Node {
  std::string id = "";     ///< how edges name it
  std::string label = "";  ///< gnuplot enhanced text: "{/:Bold h}", "p_{encoder}", "{/:Bold x̃}"
  double x = 0;            ///< centre, in the diagram's units (a circle's radius is 0.35)
  double y = 0;            ///< centre
  bool box = false;        ///< a rectangle (as wide as its label needs) instead of a circle
};

/// \brief An arrow from one node to another, with an optional label beside its middle.
struct Edge {
  std::string from = "";   ///< a Node::id
  std::string to = "";     ///< a Node::id
  std::string label = "";  ///< gnuplot enhanced text, e.g. "f" or "p_{decoder}({/:Bold x} | {/:Bold h})"
  double side = 0.3;       ///< where the label sits: this far to the left of the arrow's direction (< 0: right)
  bool dashed = false;     ///< dashed arrow
};

/// \brief A diagram of nodes and arrows (the book's figures 14.1 to 14.3): vector graphics from gnuplot objects,
/// data (the circles, boxes and arrows, NAME.dat) and labels; equal axes, no border or tics. Arrows start and
/// end on the nodes' outlines. Labels use gnuplot's enhanced text (subscripts, {/:Bold x}), unlike the other
/// plots (the title too: no "_" or "^" there). Throws std::invalid_argument for an edge naming a missing node.
std::string diagram(const Output& out, const Figure& fig, const std::vector<Node>& nodes,
                    const std::vector<Edge>& edges);

/// \brief Several plots in one picture (gnuplot multiplot) on `cols` columns (0: all on one row), e.g. the codes
/// found by PCA beside those of an autoencoder.
///
/// Each function in `draw` calls exactly one of the functions above with the Output it is given; the Figure it
/// passes sets that panel's title, labels, scales and ranges (its name and size are not used). `fig` names the
/// picture and sets its size and overall title. Panel k's data is written as `NAME.pK.dat` (k = 1, 2, ...).
/// \code
/// plot::panels(out, {.name = "14_1_codes", .title = "Codes of the test set", .width = 1400, .height = 600},
///              {[&](const plot::Output& o) { plot::scatter(o, {.title = "PCA"}, h_pca, labels); },
///               [&](const plot::Output& o) { plot::scatter(o, {.title = "autoencoder"}, h_ae, labels); }});
/// \endcode
std::string panels(const Output& out, const Figure& fig, const std::vector<std::function<void(const Output&)>>& draw,
                   int cols = 0);

}  // namespace ae::plot
