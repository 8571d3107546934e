// The training loop end to end: an MLP autoencoder learns, --resume reproduces an uninterrupted run exactly,
// and a diverging run stops with a message naming the step.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <filesystem>

#include "autodiff/losses.hpp"
#include "data/datasets.hpp"
#include "nn/checkpoint.hpp"
#include "nn/train.hpp"
#include "util/errors.hpp"
#include "util/interrupt.hpp"

using namespace ae;

namespace {
struct Run {
  Autoencoder ae;
  TrainHistory hist;
};

Run train_small(const ImageSet& data, int epochs, const std::string& ckpt, bool resume, std::uint64_t seed = 1) {
  Rng rng(seed);
  Run r{Autoencoder({784, 64, 16}, Act::sigmoid, Act::identity, Act::sigmoid, rng), {}};
  Adam opt(r.ae.params(), 3e-3f);
  TrainConfig cfg{epochs, 50, "test", ckpt, resume};
  r.hist = train(cfg, data.n, r.ae.named_params(), opt, rng, [&](const std::vector<int>& idx, Rng&) {
    Var X(data.batch(idx));
    return squared_error(r.ae.reconstruct(X), X);
  });
  return r;
}

double test_error(const Autoencoder& ae, const ImageSet& s) {
  Tensor X = s.all();
  return sq_norm(ae.reconstruct(X) - X) / X.rows();
}
}  // namespace

TEST_CASE("an MLP autoencoder on sample images lowers its reconstruction error by a clear margin") {
  const ImageData d = load_images("fashion", "", false);
  const ImageSet train_set = d.train.head(500), test_set = d.test.head(300);
  Rng rng(1);
  Autoencoder untrained({784, 64, 16}, Act::sigmoid, Act::identity, Act::sigmoid, rng);
  const double before = test_error(untrained, test_set);
  Run r = train_small(train_set, 8, "", false);
  const double after = test_error(r.ae, test_set);
  MESSAGE("test squared error per image: before " << before << ", after " << after);
  CHECK(after < 0.5 * before);
  CHECK(r.hist.epoch_loss.back() < r.hist.epoch_loss.front());
}

TEST_CASE("a resumed run reaches exactly the parameters of an uninterrupted run") {
  const ImageSet train_set = load_images("mnist", "", false).train.head(300);
  const std::string ckpt = (std::filesystem::temp_directory_path() / "ae_test_resume.ckpt").string();
  std::filesystem::remove(ckpt);
  Run full = train_small(train_set, 4, "", false);
  train_small(train_set, 2, ckpt, false);       // "interrupted" after 2 epochs
  Run resumed = train_small(train_set, 4, ckpt, true);  // continue to 4
  CHECK(max_abs_diff(full.ae.encoder.layers[0].W.value(), resumed.ae.encoder.layers[0].W.value()) == 0.f);
  CHECK(max_abs_diff(full.ae.decoder.layers[1].W.value(), resumed.ae.decoder.layers[1].W.value()) == 0.f);
  REQUIRE(resumed.hist.epoch_loss.size() == 4);
  CHECK(resumed.hist.epoch_loss[3] == doctest::Approx(full.hist.epoch_loss[3]).epsilon(1e-6));
}

TEST_CASE("a diverging loss stops training with a message naming the step and keeps the last checkpoint") {
  Rng rng(1);
  Var w(Tensor(1, 1, 1.f), true);
  Sgd opt({w}, 10.f);  // far too large a step on L = w^4: the iterates blow up
  const std::string ckpt = (std::filesystem::temp_directory_path() / "ae_test_diverge.ckpt").string();
  std::filesystem::remove(ckpt);
  TrainConfig cfg{100, 1, "diverge", ckpt, false};
  try {
    train(cfg, 1, {{"w", w}}, opt, rng, [&](const std::vector<int>&, Rng&) { return sum(square(square(w))); });
    FAIL("training did not stop");
  } catch (const DivergenceError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("step") != std::string::npos);
    CHECK(msg.find(ckpt) != std::string::npos);
  }
  const Checkpoint c = load_checkpoint(ckpt);  // the last good state is still readable
  CHECK(std::isfinite((*c.find("w"))[0]));
}

TEST_CASE("a gradient that stops being finite, with a finite loss, stops training naming the parameter") {
  Rng rng(1);
  Var u(Tensor(1, 2, 1.f), true), w(Tensor(1, 3, 0.f), true);
  Adam opt({u, w}, 1e-3f);
  TrainConfig cfg{1, 1, "nan gradient", "", false};
  // d sqrt(w) / dw is infinite at w = 0, while the loss, sqrt(0) + u . u, is finite.
  CHECK_THROWS_WITH_AS(train(cfg, 1, {{"enc.u", u}, {"dec.w", w}}, opt, rng,
                             [&](const std::vector<int>&, Rng&) { return sum(sqrt(w)) + sum(square(u)); }),
                       doctest::Contains("the gradient of dec.w became NaN or infinite at step 1"), DivergenceError);
}

