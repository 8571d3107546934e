// bench_conv [--steps S] [--rounds R] [--batch B] [--c1 C] [--unet]
//
// Training speed of section 14.5's convolutional autoencoder (nn/conv_layers.hpp: 1x28x28 -> conv 5x5 (c1) ->
// pool -> conv 3x3 (8) -> pool -> code 8x7x7 -> up -> conv 3x3 (c1) -> up -> conv 3x3 (1), ReLU, sigmoid output),
// squared error summed over pixels and averaged over the batch, Adam, on Fashion-MNIST minibatches of 32 (as in the
// chapter). One process times 1 and 2 threads in turns (R rounds of S steps each, alternating), so that both see
// the same load on a shared machine; the figures to trust there are the ratios.
//
// Prints, per thread count T (lines `name_tT value`):
//   step_ms            median over the rounds of the mean time of one training step (forward, backward, Adam)
//   conv_gflops        the convolutions' flops per step (forward 2 N P C_out C_in k^2 per layer; backward twice that,
//                      once for conv1, whose input needs no gradient) over the whole step's time: a lower bound
//   conv_gemm_gflops   the same flops over the time inside ae::gemm alone (ae::gemm_counters): the products' rate
//   conv_gemm_share    the products' share of the step's time (the rest: im2col, col2im, pooling, activations, Adam)
//   peak_share         conv_gemm_gflops over T times the measured single-core FMA peak (fma_peak.hpp)
//   step_cpu_ms, conv_gflops_cpu, peak_share_cpu (T = 1 only)   the same by this thread's CPU time, which a busy
//                      machine disturbs less than the wall clock: the whole step's flop rate and its share of peak
//   heap_allocations_per_step   operator new calls per timed step (0 once the buffer pools are warm)
//   pool_misses_per_step        tensor buffers obtained from the system per timed step (0 likewise)
// then `speedup_2_threads` (step_ms_t1 / step_ms_t2, from the same rounds) and `fma_peak_gflops_per_core`.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "autodiff/losses.hpp"
#include "data/datasets.hpp"
#include "data/synthetic.hpp"
#include "fma_peak.hpp"
#include "gemm/gemm.hpp"
#include "nn/conv_layers.hpp"
#include "nn/optim.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/fp_mode.hpp"

namespace {
std::atomic<long> g_allocations{0};  // operator new calls, counted by the replacements below
}  // namespace

// Counting replacements of the global allocation functions (the aligned and nothrow forms are the library's
// defaults, which call these).
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

