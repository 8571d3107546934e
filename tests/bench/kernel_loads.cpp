// The micro-kernel's loop with some of its loads taken out (kernel_loads.hpp). Compiled without -mavx flags, like
// fma_peak.cpp: the loop is compiled for AVX-512 by __attribute__((target)) and runs only on a CPU that has it.
#include "kernel_loads.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace bench {

#if defined(__x86_64__)
namespace {

constexpr int kMR = kKernelLoadsMR, kNV = kKernelLoadsNR / 16;  // MR rows of NR / 16 zmm registers

template <bool LoadB, bool LoadA>
__attribute__((target("avx512f"), noinline)) void tile(int kc, const float* a, const float* b, float* c) {
  __m512 acc[kMR][kNV];
  for (int i = 0; i < kMR; ++i)
    for (int v = 0; v < kNV; ++v) acc[i][v] = _mm512_setzero_ps();
  __m512 b_first[kNV], a_first[kMR];  // the first step's operands, reused by the loads a variant drops
  for (int v = 0; v < kNV; ++v) b_first[v] = _mm512_loadu_ps(b + 16 * v);
  for (int i = 0; i < kMR; ++i) a_first[i] = _mm512_set1_ps(a[i]);
  for (int p = 0; p < kc; ++p) {
    __m512 b_p[kNV];
#pragma GCC unroll 4
    for (int v = 0; v < kNV; ++v) b_p[v] = LoadB ? _mm512_loadu_ps(b + 16 * v) : b_first[v];
#pragma GCC unroll 16
    for (int i = 0; i < kMR; ++i) {
      const __m512 a_ip = LoadA ? _mm512_set1_ps(a[i]) : a_first[i];
#pragma GCC unroll 4
      for (int v = 0; v < kNV; ++v) acc[i][v] = _mm512_fmadd_ps(a_ip, b_p[v], acc[i][v]);
    }
    a += kMR;
    b += 16 * kNV;
  }
  for (int i = 0; i < kMR; ++i)
    for (int v = 0; v < kNV; ++v) _mm512_storeu_ps(c + i * 16 * kNV + 16 * v, acc[i][v]);
}

}  // namespace
#endif

bool kernel_loads_tile(KernelLoads which, int kc, const float* a, const float* b, float* c) {
#if defined(__x86_64__)
  if (!__builtin_cpu_supports("avx512f")) return false;
  switch (which) {
    case KernelLoads::all: tile<true, true>(kc, a, b, c); break;
    case KernelLoads::no_b: tile<false, true>(kc, a, b, c); break;
    case KernelLoads::no_a: tile<true, false>(kc, a, b, c); break;
    case KernelLoads::none: tile<false, false>(kc, a, b, c); break;
  }
  return true;
#else
  (void)which, (void)kc, (void)a, (void)b, (void)c;
  return false;
#endif
}

}  // namespace bench
