// What the AVX-512 micro-kernel's loads cost (bench_gemm --ladder's last rows). The kernel's step is 2 loads of
// B~, 8 broadcasts of A~ and 16 FMAs; kernel_loads.cpp runs the same 8 x 32 loop with some of those loads replaced
// by values kept in registers, so that what is left between the kernel and the FMA peak can be told apart: the
// loads, or the FMAs themselves.
#pragma once

#include "gemm/block_sizes.hpp"

namespace bench {

/// The tile of the loop: the AVX-512 micro-kernel's, MR rows of NR / 16 zmm registers.
inline constexpr int kKernelLoadsMR = ae::gemm_detail::kAvx512Blocks.MR;
inline constexpr int kKernelLoadsNR = ae::gemm_detail::kAvx512Blocks.NR;

/// Which loads the loop keeps: as the kernel is, without B~'s loads, without A~'s broadcasts, without either.
enum class KernelLoads { all, no_b, no_a, none };

/// One MR x NR tile of `kc` steps, C (MR x NR, row-major) := A~ (kc x MR, packed) B~ (kc x NR), with the loads
/// `which` keeps; the ones it drops reuse the first step's values. False, computing nothing, where the CPU (or the
/// build) has no AVX-512.
bool kernel_loads_tile(KernelLoads which, int kc, const float* a, const float* b, float* c);

}  // namespace bench
