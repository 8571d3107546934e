// bench_train [--model ae|vae] [--threads T] [--epochs E] [--warmup STEPS] [--limit N] [--cpu-time]
//
// Training speed of one of two models on the 60,000 Fashion-MNIST training images, with Adam (lr 1e-3): a short
// warm-up, then timed epochs.
//   --model ae  (default) the deep autoencoder of Hinton and Salakhutdinov (2006), 784-1000-500-250-30-250-500-1000-
//               784 (sigmoid hidden units, linear 30-unit code, sigmoid output), squared error summed over pixels and
//               averaged over the batch, batch 256.
//   --model vae the VAE of section 14.4, 784-400-20 (ReLU, Gaussian encoder, Bernoulli decoder), -ELBO with one
//               reparameterized draw per image, summed over pixels and latent dimensions and averaged over the batch,
//               batch 128: the same Vae (chapters/14.4-stochastic/vae.cpp) and the same step as
//               `ch14_4_stochastic --part vae --hidden 400 --latent 20 --batch 128` (a per-step noise stream, the
//               loss, backward, the finite-gradient check of ae::train, Adam).
// Prints, as `name value` lines: the products' flops per epoch (`gflop_per_epoch`), `heap_allocations_per_step`
// (operator new calls per timed step in forward, backward and Adam: 0 once the pools are warm) and the same for
// the minibatch copy, the products' share (`gemm_seconds_per_epoch`, `gemm_gflops_in_training`: ae::gemm_counters)
// and the rest's (`other_seconds_per_epoch`, means over the timed epochs), the single-core FMA peak measured here
// (`peak_gflops`, as bench_gemm --peak) and the epoch's rate as a share of it (`share_of_peak`, the products'
// flops over the median epoch's seconds, per thread), then `seconds_per_epoch <median>` (the median over --epochs,
// which steadies it on a machine with busy neighbours) and `peak_rss_mb <value>` as its last lines. A progress
// bar on stderr follows each epoch. --cpu-time (one thread) times the epochs, the products and the peak by the
// thread's CPU time instead of the wall clock: on a machine busy with other jobs, only the time it had a core.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <new>
#include <string>

#include "autodiff/losses.hpp"
#include "data/datasets.hpp"
#include "data/synthetic.hpp"
#include "fma_peak.hpp"
#include "gemm_timing.hpp"
#include "gemm/gemm.hpp"
#include "nn/layers.hpp"
#include "nn/optim.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/fp_mode.hpp"
#include "util/progress.hpp"
#include "vae.hpp"

namespace {
std::atomic<long> g_allocations{0};  // operator new calls, counted by the replacements below

long allocations() { return g_allocations.load(std::memory_order_relaxed); }

// One model's training step on a minibatch (indices into the training set, and the step's number): the minibatch
// copy, forward, backward, Adam. Returns the loss. The step counts the copy's allocations apart (batch_allocations).
struct Model {
  int batch;
  std::function<float(const std::vector<int>& idx, long step)> step;
};
}  // namespace

// Counting replacements of the global allocation functions (the aligned and nothrow forms are the library's
// defaults, which call these). Not inlined: GCC would otherwise see free() of memory from operator new.
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }

