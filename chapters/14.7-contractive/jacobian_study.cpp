#include "jacobian_study.hpp"

#include <algorithm>
#include <cmath>

#include "linalg/svd.hpp"
#include "nn/contractive.hpp"

namespace ch14_7 {

SpectrumStats jacobian_spectrum(const ae::Mlp& enc, const Tensor& X) {
  SpectrumStats s;
  long below = 0, total = 0;
  for (int n = 0; n < X.rows(); ++n) {
    const Tensor J = ae::mlp_jacobian(enc, X.rows_slice(n, n + 1));  // (H, D)
    const std::vector<double> sv = ae::singular_values(J);           // descending
    if (s.mean_spectrum.empty()) s.mean_spectrum.assign(sv.size(), 0.0);
    double fro2 = 0;
    for (std::size_t k = 0; k < sv.size(); ++k) {
      s.mean_spectrum[k] += sv[k] / X.rows();
      below += sv[k] < 1.0;
      fro2 += sv[k] * sv[k];
    }
    total += static_cast<long>(sv.size());
    s.mean_fro += std::sqrt(fro2) / X.rows();
  }
  s.frac_below_1 = total ? static_cast<double>(below) / static_cast<double>(total) : 0.0;
  return s;
}

double saturated_fraction(const Tensor& h, double tol) {
  long n = 0;
  for (float v : h) n += std::min(v, 1.f - v) < tol;
  return h.size() ? static_cast<double>(n) / static_cast<double>(h.size()) : 0.0;
}

double penalty_formula_rel_err(const ShallowAe& model, const Tensor& X) {
  double explicit_sum = 0;
  for (int n = 0; n < X.rows(); ++n)
    explicit_sum += sq_norm(ae::sigmoid_encoder_jacobian(model.enc, X.rows_slice(n, n + 1)));
  explicit_sum /= X.rows();
  return std::abs(mean_penalty(model, X) - explicit_sum) / explicit_sum;
}

namespace {

/// Unit j's share of the penalty in double, (1/n) sum_n (h_nj (1 - h_nj))^2 ||W_:j||^2, with W_:j = w and
/// bias bj. Perturbing W_ij or b_j changes no other unit's term, so the difference quotient needs only this.
double unit_penalty(const Tensor& X, const std::vector<double>& w, double bj) {
  double norm2 = 0, slope2 = 0;
  for (double v : w) norm2 += v * v;
  for (int n = 0; n < X.rows(); ++n) {
    double a = bj;
    const float* x = X.row(n);
    for (int i = 0; i < X.cols(); ++i) a += x[i] * w[static_cast<std::size_t>(i)];
    const double h = 1.0 / (1.0 + std::exp(-a));
    slope2 += (h * (1 - h)) * (h * (1 - h));
  }
  return slope2 * norm2 / X.rows();
}

}  // namespace

double penalty_grad_fd_rel_err(const ShallowAe& model, const Tensor& X, ae::Rng& rng, int samples) {
  const Tensor& W = model.enc.W.value();
  const int D = W.rows(), H = W.cols();
  // Autodiff gradient of the closed form on a private copy of the parameters.
  const ae::Linear enc = model.enc.clone();
  ae::backward(ae::contractive_penalty(ae::sigmoid(enc(Var(X))), enc.W));
  double worst = 0;
  auto compare = [&](double g, double g_fd) {
    if (std::abs(g) + std::abs(g_fd) > 1e-12)
      worst = std::max(worst, std::abs(g - g_fd) / (std::abs(g) + std::abs(g_fd)));
  };
  for (int s = 0; s < samples; ++s) {
    const int i = static_cast<int>(rng.below(static_cast<std::uint32_t>(D))),
              j = static_cast<int>(rng.below(static_cast<std::uint32_t>(H)));
    std::vector<double> w(static_cast<std::size_t>(D));
    for (int k = 0; k < D; ++k) w[static_cast<std::size_t>(k)] = W(k, j);
    const double bj = model.enc.b.value()(0, j), eps = 1e-5;
    // d/dW_ij
    std::vector<double> wp = w, wm = w;
    wp[static_cast<std::size_t>(i)] += eps;
    wm[static_cast<std::size_t>(i)] -= eps;
    compare(enc.W.grad()(i, j), (unit_penalty(X, wp, bj) - unit_penalty(X, wm, bj)) / (2 * eps));
    // d/db_j
    compare(enc.b.grad()(0, j), (unit_penalty(X, w, bj + eps) - unit_penalty(X, w, bj - eps)) / (2 * eps));
  }
  return worst;
}

namespace {

double activate_d(ae::Act act, double a) {
  switch (act) {
    case ae::Act::identity: return a;
    case ae::Act::sigmoid: return 1.0 / (1.0 + std::exp(-a));
    case ae::Act::tanh: return std::tanh(a);
    case ae::Act::relu: return a > 0 ? a : 0.0;
    case ae::Act::softplus: return a > 30 ? a : std::log1p(std::exp(a));
  }
  return a;
}

/// The encoder's output at x, in double (the reference the float Jacobian is compared with).
std::vector<double> forward_d(const ae::Mlp& enc, std::vector<double> h) {
  for (std::size_t l = 0; l < enc.layers.size(); ++l) {
    const Tensor& W = enc.layers[l].W.value();
    const Tensor& b = enc.layers[l].b.value();
    const ae::Act act = l + 1 < enc.layers.size() ? enc.hidden : enc.output;
    std::vector<double> a(static_cast<std::size_t>(W.cols()));
    for (int j = 0; j < W.cols(); ++j) {
      double s = b(0, j);
      for (int i = 0; i < W.rows(); ++i) s += h[static_cast<std::size_t>(i)] * W(i, j);
      a[static_cast<std::size_t>(j)] = activate_d(act, s);
    }
    h = std::move(a);
  }
  return h;
}

}  // namespace

double jacobian_fd_rel_err(const ae::Mlp& enc, const Tensor& x, double step) {
  const int D = x.cols();
  const Tensor J = ae::mlp_jacobian(enc, x);  // (H, D), layer by layer
  std::vector<double> x0(x.begin(), x.end());
  double err = 0;
  for (int i = 0; i < D; ++i) {
    std::vector<double> xp = x0, xm = x0;
    xp[static_cast<std::size_t>(i)] += step;
    xm[static_cast<std::size_t>(i)] -= step;
    const std::vector<double> fp = forward_d(enc, xp), fm = forward_d(enc, xm);
    for (int j = 0; j < J.rows(); ++j) {
      const double fd = (fp[static_cast<std::size_t>(j)] - fm[static_cast<std::size_t>(j)]) / (2.0 * step);
      err += (J(j, i) - fd) * (J(j, i) - fd);
    }
  }
  return std::sqrt(err / sq_norm(J));
}

}  // namespace ch14_7
