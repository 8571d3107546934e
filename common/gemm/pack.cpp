// Packing routines (see pack.hpp for the layouts). MR and NR are template parameters so that the copies of one
// row or column of a micro-panel are fixed-length loops the compiler unrolls and vectorizes.
#include "gemm/pack.hpp"

#include "gemm/kernel.hpp"

#include <cstddef>
#include <cstring>
#include <new>
#include <stdexcept>
#include <type_traits>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace ae::gemm_detail {

namespace {

using std::size_t;

// dst[q*ld_dst + r] = src[r*ld_src + q] for r, q < 4: the step of the transposing packs. With `sse` (x86-64, whose
// baseline has SSE, alongside a SIMD kernel) four loads, four shuffles and four stores instead of sixteen
// single-float copies (measured: the transposing pack of B^T took 4.3% of a 256 x 1000 x 784 product as single-float
// copies); otherwise the portable loop, so that the scalar kernel runs on portable code only.
inline void transpose_4x4(bool sse, const float* src, size_t ld_src, float* dst, size_t ld_dst) {
#if defined(__x86_64__)
  if (sse) {
    __m128 r0 = _mm_loadu_ps(src), r1 = _mm_loadu_ps(src + ld_src), r2 = _mm_loadu_ps(src + 2 * ld_src),
           r3 = _mm_loadu_ps(src + 3 * ld_src);
    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
    _mm_storeu_ps(dst, r0);
    _mm_storeu_ps(dst + ld_dst, r1);
    _mm_storeu_ps(dst + 2 * ld_dst, r2);
    _mm_storeu_ps(dst + 3 * ld_dst, r3);
    return;
  }
#else
  (void)sse;
#endif
  for (int r = 0; r < 4; ++r)
    for (int q = 0; q < 4; ++q) dst[q * ld_dst + r] = src[r * ld_src + q];
}

// One MR x kc micro-panel of op(A) with m <= MR valid rows; rows m..MR-1 are zero.
template <int MR>
void pack_a_panel(bool sse, bool transA, int m, int kc, const float* A, size_t lda, float* dst) {
  if (transA) {  // op(A)(i, p) = A[p*lda + i]: each column of the panel is contiguous in memory
    for (int p = 0; p < kc; ++p, dst += MR) {
      const float* src = A + p * lda;
      if (m == MR)
        std::memcpy(dst, src, sizeof(float) * MR);
      else
        for (int i = 0; i < MR; ++i) dst[i] = i < m ? src[i] : 0.f;
    }
    return;
  }
  // op(A)(i, p) = A[i*lda + p]: a transpose, in 4 x 4 blocks (rows past the last multiple of 4 one by one).
  if (m == MR) {
    int p = 0;
    for (; p + 4 <= kc; p += 4) {
      int i = 0;
      for (; i + 4 <= MR; i += 4) transpose_4x4(sse, A + i * lda + p, lda, dst + p * MR + i, MR);
      for (; i < MR; ++i)
        for (int q = 0; q < 4; ++q) dst[(p + q) * MR + i] = A[i * lda + p + q];
    }
    for (; p < kc; ++p)
      for (int i = 0; i < MR; ++i) dst[p * MR + i] = A[i * lda + p];
    return;
  }
  for (int p = 0; p < kc; ++p)
    for (int i = 0; i < MR; ++i) dst[p * MR + i] = i < m ? A[i * lda + p] : 0.f;
}

// One kc x NR micro-panel of op(B) with n <= NR valid columns; columns n..NR-1 are zero.
template <int NR>
void pack_b_panel(bool sse, bool transB, int n, int kc, const float* B, size_t ldb, float* dst) {
  if (!transB) {  // op(B)(p, j) = B[p*ldb + j]: each row of the panel is contiguous in memory
    for (int p = 0; p < kc; ++p, dst += NR) {
      const float* src = B + p * ldb;
      if (n == NR)
        std::memcpy(dst, src, sizeof(float) * NR);
      else
        for (int j = 0; j < NR; ++j) dst[j] = j < n ? src[j] : 0.f;
    }
    return;
  }
  // op(B)(p, j) = B[j*ldb + p]: a transpose, in 4 x 4 blocks (NR is a multiple of 4 in every kernel).
  if (n == NR) {
    static_assert(NR % 4 == 0, "whole 4 x 4 blocks across a micro-panel");
    int p = 0;
    for (; p + 4 <= kc; p += 4)
      for (int j = 0; j < NR; j += 4) transpose_4x4(sse, B + j * ldb + p, ldb, dst + p * NR + j, NR);
    for (; p < kc; ++p)
      for (int j = 0; j < NR; ++j) dst[p * NR + j] = B[j * ldb + p];
    return;
  }
  for (int p = 0; p < kc; ++p)
    for (int j = 0; j < NR; ++j) dst[p * NR + j] = j < n ? B[j * ldb + p] : 0.f;
}

template <int MR>
void pack_a(bool sse, bool transA, int mc, int kc, const float* A, size_t lda, float* a_packed) {
  for (int ir = 0; ir < mc; ir += MR) {
    const int m = mc - ir < MR ? mc - ir : MR;
    const float* src = transA ? A + ir : A + ir * lda;
    pack_a_panel<MR>(sse, transA, m, kc, src, lda, a_packed + static_cast<size_t>(ir) * kc);
  }
}

template <int NR>
void pack_b(bool sse, bool transB, int kc, int nc, const float* B, size_t ldb, float* b_packed) {
  if (!transB) {
    // Row by row of B, dealing each row out to the whole panels: one sequential read of B, where panel by panel
    // would read kc strided rows at once, too many streams for the prefetcher (measured with B cold in memory:
    // 3 to 7% faster products). The ragged last panel is packed on its own, with its zero columns.
    const int whole = nc / NR * NR;
    for (int p = 0; p < kc; ++p) {
      const float* src = B + p * ldb;
      float* dst = b_packed + static_cast<size_t>(p) * NR;
      for (int jr = 0; jr < whole; jr += NR, src += NR, dst += static_cast<size_t>(NR) * kc)
        std::memcpy(dst, src, sizeof(float) * NR);
    }
    if (whole < nc)
      pack_b_panel<NR>(sse, false, nc - whole, kc, B + whole, ldb, b_packed + static_cast<size_t>(whole) * kc);
    return;
  }
  for (int jr = 0; jr < nc; jr += NR) {
    const int n = nc - jr < NR ? nc - jr : NR;
    const float* src = transB ? B + jr * ldb : B + jr;
    pack_b_panel<NR>(sse, transB, n, kc, src, ldb, b_packed + static_cast<size_t>(jr) * kc);
  }
}

#if defined(__x86_64__)
// The same copies with AVX-512, alongside the AVX-512 micro-kernel: 16 floats per load and store,
// masks for ragged panels, and the two transposing packs done as 16 x 16 in-register transposes. Only these
// functions are compiled for AVX-512 (AE_TARGET_AVX512); they run only when the kernel in use is the AVX-512 one
// (simd_level()), which the CPU was checked to run.
// GCC 12 warns, wrongly, that the masked unpack intrinsics read an uninitialized pass-through operand.
#pragma GCC diagnostic push
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#pragma GCC diagnostic ignored "-Wuninitialized"

// Rows r[0..3] -> s[c], 128-bit lane L: column 4L + c of the four rows (a 4 x 4 transpose within each lane).
AE_TARGET_AVX512 inline void transpose_lanes_4(const __m512 r[4], __m512 s[4]) {
  const __m512d lo01 = _mm512_castps_pd(_mm512_unpacklo_ps(r[0], r[1]));
  const __m512d hi01 = _mm512_castps_pd(_mm512_unpackhi_ps(r[0], r[1]));
  const __m512d lo23 = _mm512_castps_pd(_mm512_unpacklo_ps(r[2], r[3]));
  const __m512d hi23 = _mm512_castps_pd(_mm512_unpackhi_ps(r[2], r[3]));
  s[0] = _mm512_castpd_ps(_mm512_unpacklo_pd(lo01, lo23));
  s[1] = _mm512_castpd_ps(_mm512_unpackhi_pd(lo01, lo23));
  s[2] = _mm512_castpd_ps(_mm512_unpacklo_pd(hi01, hi23));
  s[3] = _mm512_castpd_ps(_mm512_unpackhi_pd(hi01, hi23));
}

// r[i][q] -> r[q][i]: each four rows transposed within their 128-bit lanes, then the lanes exchanged twice.
AE_TARGET_AVX512 inline void transpose_16x16(__m512 r[16]) {
  __m512 s[16];  // s[4g + c], lane L: column 4L + c of rows 4g..4g+3
  for (int g = 0; g < 4; ++g) transpose_lanes_4(r + 4 * g, s + 4 * g);
  for (int c = 0; c < 4; ++c) {  // 4 x 4 transpose of 128-bit lanes: r[4L + c] = [s0.L, s1.L, s2.L, s3.L]
    const __m512 x02 = _mm512_shuffle_f32x4(s[c], s[4 + c], 0x88), x13 = _mm512_shuffle_f32x4(s[c], s[4 + c], 0xDD);
    const __m512 y02 = _mm512_shuffle_f32x4(s[8 + c], s[12 + c], 0x88);
    const __m512 y13 = _mm512_shuffle_f32x4(s[8 + c], s[12 + c], 0xDD);
    r[c] = _mm512_shuffle_f32x4(x02, y02, 0x88);
    r[8 + c] = _mm512_shuffle_f32x4(x02, y02, 0xDD);
    r[4 + c] = _mm512_shuffle_f32x4(x13, y13, 0x88);
    r[12 + c] = _mm512_shuffle_f32x4(x13, y13, 0xDD);
  }
}

AE_TARGET_AVX512 inline __mmask16 first_lanes(int n) {
  return static_cast<__mmask16>(n >= 16 ? 0xFFFF : (1u << n) - 1);
}

// Rows [0, rows) of X (row stride ld), columns [p0, p0 + 16), transposed: out[q] lane i = X[i*ld + p0 + q].
// Rows past `rows` read as zero.
AE_TARGET_AVX512 inline void load_transposed(const float* X, size_t ld, int rows, int p0, __m512 out[16]) {
  for (int i = 0; i < 16; ++i) out[i] = i < rows ? _mm512_loadu_ps(X + i * ld + p0) : _mm512_setzero_ps();
  transpose_16x16(out);
}

// Rows r[0..7] (16 columns each) -> out[j] = columns 2j and 2j + 1, each as 8 rows: an 8 x 16 block laid out as
// an A~ micro-panel of MR = 8, with half the shuffles of a 16 x 16 transpose of 8 rows and 8 zeros.
AE_TARGET_AVX512 inline void transpose_8x16(const __m512 r[8], __m512 out[8]) {
  __m512 s[2][4];  // s[g][c], 128-bit lane L: column 4L + c of rows 4g .. 4g+3
  for (int g = 0; g < 2; ++g) transpose_lanes_4(r + 4 * g, s[g]);
  __m512 x_lo[4], x_hi[4];  // x_lo[c] = [s0c.0, s0c.1, s1c.0, s1c.1], x_hi[c] the same of lanes 2 and 3
  for (int c = 0; c < 4; ++c) {
    x_lo[c] = _mm512_shuffle_f32x4(s[0][c], s[1][c], 0x44);
    x_hi[c] = _mm512_shuffle_f32x4(s[0][c], s[1][c], 0xEE);
  }
  for (int c = 0; c < 4; c += 2) {  // out[2L + c/2] = [s0c.L, s1c.L, s0(c+1).L, s1(c+1).L]: columns 4L+c, 4L+c+1
    out[c / 2] = _mm512_shuffle_f32x4(x_lo[c], x_lo[c + 1], 0x88);
    out[2 + c / 2] = _mm512_shuffle_f32x4(x_lo[c], x_lo[c + 1], 0xDD);
    out[4 + c / 2] = _mm512_shuffle_f32x4(x_hi[c], x_hi[c + 1], 0x88);
    out[6 + c / 2] = _mm512_shuffle_f32x4(x_hi[c], x_hi[c + 1], 0xDD);
  }
}

// A~ micro-panels for MR <= 16: a masked load or a transposed block per 16 columns, a masked store per column.
AE_TARGET_AVX512 void pack_a_avx512(bool transA, int mc, int kc, int MR, const float* A, size_t lda, float* a_packed) {
  const __mmask16 full = first_lanes(MR);
  for (int ir = 0; ir < mc; ir += MR) {
    const int m = mc - ir < MR ? mc - ir : MR;
    float* dst = a_packed + static_cast<size_t>(ir) * kc;
    if (transA) {  // column p of the panel is A[p*lda + ir ..]: one masked load each
      const __mmask16 valid = first_lanes(m);
      for (int p = 0; p < kc; ++p)
        _mm512_mask_storeu_ps(dst + p * MR, full, _mm512_maskz_loadu_ps(valid, A + p * lda + ir));
      continue;
    }
    const float* src = A + ir * lda;
    int p = 0;
    if (MR == 8 && m == 8)  // whole panels of the AVX-512 kernel's 8 rows: 16 columns in 8 stores
      for (; p + 16 <= kc; p += 16) {
        __m512 rows[8], cols[8];
        for (int i = 0; i < 8; ++i) rows[i] = _mm512_loadu_ps(src + i * lda + p);
        transpose_8x16(rows, cols);
        for (int j = 0; j < 8; ++j) _mm512_storeu_ps(dst + (p + 2 * j) * 8, cols[j]);
      }
    for (; p + 16 <= kc; p += 16) {
      __m512 col[16];
      load_transposed(src, lda, m, p, col);
      for (int q = 0; q < 16; ++q) _mm512_mask_storeu_ps(dst + (p + q) * MR, full, col[q]);
    }
    for (; p < kc; ++p)
      for (int i = 0; i < MR; ++i) dst[p * MR + i] = i < m ? src[i * lda + p] : 0.f;
  }
}

// B~ micro-panels for any NR: 16 columns at a time, masked at the panel's ragged right edge. Without a transpose,
// row by row of B as the portable pack_b does: one sequential read of B (panel by panel read 16 columns down kc
// rows, ldb apart: 4.8% of a 1024^3 product's time on the Sapphire Rapids Xeon, 3.1% row by row, the product 3%
// faster; level in a training step, whose weights come from L3).
AE_TARGET_AVX512 void pack_b_avx512(bool transB, int kc, int nc, int NR, const float* B, size_t ldb, float* b_packed) {
  if (!transB) {
    for (int p = 0; p < kc; ++p) {
      const float* src = B + p * ldb;
      float* dst = b_packed + static_cast<size_t>(p) * NR;  // row p of the first panel
      for (int jr = 0; jr < nc; jr += NR, src += NR, dst += static_cast<size_t>(NR) * kc) {
        const int n = nc - jr < NR ? nc - jr : NR;
        for (int jb = 0; jb < NR; jb += 16) {
          const __mmask16 store = first_lanes(NR - jb), valid = first_lanes(n - jb > 0 ? n - jb : 0);
          _mm512_mask_storeu_ps(dst + jb, store, _mm512_maskz_loadu_ps(valid, src + jb));
        }
      }
    }
    return;
  }
  for (int jr = 0; jr < nc; jr += NR) {
    const int n = nc - jr < NR ? nc - jr : NR;
    float* dst = b_packed + static_cast<size_t>(jr) * kc;
    for (int jb = 0; jb < NR; jb += 16) {  // columns jb .. jb+15 of the panel
      const __mmask16 store = first_lanes(NR - jb);
      const float* src = B + static_cast<size_t>(jr + jb) * ldb;  // op(B)(p, j) = B[j*ldb + p]
      const int rows = n - jb < 16 ? (n - jb > 0 ? n - jb : 0) : 16;
      int p = 0;
      for (; p + 16 <= kc; p += 16) {
        __m512 row[16];
        load_transposed(src, ldb, rows, p, row);
        for (int q = 0; q < 16; ++q) _mm512_mask_storeu_ps(dst + (p + q) * NR + jb, store, row[q]);
      }
      for (; p < kc; ++p)
        for (int j = 0; j < 16 && jb + j < NR; ++j) dst[p * NR + jb + j] = j < rows ? src[j * ldb + p] : 0.f;
    }
  }
}

#pragma GCC diagnostic pop

bool use_avx512() { return simd_level() == SimdLevel::avx512 && tuned_simd_packing(); }
#endif
// The portable packs' 4 x 4 transposes use SSE alongside any SIMD kernel on x86-64.
bool use_sse() { return simd_level() != SimdLevel::portable && tuned_simd_packing(); }

// Calls f(std::integral_constant<int, S>()) for the S in Sizes equal to n: one instantiation of a packing routine
// per MR (or NR) of block_sizes.hpp's table. Throws `missing` for a size not listed.
template <int... Sizes, class F>
void with_tile_size(int n, const char* missing, const F& f) {
  const bool found = ((n == Sizes && (f(std::integral_constant<int, Sizes>()), true)) || ...);
  if (!found) throw std::logic_error(missing);
}

}  // namespace

