// AVX-512F, emulated in plain C++, so that the library's AVX-512 paths (the micro-kernel, the packing, Adam) can be
// tested on a CPU without AVX-512 (tests/unit/avx512_check.sh). Qemu cannot run them (its x86 emulator stops at
// AVX2), so this build replaces the instructions instead of the CPU:
//   - this file is force-included (g++ -include) ahead of every source of that build, which is compiled without
//     -mavx512f and with AE_TARGET_AVX512 empty (so no function is compiled for AVX-512, and the compiler cannot
//     slip real AVX-512 instructions in); it defines __AVX512F__ after GCC's header, so that ukernel_avx512.cpp
//     compiles its kernel;
//   - each AVX-512 name the library uses becomes a macro for the plain function below, written from the
//     instruction's definition in Intel's Intrinsics Guide, lane by lane; a name not emulated here fails to compile
//     (GCC's own version needs -mavx512f);
//   - __builtin_cpu_supports("avx512f") answers yes, so the dispatcher offers the kernel and the tests force it.
// Masked loads read only the lanes their mask selects, as the instruction does (it suppresses faults there): a read
// past a buffer under a zero mask bit is legal for the real instruction, and not made here either.
// Only for that test build: nothing in the library includes this file.
#pragma once

#include <immintrin.h>  // the real header first: the SSE and AVX intrinsics of the other paths stay native

#include <cmath>
#include <cstdint>
#include <cstring>

namespace ae_avx512_emulation {

struct m512 {
  float f[16];
};
struct m512d {
  double d[8];
};
using mmask16 = std::uint16_t;

inline bool lane_on(mmask16 k, int i) { return (k >> i) & 1; }

inline m512 setzero_ps() { return m512{}; }
inline m512 set1_ps(float x) {
  m512 r;
  for (float& v : r.f) v = x;
  return r;
}
inline m512 loadu_ps(const float* p) {
  m512 r;
  std::memcpy(r.f, p, sizeof r.f);
  return r;
}
inline void storeu_ps(float* p, m512 a) { std::memcpy(p, a.f, sizeof a.f); }
// Lanes k selects from p, zero elsewhere; unselected lanes are not read.
inline m512 maskz_loadu_ps(mmask16 k, const float* p) {
  m512 r{};
  for (int i = 0; i < 16; ++i)
    if (lane_on(k, i)) r.f[i] = p[i];
  return r;
}
// Lanes k selects to p; unselected lanes are not written.
inline void mask_storeu_ps(float* p, mmask16 k, m512 a) {
  for (int i = 0; i < 16; ++i)
    if (lane_on(k, i)) p[i] = a.f[i];
}

template <class Op>
m512 lanewise(m512 a, m512 b, Op op) {
  m512 r;
  for (int i = 0; i < 16; ++i) r.f[i] = op(a.f[i], b.f[i]);
  return r;
}
inline m512 add_ps(m512 a, m512 b) { return lanewise(a, b, [](float x, float y) { return x + y; }); }
inline m512 sub_ps(m512 a, m512 b) { return lanewise(a, b, [](float x, float y) { return x - y; }); }
inline m512 mul_ps(m512 a, m512 b) { return lanewise(a, b, [](float x, float y) { return x * y; }); }
inline m512 div_ps(m512 a, m512 b) { return lanewise(a, b, [](float x, float y) { return x / y; }); }
// a*b + c, rounded once, as VFMADD does.
inline m512 fmadd_ps(m512 a, m512 b, m512 c) {
  m512 r;
  for (int i = 0; i < 16; ++i) r.f[i] = std::fma(a.f[i], b.f[i], c.f[i]);
  return r;
}
// sqrt(a) in the lanes k selects, src elsewhere.
inline m512 mask_sqrt_ps(m512 src, mmask16 k, m512 a) {
  m512 r;
  for (int i = 0; i < 16; ++i) r.f[i] = lane_on(k, i) ? std::sqrt(a.f[i]) : src.f[i];
  return r;
}

// Within each 128-bit lane L (floats 4L .. 4L+3): a's and b's low pairs interleaved, [a0 b0 a1 b1], or their high
// pairs, [a2 b2 a3 b3].
inline m512 unpacklo_ps(m512 a, m512 b) {
  m512 r;
  for (int L = 0; L < 4; ++L)
    for (int j = 0; j < 2; ++j) r.f[4 * L + 2 * j] = a.f[4 * L + j], r.f[4 * L + 2 * j + 1] = b.f[4 * L + j];
  return r;
}
inline m512 unpackhi_ps(m512 a, m512 b) {
  m512 r;
  for (int L = 0; L < 4; ++L)
    for (int j = 0; j < 2; ++j) r.f[4 * L + 2 * j] = a.f[4 * L + 2 + j], r.f[4 * L + 2 * j + 1] = b.f[4 * L + 2 + j];
  return r;
}
// Within each 128-bit lane L (doubles 2L, 2L+1): [a's low, b's low] or [a's high, b's high].
inline m512d unpacklo_pd(m512d a, m512d b) {
  m512d r;
  for (int L = 0; L < 4; ++L) r.d[2 * L] = a.d[2 * L], r.d[2 * L + 1] = b.d[2 * L];
  return r;
}
inline m512d unpackhi_pd(m512d a, m512d b) {
  m512d r;
  for (int L = 0; L < 4; ++L) r.d[2 * L] = a.d[2 * L + 1], r.d[2 * L + 1] = b.d[2 * L + 1];
  return r;
}
// The same 512 bits, read as the other type.
inline m512d castps_pd(m512 a) {
  m512d r;
  std::memcpy(&r, &a, sizeof r);
  return r;
}
inline m512 castpd_ps(m512d a) {
  m512 r;
  std::memcpy(&r, &a, sizeof r);
  return r;
}
// Whole 128-bit lanes: the result's lanes 0 and 1 are a's lanes imm[1:0] and imm[3:2], its lanes 2 and 3 are b's
// lanes imm[5:4] and imm[7:6].
inline m512 shuffle_f32x4(m512 a, m512 b, int imm) {
  m512 r;
  for (int L = 0; L < 4; ++L) {
    const m512& src = L < 2 ? a : b;
    std::memcpy(r.f + 4 * L, src.f + 4 * ((imm >> (2 * L)) & 3), 4 * sizeof(float));
  }
  return r;
}

// The emulated CPU: the real one, plus AVX-512F.
inline bool is_avx512f(const char* feature) { return std::strcmp(feature, "avx512f") == 0; }

}  // namespace ae_avx512_emulation

