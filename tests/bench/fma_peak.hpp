// The single-core FMA peak that bench_gemm's GFLOP/s are compared with (--peak, and the "% peak" columns of --table
// and --ladder). fma_peak.cpp holds the chains that measure it, one per instruction set, picked at run time.
#pragma once

namespace bench {

/// Median of 301 runs of ~0.2 ms, over those not interrupted by a context switch (rate_of, as measure_gemm), in GFLOP/s
/// of one core. Sets `*isa` to the instructions that ran: "avx512", "avx2", "neon" or "scalar". Timed by
/// gemm_timing.hpp's now_seconds, so --cpu-time applies here too.
double measure_peak(const char** isa);

}  // namespace bench