namespace {
// A tiny model trained for 3 epochs of 3 batches with a learning-rate schedule set after each epoch, checkpointed.
struct Tiny {
  Rng rng{5};
  Mlp net{{4, 3, 4}, Act::tanh, Act::identity, rng};
  Adam opt{net.params(), 1e-2f};
  Tensor X = Rng(9).normal_tensor(10, 4, 0.f, 1.f);
  TrainConfig cfg;
  Tiny(const std::string& ckpt, bool resume, int epochs = 3) {
    cfg = TrainConfig{epochs, 4, "tiny", ckpt, resume, {{"--lr", "0.01"}, {"--hidden", "3"}}};
  }
  TrainHistory run() {
    return train(
        cfg, X.rows(), net.named_params("m"), opt, rng,
        [&](const std::vector<int>& idx, Rng& r) {
          const Tensor x = gather_rows(X, idx);
          return squared_error(net(Var(x + r.normal_tensor(x.rows(), x.cols(), 0.f, 0.1f))), Var(x));
        },
        [&](int e, double) { opt.lr = 1e-2f / static_cast<float>(e + 2); });  // a schedule, as 14.5's cosine
  }
};

// The checkpoint after one epoch of Tiny, with `edit` applied (then saved again, with a valid checksum).
std::string edited_checkpoint(const std::string& name, const std::function<void(Checkpoint&)>& edit) {
  const std::string path = (std::filesystem::temp_directory_path() / ("ae_test_hostile_" + name + ".ckpt")).string();
  std::filesystem::remove(path);
  Tiny(path, false, 1).run();
  Checkpoint c = load_checkpoint(path);
  edit(c);
  save_checkpoint(path, c);
  return path;
}
void set_int(Checkpoint& c, const std::string& name, std::uint64_t v) {
  for (auto& [n, x] : c.ints)
    if (n == name) x = v;
}
void set_tensor(Checkpoint& c, const std::string& name, const Tensor& t) {
  for (auto& [n, x] : c.tensors)
    if (n == name) x = t;
}
}  // namespace

TEST_CASE("a run resumed mid-epoch and at epoch ends is bit-identical, learning-rate schedule included") {
  // The schedule set by the epoch callback is part of the state: without it in the checkpoint, a resumed run
  // continued with the initial rate and ended elsewhere (14.5's dae_psnr_gain_db 2.399 against 2.747).
  Tiny full("", false);
  full.run();
  for (int stop : {1, 3, 5, 8}) {  // steps: inside epoch 1, at its end, inside epochs 2 and 3
    CAPTURE(stop);
    const std::string ckpt = (std::filesystem::temp_directory_path() / "ae_test_resume_lr.ckpt").string();
    std::filesystem::remove(ckpt);
    {
      Tiny first(ckpt, false);
      int steps = 0;
      // Stop after `stop` steps, as Ctrl-C would (the same request_interrupt the SIGINT handler makes).
      auto loss = [&](const std::vector<int>& idx, Rng& r) {
        if (++steps == stop) request_interrupt();
        const Tensor x = gather_rows(first.X, idx);
        return squared_error(first.net(Var(x + r.normal_tensor(x.rows(), x.cols(), 0.f, 0.1f))), Var(x));
      };
      CHECK_THROWS_AS(train(first.cfg, first.X.rows(), first.net.named_params("m"), first.opt, first.rng, loss,
                            [&](int e, double) { first.opt.lr = 1e-2f / static_cast<float>(e + 2); }),
                      Interrupted);
    }
    clear_interrupt_for_tests();
    Tiny resumed(ckpt, true);
    resumed.run();
    for (std::size_t l = 0; l < full.net.layers.size(); ++l) {
      CHECK(max_abs_diff(full.net.layers[l].W.value(), resumed.net.layers[l].W.value()) == 0.f);
      CHECK(max_abs_diff(full.net.layers[l].b.value(), resumed.net.layers[l].b.value()) == 0.f);
    }
    CHECK(resumed.opt.lr == full.opt.lr);
  }
}

