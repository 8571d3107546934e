// A small persistent thread pool for the GEMM: workers are started once and sleep on a condition variable
// between calls, after polling for at most 100 us (GemmTuning::pool_spin_us) in case the next product comes at
// once, so an idle program costs no CPU and a call pays neither for thread creation nor, mostly, for a wake-up.
// The tasks of a call are claimed, not assigned: a thread that is free takes the next unclaimed index, so the
// calling thread never waits for a worker that has not started (one the system is running elsewhere, or on the
// caller's own core): it does that work itself.
#pragma once

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ae::gemm_detail {

class ThreadPool {
 public:
  ThreadPool() = default;
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  ~ThreadPool();

  /// Runs task(t) for t = 0..n-1 and returns when all are done: t = 0 on the calling thread, each other index on
  /// whichever thread claims it first, a worker (started on first need) or the calling thread once it is free.
  /// If the pool is already busy (a call from another thread, or from inside a task), the tasks run one after the
  /// other on the calling thread instead: same results, no deadlock. An exception thrown by any task is rethrown
  /// here once every task has finished (task 0's first). Workers run their tasks in the calling thread's
  /// floating-point mode (util/fp_mode.hpp: subnormals flushed or not), so the threads of one run compute alike.
  void run(int n, const std::function<void(int)>& task);

  /// run() for any callable, passed through a pointer to it: std::function stores a one-pointer capture in place,
  /// so a call allocates nothing (a training step must not: tests/unit/test_no_alloc.cpp).
  template <class Task>
  void run_each(int n, const Task& task) {
    run(n, [p = &task](int t) { (*p)(t); });
  }

 private:
  void ensure_workers(int count);
  void worker_loop();
  // Claims and runs indices of generation `gen` (of n tasks) until none is left to claim.
  void run_claimed(long gen, int n, const std::function<void(int)>& task);

  std::mutex run_mutex_;  // one run() at a time
  std::mutex mutex_;      // guards everything below (the atomics are set under it and may be read without it;
                          // claim_ is advanced without it, by compare-and-swap)
  std::condition_variable wake_, done_;
  std::vector<std::thread> workers_;
  const std::function<void(int)>* task_ = nullptr;
  int count_ = 0;                     // the current generation's number of tasks
  unsigned long fp_control_ = 0;      // the caller's floating-point control word, which its workers take on
  std::atomic<long> generation_{0};   // bumped by each run(), so a worker wakes once per run
  std::atomic<unsigned long long> claim_{0};  // the generation (high 32 bits) and its next unclaimed index
  std::atomic<int> unfinished_{0};    // tasks 1..count_-1 of the current generation not yet finished
  bool stop_ = false;
  std::exception_ptr worker_error_;   // the first exception a worker's task threw in the current generation
};

/// The pool all GEMM calls share.
ThreadPool& gemm_pool();

}  // namespace ae::gemm_detail
