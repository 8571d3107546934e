#include "experiment.hpp"

#include <algorithm>
#include <cmath>

#include "autodiff/losses.hpp"
#include "linalg/qr.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ch14_1 {

using namespace ae;

TrainConfig train_config(int epochs, int batch, const std::string& label) {
  TrainConfig c;
  c.epochs = epochs;
  c.batch = batch;
  c.label = label;
  return c;
}

Tensor shift_rows(const Tensor& X, const Tensor& v, float s) {
  if (!(v.rows() == 1 && v.cols() == X.cols()))
    throw ShapeError("shift_rows: " + X.shape_str() + " and " + v.shape_str());
  Tensor Y = X;
  for (int i = 0; i < Y.rows(); ++i) {
    float* y = Y.row(i);
    for (int j = 0; j < Y.cols(); ++j) y[j] += s * v[static_cast<std::size_t>(j)];
  }
  return Y;
}

Tensor decoder_basis(const Autoencoder& model) { return transpose(model.decoder.layers.at(0).W.value()); }

Tensor low_dimensional_gaussian(int n, int D, Rng& rng) {
  const Tensor Q = qr(rng.normal_tensor(D, D)).Q;  // a random rotation, (D, D)
  Tensor A(D, D);                                   // A = Q diag(s), s from 1 down to 0.3
  for (int j = 0; j < D; ++j) {
    const float s = 1.f - 0.7f * static_cast<float>(j) / static_cast<float>(std::max(1, D - 1));
    for (int i = 0; i < D; ++i) A(i, j) = Q(i, j) * s;
  }
  return matmul(rng.normal_tensor(n, D), A, false, true);  // rows x = A z, z ~ N(0, I)
}

OvercompleteResult train_overcomplete(const Tensor& X, int k, int epochs, Rng& rng) {
  const int D = X.cols();
  Autoencoder model({D, k}, Act::identity, Act::identity, Act::identity, rng);
  Adam opt(model.params(), 3e-3f);
  const float lr0 = opt.lr;
  auto hist = train(train_config(epochs, 64, "overcomplete linear AE"), X.rows(), model.named_params(),
                    opt, rng,
                    [&](const std::vector<int>& idx, Rng&) {
                      Var x(gather_rows(X, idx));
                      return squared_error(model.reconstruct(x), x);  // summed over the D inputs, mean over batch
                    },
                    [&](int e, double) { opt.lr = lr0 * 0.5f * (1.f + std::cos(3.14159265f * (e + 1) / epochs)); });

  OvercompleteResult res;
  res.encoder_W = model.encoder.layers[0].W.value();
  res.map = matmul(res.encoder_W, model.decoder.layers[0].W.value());  // (D, k)(k, D)
  res.map_max_abs_err = 0;
  for (int i = 0; i < D; ++i)
    for (int j = 0; j < D; ++j)
      res.map_max_abs_err = std::max(res.map_max_abs_err, std::fabs(double(res.map(i, j)) - (i == j ? 1.0 : 0.0)));

  // Inputs unlike anything in training: isotropic noise three times wider than the data.
  const Tensor noise = rng.normal_tensor(1000, D, 0.f, 3.f);
  const Tensor R = model.reconstruct(noise);
  res.noise_sqerr_ratio = sqerr_per_image(R, noise) / (sq_norm(noise) / noise.rows());
  res.epoch_loss = hist.epoch_loss;
  return res;
}

}  // namespace ch14_1
