// The vectorized elementwise kernels of autodiff (vmath.hpp) against double-precision references.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "autodiff/vmath.hpp"
#include "gemm/gemm.hpp"

using namespace ae;

TEST_CASE("the vectorizable exp is accurate to a few float ulps on [-87, 88]") {
  double worst = 0;
  for (int i = 0; i <= 200000; ++i) {
    const float x = -87.f + 175.f * static_cast<float>(i) / 200000.f;
    const double ref = std::exp(static_cast<double>(x));
    worst = std::max(worst, std::fabs(vmath::exp(x) - ref) / ref);
  }
  CHECK(worst < 5e-7);
}

TEST_CASE("the vectorized sigmoid has relative error below 1e-6, saturates, and propagates NaN") {
  // Each instruction set this CPU runs: the GEMM kernel in use steers the sigmoid's path (simd_level()).
  const char* kernel = "scalar";
  SUBCASE("scalar") {}
  SUBCASE("avx2") { kernel = "avx2"; }
  SUBCASE("avx512") { kernel = "avx512"; }
  if (!gemm_kernel_available(kernel)) return;
  REQUIRE(gemm_set_kernel(kernel));
  struct Restore {
    ~Restore() { gemm_set_kernel("auto"); }
  } restore;
  // 100003 points (not a multiple of the vector width: the scalar tail is checked too).
  const std::size_t n = 100003;
  std::vector<float> x(n), y(n);
  for (std::size_t k = 0; k < n; ++k) x[k] = -100.f + 200.f * static_cast<float>(k) / static_cast<float>(n - 1);
  vmath::sigmoid(x.data(), y.data(), n);
  double worst = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double ref = 1.0 / (1.0 + std::exp(-static_cast<double>(x[k])));
    if (ref > 1e-30) worst = std::max(worst, std::fabs(y[k] - ref) / ref);
    CHECK(y[k] >= 0.f);
    CHECK(y[k] <= 1.f);
  }
  CHECK(worst < 1e-6);
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> s{inf, -inf, nan, 0.f, 200.f, -200.f, nan, 1.f, nan}, t(s.size());
  vmath::sigmoid(s.data(), t.data(), s.size());
  CHECK(t[0] == 1.f);
  CHECK(t[1] < 1e-37f);
  CHECK(std::isnan(t[2]));
  CHECK(t[3] == 0.5f);
  CHECK(t[4] == 1.f);
  CHECK(t[5] < 1e-37f);
  CHECK(std::isnan(t[6]));  // in the vector part
  CHECK(std::isnan(t[8]));  // in the scalar tail
}

TEST_CASE("sigmoid_backward, squared_diff_sum and scaled_diff assign or accumulate") {
  const std::size_t n = 37;
  std::vector<float> y(n), dy(n), dx(n, 1.f), r(n), x(n);
  double ref = 0;
  for (std::size_t k = 0; k < n; ++k) {
    y[k] = 0.01f + 0.02f * static_cast<float>(k);
    dy[k] = static_cast<float>(k) - 10.f;
    r[k] = 0.1f * static_cast<float>(k);
    x[k] = 0.05f * static_cast<float>(k * k % 7);
    ref += (static_cast<double>(r[k]) - x[k]) * (static_cast<double>(r[k]) - x[k]);
  }
  vmath::sigmoid_backward(y.data(), dy.data(), dx.data(), n, true);
  for (std::size_t k = 0; k < n; ++k) CHECK(dx[k] == doctest::Approx(1.f + dy[k] * y[k] * (1.f - y[k])));
  vmath::sigmoid_backward(y.data(), dy.data(), dx.data(), n, false);
  for (std::size_t k = 0; k < n; ++k) CHECK(dx[k] == doctest::Approx(dy[k] * y[k] * (1.f - y[k])));
  CHECK(vmath::squared_diff_sum(r.data(), x.data(), n) == doctest::Approx(ref).epsilon(1e-12));
  std::vector<float> d(n, 2.f);
  vmath::scaled_diff(r.data(), x.data(), 0.5f, d.data(), n, true);
  for (std::size_t k = 0; k < n; ++k) CHECK(d[k] == doctest::Approx(2.f + 0.5f * (r[k] - x[k])));
  vmath::scaled_diff(r.data(), x.data(), 0.5f, d.data(), n, false);
  for (std::size_t k = 0; k < n; ++k) CHECK(d[k] == doctest::Approx(0.5f * (r[k] - x[k])));
}

