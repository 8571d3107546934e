#include <doctest/doctest.h>

#include <cmath>

#include "autodiff/losses.hpp"
#include "autodiff/ops.hpp"
#include "nn/optim.hpp"
#include "rng.hpp"

using namespace ae;

TEST_CASE("PCG32 is reproducible and matches its reference stream") {
  Rng a(42, 54), b(42, 54), c(43, 54);
  // First outputs of pcg32 seeded (42, 54), as printed by the PCG reference implementation's demo.
  CHECK(a.next_u32() == 0xa15c02b7u);
  CHECK(a.next_u32() == 0x7b47f409u);
  b.next_u32();
  b.next_u32();
  CHECK(a.normal() == b.normal());
  CHECK(a.next_u32() != c.next_u32());
}

TEST_CASE("Box-Muller normals have mean 0 and variance 1") {
  Rng rng(1);
  double s = 0, s2 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    s += z;
    s2 += z * z;
  }
  CHECK(std::fabs(s / n) < 0.01);
  CHECK(std::fabs(s2 / n - 1) < 0.02);
}

TEST_CASE("permutation is a permutation; state save and restore continues the stream") {
  Rng rng(5);
  auto p = rng.permutation(100);
  std::vector<int> sorted = p;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 100; ++i) CHECK(sorted[i] == i);
  rng.normal();
  auto st = rng.state();
  const double x = rng.normal(), y = rng.normal();
  rng.set_state(st);
  CHECK(rng.normal() == x);
  CHECK(rng.normal() == y);
}

namespace {
// A convex quadratic: L(theta) = ||A theta - b||^2 / N with known minimizer theta* = A^{-1} b.
double optimize(Optimizer& opt, Var& theta, const Tensor& A, const Tensor& b, int steps) {
  for (int i = 0; i < steps; ++i) {
    Var L = squared_error(matmul(Var(A), theta), Var(b));
    backward(L);
    opt.step();
    opt.zero_grad();
  }
  return 0;
}
}  // namespace

TEST_CASE("SGD with momentum and Adam reach the known minimum of a convex problem") {
  const Tensor A(3, 3, {2, 0, 0, 0, 1, 0, 0.5f, 0, 1}), b(3, 1, {2, -1, 1.5f});
  const Tensor theta_star(3, 1, {1, -1, 1});  // A theta* = b
  SUBCASE("sgd") {
    Var theta(Tensor(3, 1), true);
    Sgd opt({theta}, 0.05f, 0.9f);
    optimize(opt, theta, A, b, 500);
    CHECK(max_abs_diff(theta.value(), theta_star) < 1e-3f);
  }
  SUBCASE("adam") {
    Var theta(Tensor(3, 1), true);
    Adam opt({theta}, 0.05f);
    optimize(opt, theta, A, b, 2000);
    CHECK(max_abs_diff(theta.value(), theta_star) < 1e-3f);
  }
  SUBCASE("weight decay shrinks the solution towards 0 (ridge)") {
    Var theta(Tensor(3, 1), true);
    Sgd opt({theta}, 0.05f, 0.9f, 1.0f);
    optimize(opt, theta, A, b, 500);
    CHECK(sq_norm(theta.value()) < sq_norm(theta_star) * 0.9);
  }
}
