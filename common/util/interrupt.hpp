/// \file
/// \brief Ctrl-C during training: the first SIGINT only sets a flag, so the training loop can finish its step,
/// save a checkpoint and exit with status 130; a second SIGINT ends the program at once.
#pragma once

namespace ae {

/// Installs the SIGINT handler (idempotent).
void install_interrupt_handler();
/// True once SIGINT has been received.
bool interrupted();
/// The exit status of a program stopped by SIGINT (128 + 2).
constexpr int kInterruptedExitStatus = 130;

}  // namespace ae
