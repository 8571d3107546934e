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
void gemm(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
          int ldb, float beta, float* C, int ldc);

/// \brief The specification: the plain triple loop, accumulating in double. Every fast path is tested against it.
void gemm_reference(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda,
                    const float* B, int ldb, float beta, float* C, int ldc);

/// \brief Number of threads the GEMM may use; 0 means all cores. Set from every program's --threads flag.
void gemm_set_threads(int n);
/// The number of threads currently in use.
int gemm_threads();

}  // namespace ae
