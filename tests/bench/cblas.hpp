// A CBLAS library opened at run time, for bench_gemm's comparison with the BLAS people use (OpenBLAS, BLIS, ...).
// The project never links a BLAS: the library is opened with dlopen() only when --blas names one, so bench_gemm
// builds and runs without any installed. Its thread count is set through the environment variables the common
// BLAS libraries read when they load (OpenBLAS, BLIS, OpenMP builds), and through their own setters if they have
// them, before the first product.
#pragma once

#include <dlfcn.h>

#include <cstdlib>
#include <string>

namespace bench {

/// cblas_sgemm, with CBLAS's enumerations as the ints they are (CblasRowMajor = 101, CblasNoTrans = 111,
/// CblasTrans = 112).
using CblasSgemm = void (*)(int layout, int trans_a, int trans_b, int M, int N, int K, float alpha, const float* A,
                            int lda, const float* B, int ldb, float beta, float* C, int ldc);

/// An opened CBLAS library: its sgemm, and what it says of itself (version, build), when it says anything.
struct Cblas {
  CblasSgemm sgemm = nullptr;
  std::string about;

  /// C := alpha op(A) op(B) + beta C, row-major: the same contract as ae::gemm.
  void gemm(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
            float beta, float* C, int ldc) const {
    sgemm(101, ta ? 112 : 111, tb ? 112 : 111, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  }
};

/// Opens `library` (a file name the dynamic loader can find, such as libopenblas.so.0, or a path) with `threads`
/// threads. Returns false with `error` set when it cannot be opened or has no cblas_sgemm.
inline bool open_cblas(const std::string& library, int threads, Cblas& out, std::string& error) {
  const std::string n = std::to_string(threads);
  for (const char* var : {"OPENBLAS_NUM_THREADS", "BLIS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"})
    setenv(var, n.c_str(), 1);
  void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    error = why ? why : "cannot open " + library;
    return false;
  }
  out.sgemm = reinterpret_cast<CblasSgemm>(dlsym(handle, "cblas_sgemm"));
  if (!out.sgemm) {
    error = library + " has no cblas_sgemm";
    dlclose(handle);
    return false;
  }
  // Optional: what the library is and how it was built; and its own thread setters.
  using SetThreads = void (*)(int);
  if (auto set = reinterpret_cast<SetThreads>(dlsym(handle, "openblas_set_num_threads"))) set(threads);
  if (auto set = reinterpret_cast<void (*)(long)>(dlsym(handle, "bli_thread_set_num_threads"))) set(threads);
  using Text = const char* (*)();
  out.about = library;
  if (auto config = reinterpret_cast<Text>(dlsym(handle, "openblas_get_config")))
    out.about += std::string(" (") + config() + ")";
  if (auto core = reinterpret_cast<Text>(dlsym(handle, "openblas_get_corename")))
    out.about += std::string(" (kernels for ") + core() + ")";
  if (auto version = reinterpret_cast<Text>(dlsym(handle, "bli_info_get_version_str")))
    out.about += std::string(" (BLIS ") + version() + ")";
  return true;  // the handle stays open for the program's life
}

}  // namespace bench
