// Section 14.4's chapter-local pieces: the fused categorical NLL over 256 levels (value against a naive softmax,
// gradients against central differences), its vectorizable exp, and the inverse normal CDF.
#include <doctest/doctest.h>

#include <cmath>

#include "../../chapters/14.4-stochastic/categorical.hpp"
#include "../../chapters/14.4-stochastic/normal_quantile.hpp"
#include "gradcheck.hpp"

using namespace ae;
using namespace ae::ch14_4;

namespace {

struct CategoricalCase {
  int N = 3, D = 4, k = 2;
  Tensor u, V, B;
  std::vector<std::uint8_t> levels;
  CategoricalCase() {
    Rng rng(5);
    u = rng.normal_tensor(N, D * k);
    V = rng.normal_tensor(k, kLevels, 0.f, 0.5f);
    B = rng.normal_tensor(D, kLevels);
    for (int i = 0; i < N * D; ++i) levels.push_back(static_cast<std::uint8_t>(rng.below(kLevels)));
  }
};

/// The definition, in double: (1/N) sum_{n,d} -log softmax(B_d + V^T u_nd)[x_nd].
double naive_categorical_nll(const CategoricalCase& c) {
  double s = 0;
  for (int n = 0; n < c.N; ++n)
    for (int d = 0; d < c.D; ++d) {
      std::vector<double> a(kLevels);
      for (int v = 0; v < kLevels; ++v) {
        a[v] = c.B(d, v);
        for (int j = 0; j < c.k; ++j) a[v] += static_cast<double>(c.u(n, d * c.k + j)) * c.V(j, v);
      }
      double z = 0;
      for (double x : a) z += std::exp(x);
      s += std::log(z) - a[c.levels[static_cast<std::size_t>(n) * c.D + d]];
    }
  return s / c.N;
}

}  // namespace

TEST_CASE("categorical_nll equals the softmax cross-entropy summed over pixels, averaged over the batch") {
  const CategoricalCase c;
  const double got = categorical_nll(Var(c.u), Var(c.V), Var(c.B), c.levels).item();
  CHECK(got == doctest::Approx(naive_categorical_nll(c)).epsilon(1e-5));
}

TEST_CASE("categorical_nll gradients match central differences") {
  // Most of the 256 levels are never observed, so most entries of dL/dV and dL/dB are tiny (p_v / N): the loss is
  // a float of about N log 256, so the floor on the denominator is set above its rounding error divided by 2h.
  const CategoricalCase c;
  const auto r = ae::test::grad_check(
      [&](const std::vector<Var>& in) { return categorical_nll(in[0], in[1], in[2], c.levels); }, {c.u, c.V, c.B},
      2e-2, 7, 1e-2);
  CAPTURE(r.worst_input);
  CAPTURE(r.worst_index);
  CHECK(r.max_rel_err < 2e-2);
}

TEST_CASE("categorical_probs is a distribution peaked where the logits are largest") {
  CategoricalCase c;
  c.B.fill(0.f);
  c.B(1, 200) = 10.f;
  const std::vector<float> p = categorical_probs(c.u, c.V, c.B, 0, 1);
  double total = 0;
  for (float v : p) total += v;
  CHECK(total == doctest::Approx(1.0).epsilon(1e-5));
  CHECK(std::max_element(p.begin(), p.end()) - p.begin() == 200);
}

TEST_CASE("exp_nonpositive matches std::exp on [-87, 0]") {
  double worst = 0;
  for (int i = 0; i <= 200000; ++i) {
    const float x = -87.f * static_cast<float>(i) / 200000.f;
    const double want = std::exp(static_cast<double>(x));
    worst = std::max(worst, std::fabs(detail::exp_nonpositive(x) - want) / want);
  }
  CHECK(worst < 1e-6);
  CHECK(detail::exp_nonpositive(0.f) == doctest::Approx(1.0).epsilon(1e-7));
}

TEST_CASE("normal_quantile inverts the normal CDF, tails included") {
  CHECK(normal_quantile(0.5) == doctest::Approx(0.0).epsilon(1e-12));
  CHECK(normal_quantile(0.975) == doctest::Approx(1.959963984540054).epsilon(1e-12));
  CHECK(normal_quantile(0.025) == doctest::Approx(-1.959963984540054).epsilon(1e-12));
  for (double p : {1e-10, 1e-6, 0.001, 0.02425, 0.1, 0.3, 0.7, 0.9, 0.97575, 0.999, 1 - 1e-6}) {
    CAPTURE(p);
    CHECK(normal_cdf(normal_quantile(p)) == doctest::Approx(p).epsilon(1e-9));
  }
  CHECK_THROWS_AS(normal_quantile(0.0), std::domain_error);
  CHECK_THROWS_AS(normal_quantile(1.0), std::domain_error);
}
