// Section 14.2.3: regularizing by penalizing derivatives. The penalty
//   Omega(h, x) = lambda sum_i ||grad_x h_i||^2 = lambda ||df/dx||_F^2
// makes f change little when x changes little. For a sigmoid encoder h = sigma(x W_e + b_e) the Jacobian is
// diag(h (1 - h)) W_e^T, so Omega = lambda sum_j (h_j (1 - h_j))^2 ||W_e[:, j]||^2 exactly, with no sampling
// (common/nn/contractive.hpp). Summed over code units, averaged over the batch. Section 14.7 goes deeper.
#include <algorithm>
#include <cmath>
#include <vector>

#include "autodiff/losses.hpp"
#include "linalg/eigen_sym.hpp"
#include "nn/contractive.hpp"
#include "plot/plot.hpp"
#include "variants.hpp"

namespace ch14_2 {

using namespace ae;

namespace {

// Singular values of df/dx (H, D) at the first n test points, averaged position by position (descending). With
// J = diag(s) W_e^T and s = h (1 - h), J J^T = diag(s) (W_e^T W_e) diag(s) is only (H, H): its eigenvalues are the
// squared singular values, and W_e^T W_e is formed once.
std::vector<double> mean_jacobian_spectrum(const Autoencoder& model, const Tensor& X, int n) {
  const Tensor& W = model.encoder.layers[0].W.value();
  const Tensor G = matmul(W, W, /*transA=*/true);  // (H, H)
  const Tensor h = model.encode(X.rows_slice(0, n));
  const int H = G.rows();
  std::vector<double> mean(static_cast<std::size_t>(H), 0.0);
  for (int i = 0; i < n; ++i) {
    MatrixD JJt(H, H);
    for (int a = 0; a < H; ++a)
      for (int b = 0; b < H; ++b) {
        const double sa = h(i, a) * (1.0 - h(i, a)), sb = h(i, b) * (1.0 - h(i, b));
        JJt(a, b) = sa * G(a, b) * sb;
      }
    const std::vector<double> ev = eigenvalues_sym(JJt);  // descending
    for (int j = 0; j < H; ++j) mean[static_cast<std::size_t>(j)] += std::sqrt(std::max(ev[j], 0.0)) / n;
  }
  return mean;
}

}  // namespace

void run_contractive(const Context& ctx, float lambda, Rng& rng, Metrics& m) {
  const int D = ctx.X.cols(), H = ctx.hidden;
  Autoencoder plain = make_autoencoder(D, H, Act::sigmoid, rng);
  fit(plain, ctx, "sigmoid AE, no penalty", rng, [&](const Var& x, Rng&) {
    return squared_error(plain.reconstruct(x), x);
  });
  Autoencoder cae = make_autoencoder(D, H, Act::sigmoid, rng);
  const Var& W_e = cae.encoder.layers[0].W;
  fit(cae, ctx, "contractive AE", rng, [&](const Var& x, Rng&) {
    Var h = cae.encode(x);
    return squared_error(cae.decode(h), x) + lambda * contractive_penalty(h, W_e);
  });

  // ||df/dx||_F at test points, from the Jacobian formed explicitly, one point at a time.
  const int n_jac = std::min(ctx.X_test.rows(), ctx.quick ? 300 : 2000);
  const Tensor X_jac = ctx.X_test.rows_slice(0, n_jac);
  const double jac_plain = mean_jacobian_frobenius(plain.encoder, X_jac);
  const double jac_cae = mean_jacobian_frobenius(cae.encoder, X_jac);
  m.set("contractive_jacobian_ratio_to_plain", jac_cae / jac_plain,
        "mean ||df/dx||_F on test points, contractive / plain");
  m.set("contractive_jacobian_frobenius", jac_cae, "its mean ||df/dx||_F");
  m.set("plain_jacobian_frobenius", jac_plain, "the plain sigmoid AE's");
  const double plain_sqerr = sqerr_per_image(plain.reconstruct(ctx.X_test), ctx.X_test);
  m.set("contractive_sqerr_ratio_to_plain", sqerr_per_image(cae.reconstruct(ctx.X_test), ctx.X_test) / plain_sqerr,
        "the price: contractive AE test error / plain's");

  // Figure: the Jacobian's singular values. The penalty shrinks most directions; the few left large are the
  // directions along which the code still follows the data (section 14.7).
  const int n_svd = std::min(ctx.X_test.rows(), 50);
  auto series = [&](const Autoencoder& model, const std::string& label, int color) {
    plot::Series s{.label = label, .color = color};
    const std::vector<double> sv = mean_jacobian_spectrum(model, ctx.X_test, n_svd);
    for (std::size_t j = 0; j < sv.size(); ++j) {
      s.x.push_back(static_cast<double>(j + 1));
      s.y.push_back(std::max(sv[j], 1e-8));
    }
    return s;
  };
  plot::lines(ctx.out, {.name = "14_2_contractive_spectrum", .title = "Singular values of df/dx, mean over " +
                        std::to_string(n_svd) + " test images", .xlabel = "index", .ylabel = "singular value",
                        .logy = true, .xrange = plot::Range{1, double(H)}},
              {series(plain, "no penalty", 0), series(cae, "contractive, λ = " + fmt(lambda), 1)});
}

}  // namespace ch14_2
