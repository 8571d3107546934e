// Section 14.8's exercises: one ISTA step (gradient step and soft threshold), and the sparse-coding objective.
#include "exercise.hpp"
#include "sparse_coding.hpp"

using namespace ae;

namespace {

struct Setup {
  Tensor atoms, X, pred;
  Setup() {
    Rng rng(71);
    atoms = rng.normal_tensor(6, 10);
    for (int k = 0; k < 6; ++k) {  // unit-norm atoms, as in the chapter
      double n = 0;
      for (int d = 0; d < 10; ++d) n += double(atoms(k, d)) * atoms(k, d);
      for (int d = 0; d < 10; ++d) atoms(k, d) /= static_cast<float>(std::sqrt(n));
    }
    X = rng.normal_tensor(4, 10);
    pred = rng.uniform_tensor(4, 6);
  }
};

/// F(h) = ||x - h Wd||^2 + lambda sum_k |h_k| + gamma ||h - pred||^2 for row n, in double.
double F(const Setup& s, const Tensor& H, int n, double lambda, double gamma) {
  double f = 0;
  for (int d = 0; d < 10; ++d) {
    double r = s.X(n, d);
    for (int k = 0; k < 6; ++k) r -= double(H(n, k)) * s.atoms(k, d);
    f += r * r;
  }
  for (int k = 0; k < 6; ++k) f += lambda * std::fabs(H(n, k)) + gamma * std::pow(H(n, k) - double(s.pred(n, k)), 2);
  return f;
}

}  // namespace

TEST_CASE("14.8-ista-step") {
  const Setup s;
  const ch14_8::Dictionary dict(s.atoms);
  Rng rng(72);
  const Tensor H0 = rng.uniform_tensor(4, 6);
  for (float gamma : {0.f, 0.5f}) {
    CAPTURE(gamma);
    const ch14_8::Problem p{dict, s.X, 0.3f, gamma > 0 ? &s.pred : nullptr, gamma};
    const double L = 2 * dict.lmax + 2 * gamma, lambda = 0.3;
    const Tensor H1 = ch14_8::ista(p, H0, 1);
    REQUIRE(H1.same_shape(H0));
    // One step is the minimizer over h >= 0 of the smooth part's quadratic model at H0 plus lambda sum h:
    // each entry minimizes (L/2)(h - y)^2 + lambda h with y = H0 - grad/L, found here by ternary search.
    double worst = 0;
    for (int n = 0; n < 4; ++n)
      for (int k = 0; k < 6; ++k) {
        double grad = 0;  // d/dh_nk of the smooth part, by central differences of F without the L1 term
        Tensor a = H0, b = H0;
        a(n, k) += 1e-3f, b(n, k) -= 1e-3f;
        grad = (F(s, a, n, 0, gamma) - F(s, b, n, 0, gamma)) / (double(a(n, k)) - b(n, k));
        const double y = H0(n, k) - grad / L;
        double lo = 0, hi = std::fabs(y) + 1;
        for (int it = 0; it < 200; ++it) {
          const double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
          auto phi = [&](double h) { return 0.5 * L * (h - y) * (h - y) + lambda * h; };
          (phi(m1) < phi(m2) ? hi : lo) = phi(m1) < phi(m2) ? m2 : m1;
        }
        worst = std::max(worst, std::fabs(H1(n, k) - 0.5 * (lo + hi)));
      }
    CHECK_MESSAGE(worst < 1e-4, "one ISTA step is off by " << worst);
    // ISTA with the step 1/L never increases F.
    Tensor H = H0;
    bool monotone = true;
    for (int t = 0; t < 30; ++t) {
      const Tensor next = ch14_8::ista(p, H, 1);
      for (int n = 0; n < 4; ++n) monotone &= F(s, next, n, lambda, gamma) <= F(s, H, n, lambda, gamma) + 1e-5;
      H = next;
    }
    CHECK_MESSAGE(monotone, "ISTA's objective must not increase from one step to the next");
  }
}

TEST_CASE("14.8-objective") {
  const Setup s;
  const ch14_8::Dictionary dict(s.atoms);
  Rng rng(73);
  const Tensor H = rng.uniform_tensor(4, 6, 0.f, 2.f);
  for (float gamma : {0.f, 0.7f}) {
    CAPTURE(gamma);
    const ch14_8::Problem p{dict, s.X, 0.4f, gamma > 0 ? &s.pred : nullptr, gamma};
    const std::vector<double> got = ch14_8::objective(p, H);
    REQUIRE(got.size() == 4);
    for (int n = 0; n < 4; ++n) {
      const double want = F(s, H, n, 0.4, gamma);
      CHECK_MESSAGE(std::fabs(got[n] - want) < 1e-5 * (1 + want), "F(h_" << n << ") is " << got[n] << ", want "
                                                                          << want);
    }
  }
}
