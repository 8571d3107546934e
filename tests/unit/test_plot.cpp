// Every plot family writes NAME.dat, NAME.gp and a non-trivial picture; the script redraws it on its own; a
// missing gnuplot only costs the picture; bad arguments and folders fail with clear errors (common/plot).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

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

/// The picture is width x height and not blank: a fair share of its pixels differ from the background.
void check_png(const std::string& path, int width, int height) {
  CAPTURE(path);
  REQUIRE(fs::exists(path));
  const Tensor img = read_png_gray(path);
  CHECK(img.cols() == width);
  CHECK(img.rows() == height);
  int ink = 0;
  for (float v : img) ink += v < 0.9f;
  CHECK(ink > 0.005 * img.size());
}

/// NAME.dat and NAME.gp exist, the script reads the data by a relative name, and (with gnuplot) the PNG is good.
void check_figure(const TempDir& dir, const plot::Figure& fig, const std::string& returned, int height = -1) {
  CAPTURE(fig.name);
  CHECK(returned == dir / (fig.name + ".png"));
  REQUIRE(fs::exists(dir / (fig.name + ".dat")));
  REQUIRE(fs::exists(dir / (fig.name + ".gp")));
  CHECK(fs::file_size(dir / (fig.name + ".dat")) > 0);
  const std::string gp = slurp(dir / (fig.name + ".gp"));
  CHECK(contains(gp, "data = \"" + fig.name + ".dat\""));
  CHECK(!contains(gp, dir.str()));  // no absolute paths: the folder can be moved
  if (plot::gnuplot_available()) check_png(returned, fig.width, height > 0 ? height : fig.height);
  for (const auto& entry : fs::directory_iterator(dir.path))  // no temporary or log file left behind
    CHECK(!contains(entry.path().filename().string(), ".tmp"));
}

std::vector<double> range(int n, double step = 1.0) {
  std::vector<double> v(n);
  for (int i = 0; i < n; ++i) v[i] = i * step;
  return v;
}

}  // namespace

TEST_CASE("lines: series, legend, log axis") {
  TempDir dir("plot_lines", false);
  const plot::Output out{dir.str(), "png"};
  std::vector<double> epochs = range(30, 1.0), train, test;
  for (double e : epochs) train.push_back(2.0 * std::exp(-e / 8) + 0.1), test.push_back(2.1 * std::exp(-e / 9) + 0.2);
  const plot::Figure fig{.name = "loss", .title = "Reconstruction error", .xlabel = "epoch",
                         .ylabel = "error (nats / example)", .logy = true};
  const std::string png =
      plot::lines(out, fig,
                  {{.label = "train", .x = epochs, .y = train},
                   {.label = "test", .x = epochs, .y = test, .style = "linespoints", .dashed = true}});
  check_figure(dir, fig, png);
  const std::string gp = slurp(dir / "loss.gp");
  CHECK(contains(gp, "set logscale y"));
  CHECK(contains(gp, "title \"train\""));
  CHECK(contains(gp, "#0072B2"));  // Okabe-Ito blue first
  const std::string dat = slurp(dir / "loss.dat");
  CHECK(contains(dat, "# test: x y"));

  SUBCASE("the script redraws the picture on its own, from inside the folder") {
    if (!plot::gnuplot_available()) return;
    fs::remove(png);
    const std::string cmd = "cd '" + dir.str() + "' && gnuplot loss.gp > /dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    check_png(png, fig.width, fig.height);
  }
}

