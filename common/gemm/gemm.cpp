// The fast GEMM, as BLIS teaches it: C is computed by rank-KC updates of packed blocks, in five loops around an
// MR x NR micro-kernel. This file holds the outer three loops and the split of C among threads:
//
//   5th loop  jc += NC   a column panel of C and of op(B)
//   4th loop  pc += KC   pack op(B)(pc:pc+KC, jc:jc+NC) into B~ (KC x NC, stays in L3)
//   3rd loop  ic += MC   pack op(A)(ic:ic+MC, pc:pc+KC) into A~ (MC x KC, stays in L2)
//   2nd, 1st loops (jr += NR, ir += MR) and the micro-kernel: macro_kernel.cpp, ukernel_*.cpp
//
// Threads each take a rectangle of C made of whole tiles and run the loops on it independently (no barriers);
// the rectangles are cut so that the operand packed twice is the smaller one.
#include "gemm/gemm.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <ctime>
#include <thread>

#include "gemm/kernel.hpp"
#include "gemm/pack.hpp"
#include "gemm/thread_pool.hpp"

namespace ae {

namespace gemm_detail {

namespace {

using std::size_t;

// Address of op(X)(r, c) for X stored row-major with leading dimension ld.
const float* at(const float* X, bool trans, int r, int c, int ld) {
  return trans ? X + static_cast<size_t>(c) * ld + r : X + static_cast<size_t>(r) * ld + c;
}

int round_up(int x, int multiple) { return (x + multiple - 1) / multiple * multiple; }

// gemm_packed (below) or gemm_small (small.cpp), run on one thread's rectangle of C.
using Driver = void (*)(const Kernel& kernel, const BlockSizes& bs, bool transA, bool transB, int M, int N, int K,
                        float alpha, const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc);

// Whether the micro-kernel should read op(B) = B in place rather than from a packed copy (measured with
// bench_gemm, per kernel: Kernel::b_in_place): it saves the copy when few rows of C (M <= 2 MC) share each panel
// of B, provided the rows of a micro-panel spread over the L1 sets: with ldb a multiple of 64 floats (4 cache
// lines) they collide.
bool read_b_in_place(const Kernel& kernel, bool transB, int M, int ldb, const BlockSizes& bs) {
  return kernel.b_in_place && tuned_b_in_place() && !transB && M <= 2 * bs.MC && ldb % 64 != 0;
}

// The block size to step through n with: at most `block`, as even as possible (a multiple of `multiple`), so that
// K = 784 runs as 4 x 196 rather than 256, 256, 256, 16 (a 16-deep update costs as much C traffic as a full one).
int even_block(int n, int block, int multiple) {
  const int blocks = (n + block - 1) / block;
  return std::min(block, round_up((n + blocks - 1) / blocks, multiple));
}

void gemm_packed(const Kernel& kernel, const BlockSizes& bs, bool transA, bool transB, int M, int N, int K,
                 float alpha, const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  const int MR = bs.MR, NR = bs.NR;
  const int MC = even_block(M, bs.MC, MR), KC = even_block(K, bs.KC, 1), NC = even_block(N, bs.NC, NR);
  float* b_packed = scratch(Buffer::b_panel, static_cast<long>(std::min(KC, K)) * round_up(std::min(NC, N), NR));
  float* a_packed = scratch(Buffer::a_block, static_cast<long>(round_up(std::min(MC, M), MR)) * std::min(KC, K));
  // B's rows are contiguous when op(B) = B: where the kernel's measurements favour it, its whole micro-panels are
  // then read where they are (rs_b = ldb), and only a ragged last panel is packed, saving the copy of B.
  const bool b_in_place = read_b_in_place(kernel, transB, M, ldb, bs);
  // 5th loop around micro-kernel: jc += NC
  for (int jc = 0; jc < N; jc += NC) {
    const int nc = std::min(NC, N - jc);
    const int nc_in_place = b_in_place ? nc / NR * NR : 0, nc_packed = nc - nc_in_place;
    // 4th loop around micro-kernel: pc += KC
    for (int pc = 0; pc < K; pc += KC) {
      const int kc = std::min(KC, K - pc);
      const float beta_pc = pc == 0 ? beta : 1.f;  // the first rank-kc update scales C; the later ones add to it
      if (nc_packed)
        pack_b_kc_x_nc(transB, kc, nc_packed, NR, at(B, transB, pc, jc + nc_in_place, ldb), ldb, b_packed);
      // 3rd loop around micro-kernel: ic += MC
      for (int ic = 0; ic < M; ic += MC) {
        const int mc = std::min(MC, M - ic);
        pack_a_mc_x_kc(transA, mc, kc, MR, at(A, transA, ic, pc, lda), lda, a_packed);
        float* c = C + static_cast<size_t>(ic) * ldc + jc;
        if (nc_in_place)
          macro_kernel(kernel, mc, nc_in_place, kc, alpha, a_packed, at(B, false, pc, jc, ldb), ldb, NR, beta_pc, c,
                       ldc);
        if (nc_packed)
          macro_kernel(kernel, mc, nc_packed, kc, alpha, a_packed, b_packed, NR, static_cast<long>(NR) * kc, beta_pc,
                       c + nc_in_place, ldc);
      }
    }
  }
}

// C := beta*C, for products with nothing to add (K == 0 or alpha == 0); C is not read when beta == 0.
void scale_c(int M, int N, float beta, float* C, int ldc) {
  for (int i = 0; i < M; ++i) {
    float* c = C + static_cast<size_t>(i) * ldc;
    for (int j = 0; j < N; ++j) c[j] = beta == 0.f ? 0.f : beta * c[j];
  }
}

// Below this many flops per thread, handing work to another thread costs more than it saves. Measured with paired
// runs at 2 threads on the AVX2 machine, since the pool's threads poll before they sleep (thread_pool.cpp):
// products of about 2 MFLOP split gained or lost up to 18%; from 3 MFLOP (128x100x128, 256x30x250, 250x256x30 A^T)
// splitting gained 1.48 to 1.60 times. (With threads that slept at once the limit was 8e6.)
constexpr double kDefaultMinFlopsPerThread = 1.5e6;

// How C is cut among threads: tm row groups times tn column groups, of whole MR x NR tiles.
struct Grid {
  int tm, tn;
};

Grid choose_grid(int threads, int M, int N, int MR, int NR) {
  const int tiles_m = (M + MR - 1) / MR, tiles_n = (N + NR - 1) / NR;
  for (int t = threads; t > 1; --t) {
    Grid best{0, 0};
    double best_cost = 0;
    for (int tm = 1; tm <= t; ++tm) {
      if (t % tm || tm > tiles_m || t / tm > tiles_n) continue;
      // Each row group packs its columns of op(B) and each column group its rows of op(A): the total packed is
      // K * (tm * N + tn * M); cut so that the duplicated operand is the smaller one.
      const double cost = static_cast<double>(tm) * N + static_cast<double>(t / tm) * M;
      if (best.tm == 0 || cost < best_cost) best = {tm, t / tm}, best_cost = cost;
    }
    if (best.tm) return best;
  }
  return {1, 1};
}

// The part of [0, n) given to group g of `groups`, cut along multiples of `tile`.
void split(int n, int tile, int groups, int g, int& begin, int& end) {
  const int tiles = (n + tile - 1) / tile;
  begin = std::min(n, static_cast<int>(static_cast<long>(tiles) * g / groups) * tile);
  end = std::min(n, static_cast<int>(static_cast<long>(tiles) * (g + 1) / groups) * tile);
}

std::atomic<int> g_threads{0};  // 0: all cores

}  // namespace

}  // namespace gemm_detail

using namespace gemm_detail;

namespace {

// The product itself; gemm() adds the optional counting around it.
void gemm_compute(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda,
                  const float* B, int ldb, float beta, float* C, int ldc) {
  if (K <= 0 || alpha == 0.f) return scale_c(M, N, beta, C, ldc);

  const Kernel& kernel = active_kernel();
  const BlockSizes bs = active_blocks(kernel);
  GemmPath path = tuned_path();
  if (path == GemmPath::automatic)
    path = prefer_small_path(kernel, bs, transA, M, N, K, cpu_cache_sizes().l2) ? GemmPath::small : GemmPath::packed;
  const Driver run = path == GemmPath::small ? gemm_small : gemm_packed;

  const double flops = 2.0 * M * N * K;
  const double tuned = tuned_min_flops_per_thread();
  const double min_flops = tuned >= 0 ? tuned : kDefaultMinFlopsPerThread;
  int threads = gemm_threads();
  if (min_flops > 0) threads = static_cast<int>(std::clamp(flops / min_flops, 1.0, static_cast<double>(threads)));
  const Grid grid = choose_grid(threads, M, N, bs.MR, bs.NR);
  if (grid.tm * grid.tn == 1) return run(kernel, bs, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);

  const auto task = [&](int t) {
    int i0, i1, j0, j1;
    split(M, bs.MR, grid.tm, t / grid.tn, i0, i1);
    split(N, bs.NR, grid.tn, t % grid.tn, j0, j1);
    if (i0 < i1 && j0 < j1)
      run(kernel, bs, transA, transB, i1 - i0, j1 - j0, K, alpha, at(A, transA, i0, 0, lda), lda,
          at(B, transB, 0, j0, ldb), ldb, beta, C + static_cast<size_t>(i0) * ldc + j0, ldc);
  };
  gemm_pool().run_each(grid.tm * grid.tn, task);
}

// The counters behind gemm_counters(): updated by the calling thread after each product, when counting is on.
std::atomic<bool> g_counting{false};
std::atomic<long> g_calls{0};
std::atomic<double> g_flops{0}, g_seconds{0};
std::atomic<bool> g_cpu_clock{false};

// The counters' clock: the wall clock, or the calling thread's CPU time.
double counter_seconds() {
  if (g_cpu_clock.load(std::memory_order_relaxed)) {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void gemm(bool transA, bool transB, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
          int ldb, float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  if (!g_counting.load(std::memory_order_relaxed))
    return gemm_compute(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  const double t0 = counter_seconds();
  gemm_compute(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  const double seconds = counter_seconds() - t0;
  g_calls.fetch_add(1, std::memory_order_relaxed);
  g_flops.fetch_add(2.0 * M * N * std::max(K, 0), std::memory_order_relaxed);
  g_seconds.fetch_add(seconds, std::memory_order_relaxed);
}

void gemm_set_counting(bool on, bool thread_cpu_time) {
  g_cpu_clock.store(thread_cpu_time, std::memory_order_relaxed);
  g_calls.store(0, std::memory_order_relaxed);
  g_flops.store(0, std::memory_order_relaxed);
  g_seconds.store(0, std::memory_order_relaxed);
  g_counting.store(on, std::memory_order_relaxed);
}

GemmCounters gemm_counters() {
  return {g_calls.load(std::memory_order_relaxed), g_flops.load(std::memory_order_relaxed),
          g_seconds.load(std::memory_order_relaxed)};
}

void gemm_set_threads(int n) { g_threads.store(n > 0 ? n : 0, std::memory_order_relaxed); }

int gemm_threads() {
  const int n = g_threads.load(std::memory_order_relaxed);
  return n > 0 ? n : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace ae