// This thread's CPU time: with one thread every op of the step runs on the calling thread, so this counts only the
// time the step had a core, however many other jobs share the machine (their effect on the caches remains).
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct Round {
  double seconds = 0, cpu_seconds = 0, gemm_seconds = 0;
  long allocations = 0;
  std::size_t pool_misses = 0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  return ae::run_program("bench_conv", [&] {
    ae::Cli cli("bench_conv", "training step of the convolutional autoencoder of section 14.5, on 1 and 2 threads");
    int steps = 20, rounds = 5, batch = 32, c1 = 16, warmup = 5;
    bool unet = false;
    cli.add("--steps", steps, "timed steps per round", 1, 100000);
    cli.add("--rounds", rounds, "rounds per thread count, alternating 1 and 2 threads", 1, 1000);
    cli.add("--batch", batch, "images per minibatch", 1, 4096);
    cli.add("--c1", c1, "channels at full resolution (the chapter's models: 16)", 1, 256);
    cli.add("--warmup", warmup, "untimed steps per thread count before the rounds", 0, 1000);
    cli.add_flag("--unet", unet, "the U-Net variant (skip concatenations)");
    const ae::CommonOptions& opt = cli.parse(argc, argv);
    const ae::ImageData data = ae::load_images("fashion", opt);
    ae::Rng rng(opt.seed);
    ae::ConvAutoencoder net({.image = {1, 28, 28}, .c1 = c1, .c2 = 8, .k1 = 5, .unet = unet}, rng);
    ae::Adam adam(net.params(), 1e-3f);
    const auto batches = ae::minibatches(data.train.n, batch, rng);
    std::vector<ae::Tensor> inputs;  // copied before timing: the minibatch copy is not the step's
    for (int s = 0; s < steps && s < static_cast<int>(batches.size()); ++s)
      inputs.push_back(data.train.batch(batches[static_cast<std::size_t>(s)]));
    if (static_cast<int>(inputs.back().rows()) != batch) inputs.pop_back();
    if (inputs.empty()) throw std::runtime_error("bench_conv: fewer training images than one minibatch");

    auto step = [&](const ae::Tensor& x) {
      ae::Var X(x);
      ae::Var loss = ae::squared_error(net.reconstruct(X), X);  // summed over pixels, mean over the batch
      ae::backward(loss);
      adam.step();
      adam.zero_grad();
      return loss.item();
    };
    // Flops of the convolutions in one step: forward F; backward dW (F) and dx (F, except conv1).
    const double F = net.flops(batch);
    const double step_flops = 3 * F - net.conv1.flops(batch);

    const ae::FlushSubnormals flush;  // as ae::train does (util/fp_mode.hpp)
    const int thread_counts[] = {1, 2};
    for (int t : thread_counts) {
      ae::gemm_set_threads(t);
      for (int s = 0; s < warmup; ++s) step(inputs[static_cast<std::size_t>(s) % inputs.size()]);
    }
    std::vector<Round> results[2];
    float last = 0;
    for (int r = 0; r < rounds; ++r)
      for (int ti = 0; ti < 2; ++ti) {
        ae::gemm_set_threads(thread_counts[ti]);
        ae::gemm_set_counting(true);
        const long a0 = g_allocations.load(std::memory_order_relaxed);
        const std::size_t m0 = ae::buffer_system_allocations();
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = thread_cpu_seconds();
        for (const ae::Tensor& x : inputs) last = step(x);
        Round round;
        round.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        round.cpu_seconds = thread_cpu_seconds() - c0;
        round.allocations = g_allocations.load(std::memory_order_relaxed) - a0;
        round.pool_misses = ae::buffer_system_allocations() - m0;
        round.gemm_seconds = ae::gemm_counters().seconds;
        ae::gemm_set_counting(false);
        results[ti].push_back(round);
      }
    const char* isa = "";
    const double peak = std::max(bench::measure_peak(&isa), bench::measure_peak(&isa));

    const double n = static_cast<double>(inputs.size());
    std::cout << "model " << (unet ? "unet" : "bottleneck") << " c1=" << c1 << " params " << net.num_params()
              << " batch " << batch << " steps_per_round " << inputs.size() << " rounds " << rounds << "\n";
    std::cout << "conv_gflop_per_step " << step_flops / 1e9 << "\n";
    std::cout << "last_loss " << last << "\n";
    double step_ms[2] = {0, 0};
    for (int ti = 0; ti < 2; ++ti) {
      std::vector<double> sec, cpu_sec, gemm_sec;
      long allocations = 0;
      std::size_t misses = 0;
      for (const Round& r : results[ti]) {
        sec.push_back(r.seconds / n);
        cpu_sec.push_back(r.cpu_seconds / n);
        gemm_sec.push_back(r.gemm_seconds / n);
        allocations += r.allocations;
        misses += r.pool_misses;
      }
      const double s = median(sec), g = median(gemm_sec);
      const std::string tag = "_t" + std::to_string(thread_counts[ti]);
      step_ms[ti] = 1e3 * s;
      std::cout << "step_ms" << tag << " " << 1e3 * s << "\n";
      std::cout << "conv_gflops" << tag << " " << step_flops / s / 1e9 << "\n";
      std::cout << "conv_gemm_gflops" << tag << " " << step_flops / g / 1e9 << "\n";
      std::cout << "conv_gemm_share" << tag << " " << g / s << "\n";
      std::cout << "peak_share" << tag << " " << step_flops / g / 1e9 / (thread_counts[ti] * peak) << "\n";
      if (thread_counts[ti] == 1) {  // by CPU time: what the step costs when it has its core
        const double c = median(cpu_sec);
        std::cout << "step_cpu_ms" << tag << " " << 1e3 * c << "\n";
        std::cout << "conv_gflops_cpu" << tag << " " << step_flops / c / 1e9 << "\n";
        std::cout << "peak_share_cpu" << tag << " " << step_flops / c / 1e9 / peak << "\n";
      }
      std::cout << "heap_allocations_per_step" << tag << " " << allocations / (n * rounds) << "\n";
      std::cout << "pool_misses_per_step" << tag << " " << static_cast<double>(misses) / (n * rounds) << "\n";
    }
    std::cout << "speedup_2_threads " << step_ms[0] / step_ms[1] << "\n";
    std::cout << "fma_peak_gflops_per_core " << peak << " (" << isa << ")\n";
    return 0;
  });
}