TEST_CASE("scatter: one color and legend entry per class present") {
  TempDir dir("plot_scatter", false);
  const int n = 300;
  Tensor xy(n, 2);
  std::vector<int> labels(n);
  for (int i = 0; i < n; ++i) {
    labels[i] = i % 3 == 2 ? 4 : i % 3;  // classes 0, 1, 4: classes 2 and 3 are absent
    const double a = 0.05 * i;
    xy(i, 0) = static_cast<float>(std::cos(a) * (1 + labels[i]));
    xy(i, 1) = static_cast<float>(std::sin(a) * (1 + labels[i]));
  }
  const plot::Figure fig{.name = "codes", .title = "Codes h = f(x)", .xlabel = "h₁", .ylabel = "h₂",
                         .equal_axes = true};
  check_figure(dir, fig, plot::scatter({dir.str()}, fig, xy, labels, {"zero", "one", "two", "three", "four"}));
  const std::string gp = slurp(dir / "codes.gp");
  CHECK(contains(gp, "title \"zero\""));
  CHECK(contains(gp, "title \"four\""));
  CHECK(!contains(gp, "title \"two\""));
  CHECK(contains(gp, "set size ratio -1"));

  SUBCASE("without labels, and colored by a value") {
    const plot::Figure plain{.name = "plain", .title = "Points"};
    check_figure(dir, plain, plot::scatter({dir.str()}, plain, xy));
    std::vector<double> t(n);
    for (int i = 0; i < n; ++i) t[i] = 0.05 * i;
    const plot::Figure valued{.name = "valued", .title = "Colored by t", .zlabel = "t"};
    check_figure(dir, valued, plot::scatter_values({dir.str()}, valued, xy, t));
    CHECK(contains(slurp(dir / "valued.gp"), "lc palette"));
  }
  SUBCASE("shapes are checked") {
    CHECK_THROWS_AS(plot::scatter({dir.str()}, fig, Tensor(3, 3)), ShapeError);
    CHECK_THROWS_AS(plot::scatter({dir.str()}, fig, xy, std::vector<int>(5, 0)), ShapeError);
    CHECK_THROWS_AS(plot::scatter_values({dir.str()}, fig, xy, {1.0}), ShapeError);
  }
}

TEST_CASE("field: arrows with an overlaid curve") {
  TempDir dir("plot_field", false);
  const int g = 9;
  Tensor from(g * g, 2), delta(g * g, 2);
  for (int i = 0; i < g; ++i)
    for (int j = 0; j < g; ++j) {
      const float x = -1.f + 2.f * j / (g - 1), y = -1.f + 2.f * i / (g - 1);
      const float r = std::sqrt(x * x + y * y) + 1e-6f;
      from(i * g + j, 0) = x, from(i * g + j, 1) = y;
      delta(i * g + j, 0) = 0.15f * x * (0.6f / r - 1), delta(i * g + j, 1) = 0.15f * y * (0.6f / r - 1);
    }
  std::vector<double> cx, cy;
  for (int k = 0; k <= 100; ++k) cx.push_back(0.6 * std::cos(0.0628 * k)), cy.push_back(0.6 * std::sin(0.0628 * k));
  const plot::Figure fig{.name = "field", .title = "r(x) − x points toward the manifold", .xlabel = "x₁",
                         .ylabel = "x₂", .equal_axes = true};
  check_figure(dir, fig, plot::field({dir.str()}, fig, {{from, delta, "r(x) − x"}},
                                     {{.label = "manifold", .x = cx, .y = cy}}));
  CHECK(contains(slurp(dir / "field.gp"), "with vectors"));
  CHECK_THROWS_AS(plot::field({dir.str()}, fig, {{from, Tensor(2, 2), ""}}), ShapeError);
}

TEST_CASE("heatmap: z(i, j) at (x0 + j dx, y0 + i dy)") {
  TempDir dir("plot_heatmap", false);
  const int ny = 40, nx = 60;
  Tensor z(ny, nx);
  for (int i = 0; i < ny; ++i)
    for (int j = 0; j < nx; ++j) {
      const double x = -3 + 6.0 * j / (nx - 1), y = -2 + 4.0 * i / (ny - 1);
      z(i, j) = static_cast<float>(std::exp(-(x * x + 4 * y * y) / 4));
    }
  const plot::Figure fig{.name = "density", .title = "Density", .xlabel = "x₁", .ylabel = "x₂", .zlabel = "p(x)"};
  check_figure(dir, fig, plot::heatmap({dir.str()}, fig, z, -3, 3, -2, 2,
                                       {{.label = "path", .x = {-2, 0, 2}, .y = {-1, 0, 1}, .style = "linespoints"}}));
  const std::string dat = slurp(dir / "density.dat");
  CHECK(contains(dat, "\n-3 -2 "));  // z(0, 0) is at (x0, y0)
  CHECK_THROWS_AS(plot::heatmap({dir.str()}, fig, Tensor(1, 5), 0, 1, 0, 1), ShapeError);
  CHECK_THROWS_AS(plot::heatmap({dir.str()}, fig, z, 1, 0, 0, 1), std::invalid_argument);
}

