// The variational autoencoder of section 14.4: reparameterized training terms, and its evaluation (ELBO,
// importance-weighted log p(x), Monte Carlo check of the analytic KL). See vae.hpp for the equations.
#include "vae.hpp"

#include <algorithm>
#include <cmath>

#include "autodiff/losses.hpp"

namespace ae::ch14_4 {

Vae::Vae(int D, int hidden, int latent_, Rng& rng)
    : latent(latent_),
      encoder({D, hidden, 2 * latent_}, Act::relu, Act::identity, rng),
      decoder({latent_, hidden, D}, Act::relu, Act::identity, rng) {}

Vae::Terms Vae::terms(const Tensor& x, Rng& rng) const {
  const Var X(x);
  const Var out = encoder(X);
  const Var mu = slice_cols(out, 0, latent), logvar = slice_cols(out, latent, 2 * latent);
  const Var eps(rng.normal_tensor(x.rows(), latent));       // eps ~ N(0, I), an input of the graph
  // BEGIN EXERCISE 14.4-reparameterization
  const Var h = mu + exp(0.5f * logvar) * eps;              // h = mu + sigma * eps
  // ELSE
  // throw ae::NotImplemented("14.4-reparameterization");  // h ~ q(h | x), written as a differentiable function of eps
  // const Var h = mu;
  // END EXERCISE
  return {bce_with_logits(decoder(h), X),                   // -log p(x | h): summed over pixels, mean over batch
          kl_std_normal(mu, logvar)};                       // KL(q || p): summed over latent dims, mean over batch
}

void Vae::encode(const Tensor& x, Tensor& mu, Tensor& logvar) const {
  NoGrad no_grad;
  const Tensor out = encoder(Var(x)).value();
  mu = out.cols_slice(0, latent);
  logvar = out.cols_slice(latent, 2 * latent);
}

Tensor Vae::decode_mean(const Tensor& h) const {
  NoGrad no_grad;
  return sigmoid(decoder(Var(h))).value();
}

std::vector<NamedParam> Vae::named_params() const {
  std::vector<NamedParam> p = encoder.named_params("encoder");
  for (const NamedParam& q : decoder.named_params("decoder")) p.push_back(q);
  return p;
}

namespace {

/// log p(x | h) = -sum_d [softplus(a_d) - x_d a_d] for one row of logits a and pixels x.
double bernoulli_log_lik(const float* a, const float* x, int D) {
  double s = 0;
  for (int d = 0; d < D; ++d) {
    const float v = a[d];
    s += std::max(v, 0.f) + std::log1p(std::exp(-std::fabs(v))) - x[d] * v;
  }
  return -s;
}

double log_sum_exp(const std::vector<double>& v) {
  const double m = *std::max_element(v.begin(), v.end());
  double s = 0;
  for (double x : v) s += std::exp(x - m);
  return m + std::log(s);
}

}  // namespace

VaeEvaluation evaluate(const Vae& vae, const Tensor& X, int elbo_samples, int iw_samples, Rng& rng) {
  NoGrad no_grad;
  const int M = X.rows(), D = X.cols(), L = vae.latent, K = iw_samples;
  Tensor mu, logvar;
  vae.encode(X, mu, logvar);
  std::vector<double> kl(M);  // analytic KL of each image
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < L; ++j) kl[i] += -0.5 * (1 + logvar(i, j) - mu(i, j) * mu(i, j) - std::exp(logvar(i, j)));

  // Draws h = mu + sigma * eps for `rows` (image, eps) pairs and returns the decoder's logits (rows, D).
  auto decode_draws = [&](const std::vector<int>& image, const Tensor& eps) {
    Tensor h(static_cast<int>(image.size()), L);
    for (int r = 0; r < h.rows(); ++r)
      for (int j = 0; j < L; ++j) h(r, j) = mu(image[r], j) + std::exp(0.5f * logvar(image[r], j)) * eps(r, j);
    return std::pair{h, vae.decoder(Var(h)).value()};
  };

