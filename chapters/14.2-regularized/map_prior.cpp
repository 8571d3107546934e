#include "map_prior.hpp"

#include <cmath>
#include <iostream>
#include <vector>

#include "autodiff/losses.hpp"
#include "autodiff/ops.hpp"
#include "linalg/pca.hpp"
#include "nn/optim.hpp"
#include "util/fp_mode.hpp"
#include "util/progress.hpp"

namespace ch14_2 {

using namespace ae;

namespace {

// (H^T H + lambda I)^{-1} H^T X by Cholesky in double: the ridge (MAP) decoder, (k, D).
Tensor ridge(const Tensor& H, const Tensor& X, double lambda) {
  const int k = H.cols(), D = X.cols();
  std::vector<double> A(static_cast<std::size_t>(k) * k), B(static_cast<std::size_t>(k) * D);
  for (int n = 0; n < H.rows(); ++n)
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < k; ++j) A[i * k + j] += double(H(n, i)) * H(n, j);
      for (int d = 0; d < D; ++d) B[static_cast<std::size_t>(i) * D + d] += double(H(n, i)) * X(n, d);
    }
  for (int i = 0; i < k; ++i) A[i * k + i] += lambda;
  for (int j = 0; j < k; ++j) {  // A = L L^T, L stored in the lower triangle
    for (int p = 0; p < j; ++p) A[j * k + j] -= A[j * k + p] * A[j * k + p];
    A[j * k + j] = std::sqrt(A[j * k + j]);
    for (int i = j + 1; i < k; ++i) {
      for (int p = 0; p < j; ++p) A[i * k + j] -= A[i * k + p] * A[j * k + p];
      A[i * k + j] /= A[j * k + j];
    }
  }
  Tensor W(k, D);
  for (int d = 0; d < D; ++d) {
    std::vector<double> y(static_cast<std::size_t>(k));
    for (int i = 0; i < k; ++i) {  // L y = b
      double v = B[static_cast<std::size_t>(i) * D + d];
      for (int p = 0; p < i; ++p) v -= A[i * k + p] * y[p];
      y[i] = v / A[i * k + i];
    }
    for (int i = k - 1; i >= 0; --i) {  // L^T w = y
      double v = y[i];
      for (int p = i + 1; p < k; ++p) v -= A[p * k + i] * y[p];
      y[i] = v / A[i * k + i];
    }
    for (int i = 0; i < k; ++i) W(i, d) = static_cast<float>(y[i]);
  }
  return W;
}

double rel_diff(const Tensor& a, const Tensor& b) { return std::sqrt(sq_norm(a - b) / sq_norm(b)); }

}  // namespace

void run_map_prior(const Context& ctx, const MapSettings& s, Rng& rng, Metrics& m) {
  const Tensor X_raw = ctx.X.rows_slice(0, std::min(s.images, ctx.X.rows()));
  const int N = X_raw.rows(), D = X_raw.cols();
  const Pca pca = pca_fit(X_raw, s.k);
  const Tensor Hc = pca_encode(pca, X_raw);        // (N, k): the given codes
  const Tensor X = X_raw - pca_decode(pca, Tensor(N, s.k));  // centered: x - mu, (N, D)
  const double lambda = s.sigma_D * s.sigma_D / (s.sigma_w * s.sigma_w);

  const Tensor W0 = rng.normal_tensor(s.k, D, 0.f, 0.01f);  // one start for both iterative fits
  auto fit = [&](bool explicit_prior, const std::string& label) {
    Var W(W0, true);
    Adam adam({W}, s.lr);
    if (!explicit_prior) adam.weight_decay = static_cast<float>(2.0 * lambda / N);
    const Var h(Hc), x(X);
    const Var logvar(Tensor(N, D, static_cast<float>(std::log(s.sigma_D * s.sigma_D))));
    const double log_prior_const = 0.5 * s.k * D * std::log(2 * 3.14159265358979 * s.sigma_w * s.sigma_w);
    Progress bar(label, s.steps);
    const FlushSubnormals flush;  // as ae::train does (util/fp_mode.hpp)
    for (int t = 0; t < s.steps; ++t) {
      adam.lr = s.lr * static_cast<float>(0.5 * (1 + std::cos(3.14159265358979 * t / s.steps)));
      adam.zero_grad();
      const Var r = matmul(h, W);
      Var loss;
      if (explicit_prior) {
        // -log p(W | X) / N = -(1/N) sum_n log N(x_n; h_n W, sigma_D^2 I) - (1/N) log N(W; 0, sigma_w^2 I) + const
        const Var nll = gaussian_nll(x, r, logvar);  // per image, constants included
        const Var neg_log_prior =
            add_scalar(scale(sum(square(W)), static_cast<float>(0.5 / (s.sigma_w * s.sigma_w))),
                       static_cast<float>(log_prior_const));
        loss = add(nll, scale(neg_log_prior, 1.f / static_cast<float>(N)));
      } else {
        loss = squared_error(r, x);  // the plain reconstruction error; the prior lives in adam.weight_decay
      }
      backward(loss);
      adam.step();
      bar.update(t + 1, loss.item());
    }
    bar.finish();
    return W.value();
  };
  const Tensor W_map = fit(true, "MAP, explicit Gaussian prior");
  const Tensor W_wd = fit(false, "weight decay, lambda = sigma_D^2 / sigma_w^2");
  const Tensor W_ridge = ridge(Hc, X, lambda), W_ls = ridge(Hc, X, 0.0);

  std::cout << "MAP: sigma_D = " << s.sigma_D << ", sigma_w = " << s.sigma_w << ", lambda = " << lambda << ", N = "
            << N << "\n";
  m.set("map_lambda", lambda, "sigma_D^2 / sigma_w^2: the weight decay the Gaussian prior stands for");
  m.set("map_vs_weight_decay_rel_diff", rel_diff(W_map, W_wd),
        "||W_MAP - W_decay|| / ||W_decay||: MAP with the prior and weight decay find the same W");
  m.set("map_vs_ridge_rel_err", rel_diff(W_map, W_ridge), "||W_MAP - W_ridge|| / ||W_ridge|| (closed form)");
  m.set("weight_decay_vs_ridge_rel_err", rel_diff(W_wd, W_ridge), "||W_decay - W_ridge|| / ||W_ridge||");
  m.set("map_prior_shrinkage", rel_diff(W_ridge, W_ls),
        "||W_ridge - W_least_squares|| / ||W_least_squares||: how much the prior moves the fit");
}

}  // namespace ch14_2
