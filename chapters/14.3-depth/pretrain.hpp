// Deep Learning, section 14.3 (and 15.1): greedy layer-wise pretraining of a deep autoencoder.
//
// Layer l is a shallow autoencoder trained on the codes of the layers below it, which stay fixed:
//   h_l = a_l(h_{l-1} W_l + b_l),   r_{l-1} = o_l(h_l W'_l + b'_l),   minimize ||r_{l-1} - h_{l-1}||^2
// (optionally denoising: the input h_{l-1} is corrupted by masking noise, the target is the clean h_{l-1}).
// Here h_0 = x, a_l is the hidden activation except for the top layer (a linear code), o_1 is a sigmoid (pixels)
// and o_l = a_{l-1} above it (it reconstructs codes of that kind). Unrolling puts the encoders W_1 .. W_L in
// order and the decoders W'_L .. W'_1 after them: a deep autoencoder ready to be fine-tuned end to end.
// Each b_l starts at -mean(h_{l-1}) W_l (centered pre-activations), so no ReLU code unit starts out dead.
#pragma once

#include <vector>

#include "data/datasets.hpp"
#include "nn/layers.hpp"
#include "rng.hpp"

namespace ae::ch14_3 {

/// One shallow autoencoder of the stack.
struct StackLayer {
  Linear enc, dec;
  Act code_act = Act::sigmoid;  ///< a_l
  Act out_act = Act::sigmoid;   ///< o_l
};

/// How to pretrain each layer.
struct PretrainConfig {
  int epochs = 10;
  int batch = 64;
  float lr = 1e-3f;
  float noise = 0.f;  ///< masking probability of the denoising criterion; 0: plain autoencoders
  bool center = true;  ///< start each encoder bias at -mean(input) W, so no code unit starts out dead
};

/// \brief Greedy layer-wise pretraining of the layers of an encoder with sizes {D, w_1, ..., c}.
std::vector<StackLayer> pretrain_greedy(const std::vector<int>& sizes, Act act, const ImageSet& train,
                                        const PretrainConfig& cfg, Rng& rng);

/// \brief The stack's encoder alone, x -> c, as an Mlp (copied: training it leaves the stack unchanged).
Mlp stacked_encoder(const std::vector<StackLayer>& stack, Act act);
/// \brief The deep autoencoder: encoders 1..L then decoders L..1 (copied from the stack).
Autoencoder unroll(const std::vector<StackLayer>& stack, Act act);

}  // namespace ae::ch14_3
