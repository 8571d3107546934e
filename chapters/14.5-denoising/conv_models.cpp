#include "conv_models.hpp"

#include <algorithm>
#include <cmath>

#include "autodiff/losses.hpp"
#include "autodiff/ops.hpp"
#include "dae2d.hpp"
#include "data/corrupt.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ch14_5 {

using namespace ae;

std::size_t ImageModel::num_params() const {
  std::size_t n = 0;
  for (const auto& [name, v] : params) n += v.value().size();
  return n;
}

Tensor ImageModel::reconstruct(const Tensor& X) const {
  NoGrad no_grad;
  Tensor R(X.rows(), X.cols(), uninit);
  for (int i = 0; i < X.rows(); i += 250) {
    const int e = std::min(X.rows(), i + 250);
    const Tensor part = forward(Var(X.rows_slice(i, e))).value();
    std::copy(part.begin(), part.end(), R.row(i));
  }
  return R;
}

ImageModel dense_model(Autoencoder& ae, const std::string& label) {
  return {label, ae.named_params(), [&ae](const Var& x) { return ae.reconstruct(x); }};
}

ImageModel conv_model(ConvAutoencoder& ae, const std::string& label) {
  return {label, ae.named_params(), [&ae](const Var& x) { return ae.reconstruct(x); }};
}

int dense_hidden_for(std::size_t params, int D) {
  const double h = (static_cast<double>(params) - D) / (2.0 * D + 1);
  return std::max(1, static_cast<int>(std::lround(h)));
}

Tensor clipped_gaussian(const Tensor& x, float sigma, Rng& rng) {
  Tensor x_tilde = corrupt::gaussian(x, sigma, rng);
  for (float& v : x_tilde) v = std::clamp(v, 0.f, 1.f);
  return x_tilde;
}

void train_image_model(ImageModel& model, const ImageSet& train_set, const ImageTraining& t, Rng& rng) {
  Adam adam(vars_of(model.params), t.lr);
  TrainConfig cfg;
  cfg.epochs = t.epochs;
  cfg.batch = t.batch;
  cfg.label = model.label;
  auto loss = [&](const std::vector<int>& idx, Rng& step_rng) {
    const Tensor x = train_set.batch(idx);
    const Var x_tilde(t.noise > 0 ? clipped_gaussian(x, t.noise, step_rng) : x);
    return squared_error(model.forward(x_tilde), Var(x));  // summed over pixels, mean over the batch
  };
  auto on_epoch = [&](int e, double) { adam.lr = cosine_lr(t.lr, e + 1, t.epochs); };
  train(cfg, train_set.n, model.params, adam, rng, loss, on_epoch);
}

double laplacian_sqerr(const Tensor& R, const Tensor& X, int h, int w) {
  check_same_shape(R, X, "laplacian_sqerr");
  double total = 0;
  for (int n = 0; n < X.rows(); ++n) {
    const float *r = R.row(n), *x = X.row(n);
    for (int i = 1; i + 1 < h; ++i)
      for (int j = 1; j + 1 < w; ++j) {
        auto lap = [&](const float* p) {
          const int k = i * w + j;
          return 4.0 * p[k] - p[k - 1] - p[k + 1] - p[k - w] - p[k + w];
        };
        const double d = lap(r) - lap(x);
        total += d * d;
      }
  }
  return X.rows() > 0 ? total / X.rows() : 0.0;
}

double identity_gap(const Tensor& R, const Tensor& X_tilde, const Tensor& X) {
  const double noise = sq_norm(X - X_tilde);
  return noise > 0 ? sq_norm(R - X_tilde) / noise : 0.0;
}

}  // namespace ch14_5
