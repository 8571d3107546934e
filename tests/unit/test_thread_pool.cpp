// The GEMM's thread pool (common/gemm/thread_pool.hpp) on its own: every task index runs exactly once per run(),
// an exception from a task reaches the caller only after the workers are done, a run() from inside a task or from a
// second thread runs its tasks serially instead of deadlocking, and all of it holds whether idle threads poll before
// they sleep (GemmTuning::pool_spin_us) or sleep at once; the caller runs the indices no worker has started. Last,
// parallel_slices (gemm/parallel.hpp), which shares elementwise work over the pool.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <stdexcept>
#include <thread>
#include <vector>

#include "gemm/gemm.hpp"
#include "gemm/parallel.hpp"
#include "gemm/thread_pool.hpp"

using ae::gemm_detail::ThreadPool;

namespace {

// Sets how long idle threads poll for the test case's duration.
struct Polling {
  explicit Polling(double us) {
    ae::GemmTuning tuning;
    tuning.pool_spin_us = us;
    ae::gemm_set_tuning(tuning);
  }
  ~Polling() { ae::gemm_set_tuning(ae::GemmTuning{}); }
};

const double kPolls[] = {0.0, -1.0, 5e3};  // sleep at once, the default, poll through whole runs (5 ms)

}  // namespace

TEST_CASE("every task index runs exactly once per run, over many back-to-back runs") {
  for (double us : kPolls) {
    CAPTURE(us);
    Polling polling(us);
    ThreadPool pool;
    for (int n : {1, 2, 3, 5}) {
      CAPTURE(n);
      std::vector<std::atomic<int>> count(n);
      for (int run = 0; run < 200; ++run) pool.run(n, [&](int t) { count[t].fetch_add(1); });
      for (int t = 0; t < n; ++t) CHECK(count[t].load() == 200);
    }
  }
}

TEST_CASE("an exception from a task reaches the caller after the workers have finished") {
  for (double us : kPolls) {
    CAPTURE(us);
    Polling polling(us);
    ThreadPool pool;
    for (int thrower : {0, 1}) {  // the calling thread's task, a worker's task
      CAPTURE(thrower);
      std::atomic<int> finished{0};
      CHECK_THROWS_AS(pool.run(3,
                               [&](int t) {
                                 if (t == thrower) throw std::runtime_error("task failed");
                                 std::this_thread::sleep_for(std::chrono::milliseconds(5));
                                 finished.fetch_add(1);
                               }),
                      std::runtime_error);
      if (thrower == 0) CHECK(finished.load() == 2);  // run() waited for both workers before rethrowing
      int after = 0;
      pool.run(3, [&](int) {});  // still usable
      pool.run(1, [&](int) { ++after; });
      CHECK(after == 1);
    }
  }
}

TEST_CASE("a run from inside a task, or from a second thread, runs serially instead of deadlocking") {
  for (double us : kPolls) {
    CAPTURE(us);
    Polling polling(us);
    ThreadPool pool;
    std::atomic<int> inner{0};
    pool.run(2, [&](int) { pool.run(3, [&](int) { inner.fetch_add(1); }); });
    CHECK(inner.load() == 6);

    std::atomic<int> a{0}, b{0};
    std::thread other([&] {
      for (int i = 0; i < 100; ++i) pool.run(2, [&](int) { b.fetch_add(1); });
    });
    for (int i = 0; i < 100; ++i) pool.run(2, [&](int) { a.fetch_add(1); });
    other.join();
    CHECK(a.load() == 200);
    CHECK(b.load() == 200);
  }
}

TEST_CASE("a pool whose workers are polling shuts down promptly") {
  Polling polling(5e3);
  const auto t0 = std::chrono::steady_clock::now();
  {
    ThreadPool pool;
    pool.run(3, [](int) {});
  }  // destroyed while its workers poll for the next run
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
}

TEST_CASE("the calling thread takes the indices no worker has started") {
  // Workers that sleep between runs take microseconds to wake, while the caller's own task here takes nanoseconds:
  // the caller should then run index 1 itself rather than wait (it used to wait, and a worker sharing its core
  // made each run several times slower). Each index still runs once per run.
  Polling polling(0.0);
  ThreadPool pool;
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<int> by_caller{0}, ones{0};
  for (int run = 0; run < 1000; ++run)
    pool.run(2, [&](int t) {
      if (t != 1) return;
      ones.fetch_add(1);
      if (std::this_thread::get_id() == caller) by_caller.fetch_add(1);
    });
  CHECK(ones.load() == 1000);
  CHECK(by_caller.load() > 0);
  MESSAGE("index 1 ran on the calling thread in " << by_caller.load() << " of 1000 runs");
}

TEST_CASE("parallel_slices covers each index once, in slices that start at multiples of 16") {
  const std::size_t k = ae::kMinEntriesPerThread;
  for (int threads : {1, 2, 3, 7}) {
    ae::gemm_set_threads(threads);
    for (std::size_t n :
         {std::size_t(0), std::size_t(1), std::size_t(17), 2 * k - 1, 2 * k, 3 * k + 5, std::size_t(100003)}) {
      CAPTURE(threads);
      CAPTURE(n);
      std::vector<int> hits(n, 0);  // slices are disjoint, so plain ints suffice if they are
      std::atomic<int> calls{0}, misaligned{0};
      ae::parallel_slices(n, k, [&](std::size_t b, std::size_t e) {
        ++calls;
        if (b % 16 != 0) ++misaligned;
        for (std::size_t i = b; i < e; ++i) ++hits[i];
      });
      for (std::size_t i = 0; i < n; ++i)
        if (hits[i] != 1) FAIL("index " << i << " covered " << hits[i] << " times");
      CHECK(misaligned == 0);
      // Below twice the minimum, one call on the calling thread; above it, at most one slice per thread.
      const int expected = n < 2 * k ? 1 : std::min<int>(threads, static_cast<int>(n / k));
      CHECK(calls == expected);
    }
  }
  ae::gemm_set_threads(0);
}
