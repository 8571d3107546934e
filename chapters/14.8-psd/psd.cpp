#include "psd.hpp"

#include <algorithm>
#include <cmath>

#include "autodiff/losses.hpp"
#include "nn/optim.hpp"
#include "sparse_coding.hpp"

namespace ch14_8 {

PsdModel::PsdModel(int D, int K, ae::Rng& rng) : enc(D, K, rng), Wd(rng.normal_tensor(K, D), true) {
  normalize_atoms();
}

Tensor PsdModel::predict(const Tensor& x) const {
  ae::NoGrad no_grad;
  return predict(Var(x)).value();
}

void PsdModel::normalize_atoms() {
  Tensor& W = Wd.value();
  for (int k = 0; k < W.rows(); ++k) {
    double n2 = 0;
    for (int d = 0; d < W.cols(); ++d) n2 += static_cast<double>(W(k, d)) * W(k, d);
    const float inv = n2 > 0 ? static_cast<float>(1.0 / std::sqrt(n2)) : 0.f;
    for (int d = 0; d < W.cols(); ++d) W(k, d) *= inv;
  }
}

void PsdModel::init_from(const ae::ImageSet& images, float lambda, ae::Rng& rng) {
  std::vector<int> idx(static_cast<std::size_t>(Wd.rows()));
  for (int& i : idx) i = static_cast<int>(rng.below(static_cast<std::uint32_t>(images.n)));
  Wd.value() = images.batch(idx);
  normalize_atoms();
  const Dictionary dict(Wd.value());
  const double L = 2.0 * dict.lmax;
  enc.W.value() = transpose(Wd.value()) * static_cast<float>(2.0 / L);
  enc.b.value().fill(static_cast<float>(-lambda / L));
}

namespace {

/// lambda |h|_1 per example: a constant for the parameter update, added so that the reported loss is the
/// whole objective.
Var sparsity(const Tensor& h, float lambda) {
  return Var(Tensor(1, 1, static_cast<float>(lambda * ae::sum(h) / std::max(1, h.rows()))));
}
}  // namespace

ae::TrainHistory train_psd(PsdModel& model, const ae::ImageSet& images, const PsdSpec& spec, ae::Rng& rng) {
  std::vector<ae::NamedParam> params{{"Wd", model.Wd}};
  if (spec.psd) {
    params.emplace_back("We", model.enc.W);
    params.emplace_back("be", model.enc.b);
  }
  ae::Adam opt(ae::vars_of(params), spec.lr);
  ae::TrainConfig cfg{spec.epochs, spec.batch, spec.label, spec.checkpoint, spec.resume};
  auto history = ae::train(cfg, images.n, params, opt, rng, [&](const std::vector<int>& idx, ae::Rng&) {
    model.normalize_atoms();  // project the previous step back onto unit-norm atoms
    const Tensor x = images.batch(idx);
    const Dictionary dict(model.Wd.value());
    Var loss;
    if (spec.psd) {
      // Inference: a few ISTA steps on ||x - h Wd||^2 + lambda |h|_1 + gamma ||h - f(x)||^2 from h = f(x).
      Var f = model.predict(Var(x));
      const Tensor h = ista({dict, x, spec.lambda, &f.value(), spec.gamma}, f.value(), spec.inference_steps);
      // Learning, h fixed: the decoder reconstructs x from h, the encoder predicts h.
      loss = ae::squared_error(ae::matmul(Var(h), model.Wd), Var(x)) + spec.gamma * ae::squared_error(f, Var(h)) +
             sparsity(h, spec.lambda);
    } else {
      // Plain sparse coding has no prediction to start from: FISTA from h = 0 gets further in as many steps.
      const Tensor h = fista({dict, x, spec.lambda}, Tensor(x.rows(), dict.K()), spec.inference_steps);
      loss = ae::squared_error(ae::matmul(Var(h), model.Wd), Var(x)) + sparsity(h, spec.lambda);
    }
    return loss;
  });
  model.normalize_atoms();
  return history;
}

}  // namespace ch14_8
