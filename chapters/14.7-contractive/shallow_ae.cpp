#include "shallow_ae.hpp"

#include <algorithm>

#include "autodiff/losses.hpp"
#include "data/corrupt.hpp"
#include "nn/contractive.hpp"
#include "nn/optim.hpp"

namespace ch14_7 {

ShallowAe::ShallowAe(int D, int H, bool tied_weights, ae::Rng& rng) : enc(D, H, rng), tied(tied_weights) {
  if (!tied) V = Var(transpose(enc.W.value()), true);  // the same start as the tied model
  c = Var(Tensor(1, D), true);
}

Var ShallowAe::encode(const Var& x) const { return ae::sigmoid(enc(x)); }

Var ShallowAe::decode_logits(const Var& h) const {
  return ae::add_row(tied ? ae::matmul(h, enc.W, false, true) : ae::matmul(h, V), c);
}

Tensor ShallowAe::encode(const Tensor& x) const {
  ae::NoGrad no_grad;
  return encode(Var(x)).value();
}

Tensor ShallowAe::reconstruct(const Tensor& x) const {
  ae::NoGrad no_grad;
  return ae::sigmoid(decode_logits(encode(Var(x)))).value();
}

ae::Mlp ShallowAe::encoder_mlp() const {
  ae::Mlp m;
  m.layers = {enc};
  m.hidden = m.output = ae::Act::sigmoid;
  return m;
}

std::vector<ae::NamedParam> ShallowAe::named_params() const {
  std::vector<ae::NamedParam> p{{"W", enc.W}, {"b", enc.b}, {"c", c}};
  if (!tied) p.emplace_back("V", V);
  return p;
}

const char* criterion_name(Criterion c) {
  switch (c) {
    case Criterion::plain: return "plain";
    case Criterion::denoising: return "denoising";
    case Criterion::contractive: return "contractive";
  }
  return "?";
}

ae::TrainHistory train_shallow(ShallowAe& model, const Tensor& X, const TrainSpec& spec, ae::Rng& rng) {
  const auto params = model.named_params();
  ae::Adam opt(ae::vars_of(params), spec.lr);
  ae::TrainConfig cfg{spec.epochs, spec.batch, spec.label, spec.checkpoint, spec.resume};
  return ae::train(cfg, X.rows(), params, opt, rng, [&](const std::vector<int>& idx, ae::Rng& step_rng) {
    const Tensor x = gather_rows(X, idx);
    // Denoising: encode x_tilde ~ x + sigma * eps but reconstruct the clean x.
    const Tensor x_in = spec.criterion == Criterion::denoising ? ae::corrupt::gaussian(x, spec.sigma, step_rng) : x;
    Var h = model.encode(Var(x_in));
    Var loss = ae::bce_with_logits(model.decode_logits(h), Var(x));  // summed over pixels, mean over batch
    if (spec.criterion == Criterion::contractive)
      loss = loss + spec.lambda * ae::contractive_penalty(h, model.enc.W);  // lambda ||J_f(x)||_F^2
    return loss;
  });
}

double sqerr_per_example(const ShallowAe& model, const Tensor& X) {
  double s = 0;
  for (int i = 0; i < X.rows(); i += 500) {
    const Tensor x = X.rows_slice(i, std::min(X.rows(), i + 500));
    s += sq_norm(model.reconstruct(x) - x);
  }
  return X.rows() ? s / X.rows() : 0.0;
}

double mean_penalty(const ShallowAe& model, const Tensor& X) {
  ae::NoGrad no_grad;
  return ae::contractive_penalty(Var(model.encode(X)), model.enc.W).item();
}

}  // namespace ch14_7
