// Losses: value and gradient side by side. All are summed over dimensions and averaged over the batch N.
#include "autodiff/losses.hpp"

#include "autodiff/vmath.hpp"
#include "gemm/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace ae {

namespace {
constexpr double kLog2Pi = 1.8378770664093453;
Tensor scalar(double v) { return Tensor(1, 1, static_cast<float>(v)); }
}  // namespace

Var squared_error(const Var& r, const Var& x) {
  check_same_shape(r.value(), x.value(), "squared_error");
  const float inv_n = 1.f / static_cast<float>(std::max(1, r.rows()));
  const float *rp = r.value().data(), *xp = x.value().data();
  const double s = parallel_sum(r.value().size(), [&](std::size_t b, std::size_t e) {
    return vmath::squared_diff_sum(rp + b, xp + b, e - b);
  });
  return record(scalar(s * inv_n), {r, x}, [r, x, inv_n](const Tensor&, const Tensor& dy) {
    const float g = 2.f * inv_n * dy[0];  // dL/dr = 2 (r - x) / N
    const Tensor &rv = r.value(), &xv = x.value();
    if (r.requires_grad()) {
      bool acc = false;
      Tensor& dr = r.grad_storage(acc);
      parallel_slices(rv.size(), kMinEntriesPerThread, [&](std::size_t b, std::size_t e) {
        vmath::scaled_diff(rv.data() + b, xv.data() + b, g, dr.data() + b, e - b, acc);
      });
    }
    if (x.requires_grad()) {
      Tensor& dx = x.grad();
      for (std::size_t k = 0; k < rv.size(); ++k) dx[k] -= g * (rv[k] - xv[k]);
    }
  });
}

Var bce_with_logits(const Var& a, const Var& x) {
  check_same_shape(a.value(), x.value(), "bce_with_logits");
  const float inv_n = 1.f / static_cast<float>(std::max(1, a.rows()));
  // sum_k zeta(a_k) - x_k a_k, vectorized (vmath.hpp)
  const float *ap = a.value().data(), *xp = x.value().data();
  const double s = parallel_sum(a.value().size(), [&](std::size_t b, std::size_t e) {
    return vmath::bce_with_logits_sum(ap + b, xp + b, e - b);
  });
  return record(scalar(s * inv_n), {a, x}, [a, x, inv_n](const Tensor&, const Tensor& dy) {
    const float g = inv_n * dy[0];
    const Tensor &av = a.value(), &xv = x.value();
    if (a.requires_grad()) {  // dL/da = sigma(a) - x
      bool acc = false;
      Tensor& da = a.grad_storage(acc);
      parallel_slices(av.size(), kMinEntriesPerThread, [&](std::size_t b, std::size_t e) {
        vmath::bce_with_logits_backward(av.data() + b, xv.data() + b, g, da.data() + b, e - b, acc);
      });
    }
    if (x.requires_grad()) {  // dL/dx = -a
      Tensor& dx = x.grad();
      for (std::size_t k = 0; k < av.size(); ++k) dx[k] -= g * av[k];
    }
  });
}

Var gaussian_nll(const Var& x, const Var& mu, const Var& logvar) {
  check_same_shape(x.value(), mu.value(), "gaussian_nll (x, mu)");
  check_same_shape(mu.value(), logvar.value(), "gaussian_nll (mu, logvar)");
  const float inv_n = 1.f / static_cast<float>(std::max(1, x.rows()));
  double s = 0;
  for (std::size_t k = 0; k < x.value().size(); ++k) {
    const double d = x.value()[k] - mu.value()[k], l = logvar.value()[k];
    s += 0.5 * (kLog2Pi + l + d * d * std::exp(-l));
  }
  return record(scalar(s * inv_n), {x, mu, logvar}, [x, mu, logvar, inv_n](const Tensor&, const Tensor& dy) {
    const float g = inv_n * dy[0];
    const Tensor &xv = x.value(), &mv = mu.value(), &lv = logvar.value();
    for (std::size_t k = 0; k < xv.size(); ++k) {
      const float d = xv[k] - mv[k], prec = std::exp(-lv[k]);
      if (mu.requires_grad()) mu.grad()[k] -= g * d * prec;                         // dL/dmu = -(x - mu)/s^2
      if (x.requires_grad()) x.grad()[k] += g * d * prec;                           // dL/dx = (x - mu)/s^2
      if (logvar.requires_grad()) logvar.grad()[k] += g * 0.5f * (1.f - d * d * prec);  // dL/dl = (1 - d^2/s^2)/2
    }
  });
}