TEST_CASE("relu and relu_backward: max(x, 0), and dy where x > 0, assigned or accumulated, ragged lengths") {
  for (std::size_t n : {std::size_t(1), std::size_t(15), std::size_t(16), std::size_t(67)}) {
    std::vector<float> x(n), y(n, -1.f), dy(n), dx(n, 3.f);
    for (std::size_t k = 0; k < n; ++k) {
      x[k] = (k % 3 == 0 ? -1.f : 1.f) * 0.25f * static_cast<float>(k);
      dy[k] = 1.f + static_cast<float>(k);
    }
    if (n > 5) x[5] = std::numeric_limits<float>::quiet_NaN();  // NaN is not > 0: y = 0, no gradient
    vmath::relu(x.data(), y.data(), n);
    for (std::size_t k = 0; k < n; ++k) CHECK(y[k] == (x[k] > 0.f ? x[k] : 0.f));
    vmath::relu_backward(x.data(), dy.data(), dx.data(), n, true);
    for (std::size_t k = 0; k < n; ++k) CHECK(dx[k] == 3.f + (x[k] > 0.f ? dy[k] : 0.f));
    vmath::relu_backward(x.data(), dy.data(), dx.data(), n, false);
    for (std::size_t k = 0; k < n; ++k) CHECK(dx[k] == (x[k] > 0.f ? dy[k] : 0.f));
  }
}

TEST_CASE("log1p_unit is accurate to a few float ulps on [0, 1], down to the smallest t") {
  double worst = 0;
  for (int i = 0; i <= 200000; ++i) {
    const float t = static_cast<float>(i) / 200000.f;
    const double ref = std::log1p(static_cast<double>(t));
    if (ref > 0) worst = std::max(worst, std::fabs(vmath::log1p_unit(t) - ref) / ref);
  }
  for (float t : {1e-38f, 1e-20f, 1e-9f, 6e-8f, 1e-7f, 3e-7f, 1e-5f}) {
    const double ref = std::log1p(static_cast<double>(t));
    worst = std::max(worst, std::fabs(vmath::log1p_unit(t) - ref) / ref);
  }
  CHECK(vmath::log1p_unit(0.f) == 0.f);
  CHECK(worst < 5e-7);
}

TEST_CASE("the vectorized Bernoulli loss and its gradient match double precision, on every instruction set") {
  const char* kernel = "scalar";
  SUBCASE("scalar") {}
  SUBCASE("avx2") { kernel = "avx2"; }
  SUBCASE("avx512") { kernel = "avx512"; }
  if (!gemm_kernel_available(kernel)) return;
  REQUIRE(gemm_set_kernel(kernel));
  struct Restore {
    ~Restore() { gemm_set_kernel("auto"); }
  } restore;
  // Logits over [-40, 40] (saturated on both sides), pixels in [0, 1]; 10007 terms, so the scalar tail runs too.
  const std::size_t n = 10007;
  std::vector<float> a(n), x(n), da(n, 0.25f);
  double ref = 0, ref_abs = 0;
  for (std::size_t k = 0; k < n; ++k) {
    a[k] = -40.f + 80.f * static_cast<float>(k) / static_cast<float>(n - 1);
    x[k] = static_cast<float>(k * 7919 % 101) / 100.f;
    const double v = a[k];
    const double term = std::max(v, 0.0) + std::log1p(std::exp(-std::fabs(v))) - x[k] * v;
    ref += term;
    ref_abs += std::fabs(term);
  }
  CHECK(std::fabs(vmath::bce_with_logits_sum(a.data(), x.data(), n) - ref) < 1e-6 * ref_abs);
  // Each term alone, in the vector lanes (16 copies) and in the scalar tail (1): the small ones (softplus of very
  // negative logits, x = 0) are relative-accurate too.
  for (float v : {-30.f, -17.f, -5.f, -0.8f, -0.5f, 0.f, 1e-3f, 0.3f, 2.f, 15.f}) {
    const std::vector<float> vs(16, v), zeros(16, 0.f);
    const double w = v;
    const double term = std::max(w, 0.0) + std::log1p(std::exp(-std::fabs(w)));
    CAPTURE(v);
    CHECK(vmath::bce_with_logits_sum(vs.data(), zeros.data(), 16) / 16 == doctest::Approx(term).epsilon(1e-6));
    CHECK(vmath::bce_with_logits_sum(vs.data(), zeros.data(), 1) == doctest::Approx(term).epsilon(1e-6));
  }
  vmath::bce_with_logits_backward(a.data(), x.data(), 0.5f, da.data(), n, true);
  for (std::size_t k = 0; k < n; k += 97) {
    const double s = 1.0 / (1.0 + std::exp(-static_cast<double>(a[k])));
    CHECK(std::fabs(da[k] - (0.25 + 0.5 * (s - x[k]))) < 1e-6);  // absolute: sigma(a) - x cancels
  }
  vmath::bce_with_logits_backward(a.data(), x.data(), 2.f, da.data(), n, false);
  for (std::size_t k = 0; k < n; k += 97) {
    const double s = 1.0 / (1.0 + std::exp(-static_cast<double>(a[k])));
    CHECK(std::fabs(da[k] - 2.0 * (s - x[k])) < 2e-6);
  }
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> an(9, 1.f), xn(9, 0.5f);
  an[3] = nan;
  CHECK(std::isnan(vmath::bce_with_logits_sum(an.data(), xn.data(), 9)));
  an[3] = 1.f, an[8] = nan;  // in the scalar tail
  CHECK(std::isnan(vmath::bce_with_logits_sum(an.data(), xn.data(), 9)));
}

