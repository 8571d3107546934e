#include "nn/train.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>

#include "data/synthetic.hpp"
#include "nn/checkpoint.hpp"
#include "util/errors.hpp"
#include "util/interrupt.hpp"
#include "util/progress.hpp"

namespace ae {

namespace {

/// Everything needed to continue exactly where we stopped: parameters, optimizer moments, the random stream as it
/// was at the start of the current epoch (it regenerates the same shuffle), and how far into the epoch we were.
void save_state(const std::string& path, const std::vector<NamedParam>& params, const Optimizer& opt,
                const std::vector<std::uint64_t>& epoch_rng, int epoch, int next_batch, const TrainHistory& h,
                double epoch_loss_sum) {
  Checkpoint c;
  c.add_params(params);
  for (const auto& [name, t] : opt.state()) c.add("opt." + name, t);
  for (std::size_t i = 0; i < epoch_rng.size(); ++i) c.add("rng." + std::to_string(i), epoch_rng[i]);
  c.add("epoch", static_cast<std::uint64_t>(epoch));
  c.add("next_batch", static_cast<std::uint64_t>(next_batch));
  c.add("epoch_loss_sum_bits", std::bit_cast<std::uint64_t>(epoch_loss_sum));
  Tensor hist(1, static_cast<int>(h.epoch_loss.size()));
  for (std::size_t i = 0; i < h.epoch_loss.size(); ++i) hist[i] = static_cast<float>(h.epoch_loss[i]);
  c.add("history", hist);
  save_checkpoint(path, c);
}

/// No entry is NaN or infinite (exponent bits all ones). Branch-free, so it vectorizes: one quick pass.
bool all_finite(const Tensor& t) {
  const float* p = t.data();
  std::uint32_t bad = 0;
  for (std::size_t k = 0; k < t.size(); ++k)
    bad |= (std::bit_cast<std::uint32_t>(p[k]) & 0x7f800000u) == 0x7f800000u;
  return bad == 0;
}

}  // namespace

TrainHistory train(const TrainConfig& cfg, int n, const std::vector<NamedParam>& params, Optimizer& opt, Rng& rng,
                   const BatchLoss& loss_fn, const std::function<void(int, double)>& on_epoch) {
  TrainHistory h;
  int start_epoch = 0, start_batch = 0;
  double loss_sum = 0;
  if (cfg.resume && !cfg.checkpoint.empty() && std::filesystem::exists(cfg.checkpoint)) {
    const Checkpoint c = load_checkpoint(cfg.checkpoint);
    c.load_params(params, cfg.checkpoint);
    std::vector<std::pair<std::string, Tensor>> st;
    for (const auto& [name, t] : c.tensors)
      if (name.rfind("opt.", 0) == 0) st.emplace_back(name.substr(4), t);
    opt.load_state(st);
    std::vector<std::uint64_t> r;
    for (int i = 0; i < 4; ++i) r.push_back(c.get_int("rng." + std::to_string(i)));
    rng.set_state(r);  // the stream as it was when the saved epoch began: it reshuffles identically
    start_epoch = static_cast<int>(c.get_int("epoch"));
    start_batch = static_cast<int>(c.get_int("next_batch"));
    loss_sum = std::bit_cast<double>(c.get_int("epoch_loss_sum_bits"));
    if (const Tensor* hist = c.find("history"))
      for (float v : *hist) h.epoch_loss.push_back(v);
    std::cout << "resuming from " << cfg.checkpoint << " at epoch " << start_epoch + 1 << ", batch " << start_batch
              << "\n";
  }
  install_interrupt_handler();
  const int nbatches = (n + cfg.batch - 1) / cfg.batch;
  Progress bar(cfg.label, static_cast<long>(cfg.epochs) * nbatches);
  long step = static_cast<long>(start_epoch) * nbatches + start_batch;
  for (int epoch = start_epoch; epoch < cfg.epochs; ++epoch) {
    const std::vector<std::uint64_t> epoch_rng = rng.state();
    const auto batches = minibatches(n, cfg.batch, rng);
    for (int b = (epoch == start_epoch ? start_batch : 0); b < nbatches; ++b, ++step) {
      // Noise for this step comes from its own stream, a function of the epoch's stream and the step number, so
      // that a run resumed mid-epoch draws exactly what the uninterrupted run drew.
      Rng step_rng(epoch_rng[0] ^ (0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(step + 1)), 1013);
      Var loss = loss_fn(batches[static_cast<std::size_t>(b)], step_rng);
      const float L = loss.item();
      if (!std::isfinite(L))
        throw DivergenceError("loss became " + std::to_string(L) + " at step " + std::to_string(step + 1) + " (epoch " +
                              std::to_string(epoch + 1) + ")" +
                              (cfg.checkpoint.empty() ? "" : "; the last good checkpoint is " + cfg.checkpoint));
      backward(loss);
      for (const auto& [name, p] : params)
        if (p.has_grad() && !all_finite(p.grad()))
          throw DivergenceError("the gradient of " + name + " became NaN or infinite at step " +
                                std::to_string(step + 1) +
                                (cfg.checkpoint.empty() ? "" : "; the last good checkpoint is " + cfg.checkpoint));
      opt.step();
      opt.zero_grad();
      loss_sum += L;
      bar.update(step + 1, L);
      if (interrupted()) {
        if (!cfg.checkpoint.empty()) {
          // The next batch of this epoch is where a resumed run picks up.
          save_state(cfg.checkpoint, params, opt, epoch_rng, epoch, b + 1, h, loss_sum);
        }
        bar.finish();
        throw Interrupted(cfg.checkpoint.empty() ? "stopped after step " + std::to_string(step + 1)
                                                 : "checkpoint saved to " + cfg.checkpoint + "; rerun with --resume");
      }
    }
    h.epoch_loss.push_back(loss_sum / nbatches);
    loss_sum = 0;
    if (!cfg.checkpoint.empty()) save_state(cfg.checkpoint, params, opt, rng.state(), epoch + 1, 0, h, 0.0);
    if (on_epoch) on_epoch(epoch, h.epoch_loss.back());
  }
  return h;
}

}  // namespace ae
