// Every autodiff op and loss against central differences, points chosen away from kinks (ReLU, abs at 0).
#include <doctest/doctest.h>

#include "autodiff/losses.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/vmath.hpp"
#include "gemm/gemm.hpp"
#include "gradcheck.hpp"

using namespace ae;
using ae::test::grad_check;

namespace {
constexpr double kTol = 2e-2;

Tensor randn(int r, int c, std::uint64_t seed, float scale = 1.f) {
  Rng rng(seed);
  return rng.normal_tensor(r, c, 0.f, scale);
}
Tensor positive(int r, int c, std::uint64_t seed) {  // entries in [0.5, 2]
  Rng rng(seed);
  return rng.uniform_tensor(r, c, 0.5f, 2.f);
}
Tensor away_from_zero(int r, int c, std::uint64_t seed) {  // |entries| in [0.2, 1.2]: no kink within h
  Rng rng(seed);
  Tensor t(r, c);
  for (float& v : t) v = static_cast<float>((rng.uniform() < 0.5 ? -1 : 1) * rng.uniform(0.2, 1.2));
  return t;
}
Tensor unit_interval(int r, int c, std::uint64_t seed) {
  Rng rng(seed);
  return rng.uniform_tensor(r, c, 0.05f, 0.95f);
}
}  // namespace

TEST_CASE("elementwise ops match central differences") {
  const Tensor a = randn(3, 4, 1), b = randn(3, 4, 2), p = positive(3, 4, 3), k = away_from_zero(3, 4, 4);
  struct Case {
    const char* name;
    std::function<Var(const std::vector<Var>&)> f;
    std::vector<Tensor> in;
  };
  const std::vector<Case> cases = {
      {"add", [](auto& v) { return add(v[0], v[1]); }, {a, b}},
      {"sub", [](auto& v) { return sub(v[0], v[1]); }, {a, b}},
      {"mul", [](auto& v) { return mul(v[0], v[1]); }, {a, b}},
      {"div", [](auto& v) { return div(v[0], v[1]); }, {a, p}},
      {"scale", [](auto& v) { return scale(v[0], -2.5f); }, {a}},
      {"add_scalar", [](auto& v) { return add_scalar(v[0], 0.7f); }, {a}},
      {"neg", [](auto& v) { return neg(v[0]); }, {a}},
      {"exp", [](auto& v) { return exp(v[0]); }, {a}},
      {"log", [](auto& v) { return log(v[0]); }, {p}},
      {"square", [](auto& v) { return square(v[0]); }, {a}},
      {"sqrt", [](auto& v) { return sqrt(v[0]); }, {p}},
      {"abs", [](auto& v) { return abs(v[0]); }, {k}},
      {"relu", [](auto& v) { return relu(v[0]); }, {k}},
      {"sigmoid", [](auto& v) { return sigmoid(v[0]); }, {a}},
      {"tanh", [](auto& v) { return tanh(v[0]); }, {a}},
      {"softplus", [](auto& v) { return softplus(v[0]); }, {a}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(grad_check(c.f, c.in).max_rel_err < kTol);
  }
}

TEST_CASE("reductions match central differences") {
  const Tensor a = randn(4, 5, 11);
  CHECK(grad_check([](auto& v) { return sum(v[0]); }, {a}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return mean(v[0]); }, {a}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return row_sums(v[0]); }, {a}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return row_means(v[0]); }, {a}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return col_sums(v[0]); }, {a}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return col_means(v[0]); }, {a}).max_rel_err < kTol);
}

TEST_CASE("matmul in all four transpose combinations, and the linear-algebra ops") {
  for (bool ta : {false, true})
    for (bool tb : {false, true}) {
      CAPTURE(ta);
      CAPTURE(tb);
      const Tensor A = ta ? randn(4, 3, 21) : randn(3, 4, 21);  // op(A) is (3, 4)
      const Tensor B = tb ? randn(5, 4, 22) : randn(4, 5, 22);  // op(B) is (4, 5)
      CHECK(grad_check([ta, tb](auto& v) { return matmul(v[0], v[1], ta, tb); }, {A, B}).max_rel_err < kTol);
    }
  const Tensor x = randn(3, 4, 31), row = randn(1, 4, 32), y = randn(3, 2, 33);
  CHECK(grad_check([](auto& v) { return add_row(v[0], v[1]); }, {x, row}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return mul_row(v[0], v[1]); }, {x, row}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return broadcast_rows(v[0], 5); }, {row}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return slice_cols(v[0], 1, 3); }, {x}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return concat_cols(v[0], v[1]); }, {x, y}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return reshape(v[0], 6, 2); }, {x}).max_rel_err < kTol);
  const Tensor W = randn(4, 5, 34), b = randn(1, 5, 35);
  CHECK(grad_check([](auto& v) { return affine(v[0], v[1], v[2]); }, {x, W, b}).max_rel_err < kTol);
}

