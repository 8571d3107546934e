#include "memorize.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "autodiff/losses.hpp"
#include "linalg/pca.hpp"
#include "nn/optim.hpp"
#include "util/fp_mode.hpp"
#include "util/progress.hpp"

namespace ch14_1 {

using namespace ae;

namespace {

// Squared distances between the rows of A (n, D) and B (m, D): ||a||^2 + ||b||^2 - 2 a.b, (n, m).
std::vector<std::vector<double>> sq_distances(const Tensor& A, const Tensor& B) {
  const Tensor AB = matmul(A, B, false, true);
  std::vector<double> na(static_cast<std::size_t>(A.rows())), nb(static_cast<std::size_t>(B.rows()));
  for (int i = 0; i < A.rows(); ++i) na[i] = sq_norm(A.rows_slice(i, i + 1));
  for (int j = 0; j < B.rows(); ++j) nb[j] = sq_norm(B.rows_slice(j, j + 1));
  std::vector<std::vector<double>> d(static_cast<std::size_t>(A.rows()), std::vector<double>(B.rows()));
  for (int i = 0; i < A.rows(); ++i)
    for (int j = 0; j < B.rows(); ++j) d[i][j] = std::max(0.0, na[i] + nb[j] - 2.0 * AB(i, j));
  return d;
}

}  // namespace

MemorizeResult memorize_with_1d_code(const Tensor& X, const Tensor& X_test, const MemorizeConfig& cfg, Rng& rng) {
  const int D = X.cols();
  std::vector<int> sizes{D};
  for (int l = 0; l < cfg.depth; ++l) sizes.push_back(cfg.hidden);
  sizes.push_back(1);  // the one-dimensional code h
  Autoencoder model(sizes, Act::relu, Act::tanh, Act::identity, rng);  // h = f(x) in (-1, 1), linear r
  // With a scalar input, unit j of the decoder's first ReLU layer bends at h = -b_j / W_j: Glorot's zero biases
  // put every bend at h = 0, leaving g two linear pieces. Spreading the bends evenly over the code's range
  // (-1, 1) gives g as many pieces as units, room for one per training image.
  {
    Linear& first = model.decoder.layers.front();
    const int H = first.out();
    for (int j = 0; j < H; ++j) {
      const float w = (j % 2 ? 1.f : -1.f) * cfg.bend_slope, c = -1.f + 2.f * (j + 0.5f) / static_cast<float>(H);
      first.W.value()(0, j) = w;
      first.b.value()(0, j) = -w * c;
    }
  }
  MemorizeResult res;

  // Full batch: every step sees all n images, so nothing stops the pair from fitting each one exactly.
  Adam adam(model.params(), cfg.lr);
  const Var x(X);
  Progress bar("1-D code AE (memorizing)", cfg.steps);
  const FlushSubnormals flush;  // as ae::train does: no microcode assists on subnormal Adam moments
  for (int s = 0; s < cfg.steps; ++s) {
    const float t = static_cast<float>(s) / static_cast<float>(cfg.steps);
    adam.lr = cfg.lr * (0.02f + 0.98f * 0.5f * (1.f + std::cos(3.14159265f * t)));
    adam.zero_grad();
    const Var loss = squared_error(model.reconstruct(x), x);  // summed over pixels, mean over the n images
    backward(loss);
    adam.step();
    if (s % 10 == 0) res.loss.push_back(loss.item());
    bar.update(s + 1, loss.item());
  }
  bar.finish();

  const Tensor R = model.reconstruct(X), R_test = model.reconstruct(X_test);
  res.train_sqerr = sqerr_per_image(R, X);
  res.test_sqerr = sqerr_per_image(R_test, X_test);
  res.pca1_train_sqerr = sqerr_per_image(pca_reconstruct(pca_fit(X, 1), X), X);

  // A test reconstruction "is a training image" when it lies closer to one of them than to its own input.
  const auto d_train = sq_distances(R_test, X);
  int nearer = 0;
  for (int i = 0; i < X_test.rows(); ++i) {
    const double self = sq_norm(R_test.rows_slice(i, i + 1) - X_test.rows_slice(i, i + 1));
    if (*std::min_element(d_train[i].begin(), d_train[i].end()) < self) ++nearer;
  }
  res.test_nearest_train_fraction = static_cast<double>(nearer) / std::max(1, X_test.rows());

  // The decoder along the code axis: h from the smallest to the largest training code.
  const Tensor H = model.encode(X);
  double lo = std::numeric_limits<double>::max(), hi = -lo;
  for (int i = 0; i < H.rows(); ++i) {
    res.codes.push_back(H(i, 0));
    lo = std::min(lo, res.codes.back());
    hi = std::max(hi, res.codes.back());
  }
  Tensor h_sweep(cfg.sweep, 1);
  for (int s = 0; s < cfg.sweep; ++s) {
    res.sweep_h.push_back(lo + (hi - lo) * s / std::max(1, cfg.sweep - 1));
    h_sweep(s, 0) = static_cast<float>(res.sweep_h.back());
  }
  {
    NoGrad no_grad;
    res.sweep_images = model.decode(Var(h_sweep)).value();
  }
  // "On the training set": within a quarter of the mean squared distance between two training images (half the
  // distance, squared) of the nearest one.
  const auto d_xx = sq_distances(X, X);
  double mean_pair = 0;
  for (int i = 0; i < X.rows(); ++i)
    for (int j = 0; j < X.rows(); ++j) mean_pair += d_xx[i][j];
  mean_pair /= std::max(1.0, static_cast<double>(X.rows()) * (X.rows() - 1));
  const auto d_sweep = sq_distances(res.sweep_images, X);
  int on = 0;
  for (const auto& row : d_sweep)
    if (*std::min_element(row.begin(), row.end()) < 0.25 * mean_pair) ++on;
  res.sweep_on_train_fraction = static_cast<double>(on) / std::max(1, cfg.sweep);
  return res;
}

}  // namespace ch14_1
