// The training loop end to end: an MLP autoencoder learns, --resume reproduces an uninterrupted run exactly,
// and a diverging run stops with a message naming the step.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "autodiff/losses.hpp"
#include "data/datasets.hpp"
#include "nn/checkpoint.hpp"
#include "nn/train.hpp"
#include "util/errors.hpp"

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
