// bench_train [--threads T] [--epochs E] [--warmup STEPS] [--limit N]
//
// Training speed of the deep autoencoder of Hinton and Salakhutdinov (2006), 784-1000-500-250-30-250-500-1000-784
// (sigmoid hidden units, linear 30-unit code, sigmoid output), squared error summed over pixels and averaged over
// the batch, Adam lr 1e-3, batch 256, on the 60,000 Fashion-MNIST training images: a short warm-up, then timed
// epochs. Prints `heap_allocations_per_step <value>` (operator new calls per timed step in forward, backward
// and Adam: 0 once the pools are warm) and the same for the minibatch copy, the matrix products' share
// (`gemm_seconds_per_epoch`, `gemm_gflops_in_training`: ae::gemm_counters) and the rest's (`other_seconds_per_epoch`,
// means over the timed epochs), then `seconds_per_epoch <median>`
// (the median over --epochs, which steadies it on a machine with busy neighbours) and `peak_rss_mb <value>` as
// its last lines. A progress bar on stderr follows each epoch.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <new>
#include <string>

#include "autodiff/losses.hpp"
#include "data/datasets.hpp"
#include "data/synthetic.hpp"
#include "gemm/gemm.hpp"
#include "nn/layers.hpp"
#include "nn/optim.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/progress.hpp"

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

int main(int argc, char** argv) {
  return ae::run_program("bench_train", [&] {
    ae::Cli cli("bench_train", "seconds per epoch of the 784-1000-500-250-30 deep autoencoder on Fashion-MNIST");
    int warmup = 20, limit = 0;
    cli.add("--warmup", warmup, "untimed warm-up steps", 0, 100000);
    cli.add("--limit", limit, "use only the first N training images (0 = all)", 0, 1000000);
    const ae::CommonOptions& opt = cli.parse(argc, argv);
    const int epochs = opt.epochs > 0 ? opt.epochs : 1;
    ae::ImageData data = ae::load_images("fashion", opt);
    const ae::ImageSet train = limit > 0 ? data.train.head(limit) : data.train;
    ae::Rng rng(opt.seed);
    ae::Autoencoder net({784, 1000, 500, 250, 30}, ae::Act::sigmoid, ae::Act::identity, ae::Act::sigmoid, rng);
    ae::Adam adam(net.params(), 1e-3f);
    constexpr int kBatch = 256;
    long steps = 0, batch_allocations = 0, step_allocations = 0;
    auto step = [&](const std::vector<int>& idx) {
      const long a0 = g_allocations.load(std::memory_order_relaxed);
      ae::Var X(train.batch(idx));                                   // (256, 784)
      const long a1 = g_allocations.load(std::memory_order_relaxed);
      ae::Var loss = ae::squared_error(net.reconstruct(X), X);       // summed over pixels, mean over batch
      ae::backward(loss);
      adam.step();
      adam.zero_grad();
      const float L = loss.item();
      batch_allocations += a1 - a0;
      step_allocations += g_allocations.load(std::memory_order_relaxed) - a1;
      ++steps;
      return L;
    };
    const auto warm = ae::minibatches(train.n, kBatch, rng);
    for (int s = 0; s < warmup && s < static_cast<int>(warm.size()); ++s) step(warm[static_cast<std::size_t>(s)]);
    steps = batch_allocations = step_allocations = 0;  // count the timed steps only
    std::vector<double> seconds;
    float last = 0;
    ae::gemm_set_counting(true);  // the products' share of the timed epochs
    for (int e = 0; e < epochs; ++e) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto batches = ae::minibatches(train.n, kBatch, rng);
      ae::Progress bar("epoch " + std::to_string(e + 1) + "/" + std::to_string(epochs), std::ssize(batches));
      for (std::size_t b = 0; b < batches.size(); ++b) {
        last = step(batches[b]);
        bar.update(static_cast<long>(b) + 1, last);  // outside step(): its allocations are not the step's
      }
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      bar.finish();
      std::cerr << "epoch " << e + 1 << ": " << seconds.back() << " s, last loss " << last << "\n";
    }
    const ae::GemmCounters products = ae::gemm_counters();
    ae::gemm_set_counting(false);
    std::sort(seconds.begin(), seconds.end());
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::cout << "threads " << ae::gemm_threads() << "\n";
    std::cout << "images " << train.n << "\n";
    // Allocations per timed step: by the training step proper (forward, backward, Adam) and by the minibatch copy.
    std::cout << "heap_allocations_per_step " << static_cast<double>(step_allocations) / std::max(1L, steps) << "\n";
    std::cout << "heap_allocations_per_batch_copy " << static_cast<double>(batch_allocations) / std::max(1L, steps)
              << "\n";
    // The matrix products inside the timed epochs: their time per epoch and their rate (operands arrive from
    // memory here, so the rate is below bench_gemm's, whose operands stay in cache between repetitions).
    std::cout << "gemm_seconds_per_epoch " << products.seconds / epochs << "\n";
    std::cout << "gemm_gflops_in_training " << products.flops / std::max(1e-9, products.seconds) / 1e9 << "\n";
    // Everything else (activations, bias, loss, Adam, the graph, the minibatch copy), from the same epochs' total.
    double total = 0;
    for (double t : seconds) total += t;
    std::cout << "other_seconds_per_epoch " << (total - products.seconds) / epochs << "\n";
    std::cout << "seconds_per_epoch " << seconds[seconds.size() / 2] << "\n";
    std::cout << "peak_rss_mb " << ru.ru_maxrss / 1024.0 << "\n";
    return 0;
  });
}
