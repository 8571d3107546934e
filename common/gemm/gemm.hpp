/// \file
/// \brief The one matrix-multiply entry point used by all of autodiff.
///
/// \f[ C \leftarrow \alpha\, \mathrm{op}(A)\, \mathrm{op}(B) + \beta C \f]
/// with row-major storage, \f$\mathrm{op}(X) = X\f$ or \f$X^\top\f$, \f$\mathrm{op}(A)\f$ of shape (M, K),
/// \f$\mathrm{op}(B)\f$ of shape (K, N) and C of shape (M, N). When \f$\beta = 0\f$, C is not read (it may hold
/// garbage, even NaN).
#pragma once

namespace ae {

/// \brief \f$C := \alpha\,\mathrm{op}(A)\,\mathrm{op}(B) + \beta C\f$, row-major, with leading dimensions.
/// \param transA use \f$A^\top\f$ (A is then stored as (K, M) with leading dimension lda)
/// \param transB use \f$B^\top\f$ (B is then stored as (N, K) with leading dimension ldb)
/// \param M rows of \f$\mathrm{op}(A)\f$ and of C
/// \param N columns of \f$\mathrm{op}(B)\f$ and of C
/// \param K columns of \f$\mathrm{op}(A)\f$, rows of \f$\mathrm{op}(B)\f$
/// \param alpha scale of the product
/// \param A row-major storage of A
/// \param lda leading dimension of A: the distance between the starts of consecutive stored rows
/// \param B row-major storage of B
/// \param ldb leading dimension of B
/// \param beta scale of the old C (0: C is only written)
/// \param C row-major (M, N) output
/// \param ldc leading dimension of C
void gemm(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
          int ldb, float beta, float* C, int ldc);

/// \brief The specification: the plain triple loop, accumulating in double. Every fast path is tested against it.
void gemm_reference(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda,
                    const float* B, int ldb, float beta, float* C, int ldc);

/// \brief Number of threads the GEMM may use; 0 means all cores. Set from every program's --threads flag.
void gemm_set_threads(int n);
/// The number of threads currently in use.
int gemm_threads();

/// \brief What the products cost since the counters were last reset, when counting is on (gemm_set_counting).
struct GemmCounters {
  long calls = 0;       ///< gemm() calls that computed something (M, N > 0)
  double flops = 0;     ///< \f$\sum 2MNK\f$ over those calls
  double seconds = 0;   ///< time inside them (wall clock, or the thread's CPU time: gemm_set_counting)
};
/// Turns the counters on (the clock is read twice per call) or off (the default: nothing is read), and resets them.
/// For benchmarks: bench_train reports how much of an epoch the products take, and at what rate. With
/// `thread_cpu_time` the seconds are the calling thread's CPU time rather than the wall clock (one thread only:
/// on a machine busy with other jobs it counts only the time the products had a core).
void gemm_set_counting(bool on, bool thread_cpu_time = false);
/// The counters: what the products cost since counting was turned on (every gemm_set_counting call zeroes them).
GemmCounters gemm_counters();

/** \name Kernel choice and tuning, for tests and benchmarks
 * The micro-kernel is chosen once from the CPU's features (best of avx512, avx2, neon, scalar); the environment
 * variable AE_GEMM_KERNEL=scalar|avx2|avx512|neon forces one at start-up. */
///@{

/// Name of the micro-kernel in use: "scalar", "avx2", "avx512" or "neon".
const char* gemm_kernel_name();
/// Whether the named kernel is compiled in and this CPU can run it.
bool gemm_kernel_available(const char* name);
/// Use the named kernel from now on ("auto": back to the start-up choice). Returns false, changing nothing,
/// if it is unknown or unavailable.
bool gemm_set_kernel(const char* name);

/// \brief The x86 vector instruction set that hand-vectorized code outside the micro-kernel may use.
enum class SimdLevel { portable, avx2, avx512 };
/// The level of the kernel in use ("avx512", "avx2"; portable for "scalar" and "neon"). The other explicit SIMD
/// loops (AVX-512 packing, Adam, the sigmoid) follow it, so that one switch, AE_GEMM_KERNEL or gemm_set_kernel,
/// steers every vector path: AE_GEMM_KERNEL=scalar runs the whole library on its portable loops. The library
/// reads the CPU's features in one place only (the kernel choice), so this level is always one the CPU can run.
SimdLevel simd_level();

/// Compiles one function for AVX-512F, for the loops that follow the AVX-512 kernel (they run only when
/// simd_level() is SimdLevel::avx512). Defined empty by the test build that emulates AVX-512 on a CPU without it
/// (tests/unit/avx512_check.sh), so that no function of that build is compiled for AVX-512.
#ifndef AE_TARGET_AVX512
#define AE_TARGET_AVX512 __attribute__((target("avx512f")))
#endif

/// Register tile and cache blocks of the kernel in use (after any gemm_set_tuning override).
struct GemmBlocking {
  /** \name Block sizes */
  ///@{
  int MR, NR, MC, KC, NC;  ///< register tile MR x NR; cache blocks MC (rows of A), KC (depth), NC (columns of B)
  ///@}
};
/// The blocking of the kernel in use.
GemmBlocking gemm_blocking();

/// Which loop nest computes a product: the packed BLIS loops, or the small-product path that reads operands in
/// place (chosen automatically when a dimension is too small to amortize packing).
enum class GemmPath { automatic, packed, small };

/// Overrides for tests and benchmarks; zero or negative fields keep the kernel's defaults.
struct GemmTuning {
  /** \name Cache blocks */
  ///@{
  int MC = 0, KC = 0, NC = 0;  ///< cache blocks, rounded up to multiples of MR (MC) and NR (NC)
  ///@}
  GemmPath path = GemmPath::automatic;  ///< force a loop nest (automatic: the library decides)
  double min_flops_per_thread = -1;  ///< below this a product stays on fewer threads; 0 splits even tiny ones
  bool simd_packing = true;  ///< pack with SIMD as simd_level() allows: AVX-512, or SSE transposes (false: portable)
  bool b_in_place = true;  ///< read B in place where the kernel allows it (false: the packed loops always pack B)
  double pool_spin_us = -1;  ///< how long an idle thread polls before it sleeps (negative: the default; 0: never)
};
/// Applies the overrides to every later product (a default GemmTuning restores the defaults).
void gemm_set_tuning(const GemmTuning& tuning);
///@}

}  // namespace ae
