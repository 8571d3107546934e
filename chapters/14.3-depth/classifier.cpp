// A classifier on top of a (pretrained) encoder (see classifier.hpp).
#include "classifier.hpp"

#include <algorithm>
#include <vector>

#include "autodiff/losses.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ae::ch14_3 {

Classifier::Classifier(Mlp encoder_, int features, int classes, Rng& rng)
    : encoder(std::move(encoder_)), head(features, classes, rng) {}

void train_classifier(Classifier& c, const ImageSet& labelled, const ClassifierTraining& cfg, Rng& rng) {
  std::vector<NamedParam> params = {{"head.W", c.head.W}, {"head.b", c.head.b}};
  if (cfg.train_encoder)
    for (const NamedParam& p : c.encoder.named_params("encoder")) params.push_back(p);
  Adam adam(vars_of(params), cfg.lr, 0.9f, 0.999f, 1e-8f, cfg.weight_decay);
  auto loss = [&](const std::vector<int>& idx, Rng&) {
    const Var x(labelled.batch(idx));
    std::vector<int> y;
    for (int i : idx) y.push_back(labelled.labels[static_cast<std::size_t>(i)]);
    if (cfg.train_encoder) return softmax_cross_entropy(c.logits(x), y);
    Tensor h;  // frozen: the features are computed without a graph, so no gradient reaches the encoder
    {
      NoGrad no_grad;
      h = c.encoder(x).value();
    }
    return softmax_cross_entropy(c.head(Var(h)), y);  // mean over the batch
  };
  TrainConfig tc;
  tc.epochs = cfg.epochs;
  tc.batch = cfg.batch;
  tc.label = cfg.label;
  ae::train(tc, labelled.n, params, adam, rng, loss);
}

double accuracy(const Classifier& c, const ImageSet& test) {
  NoGrad no_grad;
  constexpr int kChunk = 500;
  int correct = 0;
  for (int begin = 0; begin < test.n; begin += kChunk) {
    const int end = std::min(test.n, begin + kChunk);
    const Tensor a = c.logits(Var(test.rows(begin, end))).value();
    for (int i = 0; i < a.rows(); ++i)
      correct += std::max_element(a.row(i), a.row(i) + a.cols()) - a.row(i) == test.labels[begin + i];
  }
  return static_cast<double>(correct) / std::max(1, test.n);
}

}  // namespace ae::ch14_3
