/// \file
/// \brief The two kinds of failure a program reports: a usage error (bad flag or value, exit status 2) and a
/// runtime error (missing or corrupt file, divergence, exit status 1). `run_program` turns either into one clear
/// line on stderr and the right exit status, so that no program ever ends in an uncaught exception.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace ae {

/// A bad command line: the program prints the message and its usage, and exits with status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Training produced a NaN or infinite loss or gradient.
struct DivergenceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The user pressed Ctrl-C; training saved a checkpoint. run_program exits with status 130.
struct Interrupted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Runs `body` and maps exceptions to exit statuses: UsageError 2, Interrupted 130, anything else 1; prints "name:
/// error: ...". A failed write to standard output (a full disk, `> /dev/full`) is exit status 1 too.
int run_program(const std::string& name, const std::function<int()>& body);

}  // namespace ae
