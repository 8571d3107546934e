// The plain C++ micro-kernel: the contract of kernel.hpp written as loops, compiled for baseline x86-64 or
// aarch64. It is the fallback on any CPU, and the readable model of what the SIMD kernels do with registers.
#include "gemm/kernel.hpp"

namespace ae::gemm_detail {

namespace {

constexpr int MR = kScalarBlocks.MR, NR = kScalarBlocks.NR;

// C_tile := beta*C_tile + alpha * sum_p A_panel(:, p) B_panel(p, :), an outer product per step p.
void sup_scalar(int k, float alpha, const float* a, int rs_a, int cs_a, const float* b, int rs_b, float beta,
                float* c, int ldc) {
  float acc[MR][NR] = {};
  // BEGIN EXERCISE common-gemm-microkernel
  for (int p = 0; p < k; ++p, a += cs_a, b += rs_b)
    for (int i = 0; i < MR; ++i) {
      const float a_ip = a[i * rs_a];
      for (int j = 0; j < NR; ++j) acc[i][j] += a_ip * b[j];
    }
  // ELSE
  // (void)k, (void)a, (void)rs_a, (void)cs_a, (void)b, (void)rs_b;
  // throw ae::NotImplemented("common-gemm-microkernel");  // acc := sum over p of the outer product A(:, p) B(p, :)
  // END EXERCISE
  for (int i = 0; i < MR; ++i, c += ldc)
    for (int j = 0; j < NR; ++j) c[j] = beta == 0.f ? alpha * acc[i][j] : alpha * acc[i][j] + beta * c[j];
}

void ukernel_scalar(int k, float alpha, const float* a, const float* b, int rs_b, float beta, float* c, int ldc) {
  sup_scalar(k, alpha, a, 1, MR, b, rs_b, beta, c, ldc);
}

}  // namespace

const Kernel* scalar_kernel() {
  static const Kernel kernel{"scalar", SimdLevel::portable, kScalarBlocks, kScalarTunedOn, true, {16, 16},
                             ukernel_scalar, sup_scalar};
  return &kernel;
}

}  // namespace ae::gemm_detail
