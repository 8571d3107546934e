// The cache and register blocking of the GEMM, one row per instruction set (BLIS's "blocksize table").
//
//   MR x NR   the register tile of C one micro-kernel call computes (NR along a row of C: the SIMD direction)
//   KC        depth of one rank-KC update: a KC x NR micro-panel of B~ stays in L1 while A~ micro-panels stream
//   MC        rows of the packed A~ block (MC x KC), sized to sit in L2
//   NC        columns of the packed B~ panel (KC x NC), sized for L3
// MC is a multiple of MR and NC of NR, so thread and cache blocks always cut C along whole tiles.
#pragma once

namespace ae::gemm_detail {

struct BlockSizes {
  int MR, NR;      // register tile
  int MC, KC, NC;  // cache blocks
};

//                                         MR  NR   MC   KC    NC
inline constexpr BlockSizes kScalarBlocks{4, 8, 128, 256, 4096};
inline constexpr BlockSizes kAvx2Blocks{6, 16, 144, 256, 4096};
inline constexpr BlockSizes kAvx512Blocks{8, 32, 256, 256, 4096};
inline constexpr BlockSizes kNeonBlocks{8, 12, 128, 256, 4092};

// The largest MR x NR over the table: the size of the temporary tile that catches ragged edges.
inline constexpr int kMaxTile = 16 * 64;

}  // namespace ae::gemm_detail
