// A classifier on top of a (pretrained) encoder, with early stopping, learning rate and weight decay selected on a
// validation split of the labelled images (see classifier.hpp).
#include "classifier.hpp"

#include <algorithm>
#include <functional>
#include <iostream>
#include <sstream>
#include <vector>

#include "autodiff/losses.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ae::ch14_3 {

namespace {

std::vector<Var> all_params(const Classifier& c) {
  std::vector<Var> v = c.encoder.params();
  v.push_back(c.head.W);
  v.push_back(c.head.b);
  return v;
}

/// Accuracy and mean cross-entropy in one pass.
std::pair<double, double> evaluate(const Classifier& c, const ImageSet& set) {
  NoGrad no_grad;
  constexpr int kChunk = 500;
  int correct = 0;
  double loss = 0;
  for (int begin = 0; begin < set.n; begin += kChunk) {
    const int end = std::min(set.n, begin + kChunk);
    const Var a = c.logits(Var(set.rows(begin, end)));
    const Tensor& v = a.value();
    for (int i = 0; i < v.rows(); ++i)
      correct += std::max_element(v.row(i), v.row(i) + v.cols()) - v.row(i) == set.labels[begin + i];
    loss += softmax_cross_entropy(a, set.label_vector(begin, end)).value()[0] * (end - begin);
  }
  const int n = std::max(1, set.n);
  return {static_cast<double>(correct) / n, loss / n};
}

bool better(double acc, double loss, double best_acc, double best_loss) {
  return acc > best_acc || (acc == best_acc && loss < best_loss);
}

}  // namespace

Classifier::Classifier(Mlp encoder_, int features, int classes, Rng& rng)
    : encoder(std::move(encoder_)), head(features, classes, rng) {}

Classifier Classifier::clone() const {
  Classifier c = *this;
  for (Linear& l : c.encoder.layers) l = l.clone();
  c.head = head.clone();
  return c;
}

FitReport train_classifier(Classifier& c, const ImageSet& fit, const ImageSet* validation,
                           const ClassifierTraining& cfg, Rng& rng) {
  std::vector<NamedParam> params = {{"head.W", c.head.W}, {"head.b", c.head.b}};
  if (cfg.train_encoder)
    for (const NamedParam& p : c.encoder.named_params("encoder")) params.push_back(p);
  Adam adam(vars_of(params), cfg.lr, 0.9f, 0.999f, 1e-8f, cfg.weight_decay);
  auto loss = [&](const std::vector<int>& idx, Rng&) {
    const Var x(fit.batch(idx));
    std::vector<int> y;
    for (int i : idx) y.push_back(fit.labels[static_cast<std::size_t>(i)]);
    if (cfg.train_encoder) return softmax_cross_entropy(c.logits(x), y);
    Tensor h;  // frozen: the features are computed without a graph, so no gradient reaches the encoder
    {
      NoGrad no_grad;
      h = c.encoder(x).value();
    }
    return softmax_cross_entropy(c.head(Var(h)), y);  // mean over the batch
  };
  FitReport report{.best_epoch = cfg.epochs, .weight_decay = cfg.weight_decay, .lr = cfg.lr};
  std::vector<Tensor> best;  // parameter values at the best validation epoch
  double best_acc = -1, best_loss = 0;
  auto on_epoch = [&](int epoch, double) {
    const auto [acc, vloss] = evaluate(c, *validation);
    if (better(acc, vloss, best_acc, best_loss)) {
      best_acc = acc, best_loss = vloss, report.best_epoch = epoch + 1;
      best.clear();
      for (const Var& p : all_params(c)) best.push_back(p.value());
    }
  };
  TrainConfig tc;
  tc.epochs = cfg.epochs;
  tc.batch = cfg.batch;
  tc.label = cfg.label;
  ae::train(tc, fit.n, params, adam, rng, loss, validation ? std::function<void(int, double)>(on_epoch) : nullptr);
  if (validation) {
    std::vector<Var> p = all_params(c);
    for (std::size_t i = 0; i < p.size(); ++i) p[i].value() = best[i];
    report.val_accuracy = best_acc, report.val_loss = best_loss;
  }
  return report;
}

FitReport select_and_train(Classifier& start, const ImageSet& fit, const ImageSet& validation,
                           const std::vector<float>& lrs, const std::vector<float>& decays, ClassifierTraining cfg,
                           Rng& rng) {
  FitReport best_report;
  Classifier best = start;
  double best_acc = -1, best_loss = 0;
  const std::string label = cfg.label;
  for (float lr : lrs)
    for (float wd : decays) {
      Classifier c = start.clone();
      cfg.lr = lr;
      cfg.weight_decay = wd;
      std::ostringstream name;
      name << label << " (lr " << lr << ", weight decay " << wd << ")";
      cfg.label = name.str();
      const FitReport r = train_classifier(c, fit, &validation, cfg, rng);
      std::cout << "  " << cfg.label << ": best epoch " << r.best_epoch << ", validation accuracy "
                << r.val_accuracy << ", loss " << r.val_loss << "\n";
      if (better(r.val_accuracy, r.val_loss, best_acc, best_loss))
        best_acc = r.val_accuracy, best_loss = r.val_loss, best = c, best_report = r;
    }
  start = best;
  return best_report;
}

double accuracy(const Classifier& c, const ImageSet& test) { return evaluate(c, test).first; }

double mean_cross_entropy(const Classifier& c, const ImageSet& test) { return evaluate(c, test).second; }

}  // namespace ae::ch14_3
