#include "dae2d.hpp"

#include <cmath>
#include <vector>

#include "autodiff/losses.hpp"
#include "autodiff/ops.hpp"
#include "data/corrupt.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ch14_5 {

using namespace ae;

float cosine_lr(float lr0, int epoch_done, int epochs) {
  const float t = static_cast<float>(epoch_done) / static_cast<float>(epochs);
  return lr0 * (0.02f + 0.98f * 0.5f * (1.f + std::cos(3.14159265f * t)));
}

Autoencoder train_dae_2d(const Tensor& X, const Dae2dSpec& spec, Rng& rng) {
  Autoencoder dae({2, spec.hidden, spec.hidden}, Act::tanh, Act::tanh, Act::identity, rng);
  dae.encoder.layers[0].W.value() *= spec.first_layer_gain;
  Adam adam(dae.params(), spec.lr);
  TrainConfig cfg;
  cfg.epochs = spec.epochs;
  cfg.batch = spec.batch;
  cfg.label = spec.label;
  auto loss = [&](const std::vector<int>& idx, Rng& step_rng) {
    const Tensor x = gather_rows(X, idx);
    const Tensor x_tilde = corrupt::gaussian(x, spec.sigma, step_rng);  // x_tilde ~ C(x_tilde | x)
    return squared_error(dae.reconstruct(Var(x_tilde)), Var(x));     // L(x, g(f(x_tilde)))
  };
  auto on_epoch = [&](int e, double) { adam.lr = cosine_lr(spec.lr, e + 1, spec.epochs); };
  train(cfg, X.rows(), dae.named_params(), adam, rng, loss, on_epoch);
  return dae;
}

Tensor displacement(const Autoencoder& dae, const Tensor& X) { return dae.reconstruct(X) - X; }

Tensor grid_2d(int n, double lo, double hi) {
  Tensor G(n * n, 2);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      G(i * n + j, 0) = static_cast<float>(lo + (hi - lo) * j / (n - 1));
      G(i * n + j, 1) = static_cast<float>(lo + (hi - lo) * i / (n - 1));
    }
  return G;
}

}  // namespace ch14_5
