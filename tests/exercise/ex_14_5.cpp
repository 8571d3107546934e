// Section 14.5's exercises: the score a denoising autoencoder estimates, and the exact score of a Gaussian mixture.
#include "data/synthetic.hpp"
#include "exercise.hpp"
#include "nn/layers.hpp"
#include "score.hpp"

using namespace ae;

TEST_CASE("14.5-dae-score") {
  // Data N(0, s^2 I) in 2-D, noise N(0, sigma^2 I): the best denoiser is r(x~) = s^2 / (s^2 + sigma^2) x~, and
  // p_sigma = N(0, (s^2 + sigma^2) I) has the score -x~ / (s^2 + sigma^2). A linear autoencoder set to that r must
  // give that score.
  const float s = 1.f, sigma = 0.5f, c = s * s / (s * s + sigma * sigma);
  Rng rng(41);
  Autoencoder dae({2, 2}, Act::identity, Act::identity, Act::identity, rng);
  dae.encoder.layers[0].W.value() = Tensor(2, 2, {1.f, 0.f, 0.f, 1.f});
  dae.encoder.layers[0].b.value().zero();
  dae.decoder.layers[0].W.value() = Tensor(2, 2, {c, 0.f, 0.f, c});
  dae.decoder.layers[0].b.value().zero();
  const Tensor X = rng.normal_tensor(9, 2, 0.f, 1.5f);
  const Tensor S = ch14_5::learned_score(dae, X, sigma);
  Tensor want = X * (-1.f / (s * s + sigma * sigma));
  CHECK_MESSAGE(exercise::rel_diff(S, want) < 1e-5, "the optimal DAE's score estimate must be grad log p_sigma");
}

TEST_CASE("14.5-mixture-score") {
  GaussianMixture p;
  p.means = {{0.0, 0.0}, {2.0, -1.0}, {-1.5, 2.5}};
  p.sigmas = {0.7, 0.4, 1.2};
  p.weights = {0.5, 0.2, 0.3};
  double worst = 0;
  for (const std::vector<double>& x : std::vector<std::vector<double>>{{0.1, 0.2}, {1.5, -0.7}, {-3, 4}, {5, 5}}) {
    double g[2];
    p.score(x.data(), g);
    for (int j = 0; j < 2; ++j) {  // central differences of log p
      std::vector<double> a = x, b = x;
      a[j] += 1e-5, b[j] -= 1e-5;
      const double fd = (p.log_density(a.data()) - p.log_density(b.data())) / 2e-5;
      worst = std::max(worst, std::fabs(g[j] - fd) / (1 + std::fabs(fd)));
    }
  }
  CHECK_MESSAGE(worst < 1e-5, "the score differs from central differences of log p (relative error " << worst << ")");
}
