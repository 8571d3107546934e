#include "util/interrupt.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>

namespace ae {

namespace {
volatile std::sig_atomic_t g_interrupted = 0, g_in_training = 0;
extern "C" void on_sigint(int) {
  if (!g_in_training) {  // nothing to save: stop now (only async-signal-safe calls here)
    static const char msg[] = "\ninterrupted\n";
    [[maybe_unused]] const auto ignored = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    ::_exit(kInterruptedExitStatus);
  }
  if (g_interrupted) {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
  g_interrupted = 1;
}
}  // namespace

TrainingScope::TrainingScope() { g_in_training = 1; }
TrainingScope::~TrainingScope() { g_in_training = 0; }

void install_interrupt_handler() { std::signal(SIGINT, on_sigint); }
bool interrupted() { return g_interrupted != 0; }
void request_interrupt() { g_interrupted = 1; }
void clear_interrupt_for_tests() { g_interrupted = 0; }

void count_training_step() {
  static const long stop_after = [] {
    const char* v = std::getenv("AE_INTERRUPT_AFTER_STEPS");
    return v ? std::atol(v) : 0L;
  }();
  static long steps = 0;
  if (++steps == stop_after) request_interrupt();
}

}  // namespace ae
