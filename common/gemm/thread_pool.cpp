// The GEMM's persistent thread pool (see thread_pool.hpp).
#include "gemm/thread_pool.hpp"

#include <chrono>
#include <exception>
#include <utility>

#include "gemm/kernel.hpp"

namespace ae::gemm_detail {

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& w : workers_) w.join();
}

void ThreadPool::ensure_workers(int count) {
  while (static_cast<int>(workers_.size()) < count) {
    const int id = static_cast<int>(workers_.size());
    workers_.emplace_back([this, id] { worker_loop(id); });
  }
}

namespace {

// Products come back to back (a training step runs 23 of them, with short element-wise passes between), and
// waking a sleeping thread costs tens of microseconds, more on a virtual machine whose idle vCPU the host has
// descheduled. So a thread that waits first polls for a short while, then sleeps: it never holds a core for longer
// than this after its last work.
constexpr double kDefaultSpinMicroseconds = 100;

// Polls `ready` until it holds or the spin time (GemmTuning::pool_spin_us) has passed; returns whether it holds.
template <class Ready>
bool spin_until(const Ready& ready) {
  const double tuned = tuned_pool_spin_us(), us = tuned >= 0 ? tuned : kDefaultSpinMicroseconds;
  if (us <= 0) return ready();
  const auto limit = std::chrono::steady_clock::now() + std::chrono::nanoseconds(static_cast<long>(us * 1e3));
  for (int i = 0;; ++i) {
    if (ready()) return true;
    if ((i & 63) == 63 && std::chrono::steady_clock::now() > limit) return false;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
}

}  // namespace

void ThreadPool::worker_loop(int id) {
  long seen = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (generation_ == seen && !stop_) {
      lock.unlock();
      spin_until([&] { return generation_.load(std::memory_order_acquire) != seen; });
      lock.lock();
    }
    wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
    if (stop_) return;
    seen = generation_;
    if (id + 1 > active_) continue;  // not needed in this generation
    const std::function<void(int)>* task = task_;
    lock.unlock();
    std::exception_ptr error;
    try {
      (*task)(id + 1);
    } catch (...) {
      error = std::current_exception();  // handed to run()'s caller; a worker must not let it end the program
    }
    lock.lock();
    if (error && !worker_error_) worker_error_ = error;
    if (--pending_ == 0) done_.notify_one();
  }
}

void ThreadPool::run(int n, const std::function<void(int)>& task) {
  std::unique_lock<std::mutex> busy(run_mutex_, std::try_to_lock);
  if (n <= 1 || !busy.owns_lock()) {
    for (int t = 0; t < n; ++t) task(t);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ensure_workers(n - 1);
    task_ = &task;
    active_ = n - 1;
    pending_ = n - 1;
    ++generation_;
  }
  wake_.notify_all();
  std::exception_ptr error;
  try {
    task(0);
  } catch (...) {
    error = std::current_exception();  // the workers still hold `task`: wait for them before unwinding
  }
  spin_until([&] { return pending_.load(std::memory_order_acquire) == 0; });
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return pending_ == 0; });
  task_ = nullptr;
  const std::exception_ptr worker_error = std::exchange(worker_error_, nullptr);  // none left for the next run
  if (!error) error = worker_error;  // the caller's own exception first, else the first worker's
  if (error) std::rethrow_exception(error);
}

ThreadPool& gemm_pool() {
  static ThreadPool pool;
  return pool;
}

}  // namespace ae::gemm_detail
