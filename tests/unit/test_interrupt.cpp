// Ctrl-C outside training: the SIGINT handler ends the program at once with status 130, and first removes the
// atomic writer's temporary file if a write is under way (PendingTemp), so nothing is left behind. Each case runs
// in a forked child, since the handler ends the process it runs in.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "temp_dir.hpp"
#include "util/interrupt.hpp"

using namespace ae;

namespace {

// Forks; the child creates `file`, holds a PendingTemp for it if `guarded`, and raises SIGINT. Returns the child's
// exit status (-1 if it did not exit normally).
int child_interrupted(const std::string& file, bool guarded) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    install_interrupt_handler();
    std::ofstream(file) << "half a checkpoint";
    if (guarded) {
      const PendingTemp pending(file.c_str());
      std::raise(SIGINT);
    } else {
      std::raise(SIGINT);
    }
    ::_exit(0);  // not reached: the handler exits
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("Ctrl-C during an atomic write exits 130 and removes the temporary file") {
  TempDir dir("interrupt");
  const std::string tmp = dir / "metrics.txt.tmp123";
  CHECK(child_interrupted(tmp, true) == kInterruptedExitStatus);
  CHECK_FALSE(std::filesystem::exists(tmp));
}

TEST_CASE("Ctrl-C with no write under way exits 130 and removes nothing") {
  TempDir dir("interrupt_none");
  const std::string file = dir / "kept.txt";
  CHECK(child_interrupted(file, false) == kInterruptedExitStatus);
  CHECK(std::filesystem::exists(file));
}
