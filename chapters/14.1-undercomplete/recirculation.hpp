// Recirculation (Hinton and McClelland, 1988): training an autoencoder without backpropagation.
//
// The input goes around the loop visible -> hidden -> visible twice, and every weight changes by its
// "presynaptic" activity times the change of its "postsynaptic" activity between the two passes:
//   pass 1:  y(1) = f(x(0) W_e + b_e)                          hidden code of the original input, (N, k)
//            x(2) = lambda x(0) + (1 - lambda) g(y(1) W_d + b_d)   visible units with "regression" lambda, (N, D)
//   pass 2:  y(3) = f(x(2) W_e + b_e)                          hidden code of the (partly) reconstructed input
//   updates: W_d += eps y(1)^T (x(0) - x(2)) / N,   b_d += eps mean(x(0) - x(2))      (decoder, D visible units)
//            W_e += eps x(2)^T (y(1) - y(3)) / N,   b_e += eps mean(y(1) - y(3))      (encoder, k hidden units)
// Since x(0) - x(2) = (1 - lambda)(x - r), the decoder's update is exactly (1 - lambda) times the negative
// gradient of (1/2)||x - r||^2 for a linear decoder. The encoder's update uses W_e where backprop would use
// W_d^T, so it approximates gradient descent while the weights stay close to symmetric (W_e ~ W_d^T); we start
// them symmetric and small. Nothing is differentiated: no graph is recorded.
#pragma once

#include "nn/layers.hpp"
#include "tensor.hpp"

namespace ch14_1 {

/// A one-hidden-layer autoencoder trained by recirculation: encoder W_e (D, k), decoder W_d (k, D).
struct RecirculationAe {
  ae::Linear enc, dec;
  ae::Act hidden = ae::Act::identity;   ///< f: identity (linear) or sigmoid
  ae::Act visible = ae::Act::identity;  ///< g
  float lambda = 0.75f;                 ///< regression of the visible units in pass 1 -> 2

  /// Encoder at a tenth of Glorot scale, decoder set to its transpose (small, symmetric weights).
  RecirculationAe(int D, int k, ae::Act hidden, ae::Act visible, float lambda, ae::Rng& rng);
  /// Writes minus the recirculation update for the minibatch X (N, D) into the parameters' grad(), so that
  /// any optimizer's step (theta -= lr * grad) applies it; returns the squared error per example of pass 1.
  float compute_update(const ae::Tensor& X) const;
  /// r = g(f(x W_e + b_e) W_d + b_d), (N, D).
  ae::Tensor reconstruct(const ae::Tensor& X) const;
  std::vector<ae::NamedParam> named_params() const;
};

}  // namespace ch14_1
