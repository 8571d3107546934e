#include "sparse_coding.hpp"

#include <algorithm>
#include <cmath>

namespace ch14_8 {

Dictionary::Dictionary(const Tensor& atoms) : Wd(atoms), G(matmul(atoms, atoms, false, true)) {
  // lambda_max(G) by power iteration from the all-ones vector (not orthogonal to the top eigenvector of a Gram
  // matrix of mostly positive atoms); 1% is added because the iteration approaches it from below, and a step
  // 1/L longer than 1/lambda_max would break ISTA's monotone descent.
  const int K = G.rows();
  std::vector<double> v(static_cast<std::size_t>(K), 1.0 / std::sqrt(K)), w(v.size());
  double lambda = 0;
  for (int it = 0; it < 100; ++it) {
    double norm = 0;
    for (int i = 0; i < K; ++i) {
      double s = 0;
      for (int j = 0; j < K; ++j) s += G(i, j) * v[static_cast<std::size_t>(j)];
      w[static_cast<std::size_t>(i)] = s;
      norm += s * s;
    }
    norm = std::sqrt(norm);
    if (norm == 0) break;
    for (int i = 0; i < K; ++i) v[static_cast<std::size_t>(i)] = w[static_cast<std::size_t>(i)] / norm;
    if (std::abs(norm - lambda) <= 1e-6 * norm) {
      lambda = norm;
      break;
    }
    lambda = norm;
  }
  lmax = 1.01 * lambda;
}

std::vector<double> objective(const Problem& p, const Tensor& H) {
  // BEGIN EXERCISE 14.8-objective
  const Tensor R = p.X - matmul(H, p.dict.Wd);  // x - g(h), (N, D)
  std::vector<double> F(static_cast<std::size_t>(H.rows()), 0.0);
  for (int n = 0; n < H.rows(); ++n) {
    double s = 0;
    for (int d = 0; d < R.cols(); ++d) s += static_cast<double>(R(n, d)) * R(n, d);
    for (int k = 0; k < H.cols(); ++k) {
      s += p.lambda * std::abs(H(n, k));
      if (p.prediction) s += p.gamma * std::pow(static_cast<double>(H(n, k)) - (*p.prediction)(n, k), 2);
    }
    F[static_cast<std::size_t>(n)] = s;
  }
  // ELSE
  // (void)p;
  // throw ae::NotImplemented("14.8-objective");  // F(h_n) for each row n of H
  // std::vector<double> F(static_cast<std::size_t>(H.rows()), 0.0);
  // END EXERCISE
  return F;
}

namespace {

/// The proximal gradient step shared by ISTA and FISTA, from the point Y (N, K) into H:
/// H = max(0, Y - (2 (Y G - B) + 2 gamma (Y - pred)) / L - lambda / L).
void prox_step(const Problem& p, const Tensor& B, double L, const Tensor& Y, Tensor& H) {
  // BEGIN EXERCISE 14.8-ista-step
  const Tensor YG = matmul(Y, p.dict.G);
  const float inv_L = static_cast<float>(1.0 / L), thresh = static_cast<float>(p.lambda / L);
  H.resize(Y.rows(), Y.cols());
  for (std::size_t i = 0; i < Y.size(); ++i) {
    float grad = 2.f * (YG[i] - B[i]);
    if (p.prediction) grad += 2.f * p.gamma * (Y[i] - (*p.prediction)[i]);
    H[i] = std::max(0.f, Y[i] - inv_L * grad - thresh);
  }
  // ELSE
  // (void)p, (void)B, (void)L, (void)Y, (void)H;
  // throw ae::NotImplemented("14.8-ista-step");  // from Y: gradient step, then prox
  // END EXERCISE
}

double lipschitz(const Problem& p) { return 2.0 * p.dict.lmax + 2.0 * (p.prediction ? p.gamma : 0.f); }

}  // namespace

Tensor ista(const Problem& p, Tensor H, int iters, const Observer& observe) {
  const Tensor B = matmul(p.X, p.dict.Wd, false, true);  // X Wd^T, (N, K)
  const double L = lipschitz(p);
  Tensor next;
  for (int t = 1; t <= iters; ++t) {
    prox_step(p, B, L, H, next);
    std::swap(H, next);
    if (observe && !observe(t, H)) break;
  }
  return H;
}

Tensor fista(const Problem& p, Tensor H, int iters, const Observer& observe) {
  const Tensor B = matmul(p.X, p.dict.Wd, false, true);
  const double L = lipschitz(p);
  Tensor Y = H, next;
  double tk = 1.0;
  for (int t = 1; t <= iters; ++t) {
    prox_step(p, B, L, Y, next);
    const double tk1 = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * tk * tk));
    const float beta = static_cast<float>((tk - 1.0) / tk1);
    for (std::size_t i = 0; i < Y.size(); ++i) Y[i] = next[i] + beta * (next[i] - H[i]);  // extrapolate
    std::swap(H, next);
    tk = tk1;
    if (observe && !observe(t, H)) break;
  }
  return H;
}

Tensor solve(const Problem& p, const Tensor& H0, double tol, int max_iters, int* iters) {
  Tensor previous = H0;
  int used = 0;
  Tensor H = fista(p, H0, max_iters, [&](int t, const Tensor& Ht) {
    used = t;
    const double moved = ae::sq_norm(Ht - previous), size = ae::sq_norm(Ht);
    previous = Ht;
    return moved > tol * tol * size;
  });
  if (iters) *iters = used;
  return H;
}

std::vector<int> iterations_to_reach(const Problem& p, const Tensor& H0, const std::vector<double>& F_star, double tol,
                                     int max_iters, bool use_fista, std::vector<double>* curve, int curve_len) {
  const int N = H0.rows();
  std::vector<int> first(static_cast<std::size_t>(N), max_iters + 1);
  int pending = N;
  auto record = [&](int t, const Tensor& H) {
    const std::vector<double> F = objective(p, H);
    double gap = 0;
    for (int n = 0; n < N; ++n) {
      const std::size_t i = static_cast<std::size_t>(n);
      if (first[i] > max_iters && F[i] <= (1.0 + tol) * F_star[i]) {
        first[i] = t;
        --pending;
      }
      gap += (F[i] - F_star[i]) / std::max(F_star[i], 1e-12) / N;
    }
    if (curve) curve->push_back(gap);
    return pending > 0 || t < curve_len;
  };
  if (record(0, H0)) {
    if (use_fista)
      fista(p, H0, max_iters, record);
    else
      ista(p, H0, max_iters, record);
  }
  return first;
}

}  // namespace ch14_8
