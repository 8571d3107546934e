// Deep Learning, section 14.3 (and 15.1): a stacked autoencoder's encoder as the lower layers of a classifier.
//
//   logits = h(x) V + b,   p(y | x) = softmax(logits),   minimize -log p(y | x) averaged over the labelled batch
// with h = f(x) the pretrained encoder, either frozen (only V, b learn: the code as fixed features) or fine-tuned
// with everything else. With no encoder layers it is softmax regression on the raw pixels.
#pragma once

#include <string>

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
};

/// How to train a classifier.
struct ClassifierTraining {
  int epochs = 50;
  int batch = 64;
  float lr = 1e-3f;
  float weight_decay = 0.f;
  bool train_encoder = true;  ///< false: the encoder is frozen, only the softmax layer learns
  std::string label = "classifier";
};

/// Trains on the images and labels of `labelled` by softmax cross-entropy with Adam.
void train_classifier(Classifier& c, const ImageSet& labelled, const ClassifierTraining& cfg, Rng& rng);

/// Fraction of `test` classified correctly (argmax of the logits).
double accuracy(const Classifier& c, const ImageSet& test);

}  // namespace ae::ch14_3