TEST_CASE("histogram: normalized as a density, with p(x) over it") {
  TempDir dir("plot_histogram", false);
  std::vector<double> v;
  for (int i = 1; i < 2000; ++i) v.push_back(std::sqrt(-2 * std::log(i / 2000.0)) * std::cos(2.39996 * i));
  const plot::Figure fig{.name = "hist", .title = "Samples", .xlabel = "x", .ylabel = "density"};
  const auto normal = [](double x) { return std::exp(-x * x / 2) / std::sqrt(2 * M_PI); };
  check_figure(dir, fig, plot::histogram({dir.str()}, fig, v, 30, normal, "N(0, 1)"));
  // The bars' areas sum to 1: sum of density * width over the 30 bins.
  std::istringstream dat(slurp(dir / "hist.dat"));
  std::string line;
  std::vector<double> centers, heights;
  while (std::getline(dat, line) && !line.empty()) {
    if (line[0] == '#') continue;
    double c, d;
    int n;
    std::istringstream(line) >> c >> d >> n;
    centers.push_back(c), heights.push_back(d);
  }
  REQUIRE(centers.size() == 30);
  double area = 0;
  for (double d : heights) area += d * (centers[1] - centers[0]);
  CHECK(area == doctest::Approx(1.0).epsilon(1e-4));
  CHECK(contains(slurp(dir / "hist.gp"), "title \"N(0, 1)\""));
  CHECK_THROWS_AS(plot::histogram({dir.str()}, fig, {}, 10), std::invalid_argument);
}

TEST_CASE("image_grid: gnuplot picture plus NAME_grid.png from stb") {
  TempDir dir("plot_grid", false);
  const int n = 12, h = 8, w = 8;
  Tensor images(n, h * w);
  for (int k = 0; k < n; ++k)
    for (int i = 0; i < h; ++i)
      for (int j = 0; j < w; ++j) images(k, i * w + j) = (i + j) % (k % 4 + 2) == 0 ? 1.f : 0.1f * (k % 5);
  const plot::Figure fig{.name = "grid", .title = "Originals and reconstructions", .width = 900, .height = 500};
  // 900 pixels wide; the 58 x 18 canvas fills 900 - (24 + 9 * 11) - 10 = 767 pixels, so 238 high, plus 54 of
  // margins: the height fits the grid, whatever Figure::height says.
  check_figure(dir, fig, plot::image_grid({dir.str()}, fig, images, h, w, 6, {"x", "r = g(f(x))"}), 238 + 54);
  const Tensor canvas = tile_images(images, h, w, 6);
  const Tensor grid = read_png_gray(dir / "grid_grid.png");
  const int up = grid.rows() / canvas.rows();
  CHECK(up >= 1);
  CHECK(grid.rows() == up * canvas.rows());
  CHECK(grid.cols() == up * canvas.cols());
  CHECK((std::max(grid.rows(), grid.cols()) >= 512 || up == 8));
  CHECK(grid(up * (h + 2) + 1, up * (w + 2) + 1) == doctest::Approx(canvas(h + 2, w + 2)).epsilon(0.01));
  CHECK(contains(slurp(dir / "grid.gp"), "\"r = g(f(x))\""));
  CHECK_THROWS_AS(plot::image_grid({dir.str()}, fig, images, h, w, 6, {"only one label"}), std::invalid_argument);
}

TEST_CASE("panels: several plots in one picture, one data file per panel") {
  TempDir dir("plot_panels", false);
  const int n = 200;
  Tensor a(n, 2), b(n, 2);
  std::vector<int> labels(n);
  for (int i = 0; i < n; ++i) {
    labels[i] = i % 4;
    a(i, 0) = static_cast<float>(labels[i] + 0.3 * std::cos(i)), a(i, 1) = static_cast<float>(0.3 * std::sin(i));
    b(i, 0) = static_cast<float>(std::cos(1.57 * labels[i]) + 0.2 * std::cos(i)),
    b(i, 1) = static_cast<float>(std::sin(1.57 * labels[i]) + 0.2 * std::sin(i));
  }
  Tensor faces(4, 16);
  for (int k = 0; k < 4; ++k)
    for (int p = 0; p < 16; ++p) faces(k, p) = (p + k) % 3 == 0 ? 1.f : 0.f;
  const plot::Figure fig{.name = "codes", .title = "Codes of the test set", .width = 1500, .height = 500};
  const std::string png = plot::panels(
      {dir.str()}, fig,
      {[&](const plot::Output& o) { plot::scatter(o, {.title = "PCA", .xlabel = "h₁", .ylabel = "h₂"}, a, labels); },
       [&](const plot::Output& o) {
         plot::scatter(o, {.title = "autoencoder", .xlabel = "h₁", .equal_axes = true}, b, labels);
       },
       [&](const plot::Output& o) { plot::image_grid(o, {.title = "inputs"}, faces, 4, 4, 2); }});
  CHECK(png == dir / "codes.png");
  CHECK(fs::exists(dir / "codes.p2.dat"));
  CHECK(fs::exists(dir / "codes.p3.dat"));
  CHECK(!fs::exists(dir / "codes.dat"));
  CHECK(!fs::exists(dir / "_grid.png"));
  const std::string gp = slurp(dir / "codes.gp");
  CHECK(contains(gp, "set multiplot layout 1,3"));
  CHECK(contains(gp, "data = \"codes.p2.dat\""));
  CHECK(contains(gp, "title \"autoencoder\""));
  CHECK(!contains(gp, dir.str()));
  if (plot::gnuplot_available()) check_png(png, 1500, 500);

  SUBCASE("each panel must draw exactly one plot") {
    CHECK_THROWS_AS(plot::panels({dir.str()}, {.name = "bad"}, {[](const plot::Output&) {}}), std::invalid_argument);
    CHECK_THROWS_AS(plot::panels({dir.str()}, {.name = "none"}, {}), std::invalid_argument);
  }
}

