// Section 14.4 with 19.1 and 20.10.3: the evidence lower bound in its two forms.
//
//   L(q) = E_q[log p(x, h)] + H(q)                  (energy plus entropy)
//        = E_q[log p(x | h)] - KL(q(h | x) || p(h))  (reconstruction minus a regularizer)
// because log p(x, h) = log p(x | h) + log p(h) and KL(q || p) = E_q[log q(h | x)] - E_q[log p(h)] = -H(q) -
// E_q[log p(h)]. For q = N(mu, diag(sigma^2)) and p(h) = N(0, I) every term except E_q[log p(x | h)] is analytic:
//   E_q[log p(h)] = -1/2 sum_j (mu_j^2 + sigma_j^2 + log 2 pi),   H(q) = 1/2 sum_j (1 + log 2 pi + log sigma_j^2),
// and with the same draws for E_q[log p(x | h)] the two forms differ only by rounding. The entropy term grows with
// every log sigma_j^2: maximizing L rewards a q as wide as the reconstruction term allows.
#pragma once

#include "rng.hpp"
#include "tensor.hpp"
#include "vae.hpp"

namespace ae::ch14_4 {

/// Both forms of the ELBO on a set of images, nats per image.
struct ElboForms {
  double joint_plus_entropy = 0;  ///< E_q[log p(x, h)] + H(q), accumulated in float
  double recon_minus_kl = 0;      ///< E_q[log p(x | h)] - KL(q || p), accumulated in double
  double entropy = 0;             ///< H(q(h | x)), mean over the images
  double abs_diff = 0;            ///< |joint_plus_entropy - recon_minus_kl|
};

/// Evaluates both forms with `samples` reparameterized draws of h per image, shared by the two forms.
ElboForms elbo_two_forms(const Vae& vae, const Tensor& X, int samples, Rng& rng);

}  // namespace ae::ch14_4
