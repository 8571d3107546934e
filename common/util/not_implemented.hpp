/// \file
/// \brief The exception a student handout's stubs throw (tools/make_handout, tests/exercise/README.md).
///
/// Every exercise region of the code is marked `// BEGIN EXERCISE name` ... `// ELSE` ... `// END EXERCISE`: the
/// solution is compiled here, and the stub (the commented lines after `// ELSE`) only in a handout, where it throws
/// this exception until the student replaces it.
#pragma once

#include <stdexcept>
#include <string>

namespace ae {

/// An exercise whose stub has not been replaced yet; `exercise` is its name, as in HANDOUT.md and the grader.
struct NotImplemented : std::logic_error {
  /// The message is "not implemented: exercise NAME (see HANDOUT.md)", which the grader (tools/grade) reports.
  explicit NotImplemented(const std::string& name)
      : std::logic_error("not implemented: exercise " + name + " (see HANDOUT.md)"), exercise(name) {}
  std::string exercise;  ///< the exercise's name, e.g. 14.2-laplace-prior
};

}  // namespace ae
