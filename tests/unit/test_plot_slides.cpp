// The parts of common/plot that make figures fit for slides and for the gallery: diagrams of nodes and arrows, a
// gray picture with axes, column headers on image grids, marker shapes per class, integer tics, and the
// caption / book figure lines of each script's header.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "image/image.hpp"
#include "plot/plot.hpp"
#include "temp_dir.hpp"

using namespace ae;
namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// The picture exists with gnuplot, and has ink on it.
void check_picture(const std::string& path) {
  if (!plot::gnuplot_available()) return;
  REQUIRE(fs::exists(path));
  const Tensor img = read_png_gray(path);
  int ink = 0;
  for (float v : img) ink += v < 0.9f;
  CHECK(ink > 0.005 * img.size());
}

}  // namespace

TEST_CASE("diagram: circles, boxes and arrows from outline to outline, enhanced labels, header lines") {
  TempDir dir("plot_diagram", false);
  const plot::Figure fig{.name = "dag", .title = "A graph", .caption = "x to h to L", .book_figure = "14.3"};
  const std::string png = plot::diagram({dir.str()}, fig,
                                        {{.id = "x", .label = "{/:Bold x}", .x = 0, .y = 0},
                                         {.id = "h", .label = "{/:Bold h}", .x = 2, .y = 0},
                                         {.id = "L", .label = "L", .x = 2, .y = 2, .box = true}},
                                        {{.from = "x", .to = "h", .label = "f"}, {.from = "h", .to = "L"}});
  check_picture(png);
  const std::string gp = slurp(dir / "dag.gp");
  CHECK(contains(gp, "# book figure: 14.3\n"));
  CHECK(contains(gp, "# caption: x to h to L\n"));
  CHECK(contains(gp, "set termoption enhanced"));
  CHECK(contains(gp, "set label \"{/:Bold x}\" at 0,0"));
  CHECK(contains(gp, "with circles"));
  CHECK(contains(gp, "with boxxyerror"));
  CHECK(contains(gp, "with vectors"));
  // The arrow x -> h starts on x's circle (radius 0.35, plus a small gap) and stops short of h's.
  const std::string dat = slurp(dir / "dag.dat");
  CHECK(contains(dat, "0.38 0 1.24 0\n"));
  CHECK_THROWS_AS(plot::diagram({dir.str()}, fig, {{.id = "x"}}, {{.from = "x", .to = "nowhere"}}),
                  std::invalid_argument);
}

TEST_CASE("gray_image: a picture with axes over given coordinates") {
  TempDir dir("plot_gray_image", false);
  Tensor img(30, 40, 1.f);
  for (int i = 5; i < 15; ++i)
    for (int j = 10; j < 20; ++j) img(i, j) = 0.f;
  const plot::Figure fig{.name = "thumbs", .title = "Thumbnails", .xlabel = "u", .ylabel = "v"};
  check_picture(plot::gray_image({dir.str()}, fig, img, -1, 1, 0, 3));
  const std::string gp = slurp(dir / "thumbs.gp");
  CHECK(contains(gp, "set xrange [-1:1]"));
  CHECK(contains(gp, "set yrange [0:3]"));
  CHECK(contains(gp, "with image"));
  // The data is bottom row first: its first line of numbers is the image's last row (all white).
  std::istringstream dat(slurp(dir / "thumbs.dat"));
  std::string line;
  std::getline(dat, line);  // the comment
  std::getline(dat, line);
  CHECK(line.find('0') == std::string::npos);
  CHECK_THROWS_AS(plot::gray_image({dir.str()}, fig, img, 1, 1, 0, 3), std::invalid_argument);
}

TEST_CASE("image_grid: column headers above the columns") {
  TempDir dir("plot_grid_headers", false);
  Tensor images(6, 16, 0.5f);
  const plot::Figure fig{.name = "heads", .title = "Tiles", .width = 600};
  check_picture(plot::image_grid({dir.str()}, fig, images, 4, 4, 3, {"a", "b"}, {"one", "two", "three"}));
  const std::string gp = slurp(dir / "heads.gp");
  CHECK(contains(gp, "set x2tics scale 0 (\"one\" 1.5, \"two\" 7.5, \"three\" 13.5)"));
  CHECK_THROWS_AS(plot::image_grid({dir.str()}, fig, images, 4, 4, 3, {}, {"one"}), std::invalid_argument);
}

TEST_CASE("scatter: classes with close colors get different marker shapes") {
  TempDir dir("plot_scatter_shapes", false);
  Tensor xy(10, 2);
  std::vector<int> labels;
  for (int k = 0; k < 10; ++k) xy(k, 0) = k, xy(k, 1) = k % 3, labels.push_back(k);
  plot::scatter({dir.str(), "png", false}, {.name = "classes"}, xy, labels);
  const std::string gp = slurp(dir / "classes.gp");
  auto marker = [&](int k) {  // "lt C pt P" of class k's clause
    const auto at = gp.find("data index " + std::to_string(k) + " ");
    REQUIRE(at != std::string::npos);
    const auto lt = gp.find(" lt ", at);
    return gp.substr(lt, gp.find(" ps ", lt) - lt);
  };
  std::set<std::string> all;
  for (int k = 0; k < 10; ++k) all.insert(marker(k));
  CHECK(all.size() == 10);
  // Blue and sky blue (0 and 4), black and wine (7 and 9): not the same shape.
  CHECK(marker(0).substr(marker(0).find(" pt ")) != marker(4).substr(marker(4).find(" pt ")));
  CHECK(marker(7).substr(marker(7).find(" pt ")) != marker(9).substr(marker(9).find(" pt ")));
}

TEST_CASE("lines: integer tics on request; the caption defaults to the title") {
  TempDir dir("plot_xtics", false);
  plot::lines({dir.str(), "png", false}, {.name = "depth", .title = "Error against depth", .xtics = 1},
              {{.x = {1, 2, 3, 4}, .y = {4, 3, 2, 2.5}}});
  const std::string gp = slurp(dir / "depth.gp");
  CHECK(contains(gp, "set xtics 1\n"));
  CHECK(contains(gp, "# caption: Error against depth\n"));
  CHECK(!contains(gp, "# book figure:"));
}
