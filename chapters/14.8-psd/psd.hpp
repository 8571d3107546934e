// Section 14.8: predictive sparse decomposition (Kavukcuoglu, Ranzato and LeCun 2008). A parametric encoder
// f(x) = relu(x We + be) is trained to predict the sparse code, jointly with the dictionary, by minimizing
//   ||x - g(h)||^2 + lambda |h|_1 + gamma ||h - f(x)||^2       over h, We, be and Wd,
// alternating a few inference steps over h (started from f(x)) with a gradient step on the parameters given h.
// With gamma = 0 and inference started from 0 this is plain sparse coding, which trains only the dictionary.
// Losses are summed over pixels (or code units) and averaged over the batch.
#pragma once

#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "nn/layers.hpp"
#include "nn/train.hpp"
#include "rng.hpp"

namespace ch14_8 {

using ae::Tensor;
using ae::Var;

/// The encoder f and the decoder g(h) = h Wd.
struct PsdModel {
  ae::Linear enc;  ///< We (D, K), be (1, K)
  Var Wd;          ///< (K, D) dictionary, rows (atoms) kept at unit norm

  PsdModel(int D, int K, ae::Rng& rng);
  Var predict(const Var& x) const { return ae::relu(enc(x)); }  ///< f(x), (N, K)
  Tensor predict(const Tensor& x) const;                        ///< f(x) without a graph
  /// Rescales every atom to unit norm: without it the decoder could grow Wd and shrink h, driving lambda |h|_1
  /// to zero at no cost (the same scale trap as the contractive penalty's, section 14.7).
  void normalize_atoms();
  /// Starts the atoms at K random training images (normalized), and the encoder at one ISTA step from h = 0,
  /// f(x) = relu((2/L) x Wd^T - lambda/L): every unit then starts alive (a ReLU unit that no image switches on
  /// gets no gradient and never recovers, nor does the atom it would have used).
  void init_from(const ae::ImageSet& images, float lambda, ae::Rng& rng);
};

struct PsdSpec {
  bool psd = true;           ///< false: plain sparse coding (inference from h = 0, no encoder, gamma = 0)
  float lambda = 0.5f;       ///< sparsity weight
  float gamma = 1.f;         ///< weight of ||h - f(x)||^2
  int inference_steps = 10;  ///< inference steps per minibatch: ISTA from f(x) (PSD), FISTA from 0 (sparse coding)
  int epochs = 10, batch = 100;
  float lr = 3e-3f;
  std::string label, checkpoint;
  bool resume = false;
};

/// Trains the dictionary (and, for PSD, the encoder) on `images` with ae::train; returns the loss history.
ae::TrainHistory train_psd(PsdModel& model, const ae::ImageSet& images, const PsdSpec& spec, ae::Rng& rng);

}  // namespace ch14_8
