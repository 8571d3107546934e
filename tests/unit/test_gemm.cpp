// The fast GEMM against its specification, ae::gemm_reference, for every micro-kernel this CPU can run.
// Block sizes are shrunk (as Eigen's tests do) so that small matrices still cross every MC, KC and NC boundary,
// and sizes are chosen around the register tile (1, MR-1, MR+1, NR+1, ...) to hit every ragged-edge case.
#include <doctest/doctest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gemm/gemm.hpp"
#include "gemm/kernel.hpp"

namespace {

const char* const kKernels[] = {"scalar", "avx2", "avx512", "neon"};

std::vector<std::string> available_kernels() {
  std::vector<std::string> names;
  for (const char* k : kKernels)
    if (ae::gemm_kernel_available(k)) names.emplace_back(k);
  return names;
}

// Restores automatic kernel choice, default tuning and all threads when a test case ends.
struct Restore {
  ~Restore() {
    ae::gemm_set_kernel("auto");
    ae::gemm_set_tuning({});
    ae::gemm_set_threads(0);
  }
};

struct Case {
  bool ta, tb;
  int M, N, K;
  float alpha, beta;
  int pad;  // extra columns in every leading dimension
};

// Runs one product through ae::gemm and the reference; checks |C - C_ref| <= tol elementwise, where tol grows
// with K * FLT_EPSILON times the size of the terms summed (|alpha| |op(A)| |op(B)| + |beta C|).
void check_case(const Case& c, std::mt19937& rng) {
  CAPTURE(c.ta);
  CAPTURE(c.tb);
  CAPTURE(c.M);
  CAPTURE(c.N);
  CAPTURE(c.K);
  CAPTURE(c.alpha);
  CAPTURE(c.beta);
  CAPTURE(c.pad);
  const int a_rows = c.ta ? c.K : c.M, a_cols = c.ta ? c.M : c.K;
  const int b_rows = c.tb ? c.N : c.K, b_cols = c.tb ? c.K : c.N;
  const int lda = a_cols + c.pad, ldb = b_cols + c.pad, ldc = c.N + c.pad;
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::vector<float> A(static_cast<std::size_t>(a_rows) * lda), B(static_cast<std::size_t>(b_rows) * ldb),
      C0(static_cast<std::size_t>(c.M) * ldc);
  for (float& x : A) x = u(rng);
  for (float& x : B) x = u(rng);
  for (float& x : C0) x = u(rng);
  if (c.beta == 0.f)  // C must not be read when beta == 0: garbage in it may not leak out
    for (float& x : C0) x = std::numeric_limits<float>::quiet_NaN();

  std::vector<float> C = C0, C_ref = C0;
  ae::gemm(c.ta, c.tb, c.M, c.N, c.K, c.alpha, A.data(), lda, B.data(), ldb, c.beta, C.data(), ldc);
  ae::gemm_reference(c.ta, c.tb, c.M, c.N, c.K, c.alpha, A.data(), lda, B.data(), ldb, c.beta, C_ref.data(), ldc);

  std::vector<float> A_abs = A, B_abs = B, C_abs(C0.size(), 0.f);  // sum_p |op(A)(i,p)| |op(B)(p,j)|
  for (float& x : A_abs) x = std::fabs(x);
  for (float& x : B_abs) x = std::fabs(x);
  ae::gemm_reference(c.ta, c.tb, c.M, c.N, c.K, 1.f, A_abs.data(), lda, B_abs.data(), ldb, 0.f, C_abs.data(), ldc);

  int bad = 0;
  for (int i = 0; i < c.M; ++i)
    for (int j = 0; j < c.N + c.pad; ++j) {
      const std::size_t at = static_cast<std::size_t>(i) * ldc + j;
      if (j >= c.N) {  // the padding columns of C belong to someone else: untouched
        if (!(std::isnan(C0[at]) ? std::isnan(C[at]) : C[at] == C0[at])) ++bad;
        continue;
      }
      const double terms = std::fabs(c.alpha) * C_abs[at] + (c.beta == 0.f ? 0.0 : std::fabs(c.beta * C0[at]));
      const double tol = 2.0 * (c.K + 2) * FLT_EPSILON * terms + 1e-30;
      if (!(std::fabs(static_cast<double>(C[at]) - C_ref[at]) <= tol)) {
        if (bad++ < 3) {
          CAPTURE(i);
          CAPTURE(j);
          CAPTURE(C[at]);
          CAPTURE(C_ref[at]);
          CAPTURE(tol);
          CHECK(std::fabs(static_cast<double>(C[at]) - C_ref[at]) <= tol);
        }
      }
    }
  CHECK(bad == 0);
}

// Sizes around the register tile and the (shrunken) cache blocks, deduplicated, positive.
std::vector<int> awkward_sizes(std::initializer_list<int> candidates) {
  std::vector<int> out;
  for (int s : candidates)
    if (s > 0 && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

}  // namespace

TEST_CASE("every kernel matches the reference at awkward sizes, with tiny cache blocks") {
  Restore restore;
  ae::gemm_set_threads(1);
  std::mt19937 rng(7);
  const float alphas[] = {1.f, -0.5f, 2.f};
  const float betas[] = {0.f, 1.f, -1.5f};
  for (const std::string& kernel : available_kernels()) {
    CAPTURE(kernel);
    REQUIRE(ae::gemm_set_kernel(kernel.c_str()));
    const ae::GemmBlocking tile = ae::gemm_blocking();
    const int MR = tile.MR, NR = tile.NR;
    for (int variant = 0; variant < 5; ++variant) {
      const ae::GemmPath path = variant == 1 ? ae::GemmPath::small : variant == 2 ? ae::GemmPath::automatic
                                                                                   : ae::GemmPath::packed;
      const bool simd_packing = variant != 3;  // the portable packing loops too (not AVX-512 or SSE)
      const bool b_in_place = variant != 4;    // B always packed, also where the kernel would read it in place
      CAPTURE(static_cast<int>(path));
      CAPTURE(simd_packing);
      CAPTURE(b_in_place);
      ae::GemmTuning tuning;
      tuning.MC = 2 * MR, tuning.KC = 8, tuning.NC = 2 * NR, tuning.path = path, tuning.simd_packing = simd_packing;
      tuning.b_in_place = b_in_place;
      ae::gemm_set_tuning(tuning);
      const ae::GemmBlocking b = ae::gemm_blocking();
      const std::vector<int> ms = awkward_sizes({1, MR - 1, MR + 1, b.MC + 3, 13});
      const std::vector<int> ns = awkward_sizes({1, NR - 1, NR + 1, b.NC + 5, 31});
      const std::vector<int> ks = awkward_sizes({1, b.KC + 1, 2 * b.KC + 3, 37});
      int n = 0;
      for (int M : ms)
        for (int N : ns)
          for (int K : ks)
            for (int t = 0; t < 4; ++t, ++n) {
              const bool ta = t & 1, tb = t & 2;
              check_case({ta, tb, M, N, K, alphas[n % 3], betas[(n / 3) % 3], n % 2 ? 3 : 0}, rng);
            }
    }
  }
}

TEST_CASE("every kernel matches the reference across the default cache blocks") {
  Restore restore;
  ae::gemm_set_threads(1);
  std::mt19937 rng(11);
  for (const std::string& kernel : available_kernels()) {
    CAPTURE(kernel);
    REQUIRE(ae::gemm_set_kernel(kernel.c_str()));
    const ae::GemmBlocking b = ae::gemm_blocking();
    for (ae::GemmPath path : {ae::GemmPath::packed, ae::GemmPath::small}) {
      CAPTURE(static_cast<int>(path));
      ae::GemmTuning tuning;
      tuning.path = path;
      ae::gemm_set_tuning(tuning);
      for (int t = 0; t < 4; ++t) {
        const bool ta = t & 1, tb = t & 2;
        check_case({ta, tb, b.MC + 3, 2 * b.NR + 1, b.KC + 1, 1.f, 0.f, 1}, rng);
        check_case({ta, tb, 2 * b.MR + 1, 3 * b.NR - 1, 2 * b.KC + 7, -1.f, 0.5f, 0}, rng);
        check_case({ta, tb, 101, 30, 250, 1.f, 1.f, 0}, rng);  // a layer's shape, scaled down: N = 30
      }
    }
  }
}

TEST_CASE("one and two threads give the same bits") {
  Restore restore;
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  for (const std::string& kernel : available_kernels()) {
    CAPTURE(kernel);
    REQUIRE(ae::gemm_set_kernel(kernel.c_str()));
    // Idle threads: sleeping at once (0), polling for the default time first (-1), polling through whole products.
    for (double spin_us : {0.0, -1.0, 2e4})
    for (ae::GemmPath path : {ae::GemmPath::packed, ae::GemmPath::small}) {
      CAPTURE(spin_us);
      ae::GemmTuning tuning;
      tuning.MC = 3 * ae::gemm_blocking().MR, tuning.KC = 16, tuning.path = path;
      tuning.min_flops_per_thread = 0;  // split even these small products
      tuning.pool_spin_us = spin_us;
      ae::gemm_set_tuning(tuning);
      const int shapes[][3] = {{67, 45, 33}, {5, 150, 20}, {150, 3, 41}, {1, 1, 1}};
      for (auto [M, N, K] : shapes)
        for (int t = 0; t < 4; ++t) {
          const bool ta = t & 1, tb = t & 2;
          CAPTURE(M);
          CAPTURE(N);
          CAPTURE(K);
          CAPTURE(ta);
          CAPTURE(tb);
          CAPTURE(static_cast<int>(path));
          std::vector<float> A(static_cast<std::size_t>(M) * K), B(static_cast<std::size_t>(K) * N),
              C1(static_cast<std::size_t>(M) * N), C2;
          for (float& x : A) x = u(rng);
          for (float& x : B) x = u(rng);
          for (float& x : C1) x = u(rng);
          C2 = C1;
          ae::gemm_set_threads(1);
          ae::gemm(ta, tb, M, N, K, 0.7f, A.data(), ta ? M : K, B.data(), tb ? K : N, 0.3f, C1.data(), N);
          ae::gemm_set_threads(2);
          ae::gemm(ta, tb, M, N, K, 0.7f, A.data(), ta ? M : K, B.data(), tb ? K : N, 0.3f, C2.data(), N);
          CHECK(C1 == C2);
        }
    }
  }
}

TEST_CASE("degenerate products: empty C, K = 0, alpha = 0") {
  Restore restore;
  std::vector<float> A(12, 1.f), B(12, 1.f), C(12, 2.f);
  ae::gemm(false, false, 0, 3, 4, 1.f, A.data(), 4, B.data(), 3, 0.f, C.data(), 3);
  CHECK(C[0] == 2.f);
  ae::gemm(false, false, 3, 4, 0, 1.f, A.data(), 1, B.data(), 4, 0.5f, C.data(), 4);  // C := beta C
  CHECK(C[0] == 1.f);
  CHECK(C[11] == 1.f);
  C.assign(12, std::numeric_limits<float>::quiet_NaN());
  ae::gemm(false, false, 3, 4, 3, 0.f, A.data(), 3, B.data(), 4, 0.f, C.data(), 4);  // alpha = beta = 0: C := 0
  CHECK(C[5] == 0.f);
}

TEST_CASE("kernel choice: unknown names are refused, the start-up choice comes back") {
  Restore restore;
  const std::string startup = ae::gemm_kernel_name();
  CHECK(ae::gemm_kernel_available("scalar"));
  CHECK_FALSE(ae::gemm_set_kernel("sse9"));
  CHECK(ae::gemm_kernel_name() == startup);
  CHECK(ae::gemm_set_kernel("scalar"));
  CHECK(std::string(ae::gemm_kernel_name()) == "scalar");
  CHECK(ae::simd_level() == ae::SimdLevel::portable);  // the other vector loops follow the kernel
  if (ae::gemm_set_kernel("avx2")) CHECK(ae::simd_level() == ae::SimdLevel::avx2);
  if (ae::gemm_set_kernel("avx512")) CHECK(ae::simd_level() == ae::SimdLevel::avx512);
  CHECK(ae::gemm_set_kernel("auto"));
  CHECK(ae::gemm_kernel_name() == startup);
  ae::gemm_set_threads(3);
  CHECK(ae::gemm_threads() == 3);
  ae::gemm_set_threads(0);
  CHECK(ae::gemm_threads() >= 1);
}

TEST_CASE("the CPU's SIMD kernels are compiled in (isa_flags.cmake gave their files the flags)") {
#if defined(__aarch64__)
  CHECK(ae::gemm_kernel_available("neon"));
#elif defined(__x86_64__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) CHECK(ae::gemm_kernel_available("avx2"));
  if (__builtin_cpu_supports("avx512f")) CHECK(ae::gemm_kernel_available("avx512"));
#endif
  CHECK(ae::gemm_kernel_available("scalar"));
}

TEST_CASE("the counters add up the products' calls and flops only while counting is on") {
  std::vector<float> A(6 * 5, 1.f), B(5 * 7, 1.f), C(6 * 7);
  ae::gemm_set_counting(false);
  ae::gemm(false, false, 6, 7, 5, 1.f, A.data(), 5, B.data(), 7, 0.f, C.data(), 7);
  ae::gemm_set_counting(true);
  CHECK(ae::gemm_counters().calls == 0);
  ae::gemm(false, false, 6, 7, 5, 1.f, A.data(), 5, B.data(), 7, 0.f, C.data(), 7);
  ae::gemm(true, false, 5, 7, 6, 1.f, A.data(), 5, C.data(), 7, 0.f, B.data(), 7);  // (5, 6) (6, 7)
  ae::gemm(false, false, 0, 7, 5, 1.f, A.data(), 5, B.data(), 7, 0.f, C.data(), 7);  // empty: not counted
  const ae::GemmCounters c = ae::gemm_counters();
  CHECK(c.calls == 2);
  CHECK(c.flops == 2.0 * 6 * 7 * 5 + 2.0 * 5 * 7 * 6);
  CHECK(c.seconds > 0);
  ae::gemm_set_counting(false);
  ae::gemm(false, false, 6, 7, 5, 1.f, A.data(), 5, B.data(), 7, 0.f, C.data(), 7);
  CHECK(ae::gemm_counters().calls == 0);  // switching off resets them too
}

TEST_CASE("a last micro-panel of exactly NR/2 or fewer columns, on every kernel and both loop nests") {
  // N = q NR + NR/2 (the VAE's N = 400 with NR = 32) with M a whole number of register tiles: the half-width tile
  // writes straight into C; N = q NR + 3 goes through the temporary tile. Both paths, A and A^T, B and B^T.
  Restore restore;
  ae::gemm_set_threads(1);
  std::mt19937 rng(11);
  for (const std::string& name : available_kernels()) {
    CAPTURE(name);
    REQUIRE(ae::gemm_set_kernel(name.c_str()));
    const ae::GemmBlocking b = ae::gemm_blocking();
    for (ae::GemmPath path : {ae::GemmPath::packed, ae::GemmPath::small}) {
      ae::GemmTuning tuning;
      tuning.path = path;
      ae::gemm_set_tuning(tuning);
      for (int N : {b.NR / 2, b.NR + b.NR / 2, 2 * b.NR + 3, b.NR / 2 - 1})
        for (bool ta : {false, true})
          for (bool tb : {false, true})
            for (float beta : {0.f, 0.5f}) check_case({ta, tb, 2 * b.MR, N, 37, 1.5f, beta, 0}, rng);
    }
    ae::gemm_set_tuning({});
  }
}

TEST_CASE("cache blocks follow the caches the CPU reports, keeping each cache's share of the measured row") {
  using namespace ae::gemm_detail;
  const BlockSizes table{8, 32, 256, 256, 4096};
  const CacheSizes tuned{32 << 10, 1 << 20, 32 << 20};
  auto same = [](const BlockSizes& a, const BlockSizes& b) {
    return a.MR == b.MR && a.NR == b.NR && a.MC == b.MC && a.KC == b.KC && a.NC == b.NC;
  };
  CHECK(same(blocks_for_caches(table, tuned, tuned), table));          // the machine it was measured on
  CHECK(same(blocks_for_caches(table, tuned, CacheSizes{}), table));   // nothing known: the table
  CHECK(same(blocks_for_caches(table, CacheSizes{}, tuned), table));   // a row measured nowhere in particular
  // A core with 48 KiB L1d, 2 MiB L2 and a 105 MiB L3: KC x NR x 4 bytes stays the L1d's size (48 KiB),
  // MC x KC x 4 stays a quarter of L2 (512 KiB), KC x NC x 4 the same share of L3.
  const BlockSizes big = blocks_for_caches(table, tuned, CacheSizes{48 << 10, 2 << 20, 105L << 20});
  CHECK(big.KC == 384);
  CHECK(big.MC == 336);  // 256 x 2 / 1.5 = 341.3, down to a multiple of MR
  CHECK(big.NC == 8960);
  CHECK(big.MR == 8);
  CHECK(big.NR == 32);
  // Tiny caches: the blocks stop at their floors, still multiples of the register tile.
  const BlockSizes tiny = blocks_for_caches(table, tuned, CacheSizes{4 << 10, 64 << 10, 1 << 20});
  CHECK(tiny.KC == 64);
  CHECK(tiny.MC == 64);
  CHECK(tiny.NC % 32 == 0);
  CHECK(tiny.NC >= 16 * 32);
  // This machine's caches, when Linux reports them: plausible sizes, and the blocks in force are the scaled row.
  const CacheSizes here = read_cache_sizes();
  if (here.l1d > 0) {
    CHECK(here.l1d >= 4 << 10);
    CHECK(here.l1d <= 4 << 20);
    CHECK(here.l2 >= here.l1d);
  }
  const ae::GemmBlocking in_force = ae::gemm_blocking();
  const Kernel& k = active_kernel();
  const BlockSizes expected = blocks_for_caches(k.blocks, k.tuned_on, cpu_cache_sizes());
  CHECK(in_force.MC == expected.MC);
  CHECK(in_force.KC == expected.KC);
  CHECK(in_force.NC == expected.NC);
}

TEST_CASE("the small path's choice follows the L2 cache: measured shapes on a 2 MB and a 1 MB L2") {
  using namespace ae::gemm_detail;
  Kernel k{};
  k.small_n_tiles[0] = k.small_n_tiles[1] = 16;  // the AVX-512 kernel's
  const BlockSizes spr{8, 32, 336, 384, 8960}, zen4{8, 32, 256, 256, 4096};  // blocks as scaled on each CPU
  const long l2_spr = 2048L * 1024, l2_zen4 = 1024L * 1024;
  // Sapphire Rapids (bench_gemm --path small / packed against OpenBLAS in one run).
  CHECK(prefer_small_path(k, spr, false, 256, 1000, 784, l2_spr));    // in place 1.00, packed 0.92
  CHECK(prefer_small_path(k, spr, false, 256, 2000, 784, l2_spr));    // 0.93 against 0.82
  CHECK_FALSE(prefer_small_path(k, spr, false, 1024, 1024, 1024, l2_spr));
  CHECK_FALSE(prefer_small_path(k, spr, true, 1000, 500, 256, l2_spr));  // A^T: 0.78 in place, 0.95 packed
  CHECK_FALSE(prefer_small_path(k, spr, true, 500, 250, 256, l2_spr));    // 0.93 against 1.08
  CHECK_FALSE(prefer_small_path(k, spr, true, 784, 400, 128, l2_spr));    // 0.98 against 1.05 (the 14.4 VAE's dW)
  CHECK_FALSE(prefer_small_path(k, spr, true, 250, 160, 256, l2_spr));   // 1.03 against 1.10
  CHECK(prefer_small_path(k, spr, true, 250, 30, 256, l2_spr));           // 1.84 against 1.20
  // Zen 4, where the kernel's table was measured: N <= 16 NR decides, as before the L2 rule.
  CHECK(prefer_small_path(k, zen4, false, 256, 500, 1000, l2_zen4));
  CHECK_FALSE(prefer_small_path(k, zen4, false, 256, 1000, 784, l2_zen4));
  CHECK(prefer_small_path(k, zen4, true, 250, 30, 256, l2_zen4));
  // An unknown L2 (0) keeps the table's rule.
  CHECK_FALSE(prefer_small_path(k, spr, false, 256, 1000, 784, 0));
  CHECK(prefer_small_path(k, spr, true, 1000, 500, 256, 0));
  // Tiny products and M <= 2 MR always go in place.
  CHECK(prefer_small_path(k, spr, true, 16, 4000, 4000, l2_spr));
  CHECK(prefer_small_path(k, spr, false, 30, 30, 30, l2_spr));
}
