// Internal interface of the fast GEMM: the micro-kernel contract, and the pieces gemm.cpp assembles.
//
// The micro-kernel contract (every ISA, both entry points):
//
//     C_tile := beta * C_tile + alpha * A_panel * B_panel          (MR x NR, row-major, leading dimension ldc)
//
// where A_panel is MR x k and B_panel is k x NR. When beta == 0, C_tile is only written, never read. alpha is
// applied once to the finished tile rather than folded into packing, so the paths that read A or B in place
// need no copy to scale.
//   ukernel: A packed:            A_panel(i, p) = a[p*MR + i]          (64-byte aligned)
//   sup:     A read in place:     A_panel(i, p) = a[i*rs_a + p*cs_a]  (any strides, so A or A^T)
//   both:    B rows contiguous:   B_panel(p, j) = b[p*rs_b + j]        (packed: rs_b = NR; or B itself)
// "sup" (BLIS's name for small/unpacked products) lets small products skip packing they cannot amortize.
#pragma once

#include "gemm/block_sizes.hpp"
#include "gemm/gemm.hpp"

namespace ae::gemm_detail {

using UKernel = void (*)(int k, float alpha, const float* a, const float* b, int rs_b, float beta, float* c,
                         int ldc);
using SupKernel = void (*)(int k, float alpha, const float* a, int rs_a, int cs_a, const float* b, int rs_b,
                           float beta, float* c, int ldc);

struct Kernel {
  const char* name;
  SimdLevel level;  // what the loops outside the micro-kernel may use alongside it (see simd_level())
  BlockSizes blocks;  // the table's row; active_blocks() scales its cache blocks to this CPU's caches
  CacheSizes tuned_on;  // the caches of the machine that row was measured on
  // Whether packed products may read op(B) = B in place when few rows of C share it (gemm.cpp), rather than
  // packing it. Measured per kernel with bench_gemm: it cost 5 to 13% at the forward layer shapes on the AVX2
  // machine (a strided micro-panel of B loads more slowly than a packed one), and on the Zen 4 AVX-512 one 0 to 6%
  // at 256 x 784 x 1000 and 9 to 13% at 512 x 784 x 1000 (--pack-b, alternated runs), the same at the smaller ones.
  bool b_in_place;
  // The small path (small.cpp) reads op(A) in place instead of packing it, and is taken when N <= small_n_tiles * NR;
  // [0] for op(A) = A, [1] for A^T, whose micro-panel is read one row of A (lda apart) per step. Measured per
  // kernel with bench_gemm: on the AVX2 machine packing paid from N = 250 for A and from N = 64 for A^T.
  int small_n_tiles[2];
  UKernel ukernel;
  SupKernel sup;
  // Optional MR x NR/2 tiles (same operand layouts, B's rows still rs_b apart), for a ragged last micro-panel of
  // at most NR/2 columns; nullptr: the whole tile computes it.
  UKernel ukernel_half = nullptr;
  SupKernel sup_half = nullptr;
};

// One per ukernel_*.cpp; nullptr when that file was compiled without its instruction set.
const Kernel* scalar_kernel();
const Kernel* avx2_kernel();
const Kernel* avx512_kernel();
const Kernel* neon_kernel();

// cache_blocks.cpp: the caches this CPU reports (read once; zeros where unknown), and the table's blocks scaled
// from the caches they were measured on to `cpu`'s (unchanged when either is unknown).
CacheSizes read_cache_sizes();
const CacheSizes& cpu_cache_sizes();
BlockSizes blocks_for_caches(const BlockSizes& table, const CacheSizes& tuned_on, const CacheSizes& cpu);

// dispatch.cpp: the kernel chosen at start-up (or forced), and the cache blocks (scaled to this CPU's caches)
// after test overrides.
const Kernel& active_kernel();
BlockSizes active_blocks(const Kernel& kernel);
GemmPath tuned_path();
double tuned_min_flops_per_thread();  // negative: the default
bool tuned_simd_packing();
bool tuned_b_in_place();
double tuned_pool_spin_us();  // negative: the default

// macro_kernel.cpp, loops 2..1: C (mc x nc) := beta*C + alpha * A~ (mc x kc, packed) * B (kc x nc).
// B's micro-panel jr/NR starts at b + (jr/NR)*panel_step, with rows rs_b apart: packed B~ has rs_b = NR and
// panel_step = kc*NR; B read in place has rs_b = ldb and panel_step = NR (nc then a multiple of NR).
void macro_kernel(const Kernel& kernel, int mc, int nc, int kc, float alpha, const float* a_packed, const float* b,
                  int rs_b, long panel_step, float beta, float* C, int ldc);

// C (mr x nr) := tile + beta*C, for a ragged tile the micro-kernel wrote to a temporary (with beta = 0).
void write_edge_tile(int mr, int nr, const float* tile, int ld_tile, float beta, float* C, int ldc);

// small.cpp: the whole product without packed blocks (only B micro-panels and ragged A panels are packed).
void gemm_small(const Kernel& kernel, const BlockSizes& blocks, bool transA, bool transB, int M, int N, int K,
                float alpha, const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc);

// Whether a product is too small, in one of its dimensions, to amortize packing, on a CPU with `l2_bytes` of L2
// per core (0: unknown) (measured; see small.cpp).
bool prefer_small_path(const Kernel& kernel, const BlockSizes& blocks, bool transA, int M, int N, int K,
                       long l2_bytes);

}  // namespace ae::gemm_detail
