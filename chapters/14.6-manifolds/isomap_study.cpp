#include "isomap_study.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iostream>
#include <limits>
#include <numeric>

#include "data/synthetic.hpp"
#include "image/image.hpp"
#include "linalg/local_pca.hpp"
#include "linalg/mds.hpp"
#include "translation.hpp"
#include "util/files.hpp"

namespace ch14_6 {

using namespace ae;

namespace {

std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<int> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](int a, int b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
    for (std::size_t t = i; t <= j; ++t) r[idx[t]] = 0.5 * (i + j);  // ties share their average rank
    i = j + 1;
  }
  return r;
}

std::vector<double> column(const Tensor& Y, int c) {
  std::vector<double> v(Y.rows());
  for (int i = 0; i < Y.rows(); ++i) v[i] = Y(i, c);
  return v;
}

// The graph's edges as one line series: a segment per edge, separated by NaN points (gnuplot breaks the line).
plot::Series edges_series(const Tensor& Y, const std::vector<std::vector<int>>& nb) {
  plot::Series s{.label = "k-NN graph", .style = "lines", .color = 8};
  const double gap = std::numeric_limits<double>::quiet_NaN();
  for (int i = 0; i < Y.rows(); ++i)
    for (int j : nb[i]) {
      if (j == i) continue;
      s.x.insert(s.x.end(), {Y(i, 0), Y(j, 0), gap});
      s.y.insert(s.y.end(), {Y(i, 1), Y(j, 1), gap});
    }
  return s;
}

plot::Series points_series(const Tensor& Y) {
  plot::Series s{.label = "images", .style = "points", .color = 0};
  for (int i = 0; i < Y.rows(); ++i) s.x.push_back(Y(i, 0)), s.y.push_back(Y(i, 1));
  return s;
}

// Thumbnails of the images at their embedding coordinates, on a white canvas (each a black frame, so that the
// object's position inside it shows); a thumbnail is skipped when it would cover one already placed.
// `extent` receives the embedding coordinates of the canvas' pixel centres: x of the first and last column, y of
// the bottom and top row.
Tensor thumbnail_canvas(const Tensor& Y, const Tensor& images, int size, int max_thumbs, Rng& rng,
                        std::array<double, 4>& extent) {
  const int W = 600, margin = size;
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  for (int i = 0; i < Y.rows(); ++i) {
    x0 = std::min(x0, double(Y(i, 0))), x1 = std::max(x1, double(Y(i, 0)));
    y0 = std::min(y0, double(Y(i, 1))), y1 = std::max(y1, double(Y(i, 1)));
  }
  const double scale = (W - 2 * margin) / std::max(x1 - x0, 1e-12);
  const int H = std::max(3 * size, static_cast<int>((y1 - y0) * scale) + 2 * margin);
  Tensor canvas(H, W, 1.f);
  // Column j shows x = x0 + (j - margin) / scale; row i (from the top) shows y = y0 + (H - margin - i) / scale.
  extent = {x0 - margin / scale, x0 + (W - 1 - margin) / scale, y0 + (1 - margin) / scale, y0 + (H - margin) / scale};
  std::vector<std::pair<int, int>> placed;
  for (int i : rng.permutation(Y.rows())) {
    if (static_cast<int>(placed.size()) >= max_thumbs) break;
    const int cx = margin + static_cast<int>((Y(i, 0) - x0) * scale) - size / 2;
    const int cy = H - margin - static_cast<int>((Y(i, 1) - y0) * scale) - size / 2;  // y up
    bool overlaps = false;
    for (auto [px, py] : placed) overlaps |= std::abs(px - cx) < size + 2 && std::abs(py - cy) < size + 2;
    if (overlaps) continue;
    placed.emplace_back(cx, cy);
    for (int r = 0; r < size; ++r)
      for (int c = 0; c < size; ++c) {
        const int yy = cy + r, xx = cx + c;
        if (yy >= 0 && yy < H && xx >= 0 && xx < W) canvas(yy, xx) = images(i, r * size + c);  // whole frame
      }
  }
  return canvas;
}

}  // namespace

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  const std::vector<double> ra = ranks(a), rb = ranks(b);
  const double n = static_cast<double>(a.size()), mean = (n - 1) / 2;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) * (ra[i] - mean);
    sbb += (rb[i] - mean) * (rb[i] - mean);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

IsomapResult isomap_study(const plot::Output& out, const Tensor& image, const IsomapSpec& spec, Rng& rng) {
  const int size = 28, n = spec.n;
  Tensor X(n, size * size);
  std::vector<double> dx(n);
  for (int i = 0; i < n; ++i) {
    dx[i] = rng.uniform(-spec.dx_max, spec.dx_max);
    const Tensor im = translate_image(image, size, rng.uniform(-spec.dy_max, spec.dy_max), dx[i]);
    std::copy(im.begin(), im.end(), X.row(i));
  }

  // Linear view: the two leading principal components. Images shifted far apart share no pixels, so their
  // Euclidean distances saturate and the manifold curls up in any linear projection.
  const Tensor Z = pca_project_2d(X);
  // Isomap: geodesic distances along the k-NN graph, then classical MDS.
  const Tensor Y = isomap(X, spec.k, 2);

  IsomapResult res;
  res.isomap_spearman = std::fabs(spearman(column(Y, 0), dx));
  res.pca_spearman = std::fabs(spearman(column(Z, 0), dx));

  std::vector<std::vector<int>> nb(n);
  for (int i = 0; i < n; ++i) nb[i] = nearest_rows(X, X.rows_slice(i, i + 1), spec.k + 1);  // itself + k
  plot::lines(out, {.name = "14_6_knn_graph", .title = "Fig. 14.8: the k-NN graph, drawn on the 2 leading PCs",
                    .xlabel = "PC 1", .ylabel = "PC 2", .width = 800, .height = 700, .legend = "bottom left",
                    .book_figure = "14.8"},
              {edges_series(Z, nb), points_series(Z)});
  plot::lines(out, {.name = "14_6_isomap", .title = "Isomap embedding of the same graph", .xlabel = "Isomap 1",
                    .ylabel = "Isomap 2", .width = 800, .height = 700, .legend = "off",  // same key as above
                    .book_figure = "14.8"},
              {edges_series(Y, nb), points_series(Y)});
  std::array<double, 4> ext{};
  const Tensor canvas = thumbnail_canvas(Y, X, size, spec.thumbnails, rng, ext);
  plot::gray_image(out, {.name = "14_6_isomap_thumbnails", .title = "Isomap embedding: images at their coordinates",
                         .xlabel = "Isomap 1", .ylabel = "Isomap 2", .width = 900, .height = 760, .equal_axes = true,
                         .caption = "Isomap of translated images, each shown as a thumbnail at its 2-D embedding",
                         .book_figure = "14.8"},
                   canvas, ext[0], ext[1], ext[2], ext[3]);
  return res;
}

}  // namespace ch14_6
