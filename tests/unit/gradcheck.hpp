// Central-difference gradient checking, shared by the autodiff tests.
//
// For an op y = f(x1, ..., xk) we check the scalar "fake loss" L = sum(w * y) with fixed random weights w, so that
// every output entry matters with a different weight. For each input entry the numerical derivative
// (L(x + h) - L(x - h)) / 2h is compared with the autodiff gradient by the relative error
// |g - g_fd| / (|g| + |g_fd|), with an absolute floor for entries whose gradient is ~0.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "autodiff/ops.hpp"
#include "rng.hpp"

namespace ae::test {

struct GradCheckResult {
  double max_rel_err = 0;  // worst relative error over all input entries
  int worst_input = -1;
  std::size_t worst_index = 0;
};

/// Checks the gradient of f at `inputs`. `h` is the finite-difference step (float ops: about 1e-2 to 1e-3).
inline GradCheckResult grad_check(const std::function<Var(const std::vector<Var>&)>& f, std::vector<Tensor> inputs,
                                  double h = 1e-2, std::uint64_t seed = 7, double abs_floor = 1e-3) {
  Rng rng(seed);
  std::vector<Var> vars;
  for (const Tensor& t : inputs) vars.emplace_back(t, true);
  Var y = f(vars);
  const Tensor w = rng.normal_tensor(y.rows(), y.cols());
  auto fake_loss = [&](const std::vector<Var>& v) {
    Var out = f(v);
    double s = 0;
    for (std::size_t k = 0; k < out.value().size(); ++k) s += static_cast<double>(w[k]) * out.value()[k];
    return s;
  };
  backward(sum(mul(y, Var(w))));
  GradCheckResult r;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Tensor g = vars[i].grad();
    for (std::size_t k = 0; k < inputs[i].size(); ++k) {
      std::vector<Var> plus, minus;
      for (std::size_t j = 0; j < inputs.size(); ++j) {
        Tensor tp = inputs[j], tm = inputs[j];
        if (j == i) {
          tp[k] += static_cast<float>(h);
          tm[k] -= static_cast<float>(h);
        }
        plus.emplace_back(tp);
        minus.emplace_back(tm);
      }
      // Differences of the perturbed inputs as actually stored in float.
      const double step = static_cast<double>(plus[i].value()[k]) - minus[i].value()[k];
      const double fd = (fake_loss(plus) - fake_loss(minus)) / step;
      const double err = std::fabs(g[k] - fd) / std::max(abs_floor, std::fabs(g[k]) + std::fabs(fd));
      if (err > r.max_rel_err) r = {err, static_cast<int>(i), k};
    }
  }
  return r;
}

}  // namespace ae::test
