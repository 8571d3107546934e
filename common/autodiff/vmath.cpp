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

/// log(1 + t) for t in [0, 1]: u = 1 + t = 2^e m with m in [sqrt(1/2), sqrt(2)], log m = f - f^2/2 + f^3 P(f) with
/// f = m - 1 (the Cephes logf polynomial), plus (t - (u - 1)) / u for the rounding of u (exact for t below ulp(1)).
inline float log1p_unit_inline(float t) {
  const float u = 1.f + t;
  const bool high = u > 1.41421356f;
  const float f = (high ? 0.5f * u : u) - 1.f, z = f * f;
  float p = 7.0376836292e-2f;
  p = p * f - 1.1514610310e-1f;
  p = p * f + 1.1676998740e-1f;
  p = p * f - 1.2420140846e-1f;
  p = p * f + 1.4249322787e-1f;
  p = p * f - 1.6668057665e-1f;
  p = p * f + 2.0000714765e-1f;
  p = p * f - 2.4999993993e-1f;
  p = p * f + 3.3333331174e-1f;
  const float log_m = f + (p * f * z - 0.5f * z);
  return log_m + (high ? 0.693147181f : 0.f) + (t - (u - 1.f)) / u;
}

/// The Bernoulli negative log-likelihood of one logit: softplus(a) - x a = max(a, 0) + log(1 + e^{-|a|}) - x a.
inline float bce_term_inline(float a, float x) {
  return (a > 0.f ? a : 0.f) + log1p_unit_inline(exp_inline(-(a < 0.f ? -a : a))) - x * a;
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

// log1p_unit_inline, eight lanes.
__attribute__((target("avx2,fma"))) inline __m256 log1p_unit_avx2(__m256 t) {
  const __m256 one = _mm256_set1_ps(1.f), u = _mm256_add_ps(one, t);
  const __m256 high = _mm256_cmp_ps(u, _mm256_set1_ps(1.41421356f), _CMP_GT_OQ);
  const __m256 f = _mm256_sub_ps(_mm256_blendv_ps(u, _mm256_mul_ps(_mm256_set1_ps(0.5f), u), high), one);
  const __m256 z = _mm256_mul_ps(f, f);
  __m256 p = _mm256_set1_ps(7.0376836292e-2f);
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(-1.1514610310e-1f));
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.1676998740e-1f));
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(-1.2420140846e-1f));
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(1.4249322787e-1f));
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(-1.6668057665e-1f));
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(2.0000714765e-1f));
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(-2.4999993993e-1f));
  p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(3.3333331174e-1f));
  const __m256 half_z = _mm256_mul_ps(_mm256_set1_ps(0.5f), z);
  const __m256 log_m = _mm256_add_ps(f, _mm256_fmsub_ps(_mm256_mul_ps(p, f), z, half_z));
  const __m256 e_ln2 = _mm256_and_ps(high, _mm256_set1_ps(0.693147181f));
  const __m256 rounding = _mm256_div_ps(_mm256_sub_ps(t, _mm256_sub_ps(u, one)), u);
  return _mm256_add_ps(_mm256_add_ps(log_m, e_ln2), rounding);
}

__attribute__((target("avx2,fma"))) double bce_with_logits_sum_avx2(const float* a, const float* x, std::size_t n) {
  const __m256 sign = _mm256_set1_ps(-0.f), zero = _mm256_setzero_ps();
  __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();  // lanes 0-3 and 4-7, in double
  std::size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m256 av = _mm256_loadu_ps(a + k), xv = _mm256_loadu_ps(x + k);
    const __m256 t = exp_avx2(_mm256_or_ps(av, sign));  // e^{-|a|}
    const __m256 term = _mm256_fnmadd_ps(xv, av, _mm256_add_ps(_mm256_max_ps(av, zero), log1p_unit_avx2(t)));
    s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm256_castps256_ps128(term)));
    s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm256_extractf128_ps(term, 1)));
  }
  double lanes[8];
  _mm256_storeu_pd(lanes, s0);
  _mm256_storeu_pd(lanes + 4, s1);
  for (; k < n; ++k) lanes[0] += bce_term_inline(a[k], x[k]);
  return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}

__attribute__((target("avx2,fma"))) void bce_with_logits_backward_avx2(const float* a, const float* x, float g,
                                                                       float* da, std::size_t n, bool accumulate) {
  const __m256 one = _mm256_set1_ps(1.f), zero = _mm256_setzero_ps(), gv = _mm256_set1_ps(g);
  std::size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m256 e = exp_avx2(_mm256_sub_ps(zero, _mm256_loadu_ps(a + k)));
    const __m256 s = _mm256_div_ps(one, _mm256_add_ps(one, e));  // sigma(a)
    const __m256 d = _mm256_mul_ps(gv, _mm256_sub_ps(s, _mm256_loadu_ps(x + k)));
    _mm256_storeu_ps(da + k, accumulate ? _mm256_add_ps(_mm256_loadu_ps(da + k), d) : d);
  }
  for (; k < n; ++k) {
    const float d = g * (1.f / (1.f + exp_inline(-a[k])) - x[k]);
    da[k] = accumulate ? da[k] + d : d;
  }
}
#endif

