// The figures of section 14.4 (see figures.hpp).
#include "figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "normal_quantile.hpp"

namespace ae::ch14_4 {

namespace {

std::vector<double> epochs_axis(std::size_t n) {
  std::vector<double> x;
  for (std::size_t i = 1; i <= n; ++i) x.push_back(static_cast<double>(i));
  return x;
}

/// Rows `rows` of `src` copied into `dst` starting at row `at`.
void put_rows(Tensor& dst, int at, const Tensor& src, int count) {
  for (int i = 0; i < count; ++i) std::copy(src.row(i), src.row(i) + src.cols(), dst.row(at + i));
}

}  // namespace

void plot_decoder_samples(const plot::Output& out, const ImageSet& test, const std::vector<StochasticDecoderAe>& models,
                          Rng& rng) {
  const int cols = std::min(10, test.n), D = test.dim();
  std::vector<int> idx;
  for (int i = 0; i < cols; ++i) idx.push_back(i);
  Tensor grid(cols * (1 + 2 * static_cast<int>(models.size())), D);
  std::vector<std::string> labels = {"test image"};
  const auto short_name = [](DecoderKind k) {
    switch (k) {
      case DecoderKind::gaussian_fixed: return std::string("N, fixed σ");
      case DecoderKind::gaussian_learned: return std::string("N, learned σ");
      case DecoderKind::bernoulli: return std::string("Bernoulli");
      case DecoderKind::categorical: return std::string("categorical");
    }
    return std::string();
  };
  put_rows(grid, 0, test.batch(idx), cols);
  int row = 1;
  for (const StochasticDecoderAe& m : models) {
    const PixelBatch b = make_batch(test, idx, m.kind, rng);
    Tensor mean, sample;
    m.mean_and_sample(b.input, rng, mean, sample);
    put_rows(grid, cols * row++, mean, cols);
    put_rows(grid, cols * row++, sample, cols);
    labels.push_back(short_name(m.kind) + ": mean");
    labels.push_back(short_name(m.kind) + ": sample");
    if (m.kind == DecoderKind::gaussian_learned) {
      // The learned standard deviation of each pixel, scaled to its largest value.
      Tensor s(1, D);
      for (int d = 0; d < D; ++d) s[d] = std::exp(0.5f * m.logvar.value()[d]);
      const float top = *std::max_element(s.begin(), s.end()), bottom = *std::min_element(s.begin(), s.end());
      for (float& v : s) v /= top;
      char title[96];
      std::snprintf(title, sizeof title, "Learned σ: %.2g (black) to %.2g (white)", bottom, top);
      plot::image_grid(out, {.name = "14_4_learned_sigma", .title = title, .width = 460, .height = 460},
                       s, test.h, test.w, 1);
    }
  }
  plot::image_grid(out, {.name = "14_4_decoder_samples", .title = "p_decoder(x | h): mean and one sample per decoder",
                         .width = 1000, .height = 100 * (row + 1)},
                   grid, test.h, test.w, cols, labels);
}

void plot_elbo_curves(const plot::Output& out, const ElboCurves& c) {
  const std::vector<double> x = epochs_axis(c.train_elbo.size());
  plot::lines(out, {.name = "14_4_elbo", .title = "VAE: ELBO = E_q[log p(x|h)] − KL(q(h|x) ‖ p(h))",
                    .xlabel = "epoch", .ylabel = "nats per image", .legend = "right center"},
              {{.label = "ELBO, train", .x = x, .y = c.train_elbo, .color = 0},
               {.label = "ELBO, test", .x = x, .y = c.test_elbo, .color = 0, .dashed = true},
               {.label = "E_q[log p(x|h)], train", .x = x, .y = c.train_log_px_h, .color = 1},
               {.label = "E_q[log p(x|h)], test", .x = x, .y = c.test_log_px_h, .color = 1, .dashed = true}});
  plot::lines(out, {.name = "14_4_elbo_kl", .title = "VAE: KL(q(h|x) ‖ N(0, I)), the ELBO's price for the code",
                    .xlabel = "epoch", .ylabel = "nats per image", .legend = "bottom right"},
              {{.label = "KL, train", .x = x, .y = c.train_kl, .color = 2},
               {.label = "KL, test", .x = x, .y = c.test_kl, .color = 2, .dashed = true}});
}

double plot_prior_samples(const plot::Output& out, const Vae& vae, int n, Rng& rng) {
  const Tensor x = vae.decode_mean(rng.normal_tensor(n, vae.latent));
  const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(x.cols()))));
  const int margin = std::max(0, (side - 20) / 2);  // MNIST: each digit fits a 20 x 20 box at the centre
  double outside = 0;
  int count = 0;
  for (int i = 0; i < x.rows(); ++i)
    for (int r = 0; r < side; ++r)
      for (int c = 0; c < side; ++c)
        if (r < margin || r >= side - margin || c < margin || c >= side - margin) {
          outside += x(i, r * side + c);
          ++count;
        }
  plot::image_grid(out, {.name = "14_4_prior_samples", .title = "Decoder means of h ~ N(0, I), latent dimension " +
                         std::to_string(vae.latent), .width = 700, .height = 720},
                   x, side, side, static_cast<int>(std::ceil(std::sqrt(n))));
  return count ? outside / count : 0.0;
}

