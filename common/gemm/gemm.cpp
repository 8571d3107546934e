// Placeholder fast path: a cache-friendly i-p-j loop. Issue 3 replaces this with the BLIS-style blocked GEMM.
#include "gemm/gemm.hpp"

#include <cstddef>

namespace ae {

void gemm(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
          int ldb, float beta, float* C, int ldc) {
  for (int i = 0; i < M; ++i) {
    float* c = C + static_cast<std::size_t>(i) * ldc;
    for (int j = 0; j < N; ++j) c[j] = beta == 0.f ? 0.f : beta * c[j];
    for (int p = 0; p < K; ++p) {
      const float a = alpha * (transA ? A[static_cast<std::size_t>(p) * lda + i] : A[static_cast<std::size_t>(i) * lda + p]);
      if (!transB) {
        const float* b = B + static_cast<std::size_t>(p) * ldb;
        for (int j = 0; j < N; ++j) c[j] += a * b[j];
      } else {
        for (int j = 0; j < N; ++j) c[j] += a * B[static_cast<std::size_t>(j) * ldb + p];
      }
    }
  }
}

namespace {
int g_threads = 1;
}
void gemm_set_threads(int n) { g_threads = n <= 0 ? 1 : n; }
int gemm_threads() { return g_threads; }

}  // namespace ae
