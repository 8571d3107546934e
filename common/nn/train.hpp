/// \file
/// \brief The minibatch training loop every chapter shares: shuffled minibatches, one optimizer step per
/// batch, a progress bar, a checkpoint at the end of every epoch (`--resume` continues from it and reaches the
/// same result as an uninterrupted run), a divergence guard (NaN or infinite loss or gradient stops training
/// with a message naming the step, keeping the last good checkpoint) and Ctrl-C handling (finish the step, save,
/// exit 130).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "nn/layers.hpp"
#include "nn/optim.hpp"
#include "rng.hpp"

namespace ae {

/// How to train.
struct TrainConfig {
  int epochs = 10;  ///< passes over the data
  int batch = 128;  ///< minibatch size
  std::string label = "training";  ///< shown in the progress bar
  std::string checkpoint;          ///< checkpoint file; empty: none
  bool resume = false;             ///< continue from `checkpoint` if it exists
};

/// Mean training loss of each epoch (including epochs restored from a checkpoint).
struct TrainHistory {
  std::vector<double> epoch_loss;  ///< one mean loss per epoch
};

/// The loss of one minibatch, given the indices of its examples; it may draw noise from the Rng it is given
/// (a per-step stream, so that resumed runs draw the same noise).
using BatchLoss = std::function<Var(const std::vector<int>& batch, Rng& rng)>;

/// \brief Trains `params` with `opt` on n examples for cfg.epochs epochs.
/// \param cfg epochs, batch size, progress label, checkpoint file and whether to resume from it
/// \param n number of training examples; the minibatches are index lists over 0 .. n-1
/// \param params the parameters, named for the checkpoint
/// \param opt the optimizer; its state is saved in and restored from the checkpoint too
/// \param rng shuffles the examples and seeds each step's noise stream; restored on --resume
/// \param loss the minibatch loss
/// \param on_epoch called after each epoch with (epoch index, mean loss); may be empty.
/// \throws DivergenceError when the loss or a gradient stops being finite; Interrupted after Ctrl-C (a
///         checkpoint is saved first when cfg.checkpoint is set).
TrainHistory train(const TrainConfig& cfg, int n, const std::vector<NamedParam>& params, Optimizer& opt, Rng& rng,
                   const BatchLoss& loss, const std::function<void(int, double)>& on_epoch = nullptr);

}  // namespace ae
