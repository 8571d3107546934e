#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "autodiff/losses.hpp"
#include "autodiff/ops.hpp"
#include "gemm/gemm.hpp"
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

TEST_CASE("Adam's AVX2 and AVX-512 updates agree with its portable loop") {
  // 1003 parameters: whole vectors and a scalar tail. Every SIMD level this CPU runs (the GEMM kernel's choice
  // steers Adam, see simd_level()) takes 20 steps from the same start; the portable loop is the specification.
  const int n = 1003, steps = 20;
  const auto run = [&](const char* kernel) {
    REQUIRE(gemm_set_kernel(kernel));
    Tensor start(n, 1);
    for (int k = 0; k < n; ++k) start[k] = std::sin(0.37f * static_cast<float>(k));
    Var theta(start, true);
    Adam opt({theta}, 0.01f, 0.9f, 0.999f, 1e-8f, 0.01f);
    for (int s = 0; s < steps; ++s) {
      opt.zero_grad();
      Tensor& g = theta.grad();
      for (int k = 0; k < n; ++k)
        g[k] = theta.value()[k] * static_cast<float>(k % 7 - 3) + 0.1f * static_cast<float>(s);
      opt.step();
    }
    gemm_set_kernel("auto");
    return theta.value();
  };
  const Tensor spec = run("scalar");
  CHECK(max_abs_diff(spec, Tensor(n, 1)) > 0.1f);  // the parameters did move
  for (const char* kernel : {"avx2", "avx512"}) {
    if (!gemm_kernel_available(kernel)) continue;
    const std::string name = kernel;
    CAPTURE(name);
    // FMA contraction and vector division round differently from the scalar loop: a few ulps after 20 steps.
    CHECK(max_abs_diff(run(kernel), spec) < 1e-5f);
  }
}

TEST_CASE("Adam gives the same bits on one thread and on several") {
  // Large enough that the update is split between threads: a 100003-entry tensor (split at a multiple of 16) and a
  // 40000-entry one (kept whole on the first thread).
  const auto run = [](int threads) {
    gemm_set_threads(threads);
    Tensor a(100003, 1), b(200, 200);
    for (std::size_t k = 0; k < a.size(); ++k) a[k] = std::sin(0.001f * static_cast<float>(k));
    for (std::size_t k = 0; k < b.size(); ++k) b[k] = std::cos(0.002f * static_cast<float>(k));
    Var pa(a, true), pb(b, true);
    Adam opt({pa, pb}, 0.01f);
    for (int s = 0; s < 5; ++s) {
      opt.zero_grad();
      Tensor& ga = pa.grad();
      Tensor& gb = pb.grad();
      for (std::size_t k = 0; k < ga.size(); ++k) ga[k] = pa.value()[k] - 0.3f + 0.01f * static_cast<float>(s);
      for (std::size_t k = 0; k < gb.size(); ++k) gb[k] = 2.f * pb.value()[k];
      opt.step();
    }
    gemm_set_threads(0);
    return std::make_pair(pa.value(), pb.value());
  };
  const auto one = run(1);
  CHECK(max_abs_diff(one.first, Tensor(100003, 1)) > 0.f);  // the parameters did move
  for (int threads : {2, 3, 7}) {  // more threads than cores too: more slice boundaries to get wrong
    CAPTURE(threads);
    const auto many = run(threads);
    CHECK(max_abs_diff(one.first, many.first) == 0.f);
    CHECK(max_abs_diff(one.second, many.second) == 0.f);
  }
}

TEST_CASE("the update reports the first parameter with a NaN or infinite gradient, on every path") {
  // ae::train's divergence check rides on the update's read of the gradient: each SIMD path, the scalar tail, a
  // slice of a tensor split between threads, and SGD must all see a single bad entry wherever it sits.
  const float bad_values[] = {NAN, INFINITY, -INFINITY};
  for (const char* kernel : {"scalar", "avx2", "avx512"}) {
    if (!gemm_kernel_available(kernel)) continue;
    REQUIRE(gemm_set_kernel(kernel));
    for (int threads : {1, 2}) {
      gemm_set_threads(threads);
      for (std::size_t where : {std::size_t(0), std::size_t(77), std::size_t(100002)}) {  // vector body, tail
        for (float bad : bad_values) {
          CAPTURE(kernel);
          CAPTURE(threads);
          CAPTURE(where);
          Var a(Tensor(3, 5, 0.5f), true), b(Tensor(100003, 1, 0.25f), true);
          Adam adam({a, b}, 0.01f);
          Sgd sgd({a, b}, 0.01f, 0.9f);
          for (Optimizer* opt : {static_cast<Optimizer*>(&adam), static_cast<Optimizer*>(&sgd)}) {
            opt->zero_grad();
            a.grad().fill(0.1f);
            b.grad().fill(0.1f);
            opt->step();
            CHECK(opt->nonfinite_gradient() == -1);
            b.grad()[where] = bad;
            opt->step();
            CHECK(opt->nonfinite_gradient() == 1);
            b.grad()[where] = 0.1f;
            a.grad()[where % 15] = bad;
            opt->step();
            CHECK(opt->nonfinite_gradient() == 0);
          }
        }
      }
    }
    gemm_set_threads(0);
  }
  gemm_set_kernel("auto");
}
