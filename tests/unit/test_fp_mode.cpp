// Subnormal floats flushed to zero while training (common/util/fp_mode.hpp): the guard sets the mode and restores
// the one it found; the GEMM's pool runs its workers' tasks in the mode of the thread that called it; ae::train
// holds the mode through its loss and its epoch callback, and not after; and under it, the first moment of an Adam
// parameter whose gradient has gone to zero reaches exactly zero instead of lingering as a slow subnormal.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <optional>
#include <thread>

#include "autodiff/ops.hpp"
#include "gemm/thread_pool.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"
#include "util/fp_mode.hpp"

using namespace ae;

namespace {

#if defined(__x86_64__) || defined(__aarch64__)
constexpr bool kCanFlush = true;
#else
constexpr bool kCanFlush = false;
#endif

// 1e-30 * 1e-10 = 1e-40, below the smallest normal float (1.18e-38): subnormal, or zero when flushed.
float tiny_product() {
  volatile float a = 1e-30f, b = 1e-10f;
  return a * b;
}

bool subnormal(float x) { return x != 0.f && std::fpclassify(x) == FP_SUBNORMAL; }

}  // namespace

TEST_CASE("FlushSubnormals flushes a subnormal result to zero, and restores the mode it found") {
  if (!kCanFlush) return;
  REQUIRE_FALSE(flushing_subnormals());  // a thread starts in the IEEE mode
  CHECK(subnormal(tiny_product()));
  {
    const FlushSubnormals flush;
    CHECK(flushing_subnormals());
    CHECK(tiny_product() == 0.f);
    {
      const FlushSubnormals nested;
      CHECK(tiny_product() == 0.f);
    }
    CHECK(flushing_subnormals());  // the inner guard restored the outer one's mode
  }
  CHECK_FALSE(flushing_subnormals());
  CHECK(subnormal(tiny_product()));
}

TEST_CASE("the thread pool's workers compute in the mode of the thread that called run()") {
  if (!kCanFlush) return;
  gemm_detail::ThreadPool pool;
  for (const bool flush_on : {true, false, true}) {
    CAPTURE(flush_on);
    std::atomic<int> worker_done{0};
    std::atomic<bool> worker_flushing{!flush_on};
    std::atomic<float> worker_product{-1.f};
    const std::thread::id caller = std::this_thread::get_id();
    const auto task = [&](int t) {
      if (t == 0) {  // the caller's index: wait (at most 10 s) for a worker to take index 1
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (worker_done.load() == 0 && std::chrono::steady_clock::now() < until) std::this_thread::yield();
        return;
      }
      if (std::this_thread::get_id() == caller) return;  // the wait timed out: nothing to judge
      worker_flushing = flushing_subnormals();
      worker_product = tiny_product();
      worker_done = 1;
    };
    if (flush_on) {
      const FlushSubnormals flush;
      pool.run(2, task);
    } else {
      pool.run(2, task);
    }
    REQUIRE(worker_done.load() == 1);
    CHECK(worker_flushing.load() == flush_on);
    CHECK((worker_product.load() == 0.f) == flush_on);
  }
}

TEST_CASE("ae::train flushes subnormals in its loss and its epoch callback, and not after") {
  if (!kCanFlush) return;
  Rng rng(1);
  Var w(Tensor(1, 4, 0.5f), true);
  Adam opt({w}, 1e-2f);
  TrainConfig cfg{2, 4, "fp mode", "", false};
  int losses = 0, losses_flushing = 0, callbacks_flushing = 0;
  train(
      cfg, 8, {{"w", w}}, opt, rng,
      [&](const std::vector<int>&, Rng&) {
        ++losses;
        losses_flushing += flushing_subnormals();
        return sum(square(w));
      },
      [&](int, double) { callbacks_flushing += flushing_subnormals(); });
  CHECK(losses == 4);
  CHECK(losses_flushing == 4);
  CHECK(callbacks_flushing == 2);
  CHECK_FALSE(flushing_subnormals());
}

TEST_CASE("an Adam moment whose gradient has gone to zero ends exactly zero when flushed, subnormal when not") {
  if (!kCanFlush) return;
  // One gradient of 1e-3, then zeros: the first moment is 0.1 * 1e-3 * 0.9^(t-1), below 1.18e-38 from t ~ 780.
  // Both the vector update and the portable one (a width that leaves a tail) must end the same way.
  for (const int width : {64, 3}) {
    for (const bool flush_on : {false, true}) {
      CAPTURE(width);
      CAPTURE(flush_on);
      Var w(Tensor(1, width, 0.f), true);
      Adam opt({w}, 1e-3f);
      std::optional<FlushSubnormals> flush;
      if (flush_on) flush.emplace();
      for (int t = 0; t < 900; ++t) {
        opt.zero_grad();
        w.grad().fill(t == 0 ? 1e-3f : 0.f);
        opt.step();
      }
      flush.reset();
      const Tensor m = opt.state().at(0).second;
      const float m_first = m[0], m_tail = m[static_cast<std::size_t>(width - 1)];
      if (flush_on) {
        CHECK(m_first == 0.f);
        CHECK(m_tail == 0.f);
      } else {
        CHECK(subnormal(m_first));
        CHECK(subnormal(m_tail));
      }
    }
  }
}
