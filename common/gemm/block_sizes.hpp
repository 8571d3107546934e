// The cache and register blocking of the GEMM, one row per instruction set (BLIS's "blocksize table").
//
//   MR x NR   the register tile of C one micro-kernel call computes (NR along a row of C: the SIMD direction)
//   KC        depth of one rank-KC update: a KC x NR micro-panel of B~ stays in L1 while A~ micro-panels stream
//   MC        rows of the packed A~ block (MC x KC), sized to sit in L2
//   NC        columns of the packed B~ panel (KC x NC), sized for L3
// MC is a multiple of MR and NC of NR, so thread and cache blocks always cut C along whole tiles. The cache blocks
// here are those of the machine each row was measured on (the *TunedOn sizes below); the GEMM scales them to the
// caches of the CPU it runs on (cache_blocks.cpp).
#pragma once

namespace ae::gemm_detail {

struct BlockSizes {
  int MR, NR;      // register tile
  int MC, KC, NC;  // cache blocks
};

// Cache sizes in bytes (L1d and L2 of one core, the L3 it shares); 0 where unknown.
struct CacheSizes {
  long l1d = 0, l2 = 0, l3 = 0;
};

//                                         MR  NR   MC   KC    NC
inline constexpr BlockSizes kScalarBlocks{4, 8, 128, 256, 4096};
inline constexpr BlockSizes kAvx2Blocks{6, 16, 144, 256, 4096};
inline constexpr BlockSizes kAvx512Blocks{8, 32, 256, 256, 4096};
inline constexpr BlockSizes kNeonBlocks{8, 12, 128, 256, 4092};

// The caches of the machine each row's cache blocks were measured on. On another CPU the blocks are scaled to its
// own caches (cache_blocks.cpp): KC with L1d, MC x KC with L2, KC x NC with L3.
inline constexpr CacheSizes kAvx512TunedOn{32 << 10, 1 << 20, 32 << 20};  // AMD EPYC, Zen 4
inline constexpr CacheSizes kAvx2TunedOn{32 << 10, 512 << 10, 32 << 20};  // AMD EPYC, Zen 3
inline constexpr CacheSizes kScalarTunedOn{};  // not tuned: the table stands everywhere
inline constexpr CacheSizes kNeonTunedOn{};    // measured only under qemu: the table stands

// The largest MR x NR over the table: the size of the temporary tile that catches ragged edges.
inline constexpr int kMaxTile = 16 * 64;

}  // namespace ae::gemm_detail