int main(int argc, char** argv) {
  return ae::run_program("bench_train", [&] {
    ae::Cli cli("bench_train", "seconds per epoch of the deep autoencoder (--model ae) or the 14.4 VAE (--model vae)");
    int warmup = 20, limit = 0;
    std::string model_name = "ae";
    cli.add_choice("--model", model_name, {"ae", "vae"},
                   "ae: 784-1000-500-250-30 deep autoencoder, batch 256; vae: the 14.4 VAE 784-400-20, batch 128");
    cli.add("--warmup", warmup, "untimed warm-up steps", 0, 100000);
    cli.add("--limit", limit, "use only the first N training images (0 = all)", 0, 1000000);
    bool cpu_time = false;
    cli.add_flag("--cpu-time", cpu_time, "time by this thread's CPU time, not the wall clock (one thread only)");
    const ae::CommonOptions& opt = cli.parse(argc, argv);
    const int epochs = opt.epochs > 0 ? opt.epochs : 1;
    if (cpu_time && ae::gemm_threads() != 1) throw ae::UsageError("--cpu-time needs --threads 1");
    bench::g_cpu_time = cpu_time;
    ae::ImageData data = ae::load_images("fashion", opt);
    const ae::ImageSet train = limit > 0 ? data.train.head(limit) : data.train;
    ae::Rng rng(opt.seed);
    long batch_allocations = 0;

    // The two models; each keeps its network and optimizer alive in the closure.
    Model model;
    if (model_name == "ae") {
      auto net = std::make_shared<ae::Autoencoder>(std::vector<int>{784, 1000, 500, 250, 30}, ae::Act::sigmoid,
                                                   ae::Act::identity, ae::Act::sigmoid, rng);
      auto adam = std::make_shared<ae::Adam>(net->params(), 1e-3f);
      model = {256, [&train, &batch_allocations, net, adam](const std::vector<int>& idx, long) {
                 const long a0 = allocations();
                 ae::Var X(train.batch(idx));                                // (256, 784)
                 batch_allocations += allocations() - a0;
                 ae::Var loss = ae::squared_error(net->reconstruct(X), X);   // summed over pixels, mean over batch
                 ae::backward(loss);
                 adam->step();
                 if (adam->nonfinite_gradient() >= 0) throw ae::DivergenceError("a gradient became NaN or infinite");
                 adam->zero_grad();
                 return loss.item();
               }};
    } else {
      auto vae = std::make_shared<ae::ch14_4::Vae>(784, 400, 20, rng);
      auto params = std::make_shared<std::vector<ae::NamedParam>>(vae->named_params());
      auto adam = std::make_shared<ae::Adam>(ae::vars_of(*params), 1e-3f);
      const std::uint64_t seed = opt.seed;
      model = {128, [&train, &batch_allocations, vae, adam, seed](const std::vector<int>& idx, long step) {
                 // A per-step noise stream, as ae::train gives the 14.4 program's loss.
                 ae::Rng step_rng(seed ^ (0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(step + 1)), 1013);
                 const long a0 = allocations();
                 const ae::Tensor x = train.batch(idx);                      // (128, 784)
                 batch_allocations += allocations() - a0;
                 const ae::ch14_4::Vae::Terms t = vae->terms(x, step_rng);
                 ae::Var loss = t.nll + t.kl;                                // -ELBO, nats per image
                 const float L = loss.item();
                 ae::backward(loss);
                 adam->step();  // and ae::train's check of every gradient, done by the update as it reads them
                 if (adam->nonfinite_gradient() >= 0) throw ae::DivergenceError("a gradient became NaN or infinite");
                 adam->zero_grad();
                 return L;
               }};
    }

    long steps = 0, step_allocations = 0;
    auto step = [&](const std::vector<int>& idx) {
      const long a0 = allocations(), b0 = batch_allocations;
      const float L = model.step(idx, steps);
      step_allocations += allocations() - a0 - (batch_allocations - b0);
      ++steps;
      return L;
    };
    const auto warm = ae::minibatches(train.n, model.batch, rng);
    for (int s = 0; s < warmup && s < static_cast<int>(warm.size()); ++s) step(warm[static_cast<std::size_t>(s)]);
    // The ragged last minibatch too (60,000 = 234 x 256 + 96): its shapes are new to the buffer pool, whose free
    // lists would otherwise grow in the first timed epoch.
    if (warmup > 0 && warm.size() > 1 && warm.back().size() != warm.front().size()) step(warm.back());
    steps = batch_allocations = step_allocations = 0;  // count the timed steps only
    const ae::FlushSubnormals flush;  // as ae::train does (util/fp_mode.hpp)
    std::vector<double> seconds;
    float last = 0;
    ae::gemm_set_counting(true, cpu_time);  // the products' share of the timed epochs
    for (int e = 0; e < epochs; ++e) {
      const double t0 = bench::now_seconds();
      const auto batches = ae::minibatches(train.n, model.batch, rng);
      ae::Progress bar("epoch " + std::to_string(e + 1) + "/" + std::to_string(epochs), std::ssize(batches));
      for (std::size_t b = 0; b < batches.size(); ++b) {
        last = step(batches[b]);
        bar.update(static_cast<long>(b) + 1, last);  // outside step(): its allocations are not the step's
      }
      seconds.push_back(bench::now_seconds() - t0);
      bar.finish();
      std::cerr << "epoch " << e + 1 << ": " << seconds.back() << " s, last loss " << last << "\n";
    }
    const ae::GemmCounters products = ae::gemm_counters();
    ae::gemm_set_counting(false);
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    const char* isa = "";
    const double peak = bench::measure_peak(&isa);
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::cout << "model " << model_name << "\n";
    std::cout << "threads " << ae::gemm_threads() << "\n";
    std::cout << "images " << train.n << "\n";
    std::cout << "batch " << model.batch << "\n";
    // Allocations per timed step: by the training step proper (forward, backward, Adam) and by the minibatch copy.
    std::cout << "heap_allocations_per_step " << static_cast<double>(step_allocations) / std::max(1L, steps) << "\n";
    std::cout << "heap_allocations_per_batch_copy " << static_cast<double>(batch_allocations) / std::max(1L, steps)
              << "\n";
    // The matrix products inside the timed epochs: their flops and time per epoch and their rate (operands arrive
    // from memory here, so the rate is below bench_gemm's, whose operands stay in cache between repetitions).
    const double gflop_per_epoch = products.flops / epochs / 1e9;
    std::cout << "gflop_per_epoch " << gflop_per_epoch << "\n";
    std::cout << "gemm_seconds_per_epoch " << products.seconds / epochs << "\n";
    std::cout << "gemm_gflops_in_training " << products.flops / std::max(1e-9, products.seconds) / 1e9 << "\n";
    // Everything else (activations, bias, loss, Adam, the graph, the minibatch copy), from the same epochs' total.
    double total = 0;
    for (double t : seconds) total += t;
    std::cout << "other_seconds_per_epoch " << (total - products.seconds) / epochs << "\n";
    std::cout << "peak_gflops " << peak << " (" << isa << ", one core)\n";
    std::cout << "share_of_peak " << gflop_per_epoch / median / (peak * ae::gemm_threads()) << "\n";
    std::cout << "seconds_per_epoch " << median << "\n";
    std::cout << "peak_rss_mb " << ru.ru_maxrss / 1024.0 << "\n";
    return 0;
  });
}
