#include "figures.hpp"

#include <algorithm>
#include <cmath>

#include "dae2d.hpp"

namespace ch14_5 {

using namespace ae;

namespace {

plot::Series curve_series(const Tensor& C, const std::string& label, const std::string& style, int color) {
  plot::Series s{.label = label, .style = style, .color = color};
  for (int i = 0; i < C.rows(); ++i) {
    s.x.push_back(C(i, 0));
    s.y.push_back(C(i, 1));
  }
  return s;
}

}  // namespace

float arrow_scale(const Tensor& V, double cell) {
  std::vector<double> len;
  for (int i = 0; i < V.rows(); ++i) len.push_back(std::hypot(V(i, 0), V(i, 1)));
  if (len.empty()) return 1.f;
  std::nth_element(len.begin(), len.begin() + len.size() * 95 / 100, len.end());
  const double p95 = len[len.size() * 95 / 100];
  return p95 > 0 ? static_cast<float>(cell / p95) : 1.f;
}

void plot_corruption(const plot::Output& out, const Autoencoder& dae, const Tensor& curve, const Tensor& X_clean,
                     float sigma, int per_point, Rng& rng) {
  std::vector<int> rep;
  for (int i = 0; i < X_clean.rows(); ++i)
    for (int c = 0; c < per_point; ++c) rep.push_back(i);
  const Tensor x_tilde = gather_rows(X_clean, rep) + rng.normal_tensor(static_cast<int>(rep.size()), 2, 0.f, sigma);
  const Tensor x_rep = gather_rows(X_clean, rep);
  std::vector<plot::Series> overlays{curve_series(curve, "data manifold", "lines", 7),
                                     curve_series(x_tilde, "x̃ ~ C(x̃ | x)", "points", 3),
                                     curve_series(X_clean, "x", "points", 1)};
  for (int i = 0; i < X_clean.rows(); ++i) {  // the circle |x_tilde - x| = sigma
    plot::Series c{.label = i == 0 ? "|x̃ − x| = σ" : "", .style = "lines", .color = 8, .dashed = true};
    for (int a = 0; a <= 48; ++a) {
      c.x.push_back(X_clean(i, 0) + sigma * std::cos(2 * 3.14159265358979 * a / 48));
      c.y.push_back(X_clean(i, 1) + sigma * std::sin(2 * 3.14159265358979 * a / 48));
    }
    overlays.push_back(c);
  }
  plot::field(out,
              {.name = "14_5_corruption", .title = "Fig. 14.4: corrupted x̃ and the learned g(f(x̃)) − x̃",
               .xlabel = "x₁", .ylabel = "x₂", .width = 800, .height = 800, .equal_axes = true,
               .legend = "below", .caption = "Corrupted points x̃ and the DAE's vectors g(f(x̃)) − x̃ back to the "
               "manifold", .book_figure = "14.4"},
              // As in the book: gray arrows x -> x̃ (the corruption), then the learned way back.
              {{.from = x_rep, .delta = x_tilde - x_rep, .label = "corruption x → x̃", .color = 8, .thin = true},
               {.from = x_tilde, .delta = displacement(dae, x_tilde), .label = "g(f(x̃)) − x̃", .color = 0}},
              overlays);
}

void plot_spiral_field(const plot::Output& out, const Autoencoder& dae, const Tensor& curve, const Tensor& X_train,
                       int grid) {
  // Arrows proportional to r(x) - x, as in the book, scaled so that only the longest 5% overlap a neighbour.
  const Tensor G = grid_2d(grid, -1.2, 1.2);
  Tensor V = displacement(dae, G);
  V *= arrow_scale(V, 2.4 / (grid - 1));
  plot::field(out,
              {.name = "14_5_spiral_field", .title = "Fig. 14.5: the DAE's vector field, arrows ∝ r(x) − x",
               .xlabel = "x₁", .ylabel = "x₂", .width = 800, .height = 800, .equal_axes = true,
               .legend = "below", .caption = "A DAE's vector field r(x) − x around a 2-D spiral",
               .book_figure = "14.5"},
              {{.from = G, .delta = V, .label = "∝ r(x) − x"}},
              {curve_series(X_train.rows_slice(0, std::min(400, X_train.rows())), "training x", "points", 1),
               curve_series(curve, "spiral", "lines", 7)});
}

void plot_score_field(const plot::Output& out, const std::string& name, const std::string& title, const Tensor& G,
                      const Tensor& V, const Tensor& means, double lo, double hi) {
  plot::field(out,
              {.name = name, .title = title, .xlabel = "x₁", .ylabel = "x₂", .width = 700, .height = 700,
               .equal_axes = true, .xrange = plot::Range{lo, hi}, .yrange = plot::Range{lo, hi},
               .legend = "off"},
              {{.from = G, .delta = V, .label = ""}}, {curve_series(means, "mixture means", "points", 1)});
}

void plot_denoised(const plot::Output& out, const std::vector<std::string>& kinds,
                   const std::vector<ImageDaeResult>& results) {
  const int n = results.at(0).clean.rows(), D = results[0].clean.cols();
  Tensor rows(n * (1 + 2 * static_cast<int>(results.size())), D);
  std::vector<std::string> labels{"clean"};
  auto put = [&](const Tensor& block, int r) { std::copy(block.begin(), block.end(), rows.row(r * n)); };
  put(results[0].clean, 0);
  for (std::size_t k = 0; k < results.size(); ++k) {
    put(map(results[k].noisy, [](float v) { return std::clamp(v, 0.f, 1.f); }), 1 + 2 * static_cast<int>(k));
    put(results[k].denoised, 2 + 2 * static_cast<int>(k));
    // The row label names the corruption for a reader ("salt and pepper x̃"), not by its flag value.
    std::string kind = kinds[k];
    std::replace(kind.begin(), kind.end(), '_', ' ');
    if (kind == "salt pepper") kind = "salt and pepper";
    if (kind == "gaussian") kind = "Gaussian";
    labels.push_back(kind + " x̃");
    labels.push_back("g(f(x̃))");
  }
  plot::image_grid(out, {.name = "14_5_denoised_images", .title = "Denoising Fashion-MNIST test images"}, rows, 28,
                   28, n, labels);
}

void plot_walk(const plot::Output& out, const std::vector<Tensor>& history, const Tensor& X_end, const Tensor& curve,
               int trajectories) {
  std::vector<plot::Series> s{curve_series(curve, "spiral", "lines", 7),
                              curve_series(history.front(), "start (noise)", "points", 8),
                              curve_series(X_end, "r(x) after " + std::to_string(history.size() - 1) + " steps",
                                           "points", 0)};
  for (int p = 0; p < std::min(trajectories, history.front().rows()); ++p) {
    plot::Series path{.label = p == 0 ? "paths" : "", .style = "lines", .color = 1};
    for (const Tensor& h : history) {
      path.x.push_back(h(p, 0));
      path.y.push_back(h(p, 1));
    }
    s.push_back(path);
  }
  plot::lines(out,
              {.name = "14_5_walk", .title = "Walking the learned field: x ← x + α (r(x) − x) + √(2α) σ ε",
               .xlabel = "x₁", .ylabel = "x₂", .width = 800, .height = 800, .equal_axes = true,
               .legend = "bottom right"},
              s);
}

void plot_fig14_3(const ae::plot::Output& out) {
  namespace plot = ae::plot;
  // The book's layout: x at the bottom, corrupted upwards into x̃, encoded into h, decoded and compared with x in L.
  plot::diagram(out,
                {.name = "14_5_fig14_3", .title = "The computational graph of a denoising autoencoder",
                 .width = 900, .height = 640,
                 .caption = "Denoising autoencoder: x̃ ~ C(x̃ | x), h = f(x̃), loss L = −log p_decoder(x | h)",
                 .book_figure = "14.3"},
                {{.id = "x", .label = "{/:Bold x}", .x = 0, .y = 0},
                 {.id = "xt", .label = "{/:Bold x̃}", .x = 0, .y = 1.6},
                 {.id = "h", .label = "{/:Bold h}", .x = 1.6, .y = 2.9},
                 {.id = "L", .label = "L", .x = 3.2, .y = 1.6, .box = true}},
                {{.from = "x", .to = "xt", .label = "C({/:Bold x̃} | {/:Bold x})", .side = 0.75},
                 {.from = "xt", .to = "h", .label = "{/:Italic f}", .side = 0.3},
                 {.from = "h", .to = "L", .label = "{/:Italic g}", .side = 0.3},
                 {.from = "x", .to = "L", .side = 0}});
}

}  // namespace ch14_5
