// The AVX2 micro-kernel, 6 x 16: each row of the C tile is two ymm registers (12 accumulators of the 16),
// and each step p is a rank-1 update: two loads of B~, then per row one broadcast of A~ and two FMAs.
// 12 independent accumulators cover 2 FMA pipes of latency 4, and leave registers for the two B~ vectors and
// the broadcast A~ value (BLIS's Haswell kernel, 6 x 16, transposed for row-major C).
// Compiled with -mavx2 -mfma (isa_flags.cmake); without them this file defines only avx2_kernel() == nullptr.
// Deliberately uses no standard-library templates: their instances would be compiled with AVX2 and could be
// picked by the linker for code that must run on any x86-64.
#include "gemm/kernel.hpp"

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>

namespace ae::gemm_detail {

namespace {

constexpr int MR = kAvx2Blocks.MR, NR = kAvx2Blocks.NR, NV = NR / 8;
static_assert(NR % 8 == 0, "NR is a whole number of ymm registers");

template <bool PackedA>
__attribute__((always_inline)) inline void tile(int k, float alpha, const float* a, long rs_a, long cs_a,
                                                const float* b, long rs_b, float beta, float* c, long ldc) {
  __m256 acc[MR][NV];
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_setzero_ps();
  // Fetch the C tile now, so that its update after the loop does not wait on memory (a row is one cache line).
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i) _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);

  // Unrolled 8 deep: fewer loop branches between the FMAs (paired runs: 0.8 to 1.3% faster at 1024^3 and the layer
  // shapes than no unrolling; 2 deep was no better).
#pragma GCC unroll 8
  for (int p = 0; p < k; ++p) {
    __m256 b_p[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) b_p[v] = _mm256_loadu_ps(b + 8 * v);
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) {
      const __m256 a_ip = _mm256_broadcast_ss(PackedA ? a + i : a + i * rs_a);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_fmadd_ps(a_ip, b_p[v], acc[i][v]);
    }
    a += PackedA ? MR : cs_a;
    b += rs_b;
  }

  const __m256 alpha_v = _mm256_set1_ps(alpha), beta_v = _mm256_set1_ps(beta);
  if (beta == 0.f) {
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) _mm256_storeu_ps(c + i * ldc + 8 * v, _mm256_mul_ps(alpha_v, acc[i][v]));
  } else {
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        float* cv = c + i * ldc + 8 * v;
        _mm256_storeu_ps(cv, _mm256_fmadd_ps(beta_v, _mm256_loadu_ps(cv), _mm256_mul_ps(alpha_v, acc[i][v])));
      }
  }
}

void ukernel_avx2(int k, float alpha, const float* a, const float* b, int rs_b, float beta, float* c, int ldc) {
  tile<true>(k, alpha, a, 1, MR, b, rs_b, beta, c, ldc);
}

void sup_avx2(int k, float alpha, const float* a, int rs_a, int cs_a, const float* b, int rs_b, float beta,
                float* c, int ldc) {
  tile<false>(k, alpha, a, rs_a, cs_a, b, rs_b, beta, c, ldc);
}

}  // namespace

const Kernel* avx2_kernel() {
  static const Kernel kernel{"avx2", SimdLevel::avx2, kAvx2Blocks, kAvx2TunedOn, false, {12, 3},
                             ukernel_avx2, sup_avx2};
  return &kernel;
}

}  // namespace ae::gemm_detail

#else

const ae::gemm_detail::Kernel* ae::gemm_detail::avx2_kernel() { return nullptr; }

#endif
