// The macro-kernel: loops 2 and 1 around the micro-kernel, over one packed A~ block and one packed B~ panel.
// Ragged tiles at the right and bottom edges of C go through a small temporary tile, so that the micro-kernel
// always computes a whole MR x NR tile (the packed panels are zero-padded) and never writes outside C.
#include <cstddef>

#include "gemm/kernel.hpp"

namespace ae::gemm_detail {

void write_edge_tile(int mr, int nr, const float* tile, int ld_tile, float beta, float* C, int ldc) {
  for (int i = 0; i < mr; ++i) {
    const float* t = tile + static_cast<std::size_t>(i) * ld_tile;
    float* c = C + static_cast<std::size_t>(i) * ldc;
    if (beta == 0.f)  // C may hold garbage (even NaN) when beta == 0: never read it
      for (int j = 0; j < nr; ++j) c[j] = t[j];
    else
      for (int j = 0; j < nr; ++j) c[j] = t[j] + beta * c[j];
  }
}

void macro_kernel(const Kernel& kernel, int mc, int nc, int kc, float alpha, const float* a_packed, const float* b,
                  int rs_b, long panel_step, float beta, float* C, int ldc) {
  const int MR = kernel.blocks.MR, NR = kernel.blocks.NR;
  const UKernel ukernel = kernel.ukernel;
  alignas(64) float tile[kMaxTile];
  // 2nd loop around micro-kernel: jr += NR (one kc x NR micro-panel of B, kept in L1)
  for (int jr = 0; jr < nc; jr += NR) {
    const int nr = nc - jr < NR ? nc - jr : NR;
    const float* b_panel = b + jr / NR * panel_step;
    // 1st loop around micro-kernel: ir += MR (MR x kc micro-panels of A~ stream from L2)
    for (int ir = 0; ir < mc; ir += MR) {
      const int mr = mc - ir < MR ? mc - ir : MR;
      const float* a = a_packed + static_cast<std::size_t>(ir) * kc;
      float* c = C + static_cast<std::size_t>(ir) * ldc + jr;
      if (mr == MR && nr == NR) {
        ukernel(kc, alpha, a, b_panel, rs_b, beta, c, ldc);
      } else if (2 * nr <= NR && kernel.ukernel_half) {  // a narrow last panel: the half-width tile
        if (mr == MR && 2 * nr == NR) {
          kernel.ukernel_half(kc, alpha, a, b_panel, rs_b, beta, c, ldc);
        } else {
          kernel.ukernel_half(kc, alpha, a, b_panel, rs_b, 0.f, tile, NR);
          write_edge_tile(mr, nr, tile, NR, beta, c, ldc);
        }
      } else {
        ukernel(kc, alpha, a, b_panel, rs_b, 0.f, tile, NR);
        write_edge_tile(mr, nr, tile, NR, beta, c, ldc);
      }
    }
  }
}

}  // namespace ae::gemm_detail
