#include "util/interrupt.hpp"

#include <unistd.h>

#include <csignal>
#include <cstddef>
#include <cstdlib>

namespace ae {

namespace {
volatile std::sig_atomic_t g_interrupted = 0, g_in_training = 0, g_temp_set = 0;
char g_temp_path[4096];  // read by the handler only while g_temp_set is 1
extern "C" void on_sigint(int) {
  if (!g_in_training) {  // nothing to save: stop now (only async-signal-safe calls here)
    if (g_temp_set) ::unlink(g_temp_path);
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

PendingTemp::PendingTemp(const char* path) {
  g_temp_set = 0;
  std::size_t n = 0;
  for (; path[n] != '\0' && n + 1 < sizeof g_temp_path; ++n) g_temp_path[n] = path[n];
  g_temp_path[n] = '\0';
  g_temp_set = path[n] == '\0';  // a path too long to copy whole is never unlinked
}
PendingTemp::~PendingTemp() { g_temp_set = 0; }
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
