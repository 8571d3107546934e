// Issue 3: "a training step that allocates nothing after the first iteration". The global operator new and
// delete of this test program are replaced by counting versions; after two warm-up steps, further steps of a
// small MLP autoencoder (the body of ae::train's step: forward, loss, backward, gradient check, Adam, zero_grad)
// must not call operator new at all, and the tensor buffer pool must not ask the system for memory either.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "autodiff/losses.hpp"
#include "autodiff/ops.hpp"
#include "gemm/gemm.hpp"
#include "nn/layers.hpp"
#include "nn/optim.hpp"
#include "rng.hpp"

namespace {
std::atomic<long> g_news{0};

void* counted_alloc(std::size_t n, std::size_t align) {
  g_news.fetch_add(1, std::memory_order_relaxed);
  if (n == 0) n = 1;
  void* p = align > alignof(std::max_align_t) ? std::aligned_alloc(align, (n + align - 1) / align * align)
                                              : std::malloc(n);
  if (!p) throw std::bad_alloc();
  return p;
}
}  // namespace

// Every replaceable allocation function funnels into counted_alloc; every deallocation into free. (GCC, inlining
// these at -O1, sees a free() of what `operator new` returned and warns of a mismatch it cannot see is none: both
// sides are replaced here.)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) { return counted_alloc(n, 0); }
void* operator new[](std::size_t n) { return counted_alloc(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) { return counted_alloc(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_alloc(n, static_cast<std::size_t>(a)); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n, 0);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n, 0);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

using namespace ae;

namespace {

/// Heap allocations (operator new calls, pool misses) made by `steps` calls of step().
struct Count {
  long news;
  std::size_t pool_misses;
};
template <class F>
Count count_allocations(int steps, F step) {
  const long n0 = g_news.load();
  const std::size_t m0 = buffer_system_allocations();
  for (int s = 0; s < steps; ++s) step(s);
  return {g_news.load() - n0, buffer_system_allocations() - m0};
}

bool finite(const Tensor& t) {
  for (float v : t)
    if (!std::isfinite(v)) return false;
  return true;
}

}  // namespace

TEST_CASE("the counting operator new sees allocations") {
  const long n0 = g_news.load();
  auto* v = new std::vector<int>(100);
  delete v;
  CHECK(g_news.load() - n0 >= 2);
}

TEST_CASE("a training step of an MLP autoencoder allocates nothing after warm-up (forward, backward, Adam)") {
  gemm_set_threads(1);  // the step of a --threads 1 run (the 2-thread pool hands out work through std::function)
  Rng rng(7);
  // Shapes that use both GEMM paths: packed (32 x 196 x 64) and the small-product path (the 8-unit code).
  Autoencoder net({196, 64, 8}, Act::sigmoid, Act::identity, Act::sigmoid, rng);
  Adam adam(net.params(), 1e-3f);
  const std::vector<NamedParam> params = net.named_params();
  const Tensor data = rng.uniform_tensor(128, 196);
  float last = 0;
  auto step = [&](int s) {
    // The body of ae::train's step: batch, loss, backward, gradient guard, optimizer step, zero_grad.
    Var X(data.rows_slice((s % 4) * 32, (s % 4) * 32 + 32));
    Var loss = squared_error(net.reconstruct(X), X);
    last = loss.item();
    backward(loss);
    for (const auto& [name, p] : params)
      if (p.has_grad() && !finite(p.grad())) FAIL("non-finite gradient in " << name);
    adam.step();
    adam.zero_grad();
  };
  const Count warm = count_allocations(2, step);
  CHECK(warm.news > 0);  // the first steps build the pools
  const Count c = count_allocations(10, step);
  CHECK(c.news == 0);
  CHECK(c.pool_misses == 0);
  CHECK(std::isfinite(last));
}

TEST_CASE("the same holds with a bias-free graph of the other ops used in chapter 14") {
  gemm_set_threads(1);
  Rng rng(11);
  Var W(rng.normal_tensor(50, 20, 0.f, 0.1f), true), b(Tensor(1, 20), true);
  Adam adam({W, b}, 1e-3f);
  const Tensor data = rng.uniform_tensor(16, 50);
  auto step = [&](int) {
    Var X(data);
    Var h = sigmoid(add_row(matmul(X, W), b));
    Var r = sigmoid(matmul(h, W, false, true));  // tied weights: W used twice, gradients accumulate
    Var loss = add(squared_error(r, X), scale(sum(square(h)), 1e-3f));
    backward(loss);
    adam.step();
    adam.zero_grad();
  };
  count_allocations(2, step);
  const Count c = count_allocations(10, step);
  CHECK(c.news == 0);
  CHECK(c.pool_misses == 0);
}

namespace {

// The parameters after `steps` Adam steps of a widths[0]-...-widths[0] autoencoder on batches of `batch` uniform
// random images (two batches, alternated), on `threads` threads: every entry, in order.
// With `bernoulli` the decoder's outputs are logits and the loss the Bernoulli one (bce_with_logits), as in 14.4.
std::vector<float> trained_parameters(int threads, const std::vector<int>& widths, int batch, int steps,
                                      std::uint64_t seed, bool bernoulli = false) {
  gemm_set_threads(threads);
  Rng rng(seed);
  Autoencoder net(widths, Act::sigmoid, Act::identity, bernoulli ? Act::identity : Act::sigmoid, rng);
  Adam adam(net.params(), 1e-3f);
  const Tensor data = rng.uniform_tensor(2 * batch, widths[0]);
  for (int s = 0; s < steps; ++s) {
    Var X(data.rows_slice((s % 2) * batch, (s % 2) * batch + batch));
    const Var r = net.reconstruct(X);
    backward(bernoulli ? bce_with_logits(r, X) : squared_error(r, X));
    adam.step();
    adam.zero_grad();
  }
  gemm_set_threads(0);
  std::vector<float> all;
  for (const Var& p : net.params()) all.insert(all.end(), p.value().begin(), p.value().end());
  return all;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

TEST_CASE("training is bit-identical run to run with one thread (same seed, same parameters)") {
  CHECK(same_bits(trained_parameters(1, {196, 64, 8}, 32, 6, 5), trained_parameters(1, {196, 64, 8}, 32, 6, 5)));
}

TEST_CASE("training gives the same bits on one thread and on two") {
  // Wide enough that the products, the sigmoid and its backward, the bias sums and adds, the loss gradient and
  // Adam are all split between the threads (gemm/parallel.hpp): a 127 x 784 batch, a 301-unit layer (odd sizes,
  // whose halves are not multiples of 16: a slice cut there would send some entries through the vector loops'
  // scalar tails).
  const std::vector<float> one = trained_parameters(1, {784, 301, 30}, 127, 4, 9);
  CHECK(one != trained_parameters(1, {784, 301, 30}, 127, 0, 9));  // training moved the parameters
  CHECK(same_bits(one, trained_parameters(2, {784, 301, 30}, 127, 4, 9)));
  // The Bernoulli loss's gradient is split too.
  const std::vector<float> b1 = trained_parameters(1, {784, 301, 30}, 127, 4, 9, true);
  CHECK(b1 != one);
  CHECK(same_bits(b1, trained_parameters(2, {784, 301, 30}, 127, 4, 9, true)));
}
