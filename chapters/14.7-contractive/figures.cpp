#include "figures.hpp"

#include <algorithm>

#include "image/image.hpp"
#include "linalg/local_pca.hpp"
#include "linalg/svd.hpp"
#include "nn/contractive.hpp"

namespace ch14_7 {

namespace plot = ae::plot;

namespace {
/// Appends the rows of `src` to `dst` (both with the same number of columns).
void append_rows(std::vector<float>& dst, const Tensor& src) { dst.insert(dst.end(), src.begin(), src.end()); }

/// Column c of A (D, k) as a (1, D) row.
Tensor column(const Tensor& A, int c) {
  Tensor v(1, A.rows());
  for (int i = 0; i < A.rows(); ++i) v[static_cast<std::size_t>(i)] = A(i, c);
  return v;
}
}  // namespace

void plot_spectra(const plot::Output& out, const std::vector<std::string>& names,
                  const std::vector<std::vector<double>>& spectra) {
  std::vector<plot::Series> series;
  for (std::size_t m = 0; m < names.size(); ++m) {
    plot::Series s{.label = names[m]};
    for (std::size_t k = 0; k < spectra[m].size(); ++k) {
      s.x.push_back(static_cast<double>(k + 1));
      s.y.push_back(std::max(spectra[m][k], 1e-5));
    }
    series.push_back(s);
  }
  const double last = static_cast<double>(spectra[0].size());
  series.push_back({.label = "σ_k = 1", .x = {1.0, last}, .y = {1.0, 1.0}, .color = 7, .dashed = true});
  // Values below 1e-4 are numerically zero directions (units saturated at every test point): cut them off. The
  // axis goes up to 100 so that the legend sits top right, above σ = 1 at high ranks, where the curves do not go.
  plot::lines(out, {.name = "14_7_jacobian_spectrum", .title = "Singular values of the encoder Jacobian ∂f/∂x",
                    .xlabel = "rank k", .ylabel = "σ_k (mean over test images)", .logy = true,
                    .xrange = plot::Range{1, last}, .yrange = plot::Range{1e-4, 100}, .legend = "top right"},
              series);
}

void plot_code_histograms(const plot::Output& out, const std::vector<std::string>& names,
                          const std::vector<Tensor>& codes) {
  constexpr int bins = 40;
  std::vector<plot::Series> series;
  for (std::size_t m = 0; m < names.size(); ++m) {
    std::vector<double> count(bins, 0.0);
    for (float h : codes[m])
      count[static_cast<std::size_t>(std::clamp(static_cast<int>(h * bins), 0, bins - 1))] += 1.0;
    plot::Series s{.label = names[m], .style = "linespoints"};
    for (int b = 0; b < bins; ++b) {
      s.x.push_back((b + 0.5) / bins);
      s.y.push_back(std::max(count[static_cast<std::size_t>(b)] / static_cast<double>(codes[m].size()), 1e-5));
    }
    series.push_back(s);
  }
  plot::lines(out, {.name = "14_7_code_histogram", .title = "Code values h = f(x) on test images",
                    .xlabel = "h", .ylabel = "fraction of units", .logy = true, .legend = "top center"},
              series);
}

void plot_tangent_images(const plot::Output& out, const ShallowAe& cae, const Tensor& X_train, const Tensor& X_show,
                         int k_neighbours, int n_vectors) {
  std::vector<float> pixels;
  std::vector<std::string> labels;
  for (int i = 0; i < X_show.rows(); ++i) {
    const Tensor x = X_show.rows_slice(i, i + 1);
    // Row 1: the image, then the input directions the CAE's code is most sensitive to (J = U S V^T).
    const ae::Svd s = ae::svd(ae::sigmoid_encoder_jacobian(cae.enc, x));
    append_rows(pixels, x);
    for (int c = 0; c < n_vectors; ++c) append_rows(pixels, ae::signed_to_gray(column(s.V, c)));
    labels.push_back("CAE");
    // Row 2: the image, then the principal directions of its nearest training images.
    const Tensor P = ae::local_pca_tangent(X_train, x, k_neighbours, n_vectors);
    append_rows(pixels, x);
    for (int c = 0; c < n_vectors; ++c) append_rows(pixels, ae::signed_to_gray(column(P, c)));
    labels.push_back("local PCA");
  }
  const int cols = n_vectors + 1;
  const Tensor grid = Tensor::from_vector(static_cast<int>(pixels.size()) / X_show.cols(), X_show.cols(), pixels);
  std::vector<std::string> headers{"image"};
  for (int c = 1; c <= n_vectors; ++c) headers.push_back("tangent " + std::to_string(c));
  plot::image_grid(out, {.name = "14_7_tangents", .title = "Figure 14.10: estimated tangent vectors",
                         .width = 900, .caption = "Leading tangent vectors: the CAE's Jacobian beside local PCA",
                         .book_figure = "14.10"},
                   grid, 28, 28, cols, labels, headers);
}

void plot_shift_tangents(const plot::Output& out, const Tensor& x, const Tensor& T_true,
                         const std::vector<std::string>& names, const std::vector<Tensor>& planes) {
  std::vector<float> pixels;
  std::vector<std::string> labels{"truth"};
  append_rows(pixels, x);
  for (int c = 0; c < 2; ++c) append_rows(pixels, ae::signed_to_gray(column(T_true, c)));
  for (std::size_t m = 0; m < planes.size(); ++m) {
    // Each estimate is only a plane (its basis is arbitrary): show the true tangents projected onto it.
    const Tensor& Q = planes[m];  // (784, 2) orthonormal
    const Tensor P = matmul(Q, matmul(Q, T_true, true, false));
    append_rows(pixels, x);
    for (int c = 0; c < 2; ++c) append_rows(pixels, ae::signed_to_gray(column(P, c)));
    labels.push_back(names[m]);
  }
  const Tensor grid = Tensor::from_vector(static_cast<int>(pixels.size()) / x.cols(), x.cols(), pixels);
  plot::image_grid(out, {.name = "14_7_shift_tangents", .title = "True tangents, projected on each estimate",
                         .width = 700},
                   grid, 28, 28, 3, labels);
}

void plot_tangent_angles(const plot::Output& out, const std::vector<TangentResult>& results) {
  plot::Series cae{.label = "CAE (leading singular vectors of J)", .style = "linespoints"};
  plot::Series pca{.label = "local PCA (k nearest training images)", .style = "linespoints"};
  plot::Series plain{.label = "plain autoencoder (same size)", .style = "linespoints", .dashed = true};
  for (const TangentResult& r : results) {
    for (plot::Series* s : {&cae, &pca, &plain}) s->x.push_back(r.n_train);
    cae.y.push_back(r.cae_deg);
    pca.y.push_back(r.local_pca_deg);
    plain.y.push_back(r.plain_deg);
  }
  plot::lines(out,
              {.name = "14_7_tangent_angles",
               .title = "Tangent plane of a 2-D translation manifold",
               .xlabel = "training images",
               .ylabel = "largest principal angle to the true plane (degrees)",
               .logx = true,
               .xrange = plot::Range{15, 2500},
               .yrange = plot::Range{0, 90},
               .legend = "right center"},
              {cae, pca, plain});
}

void plot_scale_trap(const plot::Output& out, const TrapHistory& untied, const TrapHistory& tied,
                     const RescaleCurve& untied_rescaled, const RescaleCurve& tied_rescaled) {
  auto curve = [](const std::vector<double>& x, const std::vector<double>& y, const std::string& label, int color) {
    return plot::Series{.label = label, .x = x, .y = y, .color = color};
  };
  std::vector<double> epochs;
  for (std::size_t e = 0; e < untied.penalty.size(); ++e) epochs.push_back(static_cast<double>(e + 1));
  const plot::Range eps_range{untied_rescaled.eps.front(), untied_rescaled.eps.back()};
  const std::string u = "untied: W → εW, V → V/ε", t = "tied: W → εW, V = Wᵀ";
  plot::panels(out,
               {.name = "14_7_scale_trap", .title = "The scale trap of a linear CAE", .width = 1300, .height = 1000},
               {[&](const plot::Output& o) {
                  plot::lines(o,
                              {.title = "rescaling the trained models: penalty",
                               .xlabel = "ε",
                               .ylabel = "‖∂f/∂x‖²_F",
                               .logx = true,
                               .logy = true,
                               .xrange = eps_range,
                               .yrange = plot::Range{1e-4, 1e3},
                               .legend = "top left"},
                              {curve(untied_rescaled.eps, untied_rescaled.penalty, u, 1),
                               curve(tied_rescaled.eps, tied_rescaled.penalty, t, 0)});
                },
                [&](const plot::Output& o) {
                  plot::lines(o,
                              {.title = "rescaling: reconstruction error",
                               .xlabel = "ε",
                               .ylabel = "‖x − r‖² per test image",
                               .logx = true,
                               .logy = true,
                               .xrange = eps_range,
                               .legend = "top right"},
                              {curve(untied_rescaled.eps, untied_rescaled.sqerr, u, 1),
                               curve(tied_rescaled.eps, tied_rescaled.sqerr, t, 0)});
                },
                [&](const plot::Output& o) {
                  plot::lines(o, {.title = "training: penalty", .xlabel = "epoch", .ylabel = "‖∂f/∂x‖²_F",
                                  .logy = true, .legend = "top right"},
                              {curve(epochs, untied.penalty, "untied decoder V", 1),
                               curve(epochs, tied.penalty, "tied decoder V = Wᵀ", 0)});
                },
                [&](const plot::Output& o) {
                  plot::lines(o, {.title = "training: reconstruction error", .xlabel = "epoch",
                                  .ylabel = "‖x − r‖² per test image", .legend = "top right"},
                              {curve(epochs, untied.sqerr, "untied decoder V", 1),
                               curve(epochs, tied.sqerr, "tied decoder V = Wᵀ", 0)});
                }},
               2);
}

}  // namespace ch14_7
