// The small-product path (BLIS's "sup"): when one dimension of C is small, the packed path copies an operand
// that is then used only a few times. Packing op(A) pays off once per NR columns of C, so with N = 30 it is
// one copy per use; packing op(B) pays off over M rows. Here A is read in place (any strides, so A or A^T) by
// the same register tile, only kc x NR micro-panels of op(B) are packed (and not even those when B can be read
// in place), and only the ragged last MR rows of A are copied, into a zero-padded panel.
#include <cstddef>

#include "gemm/kernel.hpp"
#include "gemm/pack.hpp"

namespace ae::gemm_detail {

namespace {
using std::size_t;
}

bool prefer_small_path(const Kernel& kernel, const BlockSizes& bs, bool transA, int M, int N, int K, long l2_bytes) {
  // Packed A~ is reused by N / NR micro-panels of B, so reading A in place wins below some number of them
  // (Kernel::small_n_tiles, measured with bench_gemm at M = 256..1000, K = 250..1000: 16 on AVX-512; on AVX2 12
  // for A and 3 for A^T). With M <= 2 MR the packed path would instead copy all of op(B) for two register tiles
  // of rows.
  if (M <= 2 * bs.MR || static_cast<double>(M) * N * K <= 32.0 * 32 * 32) return true;
  // Read in place, the M x KC slice of op(A) is read again by every micro-panel of B: from L2 when it fits.
  const double a_slice = 4.0 * M * (K < bs.KC ? K : bs.KC);  // bytes
  if (transA) {
    // A^T in place is read MR floats per row of A per step, half a cache line, lda apart. Past 4 micro-panels
    // packing paid at every shape measured on the Sapphire Rapids machine (2 MB L2; bench_gemm --path small /
    // packed, ratios to OpenBLAS in one run: 1000 x 256 x 500 0.78 and 0.95, 500 x 256 x 250 0.93 and 1.08,
    // 784 x 128 x 400 0.98 and 1.05, 250 x 256 x 250 1.01 and 1.09, 250 x 256 x 160 1.03 and 1.10, 128 x 128 x 400
    // level), so where the caches are known A^T is packed there; the table's small_n_tiles[1] stands where not.
    return N <= kernel.small_n_tiles[1] * bs.NR && (N <= 4 * bs.NR || l2_bytes <= 0);
  }
  // A slice in a fifth of L2 stays there for any N (Sapphire Rapids, 2 MB L2, KC 384: 256 x 784 x 1000 at 1.00 of
  // OpenBLAS in place, 0.92 packed; 256 x 784 x 2000 0.93 and 0.82). Not on the Zen 4 machine the table was
  // measured on (1 MB L2, KC 256), where packing paid past N = 16 NR at M = 256: there the slice is a quarter.
  return N <= kernel.small_n_tiles[0] * bs.NR || (l2_bytes > 0 && a_slice <= l2_bytes / 5);
}

void gemm_small(const Kernel& kernel, const BlockSizes& bs, bool transA, bool transB, int M, int N, int K,
                float alpha, const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  const int MR = bs.MR, NR = bs.NR;
  const int passes = (K + bs.KC - 1) / bs.KC, KC = (K + passes - 1) / passes;  // K in even steps of at most bs.KC
  const SupKernel sup = kernel.sup;
  // B is read in place only when its rows are contiguous and few rows of A share each micro-panel.
  const bool b_in_place = !transB && M <= 2 * MR;
  const int rs_a = transA ? 1 : lda, cs_a = transA ? lda : 1;  // op(A)(i, p) = A[i*rs_a + p*cs_a]
  const int kc_max = K < KC ? K : KC;
  float* b_panel = scratch(Buffer::b_edge, static_cast<long>(kc_max) * NR);
  float* a_panel = scratch(Buffer::a_edge, static_cast<long>(kc_max) * MR);
  alignas(64) float tile[kMaxTile];
  // 4th loop: pc += KC (bounds the micro-panels to the cache; the first update scales C by beta)
  for (int pc = 0; pc < K; pc += KC) {
    const int kc = K - pc < KC ? K - pc : KC;
    const float beta_pc = pc == 0 ? beta : 1.f;
    // 2nd loop: jr += NR
    for (int jr = 0; jr < N; jr += NR) {
      const int nr = N - jr < NR ? N - jr : NR;
      const float* b = B + (transB ? static_cast<size_t>(jr) * ldb + pc : static_cast<size_t>(pc) * ldb + jr);
      int rs_b = ldb;
      if (!(b_in_place && nr == NR)) {
        pack_b_kc_x_nc(transB, kc, nr, NR, b, ldb, b_panel);
        b = b_panel;
        rs_b = NR;
      }
      // 1st loop: ir += MR
      for (int ir = 0; ir < M; ir += MR) {
        const int mr = M - ir < MR ? M - ir : MR;
        const float* a = A + static_cast<size_t>(ir) * rs_a + static_cast<size_t>(pc) * cs_a;
        float* c = C + static_cast<size_t>(ir) * ldc + jr;
        const float* a_use = a;
        int rs = rs_a, cs = cs_a;
        if (mr < MR) {  // too few rows left for the register tile: copy them, zero-padded
          pack_a_mc_x_kc(transA, mr, kc, MR, a, lda, a_panel);
          a_use = a_panel, rs = 1, cs = MR;
        }
        if (mr == MR && nr == NR) {
          sup(kc, alpha, a_use, rs, cs, b, rs_b, beta_pc, c, ldc);
        } else if (2 * nr <= NR && kernel.sup_half) {  // a narrow last panel: the half-width tile
          if (mr == MR && 2 * nr == NR) {
            kernel.sup_half(kc, alpha, a_use, rs, cs, b, rs_b, beta_pc, c, ldc);
          } else {
            kernel.sup_half(kc, alpha, a_use, rs, cs, b, rs_b, 0.f, tile, NR);
            write_edge_tile(mr, nr, tile, NR, beta_pc, c, ldc);
          }
        } else {
          sup(kc, alpha, a_use, rs, cs, b, rs_b, 0.f, tile, NR);
          write_edge_tile(mr, nr, tile, NR, beta_pc, c, ldc);
        }
      }
    }
  }
}

}  // namespace ae::gemm_detail
