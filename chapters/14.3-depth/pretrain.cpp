// Greedy layer-wise pretraining and unrolling (see pretrain.hpp).
#include "pretrain.hpp"

#include <algorithm>
#include <string>

#include "autodiff/losses.hpp"
#include "data/corrupt.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ae::ch14_3 {

namespace {

/// h_l for all training images: the codes the next layer is trained on, (N, w_l), computed in chunks.
Tensor codes_of(const std::vector<StackLayer>& stack, const ImageSet& train) {
  NoGrad no_grad;
  constexpr int kChunk = 1000;
  Tensor H(train.n, stack.back().enc.out());
  for (int begin = 0; begin < train.n; begin += kChunk) {
    Var h(train.rows(begin, std::min(train.n, begin + kChunk)));
    for (const StackLayer& l : stack) h = activate(l.enc(h), l.code_act);
    std::copy(h.value().begin(), h.value().end(), H.row(begin));
  }
  return H;
}

}  // namespace

std::vector<StackLayer> pretrain_greedy(const std::vector<int>& sizes, Act act, const ImageSet& train,
                                        const PretrainConfig& cfg, Rng& rng) {
  std::vector<StackLayer> stack;
  const int L = static_cast<int>(sizes.size()) - 1;
  for (int l = 1; l <= L; ++l) {
    StackLayer layer{Linear(sizes[l - 1], sizes[l], rng), Linear(sizes[l], sizes[l - 1], rng),
                     l == L ? Act::identity : act, l == 1 ? Act::sigmoid : act};
    const Tensor H = l == 1 ? Tensor() : codes_of(stack, train);  // h_{l-1}, fixed while layer l trains
    if (cfg.center) {
      // Center every code unit's pre-activation on the data: b_l = -mean(h_{l-1}) W_l. The codes of a ReLU layer
      // are all positive, with a large common mean; without this, a unit whose weights happen to sum negative is
      // below zero for every input from the start and never learns (a dead unit that fine-tuning cannot revive).
      // BEGIN EXERCISE 14.3-centered-bias
      const Tensor X = l == 1 ? train.all() : H;
      Tensor mean(1, X.cols());
      for (int i = 0; i < X.rows(); ++i)
        for (int j = 0; j < X.cols(); ++j) mean[j] += X(i, j) / X.rows();
      const Tensor& W = layer.enc.W.value();
      for (int k = 0; k < W.cols(); ++k) {
        double s = 0;
        for (int j = 0; j < W.rows(); ++j) s += mean[j] * W(j, k);
        layer.enc.b.value()[k] = static_cast<float>(-s);
      }
      // ELSE
      // throw ae::NotImplemented("14.3-centered-bias");  // mean pre-activation 0
      // END EXERCISE
    }
    const std::vector<NamedParam> params = {{"enc.W", layer.enc.W}, {"enc.b", layer.enc.b},
                                            {"dec.W", layer.dec.W}, {"dec.b", layer.dec.b}};
    Adam adam(vars_of(params), cfg.lr);
    auto loss = [&](const std::vector<int>& idx, Rng& step_rng) {
      const Tensor x = l == 1 ? train.batch(idx) : gather_rows(H, idx);
      const Tensor x_tilde = cfg.noise > 0 ? corrupt::masking(x, cfg.noise, step_rng) : x;
      const Var h = activate(layer.enc(Var(x_tilde)), layer.code_act);
      return squared_error(activate(layer.dec(h), layer.out_act), Var(x));  // summed over units, mean over batch
    };
    TrainConfig tc;
    tc.epochs = cfg.epochs;
    tc.batch = cfg.batch;
    tc.label = "pretraining layer " + std::to_string(l) + " (" + std::to_string(sizes[l - 1]) + " -> " +
               std::to_string(sizes[l]) + ")";
    ae::train(tc, train.n, params, adam, rng, loss);
    stack.push_back(layer);
  }
  return stack;
}

Mlp stacked_encoder(const std::vector<StackLayer>& stack, Act act) {
  Mlp enc;
  enc.hidden = act;
  enc.output = Act::identity;
  for (const StackLayer& l : stack) enc.layers.push_back(l.enc.clone());
  return enc;
}

Autoencoder unroll(const std::vector<StackLayer>& stack, Act act) {
  Autoencoder ae;
  ae.encoder = stacked_encoder(stack, act);
  ae.decoder.hidden = act;
  ae.decoder.output = Act::sigmoid;
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) ae.decoder.layers.push_back(it->dec.clone());
  return ae;
}

}  // namespace ae::ch14_3
