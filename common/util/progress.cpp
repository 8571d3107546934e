#include "util/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace ae {

Progress::Progress(std::string label, long total)
    : label_(std::move(label)), total_(total > 0 ? total : 1), tty_(::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()), last_draw_(start_ - std::chrono::seconds(1)) {}

Progress::~Progress() { finish(); }

void Progress::update(long done, double loss) {
  done_ = done;
  if (std::isfinite(loss)) last_loss_ = loss;
  if (label_.empty()) return;  // silent
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double frac = static_cast<double>(done) / static_cast<double>(total_);
  const double eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
  if (tty_) {
    if (now - last_draw_ < std::chrono::milliseconds(100) && done < total_) return;
    last_draw_ = now;
    const int width = 30, filled = static_cast<int>(frac * width);
    std::fprintf(stderr, "\r%-24s [%s%s] %3d%%  %6.1fs  eta %5.1fs  loss %.5g   ", label_.c_str(),
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), '.').c_str(), static_cast<int>(frac * 100),
                 elapsed, eta, last_loss_);
    std::fflush(stderr);
  } else {
    const int decile = static_cast<int>(frac * 4);  // a plain line at 0, 25, 50, 75 and 100 percent
    if (decile == last_plain_decile_) return;
    last_plain_decile_ = decile;
    std::fprintf(stderr, "%s: %ld/%ld (%.0f%%) %.1fs loss %.5g\n", label_.c_str(), done, total_, frac * 100, elapsed,
                 last_loss_);
  }
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (tty_ && !label_.empty()) std::fprintf(stderr, "\n");
}

}  // namespace ae