TEST_CASE("the AVX-512 sigmoid and Bernoulli loss give the AVX2 results bit for bit, at every length") {
  // The results of a run must not depend on which of the two vector paths a machine takes (vmath.cpp).
  if (!gemm_kernel_available("avx512") || !gemm_kernel_available("avx2")) return;
  struct Restore {
    ~Restore() { gemm_set_kernel("auto"); }
  } restore;
  // Both paths on the same input: the sum, the sigmoid, and the gradient assigned and accumulated.
  struct Out {
    double sum;
    std::vector<float> y, d_acc, d_set;
  };
  const auto run = [](const char* kernel, const float* a, const float* x, std::size_t n) {
    REQUIRE(gemm_set_kernel(kernel));
    Out o{0, std::vector<float>(n), std::vector<float>(n, 0.3f), std::vector<float>(n)};
    o.sum = vmath::bce_with_logits_sum(a, x, n);
    vmath::sigmoid(a, o.y.data(), n);
    vmath::bce_with_logits_backward(a, x, 0.7f, o.d_acc.data(), n, true);
    vmath::bce_with_logits_backward(a, x, 0.7f, o.d_set.data(), n, false);
    return o;
  };
  const auto same_bits = [](const Out& p, const Out& q) {
    const std::size_t bytes = p.y.size() * sizeof(float);
    CHECK(std::memcmp(&p.sum, &q.sum, sizeof p.sum) == 0);
    CHECK(std::memcmp(p.y.data(), q.y.data(), bytes) == 0);
    CHECK(std::memcmp(p.d_acc.data(), q.d_acc.data(), bytes) == 0);
    CHECK(std::memcmp(p.d_set.data(), q.d_set.data(), bytes) == 0);
  };
  // Logits across both saturations and the log1p branch point (|a| = ln(sqrt 2 - 1) = 0.8814), at lengths that
  // leave every remainder after the 16-lane, 8-lane and scalar steps.
  std::vector<float> a, x;
  for (int k = 0; k < 1237; ++k) {
    a.push_back(static_cast<float>((k * 7919) % 2001 - 1000) * 0.09f + static_cast<float>(k % 7) * 1e-3f);
    x.push_back(static_cast<float>(k * 31 % 256) / 255.f);
  }
  for (std::size_t n : {1, 7, 8, 15, 16, 23, 24, 31, 100, 1237}) {
    CAPTURE(n);
    same_bits(run("avx2", a.data(), x.data(), n), run("avx512", a.data(), x.data(), n));
  }
  // Special values, in the 16-lane part and after it: the same results, infinities and NaNs included.
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> sa{0.f, -0.f, 0.8813736f, -0.8813736f, 88.5f, -88.5f, 1e-30f, -1e-30f, inf, -inf, 200.f, -200.f,
                        3.f, -3.f, 0.5f, -0.5f, inf, -inf, 0.f, 88.5f},
      sx(sa.size(), 0.5f);
  same_bits(run("avx2", sa.data(), sx.data(), sa.size()), run("avx512", sa.data(), sx.data(), sa.size()));
  sa[5] = nan;
  const Out with_nan = run("avx512", sa.data(), sx.data(), sa.size());
  CHECK(std::isnan(with_nan.sum));
  CHECK(std::isnan(with_nan.y[5]));
  same_bits(run("avx2", sa.data(), sx.data(), sa.size()), with_nan);
}