#if defined(AE_VMATH_X86) && !defined(AE_AVX512_EMULATED)
#define AE_VMATH_AVX512 1
// The same loops sixteen lanes at a time, instruction for instruction those of the AVX2 versions (the compares
// become masks), so that each element, and each of the eight double partial sums, comes out bit for bit the same
// on either: a machine's results do not depend on which of the two it runs. (Not built by the test build that
// emulates AVX-512, whose emulation covers the GEMM and Adam; the unit tests compare the two on an AVX-512 CPU.)
#define AE_VMATH_TARGET_AVX512 __attribute__((target("avx512f")))
// All-lanes mask forms of max, min, the conversions, the shift and the extract: GCC 12 warns falsely
// (-Wmaybe-uninitialized) on the plain ones.
constexpr __mmask16 kAll = 0xFFFF;

AE_VMATH_TARGET_AVX512 inline __m512 exp_avx512(__m512 x) {
  x = _mm512_maskz_min_ps(kAll, _mm512_set1_ps(88.f), _mm512_maskz_max_ps(kAll, _mm512_set1_ps(-87.33654f), x));
  const __m512 magic = _mm512_set1_ps(12582912.f);
  const __m512 n = _mm512_sub_ps(_mm512_fmadd_ps(x, _mm512_set1_ps(1.44269504088896341f), magic), magic);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_add_ps(_mm512_fmadd_ps(p, _mm512_mul_ps(r, r), r), _mm512_set1_ps(1.f));
  const __m512i n_biased = _mm512_add_epi32(_mm512_maskz_cvttps_epi32(kAll, n), _mm512_set1_epi32(127));
  return _mm512_mul_ps(p, _mm512_castsi512_ps(_mm512_maskz_slli_epi32(kAll, n_biased, 23)));
}

AE_VMATH_TARGET_AVX512 void sigmoid_avx512(const float* x, float* y, std::size_t n) {
  const __m512 one = _mm512_set1_ps(1.f), zero = _mm512_setzero_ps();
  std::size_t k = 0;
  for (; k + 16 <= n; k += 16) {
    const __m512 e = exp_avx512(_mm512_sub_ps(zero, _mm512_loadu_ps(x + k)));
    _mm512_storeu_ps(y + k, _mm512_div_ps(one, _mm512_add_ps(one, e)));
  }
  if (k < n) sigmoid_avx2(x + k, y + k, n - k);  // the last 1 to 15: eight lanes, then the scalar tail
}

AE_VMATH_TARGET_AVX512 inline __m512 log1p_unit_avx512(__m512 t) {
  const __m512 one = _mm512_set1_ps(1.f), u = _mm512_add_ps(one, t);
  const __mmask16 high = _mm512_cmp_ps_mask(u, _mm512_set1_ps(1.41421356f), _CMP_GT_OQ);
  const __m512 f = _mm512_sub_ps(_mm512_mask_blend_ps(high, u, _mm512_mul_ps(_mm512_set1_ps(0.5f), u)), one);
  const __m512 z = _mm512_mul_ps(f, f);
  __m512 p = _mm512_set1_ps(7.0376836292e-2f);
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(-1.1514610310e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.1676998740e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(-1.2420140846e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.4249322787e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(-1.6668057665e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.0000714765e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(-2.4999993993e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(3.3333331174e-1f));
  const __m512 half_z = _mm512_mul_ps(_mm512_set1_ps(0.5f), z);
  const __m512 log_m = _mm512_add_ps(f, _mm512_fmsub_ps(_mm512_mul_ps(p, f), z, half_z));
  const __m512 e_ln2 = _mm512_maskz_mov_ps(high, _mm512_set1_ps(0.693147181f));
  const __m512 rounding = _mm512_div_ps(_mm512_sub_ps(t, _mm512_sub_ps(u, one)), u);
  return _mm512_add_ps(_mm512_add_ps(log_m, e_ln2), rounding);
}

// The Bernoulli terms of sixteen logits (bce_term_inline).
AE_VMATH_TARGET_AVX512 inline __m512 bce_terms_avx512(__m512 a, __m512 x) {
  const __m512i sign = _mm512_set1_epi32(static_cast<int>(0x80000000u));
  const __m512 t = exp_avx512(_mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(a), sign)));  // e^{-|a|}
  const __m512 softplus = _mm512_add_ps(_mm512_maskz_max_ps(kAll, a, _mm512_setzero_ps()), log1p_unit_avx512(t));
  return _mm512_fnmadd_ps(x, a, softplus);
}

// Lanes 8h to 8h + 7 of v, in double.
template <int h>
AE_VMATH_TARGET_AVX512 inline __m512d half_in_double(__m512 v) {
  return _mm512_maskz_cvtps_pd(0xFF, _mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(0xF, _mm512_castps_pd(v), h)));
}

