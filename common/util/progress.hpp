/// \file
/// \brief A progress bar for long loops: on a terminal, one redrawn line with a bar, ETA and the current loss;
/// otherwise (logs, CI) an occasional plain line, so that output stays readable.
#pragma once

#include <chrono>
#include <cmath>
#include <string>

namespace ae {

/// \brief Progress of `total` steps, reported on stderr.
class Progress {
 public:
  /// A bar named `label` for `total` steps (an empty label: silent, as the checkpoint fuzzer wants it).
  Progress(std::string label, long total);
  ~Progress();
  /// Reports that `done` of total steps are finished; `loss` is shown when finite.
  void update(long done, double loss = std::nan(""));
  /// Ends the line (called by the destructor too).
  void finish();

 private:
  std::string label_;
  long total_, done_ = 0;
  bool tty_, finished_ = false;
  double last_loss_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
  int last_plain_decile_ = -1;
};

}  // namespace ae
