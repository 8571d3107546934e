#include "nn/train.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>

#include "data/synthetic.hpp"
#include "nn/checkpoint.hpp"
#include "util/errors.hpp"
#include "util/fp_mode.hpp"
#include "util/interrupt.hpp"
#include "util/progress.hpp"

namespace ae {

namespace {

int batches_per_epoch(int n, int batch) { return (n + batch - 1) / batch; }

/// Everything needed to continue exactly where we stopped: parameters, optimizer moments, step count and learning
/// rate, the random stream as it was at the start of the current epoch (it regenerates the same shuffle), how far
/// into the epoch we were, and the settings of the run (so that --resume can refuse other ones).
void save_state(const std::string& path, const TrainConfig& cfg, int n, const std::vector<NamedParam>& params,
                const Optimizer& opt, const std::vector<std::uint64_t>& epoch_rng, int epoch, int next_batch,
                const TrainHistory& h, double epoch_loss_sum) {
  Checkpoint c;
  c.add_params(params);
  for (const auto& [name, t] : opt.state()) c.add("opt." + name, t);
  c.add("opt_lr_bits", static_cast<std::uint64_t>(std::bit_cast<std::uint32_t>(opt.lr)));
  for (std::size_t i = 0; i < epoch_rng.size(); ++i) c.add("rng." + std::to_string(i), epoch_rng[i]);
  c.add("epoch", static_cast<std::uint64_t>(epoch));
  c.add("next_batch", static_cast<std::uint64_t>(next_batch));
  c.add("epoch_loss_sum_bits", std::bit_cast<std::uint64_t>(epoch_loss_sum));
  c.add("examples", static_cast<std::uint64_t>(n));
  c.add("batch", static_cast<std::uint64_t>(cfg.batch));
  Tensor hist(1, static_cast<int>(h.epoch_loss.size()));
  for (std::size_t i = 0; i < h.epoch_loss.size(); ++i) hist[i] = static_cast<float>(h.epoch_loss[i]);
  c.add("history", hist);
  for (const auto& [flag, value] : cfg.settings) c.add_text("setting " + flag, value);
  save_checkpoint(path, c);
}

/// The name under which `params` lists the parameter `p` (the optimizer's list may be ordered otherwise).
std::string param_name(const std::vector<NamedParam>& params, const Var& p) {
  for (const auto& [name, q] : params)
    if (q.value().data() == p.value().data()) return name;
  return "a parameter";
}

/// The integer `name` of the checkpoint, which must be there and in [lo, hi].
std::uint64_t int_in(const Checkpoint& c, const std::string& path, const std::string& name, std::uint64_t lo,
                     std::uint64_t hi) {
  const std::uint64_t* v = c.find_int(name);
  if (!v) throw CheckpointError(path + ": no '" + name + "' (not a training checkpoint, or one of an older version)");
  if (*v < lo || *v > hi)
    throw CheckpointError(path + ": '" + name + "' is " + std::to_string(*v) + ", outside [" + std::to_string(lo) +
                          ", " + std::to_string(hi) + "]");
  return *v;
}

}  // namespace

TrainStart restore_training(const Checkpoint& c, const std::string& path, const TrainConfig& cfg, int n,
                            const std::vector<NamedParam>& params, Optimizer& opt, Rng& rng) {
  // 1. The settings first: a run with another --hidden would otherwise be reported as "another architecture".
  for (const auto& [flag, value] : cfg.settings) {
    const std::string* saved = c.find_text("setting " + flag);
    if (!saved)
      throw CheckpointError(path + ": does not record " + flag + " (a checkpoint of another program or version)");
    if (*saved != value)
      throw UsageError(path + " was saved with " + flag + " " + *saved + ", this run has " + flag + " " + value +
                       ": rerun with " + flag + " " + *saved + ", or without --resume to start over");
  }
  const int nbatches = batches_per_epoch(n, cfg.batch);
  const auto examples = int_in(c, path, "examples", 0, ~0ull);
  if (examples != static_cast<std::uint64_t>(n))
    throw UsageError(path + " was saved for " + std::to_string(examples) + " training examples, this run has " +
                     std::to_string(n) + ": rerun with the same data and sizes, or without --resume");
  const auto batch = int_in(c, path, "batch", 1, ~0ull);
  if (batch != static_cast<std::uint64_t>(cfg.batch))
    throw UsageError(path + " was saved with minibatches of " + std::to_string(batch) + ", this run has " +
                     std::to_string(cfg.batch) + " (--batch): rerun with the same, or without --resume");

  // 2. Where the run stopped.
  TrainStart start;
  start.epoch = static_cast<int>(int_in(c, path, "epoch", 0, static_cast<std::uint64_t>(cfg.epochs)));
  start.batch = static_cast<int>(
      int_in(c, path, "next_batch", 0, start.epoch == cfg.epochs ? 0 : static_cast<std::uint64_t>(nbatches)));
  start.loss_sum = std::bit_cast<double>(int_in(c, path, "epoch_loss_sum_bits", 0, ~0ull));
  if (!std::isfinite(start.loss_sum))
    throw CheckpointError(path + ": the epoch's loss sum is " + std::to_string(start.loss_sum));
  const Tensor* hist = c.find("history");
  if (!hist || hist->size() != static_cast<std::size_t>(start.epoch) || (hist->rows() != 1 && start.epoch > 0))
    throw CheckpointError(path + ": the loss history does not have one entry for each of the " +
                          std::to_string(start.epoch) + " epochs done");
  for (float v : *hist) {
    if (!std::isfinite(v)) throw CheckpointError(path + ": the loss history has a NaN or infinite entry");
    start.history.epoch_loss.push_back(v);
  }

  // 3. The random stream: a PCG32 state, its increment odd, the Gaussian spare flag 0 or 1 and the spare finite.
  std::vector<std::uint64_t> r;
  for (int i = 0; i < 4; ++i) r.push_back(int_in(c, path, "rng." + std::to_string(i), 0, ~0ull));
  if (r[1] % 2 == 0 || r[2] > 1 || !std::isfinite(std::bit_cast<double>(r[3])))
    throw CheckpointError(path + ": the saved random-number state is not one a generator can be in");

  // 4. The optimizer: its tensors (the optimizer checks names, shapes and values) and its learning rate.
  const float lr = std::bit_cast<float>(static_cast<std::uint32_t>(int_in(c, path, "opt_lr_bits", 0, 0xFFFFFFFFull)));
  if (!std::isfinite(lr) || lr < 0)
    throw CheckpointError(path + ": the saved learning rate is " + std::to_string(lr));
  std::vector<std::pair<std::string, Tensor>> st;
  for (const auto& [name, t] : c.tensors)
    if (name.rfind("opt.", 0) == 0) st.emplace_back(name.substr(4), t);

  // 5. Everything checked but the parameters and the optimizer state, which check themselves before changing
  // anything; the parameters go first (load_params), so a bad optimizer state leaves nothing half restored that
  // matters: the program stops with the error.
  c.load_params(params, path);
  try {
    opt.load_state(st);
  } catch (const std::runtime_error& e) {
    throw CheckpointError(path + ": " + e.what());
  }
  opt.lr = lr;
  rng.set_state(r);  // the stream as it was when the saved epoch began: it reshuffles identically
  return start;
}

void check_resume(const TrainConfig& cfg, int n, const std::vector<NamedParam>& params, Optimizer& opt, Rng& rng) {
  if (!cfg.resume || cfg.checkpoint.empty() || !std::filesystem::exists(cfg.checkpoint)) return;
  restore_training(load_checkpoint(cfg.checkpoint), cfg.checkpoint, cfg, n, params, opt, rng);
}

TrainHistory train(const TrainConfig& cfg, int n, const std::vector<NamedParam>& params, Optimizer& opt, Rng& rng,
                   const BatchLoss& loss_fn, const std::function<void(int, double)>& on_epoch) {
  TrainStart start;
  std::error_code ec;
  if (cfg.resume && !cfg.checkpoint.empty() && std::filesystem::exists(cfg.checkpoint, ec)) {
    start = restore_training(load_checkpoint(cfg.checkpoint), cfg.checkpoint, cfg, n, params, opt, rng);
    std::cout << "resuming from " << cfg.checkpoint << " at epoch " << start.epoch + 1 << ", batch " << start.batch
              << "\n";
  }
  return train_from(start, cfg, n, params, opt, rng, loss_fn, on_epoch);
}

TrainHistory train_from(const TrainStart& start, const TrainConfig& cfg, int n, const std::vector<NamedParam>& params,
                        Optimizer& opt, Rng& rng, const BatchLoss& loss_fn,
                        const std::function<void(int, double)>& on_epoch) {
  TrainHistory h = start.history;
  double loss_sum = start.loss_sum;
  const TrainingScope training;  // Ctrl-C now finishes the step and saves; outside training it stops at once
  const FlushSubnormals flush;   // a subnormal Adam moment would cost a microcode assist per use (util/fp_mode.hpp)
  install_interrupt_handler();
  const int nbatches = batches_per_epoch(n, cfg.batch);
  Progress bar(cfg.label, static_cast<long>(cfg.epochs) * nbatches);
  long step = static_cast<long>(start.epoch) * nbatches + start.batch;
  // After Ctrl-C, once the checkpoint (if any) is saved: `where` says how far a run without one got.
  const auto stop = [&](const std::string& where) {
    bar.finish();
    throw Interrupted(cfg.checkpoint.empty() ? "stopped after " + where
                                             : "checkpoint saved to " + cfg.checkpoint + "; rerun with --resume");
  };
  for (int epoch = start.epoch; epoch < cfg.epochs; ++epoch) {
    const std::vector<std::uint64_t> epoch_rng = rng.state();
    const auto batches = minibatches(n, cfg.batch, rng);
    for (int b = (epoch == start.epoch ? start.batch : 0); b < nbatches; ++b, ++step) {
      // Noise for this step comes from its own stream, a function of the epoch's stream and the step number, so
      // that a run resumed mid-epoch draws exactly what the uninterrupted run drew.
      Rng step_rng(epoch_rng[0] ^ (0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(step + 1)), 1013);
      Var loss = loss_fn(batches.at(static_cast<std::size_t>(b)), step_rng);
      const float L = loss.item();
      if (!std::isfinite(L))
        throw DivergenceError("loss became " + std::to_string(L) + " at step " + std::to_string(step + 1) + " (epoch " +
                              std::to_string(epoch + 1) + ")" +
                              (cfg.checkpoint.empty() ? "" : "; the last good checkpoint is " + cfg.checkpoint));
      backward(loss);
      opt.step();  // which checks the gradients as it reads them
      if (const int bad = opt.nonfinite_gradient(); bad >= 0)
        throw DivergenceError("the gradient of " + param_name(params, opt.params().at(static_cast<std::size_t>(bad))) +
                              " became NaN or infinite at step " + std::to_string(step + 1) +
                              (cfg.checkpoint.empty() ? "" : "; the last good checkpoint is " + cfg.checkpoint));
      opt.zero_grad();
      loss_sum += L;
      bar.update(step + 1, L);
      if (!cfg.checkpoint.empty()) count_training_step();
      if (interrupted()) {
        if (!cfg.checkpoint.empty()) {
          // The next batch of this epoch is where a resumed run picks up.
          save_state(cfg.checkpoint, cfg, n, params, opt, epoch_rng, epoch, b + 1, h, loss_sum);
        }
        stop("step " + std::to_string(step + 1));
      }
    }
    h.epoch_loss.push_back(loss_sum / nbatches);
    loss_sum = 0;
    // The callback runs before the checkpoint, so that what it sets for the next epoch (a learning rate) is saved.
    if (on_epoch) on_epoch(epoch, h.epoch_loss.back());
    if (!cfg.checkpoint.empty()) save_state(cfg.checkpoint, cfg, n, params, opt, rng.state(), epoch + 1, 0, h, 0.0);
    // A Ctrl-C during the callback (an evaluation after the last step) is honoured here, not by whatever the
    // program runs next: the epoch's state is already saved, so a resumed run starts at the next epoch.
    if (interrupted()) stop("epoch " + std::to_string(epoch + 1));
  }
  return h;
}

}  // namespace ae
