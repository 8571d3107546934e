// The NEON micro-kernel (aarch64), 8 x 12: each row of the C tile is three q registers (24 accumulators of the
// 32), and each step p is a rank-1 update: three loads of B~, then per row one A~ value and three FMAs.
// The packed path loads the 8 values of A~ as two q registers and multiplies by lane (fmla v.4s, v.4s, v.s[l]),
// so no broadcast instruction is spent per row.
// Compiled only on aarch64, where NEON is always present; elsewhere this file defines neon_kernel() == nullptr.
#include "gemm/kernel.hpp"

#if defined(__aarch64__)
#include <arm_neon.h>

namespace ae::gemm_detail {

namespace {

constexpr int MR = kNeonBlocks.MR, NR = kNeonBlocks.NR, NV = NR / 4;
static_assert(MR == 8 && NR % 4 == 0, "the packed path reads A~ as two q registers");

void store_tile(float32x4_t (&acc)[MR][NV], float alpha, float beta, float* c, long ldc) {
  for (int i = 0; i < MR; ++i)
    for (int v = 0; v < NV; ++v) {
      float* cv = c + i * ldc + 4 * v;
      const float32x4_t ab = vmulq_n_f32(acc[i][v], alpha);
      vst1q_f32(cv, beta == 0.f ? ab : vfmaq_n_f32(ab, vld1q_f32(cv), beta));
    }
}

void ukernel_neon(int k, float alpha, const float* a, const float* b, int rs_b, float beta, float* c, int ldc) {
  float32x4_t acc[MR][NV];
  for (int i = 0; i < MR; ++i)
    for (int v = 0; v < NV; ++v) acc[i][v] = vdupq_n_f32(0.f);
  for (int p = 0; p < k; ++p, a += MR, b += rs_b) {
    float32x4_t b_p[NV];
    for (int v = 0; v < NV; ++v) b_p[v] = vld1q_f32(b + 4 * v);
    const float32x4_t a_lo = vld1q_f32(a), a_hi = vld1q_f32(a + 4);
    for (int v = 0; v < NV; ++v) {
      acc[0][v] = vfmaq_laneq_f32(acc[0][v], b_p[v], a_lo, 0);
      acc[1][v] = vfmaq_laneq_f32(acc[1][v], b_p[v], a_lo, 1);
      acc[2][v] = vfmaq_laneq_f32(acc[2][v], b_p[v], a_lo, 2);
      acc[3][v] = vfmaq_laneq_f32(acc[3][v], b_p[v], a_lo, 3);
      acc[4][v] = vfmaq_laneq_f32(acc[4][v], b_p[v], a_hi, 0);
      acc[5][v] = vfmaq_laneq_f32(acc[5][v], b_p[v], a_hi, 1);
      acc[6][v] = vfmaq_laneq_f32(acc[6][v], b_p[v], a_hi, 2);
      acc[7][v] = vfmaq_laneq_f32(acc[7][v], b_p[v], a_hi, 3);
    }
  }
  store_tile(acc, alpha, beta, c, ldc);
}

void sup_neon(int k, float alpha, const float* a, int rs_a, int cs_a, const float* b, int rs_b, float beta,
              float* c, int ldc) {
  float32x4_t acc[MR][NV];
  for (int i = 0; i < MR; ++i)
    for (int v = 0; v < NV; ++v) acc[i][v] = vdupq_n_f32(0.f);
  for (int p = 0; p < k; ++p, a += cs_a, b += rs_b) {
    float32x4_t b_p[NV];
    for (int v = 0; v < NV; ++v) b_p[v] = vld1q_f32(b + 4 * v);
    for (int i = 0; i < MR; ++i) {
      const float a_ip = a[static_cast<long>(i) * rs_a];
      for (int v = 0; v < NV; ++v) acc[i][v] = vfmaq_n_f32(acc[i][v], b_p[v], a_ip);
    }
  }
  store_tile(acc, alpha, beta, c, ldc);
}

}  // namespace

const Kernel* neon_kernel() {
  static const Kernel kernel{"neon", SimdLevel::portable, kNeonBlocks, kNeonTunedOn, true, {16, 16},
                             ukernel_neon, sup_neon};
  return &kernel;
}

}  // namespace ae::gemm_detail

#else

const ae::gemm_detail::Kernel* ae::gemm_detail::neon_kernel() { return nullptr; }

#endif