TEST_CASE("svg and pdf outputs") {
  TempDir dir("plot_formats", false);
  const plot::Figure fig{.name = "curve", .title = "y = x²", .xlabel = "x", .ylabel = "y"};
  std::vector<double> x = range(20, 0.1), y;
  for (double v : x) y.push_back(v * v);
  for (const std::string format : {"svg", "pdf"}) {
    CAPTURE(format);
    const std::string path = plot::lines({dir.str(), format}, fig, {{.label = "x²", .x = x, .y = y}});
    CHECK(path == dir / ("curve." + format));
    if (!plot::gnuplot_available()) continue;
    const std::string head = slurp(path).substr(0, 200);
    CHECK(contains(head, format == "svg" ? "<svg" : "%PDF"));
  }
  CHECK_THROWS_AS(plot::lines({dir.str(), "jpeg"}, fig, {{.label = "", .x = x, .y = y}}), std::invalid_argument);
}

TEST_CASE("without gnuplot (or with render = false) only NAME.gp and NAME.dat are written") {
  TempDir dir("plot_nognuplot", false);
  const plot::Figure fig{.name = "quiet", .title = "t"};
  const std::vector<plot::Series> s{{.label = "a", .x = {0, 1, 2}, .y = {1, 0, 1}}};
  SUBCASE("gnuplot missing: one warning, no exception") {
    ::setenv("AE_GNUPLOT", "/nonexistent/gnuplot", 1);
    CHECK(!plot::gnuplot_available());
    CHECK_NOTHROW(plot::lines({dir.str()}, fig, s));
    ::unsetenv("AE_GNUPLOT");
  }
  SUBCASE("render = false") { CHECK_NOTHROW(plot::lines({dir.str(), "png", false}, fig, s)); }
  CHECK(fs::exists(dir / "quiet.gp"));
  CHECK(fs::exists(dir / "quiet.dat"));
  CHECK(!fs::exists(dir / "quiet.png"));
}

TEST_CASE("bad names, folders and data fail with clear errors") {
  TempDir dir("plot_errors", false);
  const std::vector<plot::Series> s{{.label = "a", .x = {0, 1}, .y = {1, 0}}};
  CHECK_THROWS_AS(plot::lines({dir.str()}, {.name = "a/b"}, s), std::invalid_argument);
  CHECK_THROWS_AS(plot::lines({dir.str()}, {.name = ""}, s), std::invalid_argument);
  CHECK_THROWS_AS(plot::lines({dir.str()}, {.name = "empty"}, {{.label = "none"}}), std::invalid_argument);
  CHECK_THROWS_AS(plot::lines({dir.str()}, {.name = "ragged"}, {{.label = "r", .x = {1, 2}, .y = {1}}}),
                  std::invalid_argument);
  CHECK_THROWS_AS(plot::lines({dir.str()}, {.name = "style"}, {{.label = "r", .x = {1}, .y = {1}, .style = "bars"}}),
                  std::invalid_argument);
  fs::create_directories(dir.path);
  { std::ofstream(dir / "file") << "x"; }
  const std::string bad = dir / "file/figures";  // its parent is a file: cannot be created
  try {
    plot::lines({bad}, {.name = "x"}, s);
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(contains(e.what(), bad));
  }
}

TEST_CASE("titles are quoted verbatim for gnuplot") {
  TempDir dir("plot_quote", false);
  const plot::Figure fig{.name = "quoted", .title = "a \"quoted\" back\\slash @macro ‖r − x‖²"};
  check_figure(dir, fig, plot::lines({dir.str()}, fig, {{.label = "σ = 0.1", .x = {0, 1}, .y = {0, 1}}}));
}
