// How bench_gemm times a product: the clock (wall or, with --cpu-time, the thread's CPU time), the shapes it
// times, and the GFLOP/s it reports for one product, for the 23 products of a training step, and for a BLAS timed
// in turns with ae::gemm. gemm_timing.cpp holds the sampler that takes the samples and the training step's layers.
#pragma once

#include <functional>
#include <vector>

#include "cblas.hpp"

namespace bench {

/// --cpu-time: time by this thread's CPU time instead of the wall clock (one thread only). On a machine shared with
/// other jobs it counts only the time the GEMM was on a core (caches are still disturbed by the others).
extern bool g_cpu_time;

/// Seconds on the clock g_cpu_time chooses, from an arbitrary origin: only differences mean anything.
double now_seconds();

/// Context switches of the calling thread so far: a sample during which this changed shared its core with another
/// process (or slept), and says more about the machine's load than about the GEMM.
long context_switches();

/// One product to time, C (M, N) := op(A) (M, K) op(B) (K, N), and what the table calls it (`what`). The table's
/// training-step row has K = 0.
struct Shape {
  int M, K, N;
  bool ta, tb;
  const char* what;
};

/// The speed of one product over its samples.
struct Rate {
  double median = 0, best = 0;  // GFLOP/s
  int samples = 0, undisturbed = 0;
};

/// The Rate of samples `all` (GFLOP/s), of which `undisturbed` ran without a context switch: the median of the
/// undisturbed ones when `prefer_undisturbed` and there are 5 or more of them (on a busy machine most long samples
/// are interrupted), else of all; the best of all.
Rate rate_of(std::vector<double> all, std::vector<double> undisturbed, bool prefer_undisturbed);

/// GFLOP/s of ae::gemm, and of the BLAS when one is given (see time_both in gemm_timing.cpp).
struct Measured {
  Rate ours, blas;
  double max_diff = 0;  // largest |C_ours - C_blas| over the largest |C|: the two computed the same product
};

/// GFLOP/s of ae::gemm at shape s (of ae::gemm_reference with `reference`), and of the BLAS when one is given.
Measured measure_gemm(const Shape& s, int reps, const Cblas* blas = nullptr, bool reference = false);

/// measure_gemm (ours alone) on `threads` threads. With more than one, timed by the wall clock whatever --cpu-time
/// says: only the wall clock tells what the cores achieved together.
Measured measure_gemm_on(int threads, const Shape& s, int reps, bool reference = false);

/// GFLOP/s of the 23 products of one training step of the MNIST autoencoder at batch 256 (TrainingStep in
/// gemm_timing.cpp), and of the BLAS on the same products when one is given.
Measured measure_step(int reps, const Cblas* blas);

/// measure_step (ours alone) on `threads` threads, timed by the wall clock (as measure_gemm_on).
Measured measure_step_on(int threads, int reps);

/// GFLOP/s of the active micro-kernel alone, called over and over on operands that stay in L1 (one MR x KC
/// micro-panel of A~, one KC x NR of B~, one tile of C; KC = 256): the ceiling of every product, whose gap to it is
/// what packing, the caches and the loops around the kernel cost. Sampled as ae::gemm is (time_both), on this thread.
Rate measure_ukernel(int reps);

/// GFLOP/s of any `call` doing `flops` floating-point operations, sampled on this thread as ae::gemm is (time_both):
/// what bench_gemm --ladder uses for the micro-kernel's loop with some of its loads held in registers.
Rate measure_call(const std::function<void()>& call, double flops, int reps);

}  // namespace bench
