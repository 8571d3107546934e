// A small persistent thread pool for the GEMM: workers are started once and sleep on a condition variable
// between calls, after polling for at most 100 us (GemmTuning::pool_spin_us) in case the next product comes at
// once, so an idle program costs no CPU and a call pays neither for thread creation nor, mostly, for a wake-up.
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

  /// Runs task(t) for t = 0..n-1 and returns when all are done: t = 0 on the calling thread, the others on
  /// workers (started on first need). If the pool is already busy (a call from another thread, or from inside a
  /// task), the tasks run one after the other on the calling thread instead: same results, no deadlock. An
  /// exception thrown by any task is rethrown here once every task has finished (the caller's own first).
  void run(int n, const std::function<void(int)>& task);

  /// run() for any callable, passed through a pointer to it: std::function stores a one-pointer capture in place,
  /// so a call allocates nothing (a training step must not: tests/unit/test_no_alloc.cpp).
  template <class Task>
  void run_each(int n, const Task& task) {
    run(n, [p = &task](int t) { (*p)(t); });
  }

 private:
  void ensure_workers(int count);
  void worker_loop(int id);

  std::mutex run_mutex_;  // one run() at a time
  std::mutex mutex_;      // guards everything below (the atomics are written under it, and may be read without)
  std::condition_variable wake_, done_;
  std::vector<std::thread> workers_;  // worker w runs task index w + 1
  const std::function<void(int)>* task_ = nullptr;
  int active_ = 0;                    // task indices 1..active_ go to workers in the current generation
  std::atomic<int> pending_{0};       // workers of the current generation not yet finished
  std::atomic<long> generation_{0};   // bumped by each run() so each worker takes each task once
  bool stop_ = false;
  std::exception_ptr worker_error_;   // the first exception a worker's task threw in the current generation
};

/// The pool all GEMM calls share.
ThreadPool& gemm_pool();

}  // namespace ae::gemm_detail