void pack_a_mc_x_kc(bool transA, int mc, int kc, int MR, const float* A, int lda, float* a_packed) {
#if defined(__x86_64__)
  if (MR <= 16 && use_avx512()) return pack_a_avx512(transA, mc, kc, MR, A, lda, a_packed);
#endif
  const bool sse = use_sse();
  with_tile_size<2, 4, 6, 8, 12, 14, 16>(MR, "pack_a_mc_x_kc: add a case for this MR", [&](auto mr) {
    pack_a<mr()>(sse, transA, mc, kc, A, lda, a_packed);
  });
}

void pack_b_kc_x_nc(bool transB, int kc, int nc, int NR, const float* B, int ldb, float* b_packed) {
#if defined(__x86_64__)
  if (use_avx512()) return pack_b_avx512(transB, kc, nc, NR, B, ldb, b_packed);
#endif
  const bool sse = use_sse();
  with_tile_size<8, 12, 16, 32, 48, 64>(NR, "pack_b_kc_x_nc: add a case for this NR", [&](auto nr) {
    pack_b<nr()>(sse, transB, kc, nc, B, ldb, b_packed);
  });
}

namespace {
struct AlignedBuffer {
  float* data = nullptr;
  long capacity = 0;
  ~AlignedBuffer() { ::operator delete[](data, std::align_val_t{64}); }
};
}  // namespace

float* scratch(Buffer which, long floats) {
  thread_local AlignedBuffer buffers[4];
  AlignedBuffer& b = buffers[static_cast<int>(which)];
  if (floats > b.capacity) {
    ::operator delete[](b.data, std::align_val_t{64});
    b.data = nullptr;
    const long rounded = (floats + 15) / 16 * 16;
    b.data = static_cast<float*>(::operator new[](rounded * sizeof(float), std::align_val_t{64}));
    b.capacity = rounded;
  }
  return b.data;
}

}  // namespace ae::gemm_detail
