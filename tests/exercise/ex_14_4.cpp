// Section 14.4's exercises: the reparameterization trick, and the backward pass of the Gaussian KL term.
#include "autodiff/losses.hpp"
#include "exercise.hpp"
#include "vae.hpp"

using namespace ae;

TEST_CASE("14.4-reparameterization") {
  Rng rng(31);
  const ch14_4::Vae vae(6, 8, 3, rng);
  const Tensor x = rng.uniform_tensor(5, 6);
  Rng noise(32), same_noise = noise;  // terms() draws eps ~ N(0, I) (5, 3) from its Rng
  const ch14_4::Vae::Terms t = vae.terms(x, noise);
  Tensor mu, logvar;
  vae.encode(x, mu, logvar);
  const Tensor eps = same_noise.normal_tensor(5, 3);
  Tensor h(5, 3);  // a draw from q(h | x) = N(mu, diag(exp(logvar))) with that eps
  for (std::size_t k = 0; k < h.size(); ++k) h[k] = mu[k] + std::sqrt(std::exp(logvar[k])) * eps[k];
  const double want = bce_with_logits(vae.decoder(Var(h)), Var(x)).value()[0];
  CHECK_MESSAGE(std::fabs(t.nll.value()[0] - want) < 1e-4 * (1 + std::fabs(want)),
                "-log p(x | h) must be evaluated at h = mu + sigma * eps: got " << t.nll.value()[0] << ", want "
                                                                              << want);
  // The gradient reaches the encoder's mean and log-variance outputs (columns [0, 3) and [3, 6) of its last layer).
  backward(t.nll);
  const Tensor& g = vae.encoder.layers.back().b.grad();
  double g_mu = 0, g_logvar = 0;
  for (int j = 0; j < 3; ++j) g_mu += std::fabs(g[j]), g_logvar += std::fabs(g[3 + j]);
  CHECK_MESSAGE(g_mu > 0, "no gradient reaches mu through h");
  CHECK_MESSAGE(g_logvar > 0, "no gradient reaches log sigma^2 through h");
}

TEST_CASE("14.4-kl-backward") {
  Rng rng(33);
  const Tensor mu = rng.normal_tensor(4, 3), logvar = rng.uniform_tensor(4, 3, -1.5f, 1.f);
  const double err =
      test::grad_check([](const std::vector<Var>& v) { return kl_std_normal(v[0], v[1]); }, {mu, logvar}, 1e-3)
          .max_rel_err;
  CHECK_MESSAGE(err < 2e-2, "the KL term's gradient differs from central differences (relative error " << err << ")");
}
