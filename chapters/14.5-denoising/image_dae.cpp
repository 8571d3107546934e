#include "image_dae.hpp"

#include <vector>

#include "autodiff/losses.hpp"
#include "autodiff/ops.hpp"
#include "dae2d.hpp"
#include "data/corrupt.hpp"
#include "nn/layers.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ch14_5 {

using namespace ae;

namespace {

/// The training loop's settings for the DAE `spec` describes (the run and its up-front checkpoint check share them).
TrainConfig train_config(const ImageDaeSpec& spec) {
  TrainConfig cfg;
  cfg.epochs = spec.epochs;
  cfg.batch = spec.batch;
  cfg.label = "image DAE (" + spec.kind + ")";
  cfg.checkpoint = spec.checkpoint;
  cfg.resume = spec.resume;
  cfg.settings = spec.settings;
  return cfg;
}

}  // namespace

ImageDaeResult denoise_images(const ImageSet& train_set, const Tensor& X_test, const ImageDaeSpec& spec, Rng& rng) {
  const int D = train_set.dim();
  Autoencoder dae({D, spec.hidden}, Act::relu, Act::relu, Act::sigmoid, rng);  // h = f(x_tilde), r = g(h)
  Adam adam(dae.params(), spec.lr);
  const TrainConfig cfg = train_config(spec);
  auto loss = [&](const std::vector<int>& idx, Rng& step_rng) {
    const Tensor x = train_set.batch(idx);
    const Tensor x_tilde = corrupt::apply(spec.kind, x, spec.level, step_rng);
    return squared_error(dae.reconstruct(Var(x_tilde)), Var(x));  // summed over pixels, mean over the batch
  };
  auto on_epoch = [&](int e, double) { adam.lr = cosine_lr(spec.lr, e + 1, spec.epochs); };
  train(cfg, train_set.n, dae.named_params(), adam, rng, loss, on_epoch);

  ImageDaeResult res;
  const Tensor X_tilde = corrupt::apply(spec.kind, X_test, spec.level, rng);
  const Tensor R = dae.reconstruct(X_tilde);
  res.psnr_noisy = corrupt::psnr_db(X_test, X_tilde);
  res.psnr_denoised = corrupt::psnr_db(X_test, R);
  const int shown = std::min(8, X_test.rows());
  res.clean = X_test.rows_slice(0, shown);
  res.noisy = X_tilde.rows_slice(0, shown);
  res.denoised = R.rows_slice(0, shown);
  return res;
}

void check_image_dae_checkpoint(int n, int D, const ImageDaeSpec& spec) {
  Rng unused(0, 0);
  const Autoencoder dae({D, spec.hidden}, Act::relu, Act::relu, Act::sigmoid, unused);
  Adam adam(dae.params(), spec.lr);
  const TrainConfig cfg = train_config(spec);
  check_resume(cfg, n, dae.named_params(), adam, unused);
}

}  // namespace ch14_5
