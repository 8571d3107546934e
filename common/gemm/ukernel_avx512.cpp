// The AVX-512 micro-kernel, 8 x 32: each row of the C tile is two zmm registers (16 accumulators), and each step
// p is a rank-1 update: two loads of B, then per row one broadcast of A~ and two FMAs.
// With 2 FMA pipes of latency 4, at least 8 independent accumulators keep the pipes full; 16 give slack, and
// 2 + 8 loads per 16 FMAs stay well under the load ports' limit. Measured against 14 x 32 (28 accumulators) and
// 8 x 48, 6 x 64, 16 x 16 with bench_gemm on the Zen 4 machine: as fast in L1, and MR = 8 divides the batch of 256
// rows exactly. On the Sapphire Rapids Xeon 6 x 64 (KC = 128) was faster alone in L1 and level in the whole product
// (tests/bench/README.md).
// A second, 8 x 16 instance of the same template computes a ragged last micro-panel of at most 16 columns.
// Compiled with -mavx512f (isa_flags.cmake); without it this file defines only avx512_kernel() == nullptr.
// Deliberately uses no standard-library templates: their instances would be compiled with AVX-512 and could be
// picked by the linker for code that must run on any x86-64.
#include "gemm/kernel.hpp"

#if defined(__AVX512F__)
#include <immintrin.h>

namespace ae::gemm_detail {

namespace {

constexpr int MR = kAvx512Blocks.MR, NR = kAvx512Blocks.NR;
static_assert(NR % 32 == 0, "NR is a whole, even number of zmm registers (the half tile is NR / 2 wide)");

template <bool PackedA, int NV>
__attribute__((always_inline)) inline void tile(int k, float alpha, const float* a, long rs_a, long cs_a,
                                                const float* b, long rs_b, float beta, float* c, long ldc) {
  __m512 acc[MR][NV];
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_setzero_ps();
  // Fetch the C tile now, so that its update after the loop does not wait on memory.
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + 16 * v), _MM_HINT_T0);

  for (int p = 0; p < k; ++p) {
    __m512 b_p[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) b_p[v] = _mm512_loadu_ps(b + 16 * v);
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) {
      const __m512 a_ip = _mm512_set1_ps(PackedA ? a[i] : a[i * rs_a]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_fmadd_ps(a_ip, b_p[v], acc[i][v]);
    }
    a += PackedA ? MR : cs_a;
    b += rs_b;
  }

  const __m512 alpha_v = _mm512_set1_ps(alpha), beta_v = _mm512_set1_ps(beta);
  if (beta == 0.f) {
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) _mm512_storeu_ps(c + i * ldc + 16 * v, _mm512_mul_ps(alpha_v, acc[i][v]));
  } else {
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        float* cv = c + i * ldc + 16 * v;
        _mm512_storeu_ps(cv, _mm512_fmadd_ps(beta_v, _mm512_loadu_ps(cv), _mm512_mul_ps(alpha_v, acc[i][v])));
      }
  }
}

void ukernel_avx512(int k, float alpha, const float* a, const float* b, int rs_b, float beta, float* c, int ldc) {
  tile<true, NR / 16>(k, alpha, a, 1, MR, b, rs_b, beta, c, ldc);
}

void sup_avx512(int k, float alpha, const float* a, int rs_a, int cs_a, const float* b, int rs_b, float beta,
                float* c, int ldc) {
  tile<false, NR / 16>(k, alpha, a, rs_a, cs_a, b, rs_b, beta, c, ldc);
}

// The half-width tiles, MR x NR/2, for a ragged last micro-panel of at most NR/2 columns (N = 400 is 12 x 32 + 16,
// N = 40 is 32 + 8): half the FMAs of a whole tile spent on zero padding.
void ukernel_half_avx512(int k, float alpha, const float* a, const float* b, int rs_b, float beta, float* c,
                         int ldc) {
  tile<true, NR / 32>(k, alpha, a, 1, MR, b, rs_b, beta, c, ldc);
}

void sup_half_avx512(int k, float alpha, const float* a, int rs_a, int cs_a, const float* b, int rs_b, float beta,
                     float* c, int ldc) {
  tile<false, NR / 32>(k, alpha, a, rs_a, cs_a, b, rs_b, beta, c, ldc);
}

}  // namespace

const Kernel* avx512_kernel() {
  static const Kernel kernel{"avx512", SimdLevel::avx512, kAvx512Blocks, kAvx512TunedOn, false, {16, 16},
                             ukernel_avx512, sup_avx512, ukernel_half_avx512, sup_half_avx512};
  return &kernel;
}

}  // namespace ae::gemm_detail

#else

const ae::gemm_detail::Kernel* ae::gemm_detail::avx512_kernel() { return nullptr; }

#endif
