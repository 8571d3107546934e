// Deep Learning, section 14.4 (and 20.10.3): the stochastic encoder q(h | x) of a variational autoencoder.
//
//   q(h | x) = N(mu(x), diag(exp(logvar(x))))      encoder: x (N, D) -> hidden -> [mu | logvar] (N, 2L)
//   p(h)     = N(0, I)                              p(x | h) = prod_d Bernoulli(x_d; sigmoid(a_d(h)))
//   h = mu + exp(logvar / 2) * eps, eps ~ N(0, I)   (reparameterization: the noise is an input, so gradients
//                                                    flow through mu and logvar)
//   ELBO(x) = E_q[log p(x | h)] - KL(q(h | x) || p(h)) <= log p(x)
//   KL      = sum_j -1/2 (1 + logvar_j - mu_j^2 - exp(logvar_j))                      (analytic)
//
// Reduction, the same everywhere in this chapter: summed over the D pixels and the L latent dimensions, averaged
// over the N images of the batch. So the ELBO and the log-likelihoods are in nats per image.
#pragma once

#include <vector>

#include "nn/layers.hpp"
#include "rng.hpp"

namespace ae::ch14_4 {

/// \brief The VAE: a Gaussian encoder and a Bernoulli decoder, each with one hidden layer.
struct Vae {
  int latent = 20;
  Mlp encoder;  ///< x (N, D) -> [mu | logvar] (N, 2L)
  Mlp decoder;  ///< h (N, L) -> logits a (N, D)
  Vae(int D, int hidden, int latent, Rng& rng);

  /// The two terms of -ELBO on a batch, each per image: the reconstruction NLL -log p(x | h) with one h ~ q(h | x)
  /// by the reparameterization trick (noise from rng), and the analytic KL(q(h | x) || N(0, I)).
  struct Terms {
    Var nll;  ///< (1, 1)
    Var kl;   ///< (1, 1)
  };
  Terms terms(const Tensor& x, Rng& rng) const;

  /// mu and logvar (N, L) of q(h | x), without a graph.
  void encode(const Tensor& x, Tensor& mu, Tensor& logvar) const;
  /// Bernoulli means sigmoid(a(h)) (N, D) for codes h (N, L), without a graph.
  Tensor decode_mean(const Tensor& h) const;
  std::vector<NamedParam> named_params() const;
};

/// What evaluate() measures on a set of images, all in nats per image.
struct VaeEvaluation {
  double elbo = 0;         ///< E_q[log p(x|h)] - KL, the expectation from `elbo_samples` draws per image
  double log_px_given_h = 0;  ///< the ELBO's first term, E_q[log p(x | h)]
  double kl = 0;           ///< the ELBO's second term, analytic
  double iw_log_px = 0;    ///< log (1/K) sum_k p(x | h_k) p(h_k) / q(h_k | x), h_k ~ q(h | x)
  double kl_mc = 0;        ///< Monte Carlo KL: the mean of log q(h_k | x) - log p(h_k) over the same samples
  double kl_mc_z = 0;      ///< (MC KL - analytic KL) / its standard error
};

/// \brief Evaluates the ELBO (analytic KL, `elbo_samples` draws of h per image) and the importance-weighted
/// estimate of log p(x) with `iw_samples` draws per image (independent of the ELBO's), and checks the analytic KL
/// against its Monte Carlo estimate on the importance samples. iw_samples = 0: the ELBO and its terms only.
VaeEvaluation evaluate(const Vae& vae, const Tensor& X, int elbo_samples, int iw_samples, Rng& rng);

}  // namespace ae::ch14_4