TEST_CASE("Ctrl-C during the epoch callback stops training there, after its last epoch too, and resumes identically") {
  // The callback of the last epoch is an evaluation in 14.4; a Ctrl-C during it was only acted on by the next
  // training run, a minute later (reliability.interrupt_outside_training.ch14_4).
  Tiny full("", false);
  full.run();
  for (int at_epoch : {0, 2}) {  // the first epoch's callback and the last one's
    CAPTURE(at_epoch);
    const std::string ckpt = (std::filesystem::temp_directory_path() / "ae_test_interrupt_callback.ckpt").string();
    std::filesystem::remove(ckpt);
    {
      Tiny first(ckpt, false);
      auto loss = [&](const std::vector<int>& idx, Rng& r) {
        const Tensor x = gather_rows(first.X, idx);
        return squared_error(first.net(Var(x + r.normal_tensor(x.rows(), x.cols(), 0.f, 0.1f))), Var(x));
      };
      CHECK_THROWS_AS(train(first.cfg, first.X.rows(), first.net.named_params("m"), first.opt, first.rng, loss,
                            [&](int e, double) {
                              first.opt.lr = 1e-2f / static_cast<float>(e + 2);
                              if (e == at_epoch) request_interrupt();
                            }),
                      Interrupted);
    }
    clear_interrupt_for_tests();
    Tiny resumed(ckpt, true);
    resumed.run();
    for (std::size_t l = 0; l < full.net.layers.size(); ++l)
      CHECK(max_abs_diff(full.net.layers[l].W.value(), resumed.net.layers[l].W.value()) == 0.f);
  }
}

TEST_CASE("a hostile checkpoint with a valid checksum is refused with CheckpointError, never a crash") {
  struct Case {
    const char* what;
    std::function<void(Checkpoint&)> edit;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"adam.t of shape 0 x 0", [](Checkpoint& c) { set_tensor(c, "opt.adam.t", Tensor(0, 0)); }, "adam.t"},
      {"adam.t negative", [](Checkpoint& c) { set_tensor(c, "opt.adam.t", Tensor(1, 1, -3.f)); }, "adam.t"},
      {"adam.t NaN", [](Checkpoint& c) { set_tensor(c, "opt.adam.t", Tensor(1, 1, NAN)); }, "adam.t"},
      {"a moment of the wrong shape", [](Checkpoint& c) { set_tensor(c, "opt.adam.m0", Tensor(2, 2)); }, "adam.m0"},
      {"a negative second moment", [](Checkpoint& c) { set_tensor(c, "opt.adam.v1", Tensor(1, 3, -1.f)); }, ">= 0"},
      {"a NaN parameter", [](Checkpoint& c) { set_tensor(c, "m.0.b", Tensor(1, 3, NAN)); }, "m.0.b"},
      {"next_batch 0xFFFFFFFF", [](Checkpoint& c) { set_int(c, "next_batch", 0xFFFFFFFFull); }, "next_batch"},
      {"next_batch 10^6", [](Checkpoint& c) { set_int(c, "next_batch", 1000000); }, "next_batch"},
      {"epoch beyond --epochs", [](Checkpoint& c) { set_int(c, "epoch", 4); }, "epoch"},
      {"a NaN loss sum", [](Checkpoint& c) { set_int(c, "epoch_loss_sum_bits", std::bit_cast<std::uint64_t>(std::nan(""))); },
       "loss sum"},
      {"a history of the wrong length", [](Checkpoint& c) { set_tensor(c, "history", Tensor(1, 7)); }, "history"},
      {"an even PCG increment", [](Checkpoint& c) { set_int(c, "rng.1", 2); }, "random"},
      {"a NaN learning rate", [](Checkpoint& c) { set_int(c, "opt_lr_bits", 0x7fc00000u); }, "learning rate"},
      {"no epoch", [](Checkpoint& c) { c.ints.erase(c.ints.begin() + 5); }, "no '"},
  };
  for (const Case& k : cases) {
    CAPTURE(k.what);
    const std::string path = edited_checkpoint("case", k.edit);
    Tiny t(path, true);
    CHECK_THROWS_WITH_AS(t.run(), doctest::Contains(k.message), CheckpointError);
  }
}

TEST_CASE("--resume with other settings is refused with UsageError naming the flag and both values") {
  const std::string path = edited_checkpoint("settings", [](Checkpoint&) {});
  Tiny t(path, true);
  t.cfg.settings.back().second.assign(1, '5');
  CHECK_THROWS_WITH_AS(t.run(),
                       doctest::Contains("ae_test_hostile_settings.ckpt was saved with --hidden 3, this run has "
                                         "--hidden 5: rerun with --hidden 3, or without --resume to start over"),
                       UsageError);
  Tiny b(path, true);
  b.cfg.batch = 5;
  CHECK_THROWS_WITH_AS(b.run(), doctest::Contains("minibatches of 4, this run has 5"), UsageError);
}