TEST_CASE("affine gives the values and gradients of add_row(matmul(x, W), b), bit for bit") {
  // A layer's shape, scaled down, with a multi-block inner dimension: the GEMM's blocking is the same in both.
  const Tensor xv = randn(37, 300, 51), Wv = randn(300, 29, 52), bv = randn(1, 29, 53), wv = randn(37, 29, 54);
  const auto run = [&](bool fused) {
    Var x(xv, true), W(Wv, true), b(bv, true);
    const Var y = fused ? affine(x, W, b) : add_row(matmul(x, W), b);
    backward(sum(mul(y, Var(wv))));
    return std::vector<Tensor>{y.value(), x.grad(), W.grad(), b.grad()};
  };
  const std::vector<Tensor> fused = run(true), separate = run(false);
  for (std::size_t i = 0; i < fused.size(); ++i) {
    CAPTURE(i);
    CHECK(max_abs_diff(fused[i], separate[i]) == 0.f);
  }
  CHECK_THROWS_AS(affine(Var(xv), Var(Wv), Var(randn(1, 28, 55))), ShapeError);  // the bias must match W's columns
}

TEST_CASE("losses match central differences") {
  const Tensor r = randn(4, 6, 41), x = unit_interval(4, 6, 42), lv = randn(4, 6, 43, 0.5f),
               h = away_from_zero(4, 6, 44);
  const Tensor s = unit_interval(8, 5, 45);
  CHECK(grad_check([](auto& v) { return squared_error(v[0], v[1]); }, {r, x}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return bce_with_logits(v[0], v[1]); }, {r, x}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return gaussian_nll(v[0], v[1], v[2]); }, {x, r, lv}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return kl_std_normal(v[0], v[1]); }, {r, lv}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return l1_penalty(v[0]); }, {h}).max_rel_err < kTol);
  CHECK(grad_check([](auto& v) { return kl_sparsity(v[0], 0.1f); }, {s}, 1e-3).max_rel_err < kTol);
  const std::vector<int> labels{0, 2, 5, 1};
  CHECK(grad_check([&](auto& v) { return softmax_cross_entropy(v[0], labels); }, {r}).max_rel_err < kTol);
}

TEST_CASE("a deliberately wrong derivative fails the check") {
  // sigmoid with its local derivative off by 10%: the checker must notice.
  auto wrong_sigmoid = [](const std::vector<Var>& v) {
    const Var x = v[0];
    Tensor y(x.rows(), x.cols());
    for (std::size_t k = 0; k < y.size(); ++k) y[k] = 1.f / (1.f + std::exp(-x.value()[k]));
    return record(std::move(y), {x}, [x](const Tensor& y, const Tensor& dy) {
      Tensor& dx = x.grad();
      for (std::size_t k = 0; k < dy.size(); ++k) dx[k] += dy[k] * 1.1f * y[k] * (1.f - y[k]);
    });
  };
  CHECK(grad_check(wrong_sigmoid, {randn(3, 4, 51)}).max_rel_err > 0.03);
}

TEST_CASE("gradients accumulate when a value is used twice, and NoGrad records nothing") {
  Var x(Tensor(1, 1, 3.f), true);
  backward(sum(add(mul(x, x), x)));  // d(x^2 + x)/dx = 2x + 1 = 7
  CHECK(x.grad()[0] == doctest::Approx(7.f));
  NoGrad guard;
  Var y = mul(x, x);
  CHECK_FALSE(y.requires_grad());
}

TEST_CASE("the backward pass rejects a non-scalar loss") {
  Var x(Tensor(2, 2, 1.f), true);
  CHECK_THROWS_AS(backward(x), ShapeError);
}

TEST_CASE("bce_with_logits is finite for huge logits") {
  Var a(Tensor(1, 2, {1000.f, -1000.f}), true), x(Tensor(1, 2, {1.f, 0.f}));
  Var L = bce_with_logits(a, x);
  CHECK(std::isfinite(L.item()));
  CHECK(L.item() == doctest::Approx(0.f).epsilon(1e-6));
}

TEST_CASE("the losses' sums are shared over threads and do not depend on how many") {
  // 300 x 784 entries: past the 2 x 16384 that the second thread takes a share of (gemm/parallel.hpp), 58 chunks of
  // 4096. The value is the same float on one thread and on two, and the one-pass sum's to float precision.
  const Tensor a = randn(300, 784, 41, 3.f), x = positive(300, 784, 42);
  float one[2], two[2];
  for (int threads : {1, 2}) {
    gemm_set_threads(threads);
    float* out = threads == 1 ? one : two;
    out[0] = bce_with_logits(Var(a), Var(x)).item();
    out[1] = squared_error(Var(a), Var(x)).item();
  }
  gemm_set_threads(0);
  CHECK(one[0] == two[0]);
  CHECK(one[1] == two[1]);
  CHECK(one[0] == doctest::Approx(vmath::bce_with_logits_sum(a.data(), x.data(), a.size()) / 300).epsilon(1e-6));
  CHECK(one[1] == doctest::Approx(vmath::squared_diff_sum(a.data(), x.data(), a.size()) / 300).epsilon(1e-6));
}
