#include "util/errors.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>

namespace ae {

namespace {
// Whether everything written to standard output reached it: `prog > /dev/full` must not exit 0.
bool stdout_ok() {
  std::cout.flush();
  return std::cout.good() && std::fflush(stdout) == 0 && !std::ferror(stdout);
}
}  // namespace

int run_program(const std::string& name, const std::function<int()>& body) {
  try {
    const int status = body();
    if (!stdout_ok()) {
      std::cerr << name << ": error: cannot write to standard output: " << std::strerror(errno) << "\n";
      return 1;
    }
    return status;
  } catch (const UsageError& e) {
    std::cerr << name << ": " << e.what() << "\n(run " << name << " --help for usage)\n";
    return 2;
  } catch (const Interrupted& e) {
    std::cerr << name << ": interrupted: " << e.what() << "\n";
    return 130;
  } catch (const std::bad_alloc&) {
    std::cerr << name << ": error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << name << ": error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace ae
