// Section 14.2's exercises: the Laplace prior's -log p(h), and the backward pass of the KL sparsity penalty.
#include "autodiff/losses.hpp"
#include "exercise.hpp"
#include "priors.hpp"

using namespace ae;

TEST_CASE("14.2-laplace-prior") {
  for (double lambda : {0.5, 2.0}) {
    CAPTURE(lambda);
    // The penalty part: -log p(h) - (-log p(0)) = lambda sum_i |h_i| (the L1 penalty of sparse coding).
    Rng rng(11);
    const Tensor h = rng.normal_tensor(1, 6, 0.f, 2.f);
    const Tensor zero(1, 6);
    double l1 = 0;
    for (float v : h) l1 += std::fabs(double(v));
    const double shape = ch14_2::laplace_neg_log_prior(h.data(), 6, lambda) -
                         ch14_2::laplace_neg_log_prior(zero.data(), 6, lambda);
    CHECK_MESSAGE(std::fabs(shape - lambda * l1) < 1e-6 * (1 + lambda * l1),
                  "-log p(h) must grow like lambda * sum |h_i|: got " << shape << ", want " << lambda * l1);
    // The constant: p is a density, so the integral of exp(-(-log p(h))) over one unit is 1 (trapezoid rule).
    const double a = 60 / lambda, step = a / 100000;
    double integral = 0;
    for (int k = -100000; k <= 100000; ++k) {
      const float v = static_cast<float>(k * step);
      integral += std::exp(-ch14_2::laplace_neg_log_prior(&v, 1, lambda)) * step * (std::abs(k) == 100000 ? 0.5 : 1);
    }
    CHECK_MESSAGE(std::fabs(integral - 1) < 1e-4, "p(h) must integrate to 1, got " << integral);
  }
}

TEST_CASE("14.2-kl-sparsity-backward") {
  Rng rng(12);
  const Tensor h = rng.uniform_tensor(7, 5, 0.15f, 0.85f);  // sigmoid codes, away from 0 and 1
  for (float rho : {0.05f, 0.3f}) {
    CAPTURE(rho);
    const double err =
        test::grad_check([rho](const std::vector<Var>& v) { return kl_sparsity(v[0], rho); }, {h}, 1e-3).max_rel_err;
    CHECK_MESSAGE(err < 2e-2, "the KL penalty's gradient differs from central differences (relative error " << err
                                                                                                       << ")");
  }
}
