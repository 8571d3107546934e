// Packing: copy a block of op(A) or op(B) into the order the micro-kernel reads it, zero-padded to whole tiles.
//
//   A~ (mc x kc) as ceil(mc/MR) micro-panels, each MR x kc stored column by column:
//        a_packed[(i/MR)*MR*kc + p*MR + i%MR] = op(A)(i, p)
//   B~ (kc x nc) as ceil(nc/NR) micro-panels, each kc x NR stored row by row:
//        b_packed[(j/NR)*NR*kc + p*NR + j%NR] = op(B)(p, j)
// The transposes are taken here, while copying; no transposed matrix is ever materialized.
#pragma once

namespace ae::gemm_detail {

/// A points at op(A)(0, 0) of the block: A[i*lda + p] holds op(A)(i, p), or A[p*lda + i] when transA.
void pack_a_mc_x_kc(bool transA, int mc, int kc, int MR, const float* A, int lda, float* a_packed);

/// B points at op(B)(0, 0) of the block: B[p*ldb + j] holds op(B)(p, j), or B[j*ldb + p] when transB.
void pack_b_kc_x_nc(bool transB, int kc, int nc, int NR, const float* B, int ldb, float* b_packed);

/// A 64-byte aligned scratch buffer per thread and purpose, grown on demand and reused across calls.
enum class Buffer { a_block, b_panel, a_edge, b_edge };
float* scratch(Buffer which, long floats);

}  // namespace ae::gemm_detail
