/// \file
/// \brief Losses and penalties. Reduction convention, the same for all of them: **summed over pixels (or code
/// units, or latent dimensions) and averaged over the batch**, so every value is "per example" — in nats for the
/// negative log-likelihoods. Each returns a (1, 1) Var.
#pragma once

#include <vector>

#include "autodiff/var.hpp"

namespace ae {

/// \f$\frac1N \sum_n \sum_d (r_{nd} - x_{nd})^2\f$: squared error per example.
Var squared_error(const Var& r, const Var& x);

/// Bernoulli negative log-likelihood from logits a (decoder output before the sigmoid), targets x in [0, 1]:
/// \f$\frac1N \sum_n \sum_d \left[\zeta(a_{nd}) - x_{nd} a_{nd}\right]\f$
/// \f$= -\frac1N\sum_{n,d} [x \log \sigma(a) + (1-x)\log(1-\sigma(a))]\f$, computed without overflow.
Var bce_with_logits(const Var& a, const Var& x);

/// Gaussian negative log-likelihood of x under \f$\mathcal N(\mu, e^{\ell})\f$ with \f$\ell = \log\sigma^2\f$:
/// \f$\frac1N \sum_{n,d} \tfrac12\left[\log 2\pi + \ell_{nd} + (x_{nd}-\mu_{nd})^2 e^{-\ell_{nd}}\right]\f$.
/// logvar has the shape of mu (use broadcast_rows for one variance per pixel).
Var gaussian_nll(const Var& x, const Var& mu, const Var& logvar);

/// \f$\mathrm{KL}(\mathcal N(\mu, e^{\ell}) \,\|\, \mathcal N(0, I)) = \frac1N \sum_n \sum_j -\tfrac12
/// (1 + \ell_{nj} - \mu_{nj}^2 - e^{\ell_{nj}})\f$: the VAE's regularizer, analytic, per example.
Var kl_std_normal(const Var& mu, const Var& logvar);

/// \f$\frac1N \sum_n \sum_i |h_{ni}|\f$: the L1 sparsity penalty per example (multiply by \f$\lambda\f$).
Var l1_penalty(const Var& h);

/// KL sparsity penalty \f$\sum_j \mathrm{KL}(\rho \,\|\, \hat\rho_j) = \sum_j \rho\log\frac{\rho}{\hat\rho_j} +
/// (1-\rho)\log\frac{1-\rho}{1-\hat\rho_j}\f$ with \f$\hat\rho_j\f$ the mean activation of unit j over the batch
/// (activations in (0, 1), e.g. sigmoid units). Not divided by N: \f$\hat\rho\f$ is already a batch mean.
Var kl_sparsity(const Var& h, float rho);

/// Softmax cross-entropy \f$\frac1N\sum_n -\log \mathrm{softmax}(a_n)_{y_n}\f$ for logits a (N, C), labels y.
Var softmax_cross_entropy(const Var& a, const std::vector<int>& labels);

}  // namespace ae
