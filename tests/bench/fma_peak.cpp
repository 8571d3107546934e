// The single-core FMA peak (fma_peak.hpp). The file is compiled without -mavx flags: the AVX-512 and AVX2 chains
// are compiled for their instructions by __attribute__((target)), and peak_once runs one only on a CPU that has it.
#include "fma_peak.hpp"

#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "gemm_timing.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace bench {
namespace {

// Independent chains (16 for AVX-512's 32 registers) of c = c * a + b, so FMA latency never stalls the pipes.
#if defined(__x86_64__)
#define AE_PEAK_BODY(VEC, SET1, FMA, ADD, LANES)                                                                 \
  /* distinct starting values, or the compiler merges the identical chains into one */                      \
  VEC c0 = SET1(0.f), c1 = SET1(1.f), c2 = SET1(2.f), c3 = SET1(3.f), c4 = SET1(4.f), c5 = SET1(5.f),           \
      c6 = SET1(6.f), c7 = SET1(7.f), c8 = SET1(8.f), c9 = SET1(9.f), c10 = SET1(10.f), c11 = SET1(11.f),       \
      c12 = SET1(12.f), c13 = SET1(13.f), c14 = SET1(14.f), c15 = SET1(15.f);                                  \
  const VEC a = SET1(0.5f), b = SET1(0.25f);                                                                   \
  const double t0 = now_seconds();                                                                                \
  for (long i = 0; i < iters; ++i) {                                                                           \
    c0 = FMA(c0, a, b), c1 = FMA(c1, a, b), c2 = FMA(c2, a, b), c3 = FMA(c3, a, b);                            \
    c4 = FMA(c4, a, b), c5 = FMA(c5, a, b), c6 = FMA(c6, a, b), c7 = FMA(c7, a, b);                            \
    c8 = FMA(c8, a, b), c9 = FMA(c9, a, b), c10 = FMA(c10, a, b), c11 = FMA(c11, a, b);                        \
    c12 = FMA(c12, a, b), c13 = FMA(c13, a, b), c14 = FMA(c14, a, b), c15 = FMA(c15, a, b);                    \
  }                                                                                                            \
  const double s = (now_seconds() - t0);                                                                          \
  VEC sum = ADD(ADD(ADD(ADD(c0, c1), ADD(c2, c3)), ADD(ADD(c4, c5), ADD(c6, c7))),                             \
                ADD(ADD(ADD(c8, c9), ADD(c10, c11)), ADD(ADD(c12, c13), ADD(c14, c15))));                      \
  float lanes[LANES];                                                                                          \
  std::memcpy(lanes, &sum, sizeof lanes);                                                                      \
  sink = lanes[0];                                                                                             \
  return 2.0 * 16 * LANES * iters / s / 1e9;

volatile float sink;

__attribute__((target("avx512f"))) double peak_avx512(long iters) {
  AE_PEAK_BODY(__m512, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps, 16)
}
// AVX2 has only 16 ymm registers: 16 chains plus a and b would spill, so 12 chains (enough for 2 FMA pipes of
// latency 4 to 5 cycles, as on Zen and Skylake).
__attribute__((target("avx2,fma"))) double peak_avx2(long iters) {
  constexpr int kChains = 12;
  __m256 c[kChains];
  for (int j = 0; j < kChains; ++j) c[j] = _mm256_set1_ps(static_cast<float>(j));
  const __m256 a = _mm256_set1_ps(0.5f), b = _mm256_set1_ps(0.25f);
  const double t0 = now_seconds();
  for (long i = 0; i < iters; ++i) {
#pragma GCC unroll 12
    for (int j = 0; j < kChains; ++j) c[j] = _mm256_fmadd_ps(c[j], a, b);
  }
  const double s = (now_seconds() - t0);
  __m256 sum = c[0];
  for (int j = 1; j < kChains; ++j) sum = _mm256_add_ps(sum, c[j]);
  float lanes[8];
  std::memcpy(lanes, &sum, sizeof lanes);
  sink = lanes[0];
  return 2.0 * kChains * 8 * iters / s / 1e9;
}
#endif

double peak_once(long iters, const char** isa) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx512f")) return *isa = "avx512", peak_avx512(iters);
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return *isa = "avx2", peak_avx2(iters);
#elif defined(__aarch64__)
  *isa = "neon";
  float32x4_t c[16];
  for (int j = 0; j < 16; ++j) c[j] = vdupq_n_f32(static_cast<float>(j));
  const float32x4_t a = vdupq_n_f32(0.5f), b = vdupq_n_f32(0.25f);
  const double t0 = now_seconds();
  for (long i = 0; i < iters; ++i)
    for (auto& v : c) v = vfmaq_f32(b, v, a);
  const double s = (now_seconds() - t0);
  float32x4_t sum = c[0];
  for (int j = 1; j < 16; ++j) sum = vaddq_f32(sum, c[j]);
  if (vgetq_lane_f32(sum, 0) == 12345.f) std::puts("");
  return 2.0 * 16 * 4 * iters / s / 1e9;
#endif
  *isa = "scalar";
  float c[16];
  for (int j = 0; j < 16; ++j) c[j] = static_cast<float>(j);
  const double t0 = now_seconds();
  for (long i = 0; i < iters; ++i)
    for (float& v : c) v = v * 0.5f + 0.25f;
  const double s = (now_seconds() - t0);
  if (c[3] == 12345.f) std::puts("");
  return 2.0 * 16 * iters / s / 1e9;
}

}  // namespace

double measure_peak(const char** isa) {
  std::vector<double> all, undisturbed;
  for (int r = 0; r < 301; ++r) {
    const long switches = context_switches();
    all.push_back(peak_once(50'000, isa));
    if (context_switches() == switches) undisturbed.push_back(all.back());
  }
  return rate_of(std::move(all), std::move(undisturbed), true).median;
}

}  // namespace bench
