#include "models.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <numeric>
#include <sstream>

#include "image/image.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ch14_2 {

using namespace ae;

Autoencoder make_autoencoder(int D, int H, Act code, Rng& rng) {
  return Autoencoder({D, H}, code, code, Act::sigmoid, rng);  // one layer each way: `hidden` is unused
}

std::vector<double> fit(Autoencoder& model, const Context& ctx, const std::string& label, Rng& rng,
                        const AeLoss& loss) {
  Adam adam(model.params(), ctx.lr, 0.9f, 0.999f, 1e-8f, ctx.weight_decay);
  TrainConfig cfg;
  cfg.epochs = ctx.epochs;
  cfg.batch = ctx.batch;
  cfg.label = label;
  auto batch_loss = [&](const std::vector<int>& idx, Rng& step_rng) {
    return loss(Var(gather_rows(ctx.X, idx)), step_rng);
  };
  // Cosine decay to 2% of the initial rate: the last epochs fine-tune.
  auto on_epoch = [&](int e, double) {
    const float t = static_cast<float>(e + 1) / static_cast<float>(ctx.epochs);
    adam.lr = ctx.lr * (0.02f + 0.98f * 0.5f * (1.f + std::cos(3.14159265f * t)));
  };
  return train(cfg, ctx.X.rows(), model.named_params(), adam, rng, batch_loss, on_epoch).epoch_loss;
}

std::vector<double> mean_activation(const Tensor& H) {
  std::vector<double> rho_hat(static_cast<std::size_t>(H.cols()), 0.0);
  for (int i = 0; i < H.rows(); ++i)
    for (int j = 0; j < H.cols(); ++j) rho_hat[static_cast<std::size_t>(j)] += H(i, j);
  for (double& r : rho_hat) r /= std::max(1, H.rows());
  return rho_hat;
}

Var top_k(const Var& h, int k) {
  const Tensor& v = h.value();
  Tensor mask(v.rows(), v.cols());
  std::vector<int> order(static_cast<std::size_t>(v.cols()));
  for (int i = 0; i < v.rows(); ++i) {
    const float* row = v.row(i);
    std::iota(order.begin(), order.end(), 0);
    std::nth_element(order.begin(), order.begin() + (k - 1), order.end(),
                     [row](int a, int b) { return row[a] > row[b]; });
    for (int j = 0; j < k; ++j) mask(i, order[static_cast<std::size_t>(j)]) = 1.f;
  }
  return mul(h, Var(mask));  // d(h * mask)/dh = mask: only the winners learn
}

Tensor weights_as_images(const Tensor& W) {
  Tensor F = W;  // (H, D)
  for (int j = 0; j < F.rows(); ++j) {
    const Tensor g = signed_to_gray(F.rows_slice(j, j + 1));
    std::copy(g.begin(), g.end(), F.row(j));
  }
  return F;
}

std::vector<int> most_used_units(const Tensor& codes, int n) {
  std::vector<int> active(static_cast<std::size_t>(codes.cols()), 0);
  for (int i = 0; i < codes.rows(); ++i)
    for (int j = 0; j < codes.cols(); ++j) active[static_cast<std::size_t>(j)] += codes(i, j) != 0.f;
  std::vector<int> order(active.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return active[a] > active[b]; });
  order.resize(static_cast<std::size_t>(std::min<int>(n, codes.cols())));
  return order;
}

std::string fmt(double v) {
  std::ostringstream s;
  s << std::setprecision(3) << v;
  return s.str();
}

Tensor stack_rows(const std::vector<const Tensor*>& blocks, int n) {
  const int D = blocks.at(0)->cols();
  Tensor grid(static_cast<int>(blocks.size()) * n, D);
  for (std::size_t b = 0; b < blocks.size(); ++b)
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < D; ++j) grid(static_cast<int>(b) * n + i, j) = std::clamp((*blocks[b])(i, j), 0.f, 1.f);
  return grid;
}

}  // namespace ch14_2
