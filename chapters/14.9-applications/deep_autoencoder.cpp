#include "deep_autoencoder.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>

#include "autodiff/losses.hpp"
#include "nn/checkpoint.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ch14_9 {
using ae::Tensor;
using ae::Var;

namespace {

/// The optimizer step about to be taken, counted from the start of training, so that schedules (learning rate,
/// code noise) continue where they stopped when ae::train resumes from a checkpoint.
long first_step(const DeepAeConfig& cfg, long batches_per_epoch) {
  if (!cfg.resume || cfg.checkpoint.empty() || !std::filesystem::exists(cfg.checkpoint)) return 0;
  const ae::Checkpoint c = ae::load_checkpoint(cfg.checkpoint);
  return static_cast<long>(c.get_int("epoch")) * batches_per_epoch + static_cast<long>(c.get_int("next_batch"));
}

constexpr int kEvalBatch = 1000;

/// x - mu, row by row: the encoder's input. Centered inputs make the first layer's gradient better conditioned
/// (LeCun et al., "Efficient backprop"); the mean itself is restored by the decoder's output bias.
Tensor centered(Tensor x, const Tensor& mu) {
  for (int n = 0; n < x.rows(); ++n)
    for (int d = 0; d < x.cols(); ++d) x(n, d) -= mu(0, d);
  return x;
}

}  // namespace

Tensor mean_image(const ae::ImageSet& set) {
  std::vector<double> sum(static_cast<std::size_t>(set.dim()), 0.0);
  for (std::size_t k = 0; k < set.pixels.size(); ++k) sum[k % sum.size()] += set.pixels[k];
  Tensor mu(1, set.dim());
  for (int d = 0; d < set.dim(); ++d)
    mu(0, d) = static_cast<float>(sum[static_cast<std::size_t>(d)] / (255.0 * std::max(1, set.n)));
  return mu;
}

ae::Autoencoder train_deep_autoencoder(const ae::ImageSet& train, const DeepAeConfig& cfg, ae::Rng& rng,
                                       ae::TrainHistory* history) {
  ae::Autoencoder net(cfg.sizes, cfg.hidden, cfg.code, ae::Act::sigmoid, rng);
  // The output bias starts at logit(mean image), so that the untrained network already outputs the mean image
  // (the visible biases of Hinton's RBMs start the same way) and training spends its steps on the variation.
  const Tensor mu = mean_image(train);
  Tensor& b_out = net.decoder.layers.back().b.value();
  for (int d = 0; d < mu.cols(); ++d) {
    const float p = std::clamp(mu(0, d), 1e-3f, 1 - 1e-3f);
    b_out(0, d) = std::log(p / (1 - p));
  }
  const auto params = net.named_params();
  ae::Adam adam(ae::vars_of(params), cfg.lr);
  const long per_epoch = (train.n + cfg.batch - 1) / cfg.batch, total = per_epoch * cfg.epochs;
  long step = first_step(cfg, per_epoch);

  auto loss = [&](const std::vector<int>& idx, ae::Rng& step_rng) {
    const double progress = static_cast<double>(step++) / static_cast<double>(std::max(1L, total));
    // Cosine decay of the step size, from lr to lr/20: large steps early, a fine settling at the end.
    adam.lr = cfg.lr * static_cast<float>(0.05 + 0.95 * 0.5 * (1 + std::cos(std::numbers::pi * progress)));
    const Tensor xb = train.batch(idx);                         // (N, 784) in [0, 1]
    Var a = net.encoder.pre_activation(Var(centered(xb, mu)));  // (N, c): the code before its activation
    if (cfg.code_noise_max > 0) {
      // Semantic hashing: h = sigmoid(a + sigma(t) eps). The noise grows linearly over the first half of training
      // and then stays at its maximum; to carry information through it the units must saturate (a far from 0).
      const float sigma = cfg.code_noise_max * static_cast<float>(std::min(1.0, 2 * progress));
      a = a + Var(step_rng.normal_tensor(a.rows(), a.cols(), 0.f, sigma));
    }
    Var h = ae::activate(a, cfg.code);
    // -sum_d [x log r + (1 - x) log(1 - r)] with r = sigmoid(decoder logits): summed over pixels, batch mean.
    return ae::bce_with_logits(net.decoder.pre_activation(h), Var(xb));
  };

  ae::TrainConfig tc{cfg.epochs, cfg.batch, cfg.label, cfg.checkpoint, cfg.resume, cfg.settings};
  const ae::TrainHistory h = ae::train(tc, train.n, params, adam, rng, loss);
  // The encoder saw x - mu; fold the centering into its first bias, b1 <- b1 - mu W1, so that the returned
  // network maps raw images like any other autoencoder: (x - mu) W1 + b1 = x W1 + (b1 - mu W1).
  const Tensor& W1 = net.encoder.layers.front().W.value();  // (784, width)
  Tensor& b1 = net.encoder.layers.front().b.value();
  for (int j = 0; j < W1.cols(); ++j) {
    double s = 0;
    for (int d = 0; d < W1.rows(); ++d) s += static_cast<double>(mu(0, d)) * W1(d, j);
    b1(0, j) -= static_cast<float>(s);
  }
  if (history) *history = h;
  return net;
}

