/// \file
/// \brief The minibatch training loop every chapter shares: shuffled minibatches, one optimizer step per
/// batch, a progress bar, a checkpoint at the end of every epoch (`--resume` continues from it and reaches the
/// same result as an uninterrupted run), a divergence guard (NaN or infinite loss or gradient stops training
/// with a message naming the step, keeping the last good checkpoint) and Ctrl-C handling (finish the step, save,
/// exit 130).
#pragma once

#include <functional>
#include <string>
#include <utility>
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
  /// The settings that shape the run, as (flag, value) texts (Cli::values): recorded in the checkpoint, and a
  /// --resume with another value is refused (UsageError, exit 2) naming the flag and both values.
  std::vector<std::pair<std::string, std::string>> settings = {};
};

struct Checkpoint;

/// Mean training loss of each epoch (including epochs restored from a checkpoint).
struct TrainHistory {
  std::vector<double> epoch_loss;  ///< one mean loss per epoch
};

/// The loss of one minibatch, given the indices of its examples; it may draw noise from the Rng it is given
/// (a per-step stream, so that resumed runs draw the same noise).
using BatchLoss = std::function<Var(const std::vector<int>& batch, Rng& rng)>;

/// Where a run continues: the epoch and batch to start from, the loss summed so far in that epoch, and the
/// mean losses of the epochs already done.
struct TrainStart {
  int epoch = 0;         ///< the epoch to continue
  int batch = 0;         ///< the first minibatch of that epoch not yet trained
  double loss_sum = 0;   ///< the loss summed over that epoch's minibatches so far
  TrainHistory history;  ///< the mean losses of the epochs already done
};

/// \brief Restores a training state from checkpoint `c` (read from `path`) into `params`, `opt` and `rng`, after
/// checking every field as if the file were hostile: the settings against cfg.settings, the number of examples
/// and the batch size, every parameter and optimizer tensor (names, shapes, finite values, Adam's step count),
/// the random stream, the epoch (at most cfg.epochs), the batch within it (at most the batches per epoch), the
/// loss sum and the history (finite, one entry per epoch done). Nothing is changed unless all pass.
/// \throws UsageError (exit 2) when a setting differs; CheckpointError (exit 1) naming `path` and the field.
TrainStart restore_training(const Checkpoint& c, const std::string& path, const TrainConfig& cfg, int n,
                            const std::vector<NamedParam>& params, Optimizer& opt, Rng& rng);

/// \brief Loads cfg.checkpoint (when cfg.resume and it exists) and checks it as restore_training does, restoring
/// into the given throwaway `params`, `opt` and `rng`: a program can refuse a bad checkpoint before any work.
void check_resume(const TrainConfig& cfg, int n, const std::vector<NamedParam>& params, Optimizer& opt, Rng& rng);

/// \brief Trains `params` with `opt` on n examples for cfg.epochs epochs.
/// \param cfg epochs, batch size, progress label, checkpoint file and whether to resume from it
/// \param n number of training examples; the minibatches are index lists over 0 .. n-1
/// \param params the parameters, named for the checkpoint
/// \param opt the optimizer; its state is saved in and restored from the checkpoint too
/// \param rng shuffles the examples and seeds each step's noise stream; restored on --resume
/// \param loss the minibatch loss
/// \param on_epoch called after each epoch with (epoch index, mean loss); may be empty.
/// \throws DivergenceError when the loss or a gradient stops being finite (the gradient as the optimizer's step
///         reads it, Optimizer::nonfinite_gradient: the parameters in memory are then spent, the checkpoint on
///         disk is the last good state); Interrupted after Ctrl-C, at the end of a step or of an epoch's callback (a
///         checkpoint is saved first when cfg.checkpoint is set).
TrainHistory train(const TrainConfig& cfg, int n, const std::vector<NamedParam>& params, Optimizer& opt, Rng& rng,
                   const BatchLoss& loss, const std::function<void(int, double)>& on_epoch = nullptr);

/// \brief train() from `start` (a restore_training() result; the default starts afresh) without reading
/// cfg.checkpoint: what train() runs after restoring (the checkpoint fuzzer runs it on hostile files).
TrainHistory train_from(const TrainStart& start, const TrainConfig& cfg, int n, const std::vector<NamedParam>& params,
                        Optimizer& opt, Rng& rng, const BatchLoss& loss,
                        const std::function<void(int, double)>& on_epoch = nullptr);

}  // namespace ae
