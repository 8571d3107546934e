// bench_gemm: GFLOP/s of ae::gemm, and the single-core FMA peak they are compared with.
//
//   bench_gemm --m M --k K --n N [--ta] [--tb] [--threads T] [--kernel NAME] [--reps R]
//       C (M, N) := op(A) (M, K) op(B) (K, N); prints the median GFLOP/s of R timed runs, last line `gflops <v>`
//   bench_gemm --peak     independent FMA chains on one core (AVX-512 if present); last line `peak_gflops <v>`
//   bench_gemm --table    the README table: 1024^3 and the MNIST autoencoder's layer shapes, forward and backward,
//                         and the 23 products of one training step
//   --blas LIB            also times a CBLAS library (cblas.hpp) on the same products, and checks they agree
//   --reference           times the specification, ae::gemm_reference (the triple loop), instead of ae::gemm
//   bench_gemm --ladder   common/gemm/README.md's ladder for this machine: from the triple loop to both cores
//   --mc, --kc, --nc      override the kernel's cache blocks (ae::gemm_set_tuning), to see what blocking buys
// Threads default to 1 (the peak is a single core's); the kernel defaults to the one the library picks.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <optional>
#include <random>
#include <sys/resource.h>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cblas.hpp"
#include "gemm/gemm.hpp"
#include "util/errors.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace {

using Clock = std::chrono::steady_clock;

// --cpu-time: time by this thread's CPU time instead of the wall clock (one thread only). On a machine shared with
// other jobs it counts only the time the GEMM was on a core (caches are still disturbed by the others).
bool g_cpu_time = false;