Var kl_std_normal(const Var& mu, const Var& logvar) {
  check_same_shape(mu.value(), logvar.value(), "kl_std_normal");
  const float inv_n = 1.f / static_cast<float>(std::max(1, mu.rows()));
  double s = 0;
  for (std::size_t k = 0; k < mu.value().size(); ++k) {
    const double m = mu.value()[k], l = logvar.value()[k];
    s += -0.5 * (1.0 + l - m * m - std::exp(l));
  }
  return record(scalar(s * inv_n), {mu, logvar}, [mu, logvar, inv_n](const Tensor&, const Tensor& dy) {
    const float g = inv_n * dy[0];
    const Tensor &mv = mu.value(), &lv = logvar.value();
    // BEGIN EXERCISE 14.4-kl-backward
    for (std::size_t k = 0; k < mv.size(); ++k) {
      if (mu.requires_grad()) mu.grad()[k] += g * mv[k];                                 // dKL/dmu = mu
      if (logvar.requires_grad()) logvar.grad()[k] += g * 0.5f * (std::exp(lv[k]) - 1.f);  // (e^l - 1)/2
    }
    // ELSE
    // (void)g, (void)mv, (void)lv;
    // throw ae::NotImplemented("14.4-kl-backward");  // mu.grad(), logvar.grad() +=
    // END EXERCISE
  });
}

Var l1_penalty(const Var& h) {
  const float inv_n = 1.f / static_cast<float>(std::max(1, h.rows()));
  double s = 0;
  for (float v : h.value()) s += std::fabs(v);
  return record(scalar(s * inv_n), {h}, [h, inv_n](const Tensor&, const Tensor& dy) {
    if (!h.requires_grad()) return;
    const float g = inv_n * dy[0];
    const Tensor& hv = h.value();
    Tensor& dh = h.grad();
    for (std::size_t k = 0; k < hv.size(); ++k) dh[k] += g * (hv[k] > 0.f ? 1.f : (hv[k] < 0.f ? -1.f : 0.f));
  });
}

Var kl_sparsity(const Var& h, float rho) {
  const Tensor& hv = h.value();
  const int N = std::max(1, hv.rows()), H = hv.cols();
  static constexpr float kEps = 1e-6f;  // keeps rho_hat inside (0, 1) so the logs stay finite
  Tensor rho_hat(1, H);
  for (int i = 0; i < hv.rows(); ++i)
    for (int j = 0; j < H; ++j) rho_hat(0, j) += hv(i, j) / static_cast<float>(N);
  double s = 0;
  for (int j = 0; j < H; ++j) {
    const double q = std::clamp(static_cast<double>(rho_hat(0, j)), double(kEps), 1.0 - kEps);
    s += rho * std::log(rho / q) + (1.0 - rho) * std::log((1.0 - rho) / (1.0 - q));
  }
  return record(scalar(s), {h}, [h, rho, rho_hat, N](const Tensor&, const Tensor& dy) {
    if (!h.requires_grad()) return;
    Tensor& dh = h.grad();
    // BEGIN EXERCISE 14.2-kl-sparsity-backward
    for (int j = 0; j < rho_hat.cols(); ++j) {
      const float q = std::clamp(rho_hat(0, j), kEps, 1.f - kEps);
      // dKL/drho_hat = -rho/q + (1-rho)/(1-q), and drho_hat/dh_ij = 1/N
      const float g = dy[0] * (-rho / q + (1.f - rho) / (1.f - q)) / static_cast<float>(N);
      for (int i = 0; i < dh.rows(); ++i) dh(i, j) += g;
    }
    // ELSE
    // (void)dh, (void)dy;
    // throw ae::NotImplemented("14.2-kl-sparsity-backward");  // dh_ij += dy * dKL/drho_hat_j * drho_hat_j/dh_ij
    // END EXERCISE
  });
}

Var softmax_cross_entropy(const Var& a, const std::vector<int>& labels) {
  const Tensor& av = a.value();
  if (static_cast<int>(labels.size()) != av.rows())
    throw ShapeError("softmax_cross_entropy: " + std::to_string(labels.size()) + " labels for logits " +
                     av.shape_str());
  const int N = av.rows(), C = av.cols();
  Tensor p(N, C);  // softmax probabilities, kept for the backward
  double s = 0;
  for (int i = 0; i < N; ++i) {
    if (labels[i] < 0 || labels[i] >= C)
      throw ShapeError("softmax_cross_entropy: label " + std::to_string(labels[i]) + " outside [0, " +
                       std::to_string(C) + ")");
    const float m = *std::max_element(av.row(i), av.row(i) + C);
    double z = 0;
    for (int j = 0; j < C; ++j) z += (p(i, j) = std::exp(av(i, j) - m));
    for (int j = 0; j < C; ++j) p(i, j) = static_cast<float>(p(i, j) / z);
    s += -(av(i, labels[i]) - m - std::log(z));  // -log softmax(a)_y
  }
  return record(scalar(s / std::max(1, N)), {a}, [a, p, labels](const Tensor&, const Tensor& dy) {
    if (!a.requires_grad()) return;
    Tensor& da = a.grad();
    const float g = dy[0] / static_cast<float>(std::max(1, p.rows()));
    for (int i = 0; i < p.rows(); ++i)
      for (int j = 0; j < p.cols(); ++j) da(i, j) += g * (p(i, j) - (j == labels[i] ? 1.f : 0.f));  // softmax - onehot
  });
}

}  // namespace ae
