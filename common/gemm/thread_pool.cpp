// The GEMM's persistent thread pool (see thread_pool.hpp).
#include "gemm/thread_pool.hpp"

#include <chrono>
#include <cstdint>
#include <exception>
#include <utility>

#include "gemm/kernel.hpp"
#include "util/fp_mode.hpp"

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
  while (static_cast<int>(workers_.size()) < count) workers_.emplace_back([this] { worker_loop(); });
}

namespace {

// Products come back to back (a training step runs 23 of them, with short element-wise passes between), and
// waking a sleeping thread costs tens of microseconds, more on a virtual machine whose idle vCPU the host has
// descheduled. So a thread that waits first polls for a short while, then sleeps: it never holds a core for longer
// than this after its last work.
constexpr double kDefaultSpinMicroseconds = 100;

// Polls `ready` until it holds or the spin time (GemmTuning::pool_spin_us) has passed; returns whether it holds.
// It offers its core to other threads every few microseconds: a new worker starts on its creator's core and the
// scheduler moves it only some tens of milliseconds later; until then a thread polling without yielding would
// keep the very thread it waits for from running (a run of 0.1 ms took 0.35 ms).
template <class Ready>
bool spin_until(const Ready& ready) {
  const double tuned = tuned_pool_spin_us(), us = tuned >= 0 ? tuned : kDefaultSpinMicroseconds;
  if (us <= 0) return ready();
  const auto limit = std::chrono::steady_clock::now() + std::chrono::nanoseconds(static_cast<long>(us * 1e3));
  for (int i = 0;; ++i) {
    if (ready()) return true;
    if ((i & 63) == 63) {
      if (std::chrono::steady_clock::now() > limit) return false;
      std::this_thread::yield();
    }
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
}

}  // namespace

void ThreadPool::worker_loop() {
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
    const std::function<void(int)>* task = task_;
    const int count = count_;
    if (!task) continue;  // woke after the run had ended: the caller took every index
    set_fp_control(fp_control_);  // the caller's floating-point mode (util/fp_mode.hpp)
    lock.unlock();
    run_claimed(seen, count, *task);
    lock.lock();
  }
}

namespace {

unsigned long long claim_word(long gen, int index) {
  return static_cast<unsigned long long>(static_cast<std::uint32_t>(gen)) << 32 | static_cast<std::uint32_t>(index);
}

}  // namespace

void ThreadPool::run_claimed(long gen, int n, const std::function<void(int)>& task) {
  for (;;) {
    // Take the next index if the word still belongs to generation `gen`: a worker that woke late must not take an
    // index of a later run with this run's task. The run cannot end while a claimed task is unfinished, so `task`
    // stays valid until then.
    unsigned long long word = claim_.load(std::memory_order_acquire);
    int t;
    do {
      t = static_cast<int>(word & 0xffffffffu);
      if (word >> 32 != static_cast<std::uint32_t>(gen) || t >= n) return;
    } while (!claim_.compare_exchange_weak(word, word + 1, std::memory_order_acq_rel));
    std::exception_ptr error;
    try {
      task(t);
    } catch (...) {
      error = std::current_exception();  // handed to run()'s caller; a worker must not let it end the program
    }
    std::lock_guard<std::mutex> lock(mutex_);  // run() tests unfinished_ == 0 under it before it sleeps
    if (error && !worker_error_) worker_error_ = error;
    if (unfinished_.fetch_sub(1, std::memory_order_acq_rel) == 1) done_.notify_one();
  }
}

void ThreadPool::run(int n, const std::function<void(int)>& task) {
  std::unique_lock<std::mutex> busy(run_mutex_, std::try_to_lock);
  if (n <= 1 || !busy.owns_lock()) {
    for (int t = 0; t < n; ++t) task(t);
    return;
  }
  long gen;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ensure_workers(n - 1);
    task_ = &task;
    count_ = n;
    fp_control_ = fp_control();
    unfinished_ = n - 1;
    gen = ++generation_;
    claim_ = claim_word(gen, 1);  // index 0 is the caller's
  }
  wake_.notify_all();
  std::exception_ptr error;
  try {
    task(0);
  } catch (...) {
    error = std::current_exception();  // the workers may still hold `task`: wait for them before unwinding
  }
  run_claimed(gen, n, task);  // what no worker has taken yet
  spin_until([&] { return unfinished_.load(std::memory_order_acquire) == 0; });
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return unfinished_ == 0; });
  task_ = nullptr;
  const std::exception_ptr worker_error = std::exchange(worker_error_, nullptr);  // none left for the next run
  if (!error) error = worker_error;  // task 0's exception first, else the first other one
  if (error) std::rethrow_exception(error);
}

ThreadPool& gemm_pool() {
  static ThreadPool pool;
  return pool;
}

}  // namespace ae::gemm_detail
