/// \file
/// \brief Ctrl-C during training: the first SIGINT only sets a flag, so the training loop can finish its step,
/// save a checkpoint and exit with status 130; a second SIGINT ends the program at once. Outside training (data
/// loading, evaluation, figures) SIGINT ends the program at once with status 130.
#pragma once

namespace ae {

/// While one exists, SIGINT only sets the flag that the training loop polls (ae::train holds one).
struct TrainingScope {
  TrainingScope();
  ~TrainingScope();
  TrainingScope(const TrainingScope&) = delete;
  TrainingScope& operator=(const TrainingScope&) = delete;
};

/// Installs the SIGINT handler (idempotent).
void install_interrupt_handler();
/// True once SIGINT has been received.
bool interrupted();
/// Marks SIGINT as received, as the handler does (a test stands in for Ctrl-C).
void request_interrupt();
/// Forgets a received SIGINT (unit tests only: a program stops at its first one).
void clear_interrupt_for_tests();
/// \brief Counts one finished step of a checkpointed training run of this process. For the reliability tests
/// (tests/reliability/resume_identical.sh): when the environment variable AE_INTERRUPT_AFTER_STEPS is N, the N-th
/// such step requests an interrupt, exactly as a Ctrl-C during it would, so a run can be stopped at a chosen point.
void count_training_step();
/// \brief While one exists, a SIGINT that ends the program at once first removes the temporary file at `path`
/// (the atomic writer's `NAME.tmpPID`), so that an interrupted write leaves nothing behind. One at a time.
class PendingTemp {
 public:
  /// Registers `path` (copied; a path of 4096 characters or more is not registered).
  explicit PendingTemp(const char* path);
  /// Forgets it: the write has ended, by rename or by removing the file itself.
  ~PendingTemp();
  PendingTemp(const PendingTemp&) = delete;
  PendingTemp& operator=(const PendingTemp&) = delete;
};
/// The exit status of a program stopped by SIGINT (128 + 2).
constexpr int kInterruptedExitStatus = 130;

}  // namespace ae