double now_seconds() {
  if (g_cpu_time) {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

// Context switches of the calling thread so far: a sample during which this changed shared its core with another
// process (or slept), and says more about the machine's load than about the GEMM.
long context_switches() {
  rusage usage;
  getrusage(RUSAGE_THREAD, &usage);
  return usage.ru_nvcsw + usage.ru_nivcsw;
}

// ---- Peak: independent chains (16 for AVX-512's 32 registers) of c = c * a + b, so FMA latency never stalls the pipes
// ----------------------
#if defined(__x86_64__)
#define AE_PEAK_BODY(VEC, SET1, FMA, ADD, LANES)                                                                 \
  /* distinct starting values, or the compiler merges the identical chains into one */                      \
  VEC c0 = SET1(0.f), c1 = SET1(1.f), c2 = SET1(2.f), c3 = SET1(3.f), c4 = SET1(4.f), c5 = SET1(5.f),           \
      c6 = SET1(6.f), c7 = SET1(7.f), c8 = SET1(8.f), c9 = SET1(9.f), c10 = SET1(10.f), c11 = SET1(11.f),       \
      c12 = SET1(12.f), c13 = SET1(13.f), c14 = SET1(14.f), c15 = SET1(15.f);                                  \
  const VEC a = SET1(0.5f), b = SET1(0.25f);                                                                   \
  const double t0 = now_seconds();                                                                                \
  for (long i = 0; i < iters; ++i) {                                                                           \
    c0 = FMA(c0, a, b), c1 = FMA(c1, a, b), c2 = FMA(c2, a, b), c3 = FMA(c3, a, b);                            \
    c4 = FMA(c4, a, b), c5 = FMA(c5, a, b), c6 = FMA(c6, a, b), c7 = FMA(c7, a, b);                            \
    c8 = FMA(c8, a, b), c9 = FMA(c9, a, b), c10 = FMA(c10, a, b), c11 = FMA(c11, a, b);                        \
    c12 = FMA(c12, a, b), c13 = FMA(c13, a, b), c14 = FMA(c14, a, b), c15 = FMA(c15, a, b);                    \
  }                                                                                                            \
  const double s = (now_seconds() - t0);                                                                          \
  VEC sum = ADD(ADD(ADD(ADD(c0, c1), ADD(c2, c3)), ADD(ADD(c4, c5), ADD(c6, c7))),                             \
                ADD(ADD(ADD(c8, c9), ADD(c10, c11)), ADD(ADD(c12, c13), ADD(c14, c15))));                      \
  float lanes[LANES];                                                                                          \
  std::memcpy(lanes, &sum, sizeof lanes);                                                                      \
  sink = lanes[0];                                                                                             \
  return 2.0 * 16 * LANES * iters / s / 1e9;

volatile float sink;

__attribute__((target("avx512f"))) double peak_avx512(long iters) {
  AE_PEAK_BODY(__m512, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps, 16)
}
// AVX2 has only 16 ymm registers: 16 chains plus a and b would spill, so 12 chains (enough for 2 FMA pipes of
// latency 4 to 5 cycles, as on Zen and Skylake).
__attribute__((target("avx2,fma"))) double peak_avx2(long iters) {
  constexpr int kChains = 12;
  __m256 c[kChains];
  for (int j = 0; j < kChains; ++j) c[j] = _mm256_set1_ps(static_cast<float>(j));
  const __m256 a = _mm256_set1_ps(0.5f), b = _mm256_set1_ps(0.25f);
  const double t0 = now_seconds();
  for (long i = 0; i < iters; ++i) {
#pragma GCC unroll 12
    for (int j = 0; j < kChains; ++j) c[j] = _mm256_fmadd_ps(c[j], a, b);
  }
  const double s = (now_seconds() - t0);
  __m256 sum = c[0];
  for (int j = 1; j < kChains; ++j) sum = _mm256_add_ps(sum, c[j]);
  float lanes[8];
  std::memcpy(lanes, &sum, sizeof lanes);
  sink = lanes[0];
  return 2.0 * kChains * 8 * iters / s / 1e9;
}
#endif

double peak_once(long iters, const char** isa) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx512f")) return *isa = "avx512", peak_avx512(iters);
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return *isa = "avx2", peak_avx2(iters);
#elif defined(__aarch64__)
  *isa = "neon";
  float32x4_t c[16];
  for (int j = 0; j < 16; ++j) c[j] = vdupq_n_f32(static_cast<float>(j));
  const float32x4_t a = vdupq_n_f32(0.5f), b = vdupq_n_f32(0.25f);
  const double t0 = now_seconds();
  for (long i = 0; i < iters; ++i)
    for (auto& v : c) v = vfmaq_f32(b, v, a);
  const double s = (now_seconds() - t0);
  float32x4_t sum = c[0];
  for (int j = 1; j < 16; ++j) sum = vaddq_f32(sum, c[j]);
  if (vgetq_lane_f32(sum, 0) == 12345.f) std::puts("");
  return 2.0 * 16 * 4 * iters / s / 1e9;
#endif
  *isa = "scalar";
  float c[16];
  for (int j = 0; j < 16; ++j) c[j] = static_cast<float>(j);
  const double t0 = now_seconds();
  for (long i = 0; i < iters; ++i)
    for (float& v : c) v = v * 0.5f + 0.25f;
  const double s = (now_seconds() - t0);
  if (c[3] == 12345.f) std::puts("");
  return 2.0 * 16 * iters / s / 1e9;
}

// Median of 301 runs of ~0.2 ms, over those not interrupted by a context switch (see measure_gemm).
double measure_peak(const char** isa) {
  std::vector<double> all, undisturbed;
  for (int r = 0; r < 301; ++r) {
    const long switches = context_switches();
    all.push_back(peak_once(50'000, isa));
    if (context_switches() == switches) undisturbed.push_back(all.back());
  }
  std::vector<double>& pick = undisturbed.size() >= 5 ? undisturbed : all;
  std::sort(pick.begin(), pick.end());
  return pick[pick.size() / 2];
}

// ---- GEMM timing ------------------------------------------------------------------------------------------------
struct Shape {
  int M, K, N;
  bool ta, tb;
  const char* what;
};

struct Rate {
  double median = 0, best = 0;  // GFLOP/s
  int samples = 0, undisturbed = 0;
};

// Samples of one product's speed: each sample times `inner` back-to-back products, at least `seconds` in all.
class Sampler {
 public:
  // With more than one thread, the first `settle` seconds of calls are not timed: a new worker thread starts on
  // its creator's core, and the scheduler moves it to the other core only some tens of milliseconds later.
  Sampler(std::function<void()> once, double flops, double seconds, double settle)
      : once_(std::move(once)), flops_(flops) {
    for (const double end = now_seconds() + settle; now_seconds() < end;) once_();
    once_();
    const double t0 = now_seconds();
    once_();
    inner_ = std::max(1L, static_cast<long>(seconds / std::max(now_seconds() - t0, 1e-7)));
  }

  /// One product, not timed: wakes whatever the product needs (threads, and on a virtual machine the idle vCPUs
  /// they run on) after the other side's turn.
  void warm_up() { once_(); }

  void sample() {
    const long switches = context_switches();
    const double t = now_seconds();
    for (long i = 0; i < inner_; ++i) once_();
    const double gflops = flops_ * static_cast<double>(inner_) / (now_seconds() - t) / 1e9;
    all_.push_back(gflops);
    if (context_switches() == switches) undisturbed_.push_back(gflops);
  }

  // With one thread, the median is taken over the samples that ran without a context switch when there are enough
  // of them (on a busy machine most long samples are interrupted); with more threads the caller sleeps while the
  // workers run, so all samples count.
  Rate rate(bool single_thread) const {
    std::vector<double> all = all_, undisturbed = undisturbed_;
    std::vector<double>& pick = single_thread && undisturbed.size() >= 5 ? undisturbed : all;
    std::sort(pick.begin(), pick.end());
    std::sort(all.begin(), all.end());
    return {pick[pick.size() / 2], all.back(), static_cast<int>(all.size()), static_cast<int>(undisturbed.size())};
  }

 private:
  std::function<void()> once_;
  double flops_;
  long inner_ = 1;
  std::vector<double> all_, undisturbed_;
};

// GFLOP/s of ae::gemm, and of the BLAS when one is given (see time_both).
struct Measured {
  Rate ours, blas;
  double max_diff = 0;  // largest |C_ours - C_blas| over the largest |C|: the two computed the same product
};

// `reps` samples of `ours`, and of `theirs` unless it is empty, each call doing `flops`. The two take turns so that
// the machine's changing load falls on both alike: one sample each with one thread. With more, 10 ms samples in
// blocks, each opened by an untimed call, ours after a pause: a multithreaded BLAS keeps its threads polling for a
// while after each call (OpenBLAS: about 0.1 s, measured), which would take the core our second thread needs, and a
// thread (on a virtual machine, a vCPU) left idle during the other side's turn is slow to wake.
Measured time_both(const std::function<void()>& ours_call, const std::function<void()>& theirs_call, double flops,
                   int reps) {
  const bool single = ae::gemm_threads() == 1, comparing = static_cast<bool>(theirs_call);
  const double seconds = comparing && !single ? 0.01 : 0.001;
  const double settle = single ? 0 : 0.2;
  Sampler ours(ours_call, flops, seconds, settle);
  std::optional<Sampler> theirs;
  if (comparing) theirs.emplace(theirs_call, flops, seconds, settle);
  const int block = single || !comparing ? 1 : std::max(1, reps / 5);
  for (int r = 0; r < reps; r += block) {
    const int n = std::min(block, reps - r);
    if (!single && comparing) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the BLAS's threads stop polling
      ours.warm_up();
    }
    for (int i = 0; i < n; ++i) ours.sample();
    if (!comparing) continue;
    if (!single) theirs->warm_up();
    for (int i = 0; i < n; ++i) theirs->sample();
  }
  return {ours.rate(single), comparing ? theirs->rate(single) : Rate{}};
}

// The BLAS as a callable with ae::gemm's signature.
auto as_gemm(const bench::Cblas* blas) {
  return [blas](auto... args) { blas->gemm(args...); };
}

// GFLOP/s of ae::gemm at shape s (of ae::gemm_reference with `reference`), and of the BLAS when one is given.
Measured measure_gemm(const Shape& s, int reps, const bench::Cblas* blas = nullptr, bool reference = false) {
  const int lda = s.ta ? s.M : s.K, ldb = s.tb ? s.K : s.N;
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  std::vector<float> A(static_cast<std::size_t>(s.M) * s.K), B(static_cast<std::size_t>(s.K) * s.N),
      C(static_cast<std::size_t>(s.M) * s.N), C_blas;
  for (float& x : A) x = u(rng);
  for (float& x : B) x = u(rng);
  const auto product = [&](const auto& gemm, std::vector<float>& c) {
    gemm(s.ta, s.tb, s.M, s.N, s.K, 1.f, A.data(), lda, B.data(), ldb, 0.f, c.data(), s.N);
  };
  std::function<void()> theirs;
  if (blas) theirs = [&] { product(as_gemm(blas), C); };
  const auto ours = reference ? &ae::gemm_reference : &ae::gemm;
  Measured m = time_both([&] { product(ours, C); }, theirs, 2.0 * s.M * s.N * s.K, reps);
  if (blas) {
    C_blas.resize(C.size());
    product(ours, C);
    product(as_gemm(blas), C_blas);
    double diff = 0, scale = 0;
    for (std::size_t i = 0; i < C.size(); ++i)
      diff = std::max(diff, static_cast<double>(std::abs(C[i] - C_blas[i]))),
      scale = std::max(scale, static_cast<double>(std::abs(C_blas[i])));
    m.max_diff = diff / std::max(scale, 1e-30);
  }
  return m;
}

// measure_gemm (ours alone) on `threads` threads. With more than one, timed by the wall clock whatever --cpu-time
// says: only the wall clock tells what the cores achieved together.
Measured measure_gemm_on(int threads, const Shape& s, int reps, bool reference = false) {
  ae::gemm_set_threads(threads);
  const bool cpu_time = std::exchange(g_cpu_time, g_cpu_time && threads == 1);
  const Measured m = measure_gemm(s, reps, nullptr, reference);
  g_cpu_time = cpu_time;
  return m;
}

// The 23 products of one training step of the 784-1000-500-250-30-250-500-1000-784 autoencoder at batch 256, each
// layer with its own buffers as in training (about 30 MB in all, so operands often come from L3 or memory rather
// than L2): forward Y = X W for the eight layers, then from the last layer down dW = X^T dY and, for all but the
// first layer, dX = dY W^T. 3.95 GFLOP in all.
class TrainingStep {
 public:
  TrainingStep() {
    const int widths[] = {784, 1000, 500, 250, 30, 250, 500, 1000, 784};
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    auto filled = [&](std::size_t n) {
      std::vector<float> v(n);
      for (float& x : v) x = u(rng);
      return v;
    };
    for (int l = 0; l < 8; ++l) {
      const int in = widths[l], out = widths[l + 1];
      const std::size_t b = kBatch;
      layers_.push_back({in, out, filled(b * in), filled(static_cast<std::size_t>(in) * out), filled(b * out),
                         filled(b * out), filled(static_cast<std::size_t>(in) * out), filled(b * in)});
    }
  }

  double flops() const {
    double f = 0;
    for (std::size_t l = 0; l < layers_.size(); ++l)
      f += 2.0 * kBatch * layers_[l].in * layers_[l].out * (l == 0 ? 2 : 3);
    return f;
  }

  /// Runs the step's products through `gemm`, which has ae::gemm's signature.
  template <class Gemm>
  void run(const Gemm& gemm) {
    for (Layer& L : layers_)
      gemm(false, false, kBatch, L.out, L.in, 1.f, L.x.data(), L.in, L.w.data(), L.out, 0.f, L.y.data(), L.out);
    for (std::size_t l = layers_.size(); l-- > 0;) {
      Layer& L = layers_[l];
      gemm(true, false, L.in, L.out, kBatch, 1.f, L.x.data(), L.in, L.dy.data(), L.out, 0.f, L.dw.data(), L.out);
      if (l > 0)
        gemm(false, true, kBatch, L.in, L.out, 1.f, L.dy.data(), L.out, L.w.data(), L.out, 0.f, L.dx.data(), L.in);
    }
  }

 private:
  static constexpr int kBatch = 256;
  struct Layer {
    int in, out;
    std::vector<float> x, w, y, dy, dw, dx;
  };
  std::vector<Layer> layers_;
};

Measured measure_step(int reps, const bench::Cblas* blas) {
  TrainingStep step;
  std::function<void()> theirs;
  if (blas) theirs = [&] { step.run(as_gemm(blas)); };
  return time_both([&] { step.run(ae::gemm); }, theirs, step.flops(), reps);
}

// One row of the table; with a BLAS, two more columns: its GFLOP/s and ours over its.
void print_row(const Shape& s, const char* kernel, int threads, const Measured& m, double peak, bool with_blas) {
  char shape[64];
  if (s.K == 0)
    std::snprintf(shape, sizeof shape, "training step");
  else
    std::snprintf(shape, sizeof shape, "%dx%dx%d%s%s", s.M, s.K, s.N, s.ta ? " tA" : "", s.tb ? " tB" : "");
  const Rate& r = m.ours;
  char runs[32];
  std::snprintf(runs, sizeof runs, "%d/%d", r.undisturbed, r.samples);
  std::printf("| %-18s | %-20s | %-6s | %7d | %8.1f | %6.1f%% | %8.1f | %11s |", shape, s.what, kernel, threads,
              r.median, 100.0 * r.median / (peak * threads), r.best, runs);
  if (with_blas && m.blas.samples)
    std::printf(" %8.1f | %9.2f |", m.blas.median, r.median / m.blas.median);
  else if (with_blas)
    std::printf(" %8s | %9s |", "-", "-");
  std::printf("\n");
}

int table(int threads, int reps, const bench::Cblas* blas) {
  const char* isa = "";
  const double peak = measure_peak(&isa);
  std::printf("measured single-core %s FMA peak: %.1f GFLOP/s%s\n", isa, peak,
              g_cpu_time ? " (timed by CPU time, except the 2-thread row)" : "");
  if (blas)
    std::printf("compared with %s, %d thread(s), taking turns %s\n", blas->about.c_str(), threads,
                threads == 1 ? "sample by sample" : "in blocks, pausing before ours");
  std::printf("\n| %-18s | %-20s | %-6s | %7s | %8s | %7s | %8s | %11s |", "M x K x N", "product", "kernel",
              "threads", "GFLOP/s", "% peak", "best", "undisturbed");
  if (blas) std::printf(" %8s | %9s |", "BLAS", "ours/BLAS");
  std::printf("\n|%s|%s|%s|%s|%s|%s|%s|%s|", std::string(20, '-').c_str(), std::string(22, '-').c_str(),
              std::string(8, '-').c_str(), std::string(9, '-').c_str(), std::string(10, '-').c_str(),
              std::string(9, '-').c_str(), std::string(10, '-').c_str(), std::string(13, '-').c_str());
  if (blas) std::printf("%s|%s|", std::string(10, '-').c_str(), std::string(11, '-').c_str());
  std::printf("\n");
  const int layers[][2] = {{784, 1000}, {1000, 500}, {500, 250}, {250, 30}};  // (in, out) of 256 x in -> 256 x out
  std::vector<Shape> shapes{{1024, 1024, 1024, false, false, "square"}};
  for (auto [in, out] : layers) shapes.push_back({256, in, out, false, false, "forward Y = X W"});
  for (auto [in, out] : layers) shapes.push_back({in, 256, out, true, false, "backward dW = X^T dY"});
  for (auto [in, out] : layers) shapes.push_back({256, out, in, false, true, "backward dX = dY W^T"});
  ae::gemm_set_threads(threads);
  const bool with_blas = blas != nullptr;
  for (const Shape& s : shapes)
    print_row(s, ae::gemm_kernel_name(), threads, measure_gemm(s, reps, blas), peak, with_blas);
  const Shape step{256, 0, 0, false, false, "all 23 of one step"};
  print_row(step, ae::gemm_kernel_name(), threads, measure_step(std::max(5, reps / 5), blas), peak, with_blas);
  // The two comparison rows (ours only: the BLAS's thread count is fixed when it loads): the AVX2 kernel, and both
  // cores.
  const std::string chosen = ae::gemm_kernel_name();
  if (chosen != "avx2" && ae::gemm_kernel_available("avx2")) {
    ae::gemm_set_kernel("avx2");
    print_row(shapes[0], "avx2", threads, measure_gemm(shapes[0], reps), peak, with_blas);
    ae::gemm_set_kernel(chosen.c_str());
  }
  if (threads != 2)
    print_row(shapes[0], ae::gemm_kernel_name(), 2, measure_gemm_on(2, shapes[0], reps), peak, with_blas);
  return 0;
}

// --ladder: the table of common/gemm/README.md for this machine, one idea added per rung, at n x n x n.
int ladder(int n, int reps) {
  const char* isa = "";
  const double peak = measure_peak(&isa);
  const std::string best = ae::gemm_kernel_name();
  std::printf("%d x %d x %d, single-core %s FMA peak %.1f GFLOP/s\n\n", n, n, n, isa, peak);
  std::printf("| rung | GFLOP/s | %% of peak |\n|---|---|---|\n");
  const Shape s{n, n, n, false, false, "square"};
  const auto rung = [&](const std::string& what, int threads, const ae::GemmTuning& tuning, bool reference) {
    ae::gemm_set_tuning(tuning);
    const double rate = measure_gemm_on(threads, s, reference ? std::min(reps, 3) : reps, reference).ours.median;
    std::printf("| %s | %.1f | %.1f%s |\n", what.c_str(), rate, 100.0 * rate / (peak * threads),
                threads > 1 ? " of two cores" : "");
    std::fflush(stdout);
  };
  ae::GemmTuning shallow, one_block;
  shallow.KC = 16;
  one_block.MC = one_block.KC = one_block.NC = n;
  rung("the triple loop (gemm_reference)", 1, {}, true);
  ae::gemm_set_kernel("scalar");
  rung("packing and blocking, plain C++ kernel (scalar)", 1, {}, false);
  ae::gemm_set_kernel(best.c_str());
  rung(best + " kernel, KC = 16", 1, shallow, false);
  rung(best + " kernel, one block of each operand (no cache blocking)", 1, one_block, false);
  rung(best + " kernel, its cache blocks", 1, {}, false);
  if (std::thread::hardware_concurrency() > 1) rung(best + " kernel, its cache blocks, two threads", 2, {}, false);
  return 0;
}

void usage(std::FILE* out) {
  std::fprintf(
      out,
      "usage: bench_gemm --m M --k K --n N [--ta] [--tb] [--threads T] [--kernel NAME] [--reps R] [--cpu-time]\n"
      "                  [--blas LIB] [--reference] [--mc MC] [--kc KC] [--nc NC]\n"
      "       bench_gemm --peak [--cpu-time]\n"
      "       bench_gemm --ladder [--size N] [--reps R] [--cpu-time]\n"
      "       bench_gemm --table [--threads T] [--kernel NAME] [--reps R] [--cpu-time] [--blas LIB]\n"
      "                  [--mc MC] [--kc KC] [--nc NC]\n"
      "  C (M, N) := op(A) (M, K) op(B) (K, N); --ta / --tb store A / B transposed.\n"
      "  Prints the median GFLOP/s of R runs (default 51, of >= 1 ms each; with 1 thread, of those not\n"
      "  interrupted by a context switch if there are 5 or more) as the last line: gflops <value>.\n"
      "  With T > 1 each shape first runs 0.2 s of untimed products, while the threads spread over the cores.\n"
      "  --peak: single-core FMA peak (AVX-512 if present), last line: peak_gflops <value>.\n"
      "  --table: 1024^3 and the layer shapes 784-1000-500-250-30 (batch 256), forward and backward, and all\n"
      "    23 products of one training step.\n"
      "  --threads defaults to 1; --kernel is one of scalar, avx2, avx512, neon (default: the CPU's best).\n"
      "  --cpu-time: time by the thread's CPU time, not the wall clock (a machine busy with other jobs).\n"
      "  --blas LIB: also time the CBLAS library LIB (opened at run time, e.g. libopenblas.so.0 or libblis.so.4,\n"
      "    with T threads), taking turns (sample by sample; with T > 1 in blocks of 10 ms samples, pausing before\n"
      "    ours); prints max_rel_diff_to_blas (the two products' largest difference over the largest |C|),\n"
      "    blas_gflops and ratio_to_blas before gflops.\n"
      "  --ladder: the ladder of common/gemm/README.md for this machine, at N x N x N (default 1024): the\n"
      "    triple loop, then packing and blocking, the SIMD kernel with KC = 16, without cache blocking, with its\n"
      "    blocks, and on two threads; a Markdown table of GFLOP/s and %% of the measured peak.\n"
      "  --reference: time the specification instead, ae::gemm_reference: the plain triple loop (one thread,\n"
      "    no blocking, packing or SIMD), to see what all of them buy together.\n"
      "  --mc, --kc, --nc: cache blocks instead of the kernel's (MC rows of op(A), KC deep, NC columns of op(B);\n"
      "    MC and NC rounded up to the register tile), to see what blocking buys. The blocks in force are\n"
      "    printed; a product cuts each dimension into near-equal blocks no larger (K = 784 as 4 x 196).\n");
}

bool parse_int(const char* text, int& out) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (!*text || *end || v < 1 || v > 1'000'000) return false;
  out = static_cast<int>(v);
  return true;
}

// A command line the program refuses: the message, the usage, status 2.
int misuse(const std::string& message) {
  std::fprintf(stderr, "bench_gemm: %s\n", message.c_str());
  usage(stderr);
  return 2;
}

int bench_main(int argc, char** argv) {
  Shape s{0, 0, 0, false, false, ""};
  int threads = 1, reps = 51;
  bool peak = false, want_table = false, reference = false, want_ladder = false;
  int ladder_size = 1024;
  bool size_given = false, reps_given = false;
  ae::GemmTuning tuning;
  std::string kernel, blas_library;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](int& out) {
      if (i + 1 < argc && parse_int(argv[i + 1], out)) return ++i, true;
      return false;
    };
    bool ok = true;
    if (arg == "--help" || arg == "-h") return usage(stdout), 0;
    if (arg == "--m") ok = value(s.M);
    else if (arg == "--k") ok = value(s.K);
    else if (arg == "--n") ok = value(s.N);
    else if (arg == "--threads") ok = value(threads);
    else if (arg == "--reps") ok = reps_given = value(reps);
    else if (arg == "--ta") s.ta = true;
    else if (arg == "--tb") s.tb = true;
    else if (arg == "--peak") peak = true;
    else if (arg == "--table") want_table = true;
    else if (arg == "--cpu-time") g_cpu_time = true;
    else if (arg == "--reference") reference = true;
    else if (arg == "--ladder") want_ladder = true;
    else if (arg == "--size") ok = size_given = value(ladder_size);
    else if (arg == "--mc") ok = value(tuning.MC);
    else if (arg == "--kc") ok = value(tuning.KC);
    else if (arg == "--nc") ok = value(tuning.NC);
    else if (arg == "--kernel" && i + 1 < argc) kernel = argv[++i];
    else if (arg == "--blas" && i + 1 < argc) blas_library = argv[++i];
    else ok = false;
    if (!ok) return misuse("bad argument '" + std::string(argv[i]) + "'");
  }
  if (g_cpu_time && threads != 1) return misuse("--cpu-time needs --threads 1");
  const bool tuned = tuning.MC > 0 || tuning.KC > 0 || tuning.NC > 0;
  const bool shape_given = s.M || s.K || s.N || s.ta || s.tb;
  if (want_ladder && (want_table || peak || reference || threads != 1 || !kernel.empty() || !blas_library.empty() ||
                      tuned || shape_given))
    return misuse("--ladder takes only --size, --reps and --cpu-time");
  if (want_ladder) return ladder(ladder_size, reps);
  if (size_given) return misuse("--size goes with --ladder (one shape: --m, --k, --n)");
  if (peak && (want_table || reference || threads != 1 || !kernel.empty() || !blas_library.empty() || tuned ||
               reps_given || shape_given))
    return misuse("--peak takes only --cpu-time");
  if (want_table && shape_given)
    return misuse("--table times its own shapes (one shape: --m, --k, --n without --table)");
  if (reference && (want_table || peak || threads != 1 || !kernel.empty() || tuned))
    return misuse("--reference times one shape on one thread, with no kernel or cache blocks");
  if (!kernel.empty() && !ae::gemm_set_kernel(kernel.c_str()))
    return misuse("kernel '" + kernel + "' is not available on this CPU");
  if (peak) {
    const char* isa = "";
    const double p = measure_peak(&isa);
    std::printf("single-core %s FMA peak\npeak_gflops %.1f\n", isa, p);
    return 0;
  }
  if (!want_table && (s.M == 0 || s.K == 0 || s.N == 0)) return misuse("--m, --k and --n are required");
  bench::Cblas blas;
  if (!blas_library.empty()) {
    std::string error;
    if (!bench::open_cblas(blas_library, threads, blas, error)) {
      std::fprintf(stderr, "bench_gemm: --blas: %s\n", error.c_str());
      return 2;
    }
  }
  const bench::Cblas* compare = blas_library.empty() ? nullptr : &blas;
  ae::gemm_set_tuning(tuning);
  if (want_table) return table(threads, reps, compare);
  ae::gemm_set_threads(threads);
  const Measured m = measure_gemm(s, reps, compare, reference);
  const Rate& r = m.ours;
  const ae::GemmBlocking b = ae::gemm_blocking();
  if (reference)
    std::printf("%dx%dx%d%s%s reference triple loop", s.M, s.K, s.N, s.ta ? " tA" : "", s.tb ? " tB" : "");
  else
    std::printf("%dx%dx%d%s%s kernel %s (MR x NR %d x %d, MC %d, KC %d, NC %d) threads %d", s.M, s.K, s.N,
                s.ta ? " tA" : "", s.tb ? " tB" : "", ae::gemm_kernel_name(), b.MR, b.NR, b.MC, b.KC, b.NC, threads);
  std::printf(": %d samples, %d undisturbed\n", r.samples, r.undisturbed);
  if (compare)
    std::printf("%s: %d samples, %d undisturbed, best %.1f\nmax_rel_diff_to_blas %.2g\nblas_gflops %.1f\n"
                "ratio_to_blas %.3f\n",
                blas.about.c_str(), m.blas.samples, m.blas.undisturbed, m.blas.best, m.max_diff, m.blas.median,
                r.median / m.blas.median);
  std::printf("best_gflops %.1f\ngflops %.1f\n", r.best, r.median);
  return 0;
}

}  // namespace

// An exception (say, a block-size table edited to a tile the packing has no case for) ends the program with its
// message and status 1, not a crash.
int main(int argc, char** argv) {
  return ae::run_program("bench_gemm", [&] { return bench_main(argc, argv); });
}
