#include "figures.hpp"

#include <algorithm>
#include <iostream>

#include "plot/plot.hpp"

namespace ch14_9 {

using ae::Tensor;

namespace {

ae::plot::Output output(const ae::CommonOptions& opt) { return {opt.out, opt.format}; }

/// Copies row `src` of `from` into row `dst` of `to`, clamped to [0, 1] (PCA's reconstructions leave it).
void put_row(Tensor& to, int dst, const Tensor& from, int src) {
  std::transform(from.row(src), from.row(src) + from.cols(), to.row(dst),
                 [](float v) { return std::clamp(v, 0.f, 1.f); });
}

constexpr int kShown = 10;  // images per figure row

/// "Fashion-MNIST" or "MNIST", for titles.
std::string display_name(const std::string& dataset) { return dataset == "mnist" ? "MNIST" : "Fashion-MNIST"; }

}  // namespace

void reconstruction_rows(const ae::CommonOptions& opt, const std::string& name, const std::string& dataset,
                         const Tensor& X, const Tensor& R_deep, const Tensor& R_pca, ae::Rng& rng) {
  const int n = std::min(kShown, X.rows());
  const std::vector<int> pick = rng.permutation(X.rows());
  Tensor grid(3 * n, X.cols());
  for (int i = 0; i < n; ++i) {
    put_row(grid, i, X, pick[static_cast<std::size_t>(i)]);
    put_row(grid, n + i, R_deep, pick[static_cast<std::size_t>(i)]);
    put_row(grid, 2 * n + i, R_pca, pick[static_cast<std::size_t>(i)]);
  }
  ae::plot::image_grid(output(opt),
                       {.name = name,
                        .title = display_name(dataset) + ": test images and their 30-D reconstructions",
                        .width = 900,
                        .height = 360},
                       grid, 28, 28, n, {"original", "deep AE", "PCA"});
}

void code_scatters(const ae::CommonOptions& opt, const std::string& dataset, const Tensor& Z_ae, const Tensor& Z_pca,
                   const std::vector<int>& labels) {
  const int n = std::min(5000, Z_ae.rows());  // enough to see the classes, few enough to see the points
  const std::vector<int> shown(labels.begin(), labels.begin() + n);
  const std::vector<std::string> classes = ae::class_names(dataset);
  const ae::plot::Output out = output(opt);
  ae::plot::scatter(out,
                    {.name = "14_9_code2d_ae_" + dataset,
                     .title = display_name(dataset) + ": deep autoencoder 784-1000-500-250-2",
                     .xlabel = "h₁",
                     .ylabel = "h₂",
                     .legend = "outside right"},
                    Z_ae.rows_slice(0, n), shown, classes);
  ae::plot::scatter(out,
                    {.name = "14_9_code2d_pca_" + dataset,
                     .title = display_name(dataset) + ": first two principal components",
                     .xlabel = "h₁",
                     .ylabel = "h₂",
                     .legend = "outside right"},
                    Z_pca.rows_slice(0, n), shown, classes);
}

void precision_recall_figure(const ae::CommonOptions& opt, const std::string& name, int bits,
                             const PrecisionRecall& hash, const PrecisionRecall& lsh, const PrecisionRecall& pixel) {
  const auto series = [](const std::string& label, const PrecisionRecall& pr) {
    return ae::plot::Series{.label = label, .x = pr.recall(), .y = pr.precision(), .style = "linespoints"};
  };
  const std::string b = std::to_string(bits);
  ae::plot::lines(
      output(opt),
      {.name = name,
       .title = "Retrieval of same-class images",
       .xlabel = "recall",
       .ylabel = "precision",
       .logx = true,
       .yrange = ae::plot::Range{0, 1},
       .legend = "bottom left"},
      {series("semantic hashing, " + b + " bits", hash), series("random hyperplanes (LSH), " + b + " bits", lsh),
       series("exact neighbours in pixel space", pixel)});
}

void query_figure(const ae::CommonOptions& opt, const std::string& name, const ae::ImageSet& db,
                  const ae::ImageSet& queries, const std::vector<std::vector<int>>& hash_top,
                  const std::vector<std::vector<int>>& lsh_top, const std::vector<std::vector<int>>& pixel_top) {
  // The first queries of four different classes.
  std::vector<int> chosen, seen;
  for (int q = 0; q < queries.n && chosen.size() < 4; ++q)
    if (std::find(seen.begin(), seen.end(), queries.labels[static_cast<std::size_t>(q)]) == seen.end()) {
      chosen.push_back(q);
      seen.push_back(queries.labels[static_cast<std::size_t>(q)]);
    }
  const int cols = 1 + kShown;
  Tensor grid(static_cast<int>(chosen.size()) * 3 * cols, db.dim(), 1.f);
  std::vector<std::string> row_labels;
  int row = 0;
  for (int q : chosen)
    for (const auto* top : {&hash_top, &lsh_top, &pixel_top}) {
      row_labels.push_back(top == &hash_top ? "hash" : top == &lsh_top ? "LSH" : "pixels");
      put_row(grid, row * cols, queries.rows(q, q + 1), 0);
      const std::vector<int>& items = (*top)[static_cast<std::size_t>(q)];
      for (int j = 0; j < kShown && j < static_cast<int>(items.size()); ++j)
        put_row(grid, row * cols + 1 + j, db.batch({items[static_cast<std::size_t>(j)]}), 0);
      ++row;
    }
  if (chosen.empty()) return;
  ae::plot::image_grid(
      output(opt),
      {.name = name, .title = "query (left) and its 10 nearest retrieved images", .width = 800, .height = 900}, grid,
      28, 28, cols, row_labels);
}

void code_histogram(const ae::CommonOptions& opt, const std::string& name, const Tensor& h) {
  ae::plot::histogram(output(opt),
                      {.name = name,
                       .title = "Code units on test images",
                       .xlabel = "output of a code unit (sigmoid, no noise)",
                       .ylabel = "density"},
                      std::vector<double>(h.begin(), h.end()), 50);
}

}  // namespace ch14_9
