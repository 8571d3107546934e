// The reference GEMM: the triple loop that defines what every fast path must compute.
#include "gemm/gemm.hpp"

#include <cstddef>

namespace ae {

void gemm_reference(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda,
                    const float* B, int ldb, float beta, float* C, int ldc) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double acc = 0.0;
      for (int p = 0; p < K; ++p) {
        const float a = transA ? A[static_cast<std::size_t>(p) * lda + i] : A[static_cast<std::size_t>(i) * lda + p];
        const float b = transB ? B[static_cast<std::size_t>(j) * ldb + p] : B[static_cast<std::size_t>(p) * ldb + j];
        acc += static_cast<double>(a) * b;
      }
      float& c = C[static_cast<std::size_t>(i) * ldc + j];
      c = static_cast<float>(alpha * acc + (beta == 0.f ? 0.0 : static_cast<double>(beta) * c));
    }
}

}  // namespace ae
