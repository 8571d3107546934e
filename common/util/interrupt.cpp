#include "util/interrupt.hpp"

#include <csignal>
#include <cstdlib>

namespace ae {

namespace {
volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_sigint(int) {
  if (g_interrupted) {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
  g_interrupted = 1;
}
}  // namespace

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