  VaeEvaluation e;
  // The ELBO: E_q[log p(x | h)] by elbo_samples draws, minus the analytic KL.
  constexpr int kRows = 1024;  // rows per decoder call
  std::vector<double> log_px_h(M, 0.0);
  for (int s = 0; s < elbo_samples; ++s)
    for (int begin = 0; begin < M; begin += kRows) {
      std::vector<int> image;
      for (int i = begin; i < std::min(M, begin + kRows); ++i) image.push_back(i);
      const auto [h, a] = decode_draws(image, rng.normal_tensor(static_cast<int>(image.size()), L));
      for (std::size_t r = 0; r < image.size(); ++r)
        log_px_h[image[r]] += bernoulli_log_lik(a.row(static_cast<int>(r)), X.row(image[r]), D) / elbo_samples;
    }
  for (int i = 0; i < M; ++i) {
    e.log_px_given_h += log_px_h[i] / M;
    e.kl += kl[i] / M;
  }
  e.elbo = e.log_px_given_h - e.kl;

  // Importance sampling with q as the proposal: log w_k = log p(x | h_k) + log p(h_k) - log q(h_k | x), and
  // log p(x) ~ logsumexp_k(log w_k) - log K, a lower bound in expectation that tightens as K grows. The same draws
  // give a Monte Carlo KL, sum_k (log q(h_k | x) - log p(h_k)) / K, to compare with the analytic one.
  // (The (L/2) log 2 pi of log p(h) and log q(h | x) cancel in both.)
  if (K < 1) return e;  // the ELBO only
  const int images_per_call = std::max(1, kRows / K);
  double r_sum = 0, r_sq = 0;
  for (int begin = 0; begin < M; begin += images_per_call) {
    std::vector<int> image;
    for (int i = begin; i < std::min(M, begin + images_per_call); ++i)
      for (int k = 0; k < K; ++k) image.push_back(i);
    const Tensor eps = rng.normal_tensor(static_cast<int>(image.size()), L);
    // Large K: one image's draws in pieces of kRows.
    std::vector<double> log_w(image.size());
    for (std::size_t r0 = 0; r0 < image.size(); r0 += kRows) {
      const std::size_t r1 = std::min(image.size(), r0 + kRows);
      const std::vector<int> part(image.begin() + static_cast<std::ptrdiff_t>(r0),
                                  image.begin() + static_cast<std::ptrdiff_t>(r1));
      const auto [h, a] = decode_draws(part, eps.rows_slice(static_cast<int>(r0), static_cast<int>(r1)));
      for (std::size_t r = r0; r < r1; ++r) {
        const int i = image[r], hr = static_cast<int>(r - r0);
        double log_q_minus_log_p = 0;  // log q(h | x) - log p(h)
        for (int j = 0; j < L; ++j) {
          const double ej = eps(static_cast<int>(r), j), hj = h(hr, j);
          log_q_minus_log_p += -0.5 * (ej * ej + logvar(i, j)) + 0.5 * hj * hj;
        }
        log_w[r] = bernoulli_log_lik(a.row(hr), X.row(i), D) - log_q_minus_log_p;
        const double residual = log_q_minus_log_p - kl[i];
        r_sum += residual;
        r_sq += residual * residual;
        e.kl_mc += log_q_minus_log_p / (static_cast<double>(M) * K);
      }
    }
    for (std::size_t r = 0; r < image.size(); r += K) {
      const std::vector<double> w(log_w.begin() + static_cast<std::ptrdiff_t>(r),
                                  log_w.begin() + static_cast<std::ptrdiff_t>(r + K));
      e.iw_log_px += (log_sum_exp(w) - std::log(static_cast<double>(K))) / M;
    }
  }
  const double n = static_cast<double>(M) * K, mean_r = r_sum / n;
  const double std_err = std::sqrt(std::max(0.0, r_sq / n - mean_r * mean_r) / std::max(1.0, n - 1));
  e.kl_mc_z = std_err > 0 ? mean_r / std_err : 0.0;
  return e;
}

}  // namespace ae::ch14_4