void check_checkpoint(const DeepAeConfig& cfg) {
  if (!cfg.resume || cfg.checkpoint.empty() || !std::filesystem::exists(cfg.checkpoint)) return;
  const ae::Checkpoint c = ae::load_checkpoint(cfg.checkpoint);  // magic, checksum, structure
  ae::Rng unused(0, 0);
  const ae::Autoencoder net(cfg.sizes, cfg.hidden, cfg.code, ae::Act::sigmoid, unused);
  ae::Adam adam(ae::vars_of(net.named_params()), cfg.lr);
  // The settings, every parameter with this architecture's shape, the optimizer state, the position; the data is
  // not loaded yet, so the number of examples is taken from the file here (train() checks it against the data).
  const int n = static_cast<int>(std::min<std::uint64_t>(c.get_int("examples"), 1u << 30));
  const ae::TrainConfig tc{cfg.epochs, cfg.batch, cfg.label, cfg.checkpoint, cfg.resume, cfg.settings};
  ae::restore_training(c, cfg.checkpoint, tc, n, net.named_params(), adam, unused);
}

namespace {

/// Applies `fn` to every batch of `set`, stacking its (rows, cols) outputs.
template <class Fn>
Tensor map_batches(const ae::ImageSet& set, Fn fn) {
  Tensor out;
  for (int b = 0; b < set.n; b += kEvalBatch) {
    const Tensor y = fn(set.rows(b, std::min(set.n, b + kEvalBatch)));
    if (out.empty()) out = Tensor(set.n, y.cols());
    std::copy(y.begin(), y.end(), out.row(b));
  }
  return out;
}

}  // namespace

Tensor encode_all(const ae::Autoencoder& net, const ae::ImageSet& set) {
  return map_batches(set, [&](const Tensor& x) { return net.encode(x); });
}

Tensor reconstruct_all(const ae::Autoencoder& net, const ae::ImageSet& set) {
  return map_batches(set, [&](const Tensor& x) { return net.reconstruct(x); });
}

double mean_sq_error(const Tensor& r, const ae::ImageSet& set) {
  if (!(r.rows() == set.n && r.cols() == set.dim()))
    throw ae::ShapeError("mean_sq_error: reconstructions " + r.shape_str());
  double total = 0;
  for (int n = 0; n < set.n; ++n) {
    const std::uint8_t* x = set.pixels.data() + static_cast<std::size_t>(n) * set.dim();
    const float* rn = r.row(n);
    for (int d = 0; d < set.dim(); ++d) {
      const double e = rn[d] - x[d] / 255.0;
      total += e * e;
    }
  }
  return total / set.n;
}

double knn_accuracy(const Tensor& ref, const std::vector<int>& ref_labels, const Tensor& query,
                    const std::vector<int>& query_labels, int k) {
  if (!(ref.cols() == query.cols() && ref.rows() == static_cast<int>(ref_labels.size()) &&
        query.rows() == static_cast<int>(query_labels.size()) && k >= 1 && k <= ref.rows()))
    throw ae::ShapeError("knn_accuracy: ref " + ref.shape_str() + ", query " + query.shape_str());
  int correct = 0;
  std::vector<std::pair<float, int>> best;  // the k nearest so far, sorted by distance
  for (int q = 0; q < query.rows(); ++q) {
    best.clear();
    for (int i = 0; i < ref.rows(); ++i) {
      float d2 = 0;
      for (int j = 0; j < ref.cols(); ++j) {
        const float e = ref(i, j) - query(q, j);
        d2 += e * e;
      }
      if (static_cast<int>(best.size()) == k && d2 >= best.back().first) continue;
      if (static_cast<int>(best.size()) == k) best.pop_back();
      best.insert(std::upper_bound(best.begin(), best.end(), std::make_pair(d2, i)), {d2, i});
    }
    std::vector<int> votes(10, 0);
    for (const auto& [d2, i] : best) {
      const int c = ref_labels[static_cast<std::size_t>(i)];
      if (c >= static_cast<int>(votes.size())) votes.resize(static_cast<std::size_t>(c) + 1, 0);
      ++votes[static_cast<std::size_t>(c)];
    }
    const int vote = static_cast<int>(std::max_element(votes.begin(), votes.end()) - votes.begin());
    correct += vote == query_labels[static_cast<std::size_t>(q)];
  }
  return static_cast<double>(correct) / query.rows();
}

}  // namespace ch14_9
