// Section 14.8 (and 13.4): sparse coding, the inference that predictive sparse decomposition amortizes.
// For a dictionary Wd (K, D) whose rows are the atoms, the decoder is g(h) = h Wd and the code of x (1, D) is
//   h* = argmin_{h >= 0}  F(h) = ||x - h Wd||^2 + lambda sum_k h_k  (+ gamma ||h - f(x)||^2 inside PSD).
// We keep codes non-negative (digits are sums of strokes, and a ReLU encoder can predict exact zeros), so
// lambda |h|_1 = lambda sum_k h_k on the feasible set.
//
// ISTA (proximal gradient): h <- max(0, h - grad/L - lambda/L), with grad = 2 (h G - x Wd^T) + 2 gamma (h - f),
// G = Wd Wd^T (K, K) and L = 2 lambda_max(G) + 2 gamma, the Lipschitz constant of grad. Its gap F(h_t) - F*
// shrinks like 1/t. FISTA (Beck and Teboulle 2009) takes the same step from an extrapolated point
// y = h_t + (t_k - 1) / t_{k+1} (h_t - h_{t-1}), t_{k+1} = (1 + sqrt(1 + 4 t_k^2)) / 2, and shrinks it like 1/t^2.
// Precomputing G and B = X Wd^T makes each iteration cost N K^2 instead of 2 N K D.
// Shapes: X (N, D) images, H (N, K) codes, one example per row; objectives are per example.
#pragma once

#include <functional>
#include <vector>

#include "tensor.hpp"

namespace ch14_8 {

using ae::Tensor;

/// What inference needs from a fixed dictionary.
struct Dictionary {
  Tensor Wd;        ///< (K, D) the atoms, one per row
  Tensor G;         ///< (K, K) Wd Wd^T
  double lmax = 0;  ///< the largest eigenvalue of G (power iteration, plus 1%)
  explicit Dictionary(const Tensor& atoms);
  int K() const { return Wd.rows(); }
};

/// One inference problem: images X, sparsity weight lambda, and for PSD a prediction F_pred (N, K) with weight
/// gamma pulling the code towards it.
struct Problem {
  const Dictionary& dict;
  const Tensor& X;
  float lambda;
  const Tensor* prediction = nullptr;
  float gamma = 0.f;
};

/// F(h_n) for every row: ||x_n - h_n Wd||^2 + lambda sum_k h_nk (+ gamma ||h_n - pred_n||^2), as (N) doubles.
std::vector<double> objective(const Problem& p, const Tensor& H);

/// Called after each iteration with the iteration count (1, 2, ...) and the current codes; returning false stops.
using Observer = std::function<bool(int, const Tensor&)>;

/// `iters` ISTA steps from H0 (N, K), each h >= 0; returns the codes.
Tensor ista(const Problem& p, Tensor H0, int iters, const Observer& observe = nullptr);
/// `iters` FISTA steps from H0.
Tensor fista(const Problem& p, Tensor H0, int iters, const Observer& observe = nullptr);

/// FISTA from H0 until the codes stop moving, ||H_t - H_{t-1}||_F <= tol ||H_t||_F, or max_iters: the
/// optimum h* of every example at once. `iters`, if given, receives the number of iterations.
Tensor solve(const Problem& p, const Tensor& H0, double tol, int max_iters, int* iters = nullptr);

/// Runs `method` (ista or fista) from H0 for up to max_iters and returns, per example, the first iteration at
/// which F(h_t) <= (1 + tol) F*_n (0 if H0 already is; max_iters + 1 if never), with F* given per example.
/// Stops once every example is there (and at least curve_len iterations have run). `curve`, if given, receives
/// the mean relative gap (F - F*) / F* after each iteration (index 0: at H0).
std::vector<int> iterations_to_reach(const Problem& p, const Tensor& H0, const std::vector<double>& F_star, double tol,
                                     int max_iters, bool use_fista, std::vector<double>* curve = nullptr,
                                     int curve_len = 0);

}  // namespace ch14_8
