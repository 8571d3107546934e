#include "elbo_forms.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ae::ch14_4 {

ElboForms elbo_two_forms(const Vae& vae, const Tensor& X, int samples, Rng& rng) {
  NoGrad no_grad;
  const int M = X.rows(), D = X.cols(), L = vae.latent;
  const float log_2pi = 1.8378770664f;
  Tensor mu, logvar;
  vae.encode(X, mu, logvar);

  // E_q[log p(x | h)] per image: `samples` draws h = mu + sigma * eps, Bernoulli log-likelihood of the logits.
  std::vector<double> log_px_h(static_cast<std::size_t>(M), 0.0);
  for (int s = 0; s < samples; ++s) {
    const Tensor eps = rng.normal_tensor(M, L);
    Tensor h(M, L);
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < L; ++j) h(i, j) = mu(i, j) + std::exp(0.5f * logvar(i, j)) * eps(i, j);
    const Tensor a = vae.decoder(Var(h)).value();  // logits (M, D)
    for (int i = 0; i < M; ++i) {
      double ll = 0;  // sum_d x a - softplus(a)
      for (int d = 0; d < D; ++d) {
        const float v = a(i, d);
        ll += X(i, d) * v - (std::max(v, 0.f) + std::log1p(std::exp(-std::fabs(v))));
      }
      log_px_h[i] += ll / samples;
    }
  }

  ElboForms f;
  for (int i = 0; i < M; ++i) {
    // Energy plus entropy, in float as a student would write it: E_q[log p(h)] and H(q) term by term.
    float log_ph = 0.f, entropy = 0.f;
    for (int j = 0; j < L; ++j) {
      log_ph += -0.5f * (mu(i, j) * mu(i, j) + std::exp(logvar(i, j)) + log_2pi);
      entropy += 0.5f * (1.f + log_2pi + logvar(i, j));
    }
    const float joint = static_cast<float>(log_px_h[i]) + log_ph;  // E_q[log p(x, h)]
    f.joint_plus_entropy += static_cast<double>(joint + entropy) / M;
    // Reconstruction minus KL, in double, with the analytic KL of vae.hpp.
    double kl = 0;
    for (int j = 0; j < L; ++j) {
      const double m = mu(i, j), lv = logvar(i, j);
      kl += -0.5 * (1.0 + lv - m * m - std::exp(lv));
    }
    f.recon_minus_kl += (log_px_h[i] - kl) / M;
    f.entropy += static_cast<double>(entropy) / M;
  }
  f.abs_diff = std::fabs(f.joint_plus_entropy - f.recon_minus_kl);
  return f;
}

}  // namespace ae::ch14_4