void plot_interpolation(const plot::Output& out, const Vae& vae, const ImageSet& test, int steps) {
  // Pairs of test images of different classes: the first image of class c and the first of class c + 1.
  std::vector<int> first(10, -1);
  for (int i = 0; i < test.n; ++i)
    if (test.labels[i] < 10 && first[test.labels[i]] < 0) first[test.labels[i]] = i;
  std::vector<std::pair<int, int>> pairs;
  for (int c = 0; c + 1 < 10 && pairs.size() < 5; c += 2)
    if (first[c] >= 0 && first[c + 1] >= 0) pairs.emplace_back(first[c], first[c + 1]);
  if (pairs.empty()) return;
  const int D = test.dim(), cols = steps + 2;
  Tensor grid(static_cast<int>(pairs.size()) * cols, D);
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    const Tensor x = test.batch({pairs[p].first, pairs[p].second});
    Tensor mu, logvar;
    vae.encode(x, mu, logvar);
    Tensor h(steps, vae.latent);
    for (int s = 0; s < steps; ++s) {
      const float t = static_cast<float>(s) / static_cast<float>(steps - 1);
      for (int j = 0; j < vae.latent; ++j) h(s, j) = (1 - t) * mu(0, j) + t * mu(1, j);
    }
    const Tensor r = vae.decode_mean(h);
    const int base = static_cast<int>(p) * cols;
    std::copy(x.row(0), x.row(0) + D, grid.row(base));
    put_rows(grid, base + 1, r, steps);
    std::copy(x.row(1), x.row(1) + D, grid.row(base + cols - 1));
  }
  plot::image_grid(out, {.name = "14_4_interpolation",
                         .title = "Test image, decoder means along (1−t) μ(x_a) + t μ(x_b), test image",
                         .width = 1000, .height = 140 * static_cast<int>(pairs.size()) + 80},
                   grid, test.h, test.w, cols);
}

LatentGrid latent_grid(const Vae& vae2, const ImageSet& test, int n) {
  Tensor mu, logvar;
  vae2.encode(test.all(), mu, logvar);
  LatentGrid g{.n = n};
  for (int d = 0; d < 2; ++d) {
    double s = 0, ss = 0;
    for (int i = 0; i < mu.rows(); ++i) s += mu(i, d), ss += double(mu(i, d)) * mu(i, d);
    g.mean[d] = s / std::max(1, mu.rows());
    g.sd[d] = std::sqrt(std::max(1e-12, ss / std::max(1, mu.rows()) - g.mean[d] * g.mean[d]));
  }
  return g;
}

double LatentGrid::centre(int d, int i) const { return mean[d] + sd[d] * normal_quantile((i + 0.5) / n); }

bool LatentGrid::covers(double h1, double h2) const {
  // A tile reaches half way to its neighbour: the grid ends half a tile beyond its outer centres.
  for (int d = 0; d < 2; ++d) {
    const double v = d == 0 ? h1 : h2, lo = centre(d, 0), hi = centre(d, n - 1);
    const double half = (centre(d, 1) - lo) / 2;
    if (v < lo - half || v > hi + half) return false;
  }
  return true;
}

double plot_latent_manifold(const plot::Output& out, const Vae& vae2, const LatentGrid& grid, int h, int w) {
  // Equal mass per tile under the Gaussian fitted to the test codes: h_d = m_d + s_d Phi^{-1}((i + 1/2) / n).
  // Grid row 0 (top) has the largest h_2.
  const int n = grid.n;
  Tensor z(n * n, 2);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      z(r * n + c, 0) = static_cast<float>(grid.centre(0, c));
      z(r * n + c, 1) = static_cast<float>(grid.centre(1, n - 1 - r));
    }
  const Tensor tiles = vae2.decode_mean(z);
  plot::image_grid(out, {.name = "14_4_latent_manifold",
                         .title = "2-D VAE: decoder means over h = m + s Φ⁻¹(u), m and s those of the test codes",
                         .width = 900, .height = 940},
                   tiles, h, w, n);
  double frame = 0;
  int count = 0;
  for (int tile : {0, n - 1, n * (n - 1), n * n - 1})
    for (int r = 0; r < h; ++r)
      for (int c = 0; c < w; ++c)
        if (r < 4 || r >= h - 4 || c < 4 || c >= w - 4) frame += tiles(tile, r * w + c), ++count;
  return frame / count;
}

double plot_latent_codes(const plot::Output& out, const Vae& vae2, const ImageSet& test, const std::string& dataset,
                         const LatentGrid& grid) {
  Tensor mu, logvar;
  vae2.encode(test.all(), mu, logvar);
  int inside = 0;
  for (int i = 0; i < mu.rows(); ++i) inside += grid.covers(mu(i, 0), mu(i, 1));
  std::vector<int> labels(test.labels.begin(), test.labels.begin() + test.n);
  plot::scatter(out, {.name = "14_4_latent_codes", .title = "2-D VAE: test codes μ(x) by class", .xlabel = "μ₁",
                      .ylabel = "μ₂", .width = 900, .height = 800, .equal_axes = true, .legend = "outside right"},
                mu, labels, class_names(dataset));
  return static_cast<double>(inside) / std::max(1, mu.rows());
}

void plot_fig14_2(const plot::Output& out) {
  // The code h above, the input x and its reconstruction on either side: each arrow is a distribution now.
  plot::diagram(out,
                {.name = "14_4_fig14_2", .title = "A stochastic encoder and decoder", .width = 900, .height = 520,
                 .caption = "The encoder and decoder as distributions: h ~ p_encoder(h | x), x ~ p_decoder(x | h)",
                 .book_figure = "14.2"},
                {{.id = "x", .label = "{/:Bold x}", .x = 0, .y = 0},
                 {.id = "h", .label = "{/:Bold h}", .x = 1.7, .y = 1.5},
                 {.id = "r", .label = "{/:Bold r}", .x = 3.4, .y = 0}},
                {{.from = "x", .to = "h", .label = "p_{encoder}({/:Bold h} | {/:Bold x})", .side = 0.75},
                 {.from = "h", .to = "r", .label = "p_{decoder}({/:Bold x} | {/:Bold h})", .side = 0.75}});
}

}  // namespace ae::ch14_4
