/// \file
/// \brief Layers: an affine map with Glorot initialization, activations, a multilayer perceptron, and the
/// encoder-decoder pair \f$h = f(x)\f$, \f$r = g(h)\f$ of section 14.1.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "autodiff/ops.hpp"
#include "rng.hpp"

namespace ae {

/// A parameter with the name it is saved under in checkpoints.
using NamedParam = std::pair<std::string, Var>;

/// \brief \f$y = xW + b\f$ with x (N, in), W (in, out), b (1, out).
struct Linear {
  /** \name Parameters */
  ///@{
  Var W, b;  ///< the weight W (in, out) and the bias b (1, out)
  ///@}
  Linear() = default;
  /// Glorot (Xavier) uniform initialization: \f$W_{ij} \sim U(-a, a)\f$, \f$a = \sqrt{6/(in + out)}\f$; b = 0.
  Linear(int in, int out, Rng& rng);
  /// \f$xW + b\f$ for x (N, in).
  Var operator()(const Var& x) const { return affine(x, W, b); }
  int in() const { return W.rows(); }   ///< input width
  int out() const { return W.cols(); }  ///< output width
  /// An independent copy: new parameters holding the same values (copying a Linear shares its parameters).
  /// Introduced in section 14.3 (greedy pretraining keeps copies of each layer); 14.7 copies an encoder with it.
  Linear clone() const {
    Linear c;
    c.W = Var(W.value(), true);
    c.b = Var(b.value(), true);
    return c;
  }
};

/// The nonlinearities used in chapter 14.
enum class Act { identity, sigmoid, tanh, relu, softplus };
/// Applies an activation.
Var activate(const Var& x, Act act);
/// Parses "identity|linear|sigmoid|tanh|relu|softplus"; throws std::invalid_argument otherwise.
Act parse_act(const std::string& name);
/// The activation applied to a plain tensor (no graph), for evaluation code.
Tensor activate(const Tensor& x, Act act);

/// \brief A multilayer perceptron: sizes {d0, d1, ..., dL}, `hidden` after every layer but the last, `output`
/// after the last.
struct Mlp {
  std::vector<Linear> layers;  ///< the affine maps, first to last
  /** \name Activations */
  ///@{
  Act hidden = Act::sigmoid, output = Act::identity;  ///< after every layer but the last; after the last
  ///@}
  Mlp() = default;
  /// Layers sizes[0] -> sizes[1] -> ... -> sizes.back(), Glorot-initialized from rng.
  Mlp(const std::vector<int>& sizes, Act hidden, Act output, Rng& rng);
  /// The network's output for x (N, sizes[0]).
  Var operator()(const Var& x) const;
  /// Output before the final activation (logits, for losses that take them).
  Var pre_activation(const Var& x) const;
  /// Every W and b, named PREFIX.0.W, PREFIX.0.b, ... for checkpoints.
  std::vector<NamedParam> named_params(const std::string& prefix) const;
  /// Every W and b.
  std::vector<Var> params() const;
  /// Number of scalar parameters.
  std::size_t num_params() const;
};

/// \brief An encoder f and decoder g (section 14.1): \f$h = f(x)\f$, \f$r = g(h)\f$, trained to make \f$r \approx x\f$.
struct Autoencoder {
  /** \name Networks */
  ///@{
  Mlp encoder, decoder;  ///< f and g
  ///@}
  Autoencoder() = default;
  /// Sizes of the encoder, e.g. {784, 256, 30}; the decoder mirrors them, {30, 256, 784}.
  Autoencoder(const std::vector<int>& encoder_sizes, Act hidden, Act code, Act output, Rng& rng);
  Var encode(const Var& x) const { return encoder(x); }              ///< h = f(x)
  Var decode(const Var& h) const { return decoder(h); }              ///< r = g(h)
  Var reconstruct(const Var& x) const { return decode(encode(x)); }  ///< r = g(f(x))
  /// r = g(f(x)) evaluated without recording a graph.
  Tensor reconstruct(const Tensor& x) const;
  /// h = f(x) evaluated without recording a graph.
  Tensor encode(const Tensor& x) const;
  /// The encoder's parameters (named enc.*) then the decoder's (dec.*).
  std::vector<NamedParam> named_params() const;
  /// The encoder's parameters then the decoder's.
  std::vector<Var> params() const;
};

/// The Vars of a list of named parameters.
std::vector<Var> vars_of(const std::vector<NamedParam>& named);

}  // namespace ae
