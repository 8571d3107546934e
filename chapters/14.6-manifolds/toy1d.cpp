#include "toy1d.hpp"

#include <algorithm>
#include <cmath>

#include "autodiff/losses.hpp"
#include "autodiff/ops.hpp"
#include "data/corrupt.hpp"
#include "nn/layers.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ch14_6 {

using namespace ae;

Toy1dResult toy_autoencoder_1d(const plot::Output& out, const std::vector<double>& points, float sigma, int hidden,
                               int epochs, int batch, Rng& rng) {
  const int copies = 1024, n = static_cast<int>(points.size()) * copies;
  Tensor X(n, 1);
  for (int i = 0; i < n; ++i) X(i, 0) = static_cast<float>(points[i % points.size()]);

  // The best reconstruction, E[x | x_tilde], switches between neighbours x_i < x_i+1 (distance Delta) like
  // tanh(Delta (x - m) / (2 sigma^2)) around their midpoint m. Glorot's weights give units far softer than that,
  // all switching at 0, and gradient descent takes long to sharpen and spread them; so each unit starts as
  // h_j = tanh(w_j (x - c_j)) with |w_j| of the order of 1 / (2 sigma^2) and c_j spread over the data.
  Autoencoder dae({1, hidden}, Act::tanh, Act::tanh, Act::identity, rng);
  const double lo = *std::min_element(points.begin(), points.end()) - 0.6,
               hi = *std::max_element(points.begin(), points.end()) + 0.6;
  Linear& first = dae.encoder.layers[0];
  for (int j = 0; j < hidden; ++j) {
    const double w = (rng.bernoulli(0.5) ? 1 : -1) * rng.uniform(0.25, 1.0) / (2 * sigma * sigma);
    first.W.value()(0, j) = static_cast<float>(w);
    first.b.value()(0, j) = static_cast<float>(-w * rng.uniform(lo, hi));
  }
  Adam adam(dae.params(), 1e-2f);
  TrainConfig cfg;
  cfg.epochs = epochs;
  cfg.batch = batch;
  cfg.label = "1-D DAE on three points";
  auto loss = [&](const std::vector<int>& idx, Rng& step_rng) {
    const Tensor x = gather_rows(X, idx);
    return squared_error(dae.reconstruct(Var(corrupt::gaussian(x, sigma, step_rng))), Var(x));
  };
  auto on_epoch = [&](int e, double) {
    adam.lr = 1e-2f * (0.02f + 0.98f * 0.5f * (1.f + std::cos(3.14159265f * (e + 1) / epochs)));
  };
  train(cfg, n, dae.named_params(), adam, rng, loss, on_epoch);

  auto r = [&](double x) { return double(dae.reconstruct(Tensor(1, 1, {static_cast<float>(x)}))[0]); };
  Toy1dResult res;
  for (double x : points) {
    // "Flat near the data": the mean slope over x_i +- sigma/2, where most corrupted inputs land. (The slope at
    // a single point also sees ripples of about 1% that the fit leaves in r; pointwise_slope reports it.)
    const double h = sigma / 2, h0 = 1e-3;
    res.max_slope_at_data = std::max(res.max_slope_at_data, std::fabs(r(x + h) - r(x - h)) / (2 * h));
    res.max_pointwise_slope = std::max(res.max_pointwise_slope, std::fabs(r(x + h0) - r(x - h0)) / (2 * h0));
    res.max_fixed_point_err = std::max(res.max_fixed_point_err, std::fabs(r(x) - x));
  }

  // The figure: r(x) and the identity over the range of the data, and the arrows r(x) - x along the bottom.
  plot::Series rx{.label = "r(x)", .style = "lines", .color = 0}, id{.label = "identity", .style = "lines",
                                                                        .color = 7, .dashed = true};
  for (int i = 0; i <= 400; ++i) {
    const double x = lo + (hi - lo) * i / 400;
    rx.x.push_back(x), rx.y.push_back(r(x));
    id.x.push_back(x), id.y.push_back(x);
  }
  plot::Series data{.label = "training points x_i", .style = "points", .color = 1};
  for (double x : points) data.x.push_back(x), data.y.push_back(x);
  // The arrows are drawn proportional to r(x) - x, the longest 90% of their spacing, so that they do not run into
  // each other (at their true length they merge into one line).
  const int n_arrows = 17;
  const double spacing = (hi - lo) / (n_arrows - 1);
  double longest = 1e-12;
  for (int i = 0; i < n_arrows; ++i) longest = std::max(longest, std::fabs(r(lo + spacing * i) - (lo + spacing * i)));
  Tensor from(n_arrows, 2), delta(n_arrows, 2);
  for (int i = 0; i < n_arrows; ++i) {
    const double x = lo + spacing * i;
    from(i, 0) = static_cast<float>(x), from(i, 1) = static_cast<float>(lo - 0.2);
    delta(i, 0) = static_cast<float>((r(x) - x) * 0.9 * spacing / longest);
  }
  plot::field(out,
              {.name = "14_6_toy1d", .title = "Fig. 14.7: a DAE trained on three points (σ = " +
                                                  std::to_string(sigma).substr(0, 4) + ")",
               .xlabel = "x", .ylabel = "r(x)", .width = 800, .height = 700, .legend = "top left",
               .book_figure = "14.7"},
              {{.from = from, .delta = delta, .label = "∝ r(x) − x"}}, {id, rx, data});
  return res;
}

}  // namespace ch14_6
