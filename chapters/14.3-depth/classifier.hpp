// Deep Learning, section 14.3 (and 15.1): a stacked autoencoder's encoder as the lower layers of a classifier.
//
//   logits = h(x) V + b,   p(y | x) = softmax(logits),   minimize -log p(y | x) averaged over the labelled batch
// with h = f(x) the pretrained encoder, either frozen (only V, b learn: the code as fixed features) or fine-tuned
// with everything else. With no encoder layers it is softmax regression on the raw pixels.
//
// Model selection uses only labelled training images: the labels are split into a fitting part and a validation
// part; every classifier keeps the parameters of its epoch with the best validation accuracy (early stopping) and
// its learning rate and weight decay are picked from a grid by the same validation accuracy. The test set is only
// used at the end.
#pragma once

#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "nn/layers.hpp"
#include "rng.hpp"

namespace ae::ch14_3 {

/// \brief An encoder (possibly empty: raw pixels) followed by a softmax layer.
struct Classifier {
  Mlp encoder;  ///< x (N, D) -> h (N, c); no layers: h = x
  Linear head;  ///< h -> logits (N, classes)
  Classifier(Mlp encoder, int features, int classes, Rng& rng);
  Var logits(const Var& x) const { return head(encoder(x)); }
  /// A deep copy (fresh parameter leaves with the same values): training it leaves this one unchanged.
  Classifier clone() const;
};

/// How to train a classifier.
struct ClassifierTraining {
  int epochs = 50;  ///< the most epochs; with a validation set, the best epoch's parameters are kept
  int batch = 64;
  float lr = 1e-3f;
  float weight_decay = 0.f;
  bool train_encoder = true;  ///< false: the encoder is frozen, only the softmax layer learns
  std::string label = "classifier";
};

/// What a training run reached on the validation set.
struct FitReport {
  int best_epoch = 0;           ///< 1-based epoch whose parameters were kept (the last one without validation)
  double val_accuracy = 0;      ///< validation accuracy of the kept parameters
  double val_loss = 0;          ///< mean validation cross-entropy of the kept parameters
  float weight_decay = 0.f;     ///< the weight decay used (the selected one, for select_and_train)
  float lr = 0.f;               ///< the learning rate used (the selected one, for select_and_train)
};

/// \brief Trains on `fit` by softmax cross-entropy with Adam. With a non-null `validation`, evaluates it after
/// every epoch and restores the parameters of the epoch with the best validation accuracy (ties: lower
/// validation cross-entropy), i.e. early stopping.
FitReport train_classifier(Classifier& c, const ImageSet& fit, const ImageSet* validation,
                           const ClassifierTraining& cfg, Rng& rng);

/// \brief For every learning rate of `lrs` and weight decay of `decays`, trains a clone of `start`
/// (train_classifier with early stopping on `validation`) and returns the clone with the best validation accuracy
/// (ties: lower validation loss) in `start`, with its report.
FitReport select_and_train(Classifier& start, const ImageSet& fit, const ImageSet& validation,
                           const std::vector<float>& lrs, const std::vector<float>& decays, ClassifierTraining cfg,
                           Rng& rng);

/// Fraction of `test` classified correctly (argmax of the logits).
double accuracy(const Classifier& c, const ImageSet& test);
/// Mean softmax cross-entropy on `test`.
double mean_cross_entropy(const Classifier& c, const ImageSet& test);

}  // namespace ae::ch14_3
