#include "scale_trap.hpp"

#include <cmath>

#include "autodiff/losses.hpp"
#include "nn/layers.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ch14_7 {

TrapHistory train_linear_cae(const ae::Tensor& X, const ae::Tensor& X_test, int H, float lambda, bool tied,
                             int epochs, float lr, ae::Rng& rng) {
  using ae::Var;
  const int D = X.cols();
  ae::Linear enc(D, H, rng);                         // h = x W + b
  Var V(transpose(enc.W.value()), true);             // untied decoder weights, starting equal to W^T
  Var c(ae::Tensor(1, D), true);
  auto decode = [&](const Var& h) {
    return ae::add_row(tied ? ae::matmul(h, enc.W, false, true) : ae::matmul(h, V), c);
  };

  std::vector<ae::NamedParam> params{{"W", enc.W}, {"b", enc.b}, {"c", c}};
  if (!tied) params.emplace_back("V", V);
  ae::Adam opt(ae::vars_of(params), lr);
  TrapHistory hist;
  auto measure = [&](int, double) {
    ae::NoGrad no_grad;
    hist.penalty.push_back(ae::sq_norm(enc.W.value()));
    const ae::Tensor r = decode(enc(Var(X_test))).value();
    hist.sqerr.push_back(ae::sq_norm(r - X_test) / X_test.rows());
  };
  ae::TrainConfig cfg{epochs, 64, tied ? "linear CAE, tied" : "linear CAE, untied", "", false};
  ae::train(cfg, X.rows(), params, opt, rng,
            [&](const std::vector<int>& idx, ae::Rng&) {
              const Var x(gather_rows(X, idx));
              // ||x - g(f(x))||^2 + lambda ||J||_F^2, with J = W^T the same at every x.
              return ae::squared_error(decode(enc(x)), x) + lambda * ae::sum(ae::square(enc.W));
            },
            measure);
  hist.w_norm = std::sqrt(ae::sq_norm(enc.W.value()));
  hist.v_norm = tied ? hist.w_norm : std::sqrt(ae::sq_norm(V.value()));
  hist.tied = tied;
  hist.W = enc.W.value();
  hist.b = enc.b.value();
  hist.V = tied ? ae::transpose(enc.W.value()) : V.value();
  hist.c = c.value();
  return hist;
}

RescaleCurve rescale_sweep(const TrapHistory& model, const ae::Tensor& X_test, const std::vector<double>& eps) {
  RescaleCurve curve;
  for (double e : eps) {
    const float s = static_cast<float>(e);
    const ae::Tensor W = model.W * s, b = model.b * s;                    // the encoder multiplies by eps
    const ae::Tensor V = model.tied ? transpose(W) : model.V * (1.f / s);  // untied: the decoder divides by eps
    ae::Tensor h = matmul(X_test, W);                                     // h = x W + b, (N, H)
    for (int n = 0; n < h.rows(); ++n)
      for (int j = 0; j < h.cols(); ++j) h(n, j) += b(0, j);
    ae::Tensor r = matmul(h, V);                                          // r = h V + c, (N, D)
    for (int n = 0; n < r.rows(); ++n)
      for (int i = 0; i < r.cols(); ++i) r(n, i) += model.c(0, i);
    curve.eps.push_back(e);
    curve.penalty.push_back(ae::sq_norm(W));
    curve.sqerr.push_back(ae::sq_norm(r - X_test) / X_test.rows());
  }
  return curve;
}

}  // namespace ch14_7
