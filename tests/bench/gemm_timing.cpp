// The timing behind bench_gemm (gemm_timing.hpp): each sample times back-to-back products, ae::gemm and a BLAS take
// turns so that the machine's changing load falls on both alike, and with one thread, samples interrupted by a
// context switch are set aside when enough others ran undisturbed.
#include "gemm_timing.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <ctime>
#include <functional>
#include <optional>
#include <random>
#include <stdexcept>
#include <sys/resource.h>
#include <thread>
#include <utility>
#include <vector>

#include "gemm/gemm.hpp"
#include "gemm/kernel.hpp"
#include "tensor.hpp"

namespace bench {

bool g_cpu_time = false;

double now_seconds() {
  if (g_cpu_time) {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

Rate rate_of(std::vector<double> all, std::vector<double> undisturbed, bool prefer_undisturbed) {
  std::vector<double>& pick = prefer_undisturbed && undisturbed.size() >= 5 ? undisturbed : all;
  std::sort(pick.begin(), pick.end());
  std::sort(all.begin(), all.end());
  return {pick[pick.size() / 2], all.back(), static_cast<int>(all.size()), static_cast<int>(undisturbed.size())};
}

long context_switches() {
  rusage usage;
  getrusage(RUSAGE_THREAD, &usage);
  return usage.ru_nvcsw + usage.ru_nivcsw;
}

namespace {

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
  // of them; with more threads the caller sleeps while the workers run, so all samples count.
  Rate rate(bool single_thread) const { return rate_of(all_, undisturbed_, single_thread); }

 private:
  std::function<void()> once_;
  double flops_;
  long inner_ = 1;
  std::vector<double> all_, undisturbed_;
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
auto as_gemm(const Cblas* blas) {
  return [blas](auto... args) { blas->gemm(args...); };
}

}  // namespace

Measured measure_gemm(const Shape& s, int reps, const Cblas* blas, bool reference) {
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

Measured measure_gemm_on(int threads, const Shape& s, int reps, bool reference) {
  ae::gemm_set_threads(threads);
  const bool cpu_time = std::exchange(g_cpu_time, g_cpu_time && threads == 1);
  const Measured m = measure_gemm(s, reps, nullptr, reference);
  g_cpu_time = cpu_time;
  return m;
}

namespace {

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

}  // namespace

Measured measure_step(int reps, const Cblas* blas) {
  TrainingStep step;
  std::function<void()> theirs;
  if (blas) theirs = [&] { step.run(as_gemm(blas)); };
  return time_both([&] { step.run(ae::gemm); }, theirs, step.flops(), reps);
}

Measured measure_step_on(int threads, int reps) {
  ae::gemm_set_threads(threads);
  const bool cpu_time = std::exchange(g_cpu_time, g_cpu_time && threads == 1);
  const Measured m = measure_step(reps, nullptr);
  g_cpu_time = cpu_time;
  return m;
}

Rate measure_ukernel(int reps) {
  const ae::gemm_detail::Kernel& kernel = ae::gemm_detail::active_kernel();
  const int MR = kernel.blocks.MR, NR = kernel.blocks.NR, kc = 256;
  const ae::Tensor a(kc, MR, 0.5f), b(kc, NR, 0.25f);  // 64-byte aligned, as the packed buffers are
  ae::Tensor c(MR, NR);
  const auto tile = [&] { kernel.ukernel(kc, 1.f, a.data(), b.data(), NR, 0.f, c.data(), NR); };
  const Rate r = time_both(tile, {}, 2.0 * MR * NR * kc, reps).ours;
  if (c[0] != 0.5f * 0.25f * kc) throw std::runtime_error("bench_gemm: the micro-kernel computed a wrong tile");
  return r;
}

Rate measure_call(const std::function<void()>& call, double flops, int reps) {
  return time_both(call, {}, flops, reps).ours;
}

}  // namespace bench