AE_VMATH_TARGET_AVX512 double bce_with_logits_sum_avx512(const float* a, const float* x, std::size_t n) {
  __m512d s = _mm512_setzero_pd();  // the AVX2 loop's eight partial sums, each fed its two terms in its order
  std::size_t k = 0;
  for (; k + 16 <= n; k += 16) {
    const __m512 term = bce_terms_avx512(_mm512_loadu_ps(a + k), _mm512_loadu_ps(x + k));
    s = _mm512_add_pd(_mm512_add_pd(s, half_in_double<0>(term)), half_in_double<1>(term));
  }
  if (k + 8 <= n) {  // one more step of eight, as the AVX2 loop takes it
    const __m512 term = bce_terms_avx512(_mm512_maskz_loadu_ps(0xFF, a + k), _mm512_maskz_loadu_ps(0xFF, x + k));
    s = _mm512_add_pd(s, half_in_double<0>(term));
    k += 8;
  }
  double lanes[8];
  _mm512_storeu_pd(lanes, s);
  for (; k < n; ++k) lanes[0] += bce_term_inline(a[k], x[k]);
  return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}

AE_VMATH_TARGET_AVX512 void bce_with_logits_backward_avx512(const float* a, const float* x, float g, float* da,
                                                            std::size_t n, bool accumulate) {
  const __m512 one = _mm512_set1_ps(1.f), zero = _mm512_setzero_ps(), gv = _mm512_set1_ps(g);
  std::size_t k = 0;
  for (; k + 16 <= n; k += 16) {
    const __m512 e = exp_avx512(_mm512_sub_ps(zero, _mm512_loadu_ps(a + k)));
    const __m512 s = _mm512_div_ps(one, _mm512_add_ps(one, e));  // sigma(a)
    const __m512 d = _mm512_mul_ps(gv, _mm512_sub_ps(s, _mm512_loadu_ps(x + k)));
    _mm512_storeu_ps(da + k, accumulate ? _mm512_add_ps(_mm512_loadu_ps(da + k), d) : d);
  }
  if (k < n) bce_with_logits_backward_avx2(a + k, x + k, g, da + k, n - k, accumulate);
}
#endif

}  // namespace

float exp(float x) { return exp_inline(x); }

void sigmoid(const float* x, float* y, std::size_t n) {
#ifdef AE_VMATH_AVX512
  if (simd_level() == SimdLevel::avx512) return sigmoid_avx512(x, y, n);  // the GEMM kernel's instruction set
#endif
#ifdef AE_VMATH_X86
  if (simd_level() != SimdLevel::portable) return sigmoid_avx2(x, y, n);
#endif
  for (std::size_t k = 0; k < n; ++k) y[k] = 1.f / (1.f + exp_inline(-x[k]));
}

double bce_with_logits_sum(const float* a, const float* x, std::size_t n) {
#ifdef AE_VMATH_AVX512
  if (simd_level() == SimdLevel::avx512) return bce_with_logits_sum_avx512(a, x, n);
#endif
#ifdef AE_VMATH_X86
  if (simd_level() != SimdLevel::portable) return bce_with_logits_sum_avx2(a, x, n);
#endif
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};  // the same eight lanes as the vector loop
  std::size_t k = 0;
  for (; k + 8 <= n; k += 8)
    for (int j = 0; j < 8; ++j) s[j] += bce_term_inline(a[k + j], x[k + j]);
  for (; k < n; ++k) s[0] += bce_term_inline(a[k], x[k]);
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

void bce_with_logits_backward(const float* a, const float* x, float g, float* da, std::size_t n, bool accumulate) {
#ifdef AE_VMATH_AVX512
  if (simd_level() == SimdLevel::avx512) return bce_with_logits_backward_avx512(a, x, g, da, n, accumulate);
#endif
#ifdef AE_VMATH_X86
  if (simd_level() != SimdLevel::portable) return bce_with_logits_backward_avx2(a, x, g, da, n, accumulate);
#endif
  for (std::size_t k = 0; k < n; ++k) {
    const float d = g * (1.f / (1.f + exp_inline(-a[k])) - x[k]);
    da[k] = accumulate ? da[k] + d : d;
  }
}

float log1p_unit(float t) { return log1p_unit_inline(t); }

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

AE_VMATH_CLONES void relu(const float* __restrict x, float* __restrict y, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k) y[k] = x[k] > 0.f ? x[k] : 0.f;
}

AE_VMATH_CLONES void relu_backward(const float* __restrict x, const float* __restrict dy, float* __restrict dx,
                                   std::size_t n, bool accumulate) {
  if (accumulate)
    for (std::size_t k = 0; k < n; ++k) dx[k] += x[k] > 0.f ? dy[k] : 0.f;
  else
    for (std::size_t k = 0; k < n; ++k) dx[k] = x[k] > 0.f ? dy[k] : 0.f;
}

}  // namespace ae::vmath
