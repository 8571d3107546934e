// Vectorized elementwise kernels (see vmath.hpp). Each loop is cloned for AVX-512, AVX2+FMA and baseline x86-64;
// the loader picks one clone per CPU, so a given machine always runs the same code (bit-identical runs).
#include "autodiff/vmath.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>

#include "gemm/gemm.hpp"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define AE_VMATH_X86 1
#define AE_VMATH_CLONES __attribute__((target_clones("avx512f", "arch=haswell", "default")))
#else
#define AE_VMATH_CLONES
#endif

namespace ae::vmath {

namespace {

/// e^x for x in [-87.3, 88] (clamped outside; NaN stays NaN): 2^n e^r, n = round(x log2 e), r = x - n ln 2.
inline float exp_inline(float x) {
  x = x < -87.33654f ? -87.33654f : x;
  x = x > 88.f ? 88.f : x;
  // Round to nearest by the float trick: adding 1.5 * 2^23 pushes the fraction bits out of the mantissa.
  const float n = (x * 1.44269504088896341f + 12582912.f) - 12582912.f;
  float r = x - n * 0.693359375f;  // ln 2 = 0.693359375 - 2.12194440e-4, the first part exact in float
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;  // Cephes expf: e^r = 1 + r + r^2 (1/2 + r/6 + ...), minimax coefficients
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.f;
  const std::int32_t bits = (static_cast<std::int32_t>(n) + 127) << 23;  // 2^n, n in [-126, 127]
  return p * std::bit_cast<float>(bits);
}


#ifdef AE_VMATH_X86
// The same recipe eight lanes at a time. (The compiler does not vectorize the clamps of the scalar version for
// AVX2, so this one is spelled out in intrinsics.) max/min take x as their second operand, which they return when
// it is NaN: NaN propagates, so the divergence guard still sees it.
__attribute__((target("avx2,fma"))) inline __m256 exp_avx2(__m256 x) {
  x = _mm256_min_ps(_mm256_set1_ps(88.f), _mm256_max_ps(_mm256_set1_ps(-87.33654f), x));
  const __m256 magic = _mm256_set1_ps(12582912.f);
  const __m256 n = _mm256_sub_ps(_mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504088896341f), magic), magic);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  p = _mm256_add_ps(_mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r), _mm256_set1_ps(1.f));
  const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvttps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
}

__attribute__((target("avx2,fma"))) void sigmoid_avx2(const float* x, float* y, std::size_t n) {
  const __m256 one = _mm256_set1_ps(1.f), zero = _mm256_setzero_ps();
  std::size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m256 e = exp_avx2(_mm256_sub_ps(zero, _mm256_loadu_ps(x + k)));
    _mm256_storeu_ps(y + k, _mm256_div_ps(one, _mm256_add_ps(one, e)));
  }
  for (; k < n; ++k) y[k] = 1.f / (1.f + exp_inline(-x[k]));
}
#endif

}  // namespace

float exp(float x) { return exp_inline(x); }

void sigmoid(const float* x, float* y, std::size_t n) {
#ifdef AE_VMATH_X86
  if (simd_level() != SimdLevel::portable) return sigmoid_avx2(x, y, n);  // the GEMM kernel's instruction set
#endif
  for (std::size_t k = 0; k < n; ++k) y[k] = 1.f / (1.f + exp_inline(-x[k]));
}

AE_VMATH_CLONES void sigmoid_backward(const float* __restrict y, const float* __restrict dy, float* __restrict dx,
                                      std::size_t n, bool accumulate) {
  // BEGIN EXERCISE common-sigmoid-backward
  if (accumulate)
    for (std::size_t k = 0; k < n; ++k) dx[k] += dy[k] * (y[k] * (1.f - y[k]));
  else
    for (std::size_t k = 0; k < n; ++k) dx[k] = dy[k] * (y[k] * (1.f - y[k]));
  // ELSE
  // (void)y, (void)dy, (void)dx, (void)n, (void)accumulate;
  // throw ae::NotImplemented("common-sigmoid-backward");  // dx (+)= dy * dsigma/dx, from y
  // END EXERCISE
}

AE_VMATH_CLONES double squared_diff_sum(const float* r, const float* x, std::size_t n) {
  // Eight partial sums in double (a fixed order, so the result does not depend on the clone's vector width).
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t k = 0;
  for (; k + 8 <= n; k += 8)
    for (int j = 0; j < 8; ++j) {
      const double d = static_cast<double>(r[k + j]) - x[k + j];
      s[j] += d * d;
    }
  for (; k < n; ++k) {
    const double d = static_cast<double>(r[k]) - x[k];
    s[0] += d * d;
  }
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

AE_VMATH_CLONES void scaled_diff(const float* __restrict r, const float* __restrict x, float g, float* __restrict dr,
                                 std::size_t n, bool accumulate) {
  if (accumulate)
    for (std::size_t k = 0; k < n; ++k) dr[k] += g * (r[k] - x[k]);
  else
    for (std::size_t k = 0; k < n; ++k) dr[k] = g * (r[k] - x[k]);
}

}  // namespace ae::vmath