#define __AVX512F__ 1
#define AE_AVX512_EMULATED 1  // for code whose AVX-512 path this file does not cover (autodiff/vmath.cpp)
#define __m512 ae_avx512_emulation::m512
#define __m512d ae_avx512_emulation::m512d
#define __mmask16 ae_avx512_emulation::mmask16
#define _mm512_setzero_ps ae_avx512_emulation::setzero_ps
#define _mm512_set1_ps ae_avx512_emulation::set1_ps
#define _mm512_loadu_ps ae_avx512_emulation::loadu_ps
#define _mm512_storeu_ps ae_avx512_emulation::storeu_ps
#define _mm512_maskz_loadu_ps ae_avx512_emulation::maskz_loadu_ps
#define _mm512_mask_storeu_ps ae_avx512_emulation::mask_storeu_ps
#define _mm512_add_ps ae_avx512_emulation::add_ps
#define _mm512_sub_ps ae_avx512_emulation::sub_ps
#define _mm512_mul_ps ae_avx512_emulation::mul_ps
#define _mm512_div_ps ae_avx512_emulation::div_ps
#define _mm512_fmadd_ps ae_avx512_emulation::fmadd_ps
#define _mm512_mask_sqrt_ps ae_avx512_emulation::mask_sqrt_ps
#define _mm512_unpacklo_ps ae_avx512_emulation::unpacklo_ps
#define _mm512_unpackhi_ps ae_avx512_emulation::unpackhi_ps
#define _mm512_unpacklo_pd ae_avx512_emulation::unpacklo_pd
#define _mm512_unpackhi_pd ae_avx512_emulation::unpackhi_pd
#define _mm512_castps_pd ae_avx512_emulation::castps_pd
#define _mm512_castpd_ps ae_avx512_emulation::castpd_ps
#define _mm512_shuffle_f32x4 ae_avx512_emulation::shuffle_f32x4
#define __builtin_cpu_supports(feature) (ae_avx512_emulation::is_avx512f(feature) || __builtin_cpu_supports(feature))
