// Deep autoencoders at a fixed parameter count (see depth.hpp).
#include "depth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "autodiff/losses.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ae::ch14_3 {

std::vector<int> encoder_sizes(int D, int w, int depth, int code) {
  if (depth < 1) throw std::invalid_argument("encoder_sizes: depth must be at least 1");
  std::vector<int> s = {D};
  for (int i = 0; i < depth; ++i) s.push_back(w);
  s.push_back(code);
  return s;
}

std::size_t autoencoder_params(const std::vector<int>& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const std::size_t a = static_cast<std::size_t>(s[i]), b = static_cast<std::size_t>(s[i + 1]);
    // BEGIN EXERCISE 14.3-param-count
    n += a * b + b;  // encoder layer a -> b
    n += b * a + a;  // its mirror in the decoder, b -> a
    // ELSE
    // (void)a, (void)b;
    // throw ae::NotImplemented("14.3-param-count");  // add the weights and biases of layer a -> b and of its mirror
    // END EXERCISE
  }
  return n;
}

std::vector<int> sizes_for_budget(int D, int depth, int code, std::size_t target) {
  std::vector<int> best;
  double best_gap = 1e300;
  for (int w = 1; w <= 8 * D; ++w) {
    const std::vector<int> s = encoder_sizes(D, w, depth, code);
    const double gap = std::fabs(static_cast<double>(autoencoder_params(s)) - static_cast<double>(target));
    if (gap < best_gap) best_gap = gap, best = s;
    if (autoencoder_params(s) > target) break;  // the count grows with w
  }
  return best;
}

Autoencoder make_autoencoder(const std::vector<int>& sizes, Act act, Rng& rng) {
  Autoencoder ae(sizes, act, Act::identity, Act::sigmoid, rng);
  if (act == Act::relu) {
    // He et al. (2015): a ReLU passes on half of its input's second moment, so Glorot's scale shrinks the signal by
    // 1/sqrt(2) per layer; scaling each layer that feeds a ReLU by sqrt(2) keeps it constant through any depth.
    for (Mlp* net : {&ae.encoder, &ae.decoder})
      for (std::size_t l = 0; l + 1 < net->layers.size(); ++l) net->layers[l].W.value() *= std::sqrt(2.f);
  }
  return ae;
}

double test_sqerr(const Autoencoder& ae, const ImageSet& images) {
  constexpr int kChunk = 500;
  double s = 0;
  for (int begin = 0; begin < images.n; begin += kChunk) {
    const Tensor x = images.rows(begin, std::min(images.n, begin + kChunk));
    s += sq_norm(ae.reconstruct(x) - x);
  }
  return s / std::max(1, images.n);
}

std::vector<double> train_autoencoder(Autoencoder& ae, const ImageSet& train, const ImageSet& test,
                                      const AeTraining& cfg, Rng& rng) {
  std::vector<double> curve = {test_sqerr(ae, test)};
  Adam adam(ae.params(), cfg.lr);
  auto loss = [&](const std::vector<int>& idx, Rng&) {
    const Var x(train.batch(idx));
    return squared_error(ae.reconstruct(x), x);  // ||r - x||^2: summed over pixels, averaged over the batch
  };
  TrainConfig tc;
  tc.epochs = cfg.epochs;
  tc.batch = cfg.batch;
  tc.label = cfg.label;
  ae::train(tc, train.n, ae.named_params(), adam, rng, loss,
            [&](int, double) { curve.push_back(test_sqerr(ae, test)); });
  return curve;
}

}  // namespace ae::ch14_3
