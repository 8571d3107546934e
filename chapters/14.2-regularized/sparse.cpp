// Section 14.2.1: sparse autoencoders. Three ways to make most code units silent for any one input:
//   L1:     L(x, g(h)) + lambda sum_i |h_i|              with ReLU codes, so silent units are exactly 0
//   KL:     L(x, g(h)) + beta sum_j KL(rho || rho_hat_j)  with sigmoid codes; rho_hat_j = mean activation of unit j
//   top-k:  h = top_k(x W_e + b_e)                        only the k largest units of each code survive
// L = ||x - g(h)||^2, summed over pixels and averaged over the batch, like every penalty here.
#include <algorithm>
#include <cmath>
#include <iostream>

#include "autodiff/losses.hpp"
#include "plot/plot.hpp"
#include "priors.hpp"
#include "variants.hpp"

namespace ch14_2 {

using namespace ae;

namespace {

// The largest |(-log p(h)) - (penalty + constant)| over the codes (rows of H): both identities of priors.hpp.
struct PriorCheck {
  double laplace_max_abs_err = 0, student_t_max_abs_err = 0;
};

PriorCheck check_prior_identities(const Tensor& H, double lambda, double nu) {
  PriorCheck c;
  for (int n = 0; n < H.rows(); ++n) {
    const Tensor h = H.rows_slice(n, n + 1);
    // The penalty exactly as training computed it: l1_penalty of one code is sum_i |h_i|.
    const double omega = lambda * l1_penalty(Var(h)).item();
    const double laplace = laplace_neg_log_prior(h.data(), h.cols(), lambda);
    c.laplace_max_abs_err =
        std::max(c.laplace_max_abs_err, std::fabs(laplace - (omega + laplace_constant(h.cols(), lambda))));
    const double t = student_t_neg_log_prior(h.data(), h.cols(), nu);
    const double t_rhs = student_t_penalty(h.data(), h.cols(), nu) + student_t_constant(h.cols(), nu);
    c.student_t_max_abs_err = std::max(c.student_t_max_abs_err, std::fabs(t - t_rhs));
  }
  return c;
}

double zero_fraction(const Tensor& H) {
  return static_cast<double>(std::count(H.begin(), H.end(), 0.f)) /
         static_cast<double>(std::max<std::size_t>(1, H.size()));
}

}  // namespace

void run_sparse(const Context& ctx, const SparseSettings& s, const Autoencoder& plain, Rng& rng, Metrics& m) {
  const int D = ctx.X.cols(), H = ctx.hidden;
  const double plain_sqerr = sqerr_per_image(plain.reconstruct(ctx.X_test), ctx.X_test);

  // L1 penalty on ReLU codes. Its MAP reading: with p(x | h) = N(g(h), I/2), -log p(x | h) = ||x - g(h)||^2 + const,
  // and the Laplace prior turns lambda sum|h_i| into -log p(h) + const.
  Autoencoder l1 = make_autoencoder(D, H, Act::relu, rng);
  fit(l1, ctx, "sparse AE, L1", rng, [&](const Var& x, Rng&) {
    Var h = l1.encode(x);
    return squared_error(l1.decode(h), x) + s.lambda * l1_penalty(h);
  });
  const Tensor H_l1 = l1.encode(ctx.X_test);  // (M, H)
  m.set("sparse_code_zero_fraction", zero_fraction(H_l1), "fraction of exactly-zero code entries, L1 model, test set");
  m.set("sparse_sqerr_ratio_to_plain", sqerr_per_image(l1.reconstruct(ctx.X_test), ctx.X_test) / plain_sqerr,
        "L1 sparse AE test error / unregularized AE's");
  m.set("plain_code_zero_fraction", zero_fraction(plain.encode(ctx.X_test)), "the same fraction without the penalty");

  // The identity -log p(h) = lambda sum|h_i| + H log(2/lambda), on every test code; and the Student-t prior's.
  const PriorCheck prior = check_prior_identities(H_l1, s.lambda, s.nu);
  m.set("laplace_identity_max_abs_err", prior.laplace_max_abs_err,
        "max |-log p_Laplace(h) - (lambda ||h||_1 + H log(2/lambda))| over test codes");
  m.set("student_t_identity_max_abs_err", prior.student_t_max_abs_err,
        "the same for the Student-t prior and its log penalty");

  // KL sparsity on sigmoid codes: every unit's mean activation is pulled to rho.
  Autoencoder kl = make_autoencoder(D, H, Act::sigmoid, rng);
  const std::vector<double> rho_hat_init = mean_activation(kl.encode(ctx.X_test));
  fit(kl, ctx, "sparse AE, KL", rng, [&](const Var& x, Rng&) {
    Var h = kl.encode(x);
    return squared_error(kl.decode(h), x) + s.beta * kl_sparsity(h, s.rho);
  });
  const std::vector<double> rho_hat = mean_activation(kl.encode(ctx.X_test));
  double abs_err = 0;
  for (double r : rho_hat) abs_err += std::fabs(r - s.rho);
  m.set("kl_mean_activation_abs_err", abs_err / H, "mean over units of |rho_hat_j - rho| on the test set");
  m.set("kl_sqerr_ratio_to_plain", sqerr_per_image(kl.reconstruct(ctx.X_test), ctx.X_test) / plain_sqerr,
        "KL sparse AE test error / unregularized AE's");

  // k-sparse: a linear encoder whose k largest units per example are kept, the rest set to 0.
  Autoencoder topk = make_autoencoder(D, H, Act::identity, rng);
  fit(topk, ctx, "k-sparse AE", rng, [&](const Var& x, Rng&) {
    return squared_error(topk.decode(top_k(topk.encode(x), s.top_k)), x);
  });
  Tensor R_topk;
  {
    NoGrad no_grad;
    R_topk = topk.decode(top_k(topk.encode(Var(ctx.X_test)), s.top_k)).value();
  }
  m.set("topk_sqerr_ratio_to_plain", sqerr_per_image(R_topk, ctx.X_test) / plain_sqerr,
        "k-sparse AE test error / unregularized AE's");

  // Figures: filters, the code histogram against a Laplace density, rho_hat against rho, the two priors.
  // The 64 most used units of each model (a unit that is never active keeps its random weights).
  const int shown = std::min(H, 64), cols = shown >= 64 ? 16 : 8;
  // Encoder filters are the columns of W_e (what a unit responds to); decoder basis images are the rows of W_d
  // (what a unit adds to the reconstruction): r = sigmoid(sum_j h_j W_d[j, :] + b_d).
  auto filters = [&](const Autoencoder& model, const Tensor& codes, const std::string& name, const std::string& which) {
    const std::vector<int> units = most_used_units(codes, shown);
    plot::image_grid(ctx.out, {.name = name, .title = "Encoder filters, " + which, .width = 900, .height = 520},
                     gather_rows(weights_as_images(transpose(model.encoder.layers[0].W.value())), units), ctx.img_h,
                     ctx.img_w, cols);
    plot::image_grid(ctx.out, {.name = name + "_decoder", .title = "Decoder basis images, " + which, .width = 900,
                               .height = 520},
                     gather_rows(weights_as_images(model.decoder.layers[0].W.value()), units), ctx.img_h, ctx.img_w,
                     cols);
  };
  filters(l1, H_l1, "14_2_sparse_filters_l1", "L1 sparse AE (λ = " + fmt(s.lambda) + ")");
  filters(plain, plain.encode(ctx.X_test), "14_2_sparse_filters_plain", "no penalty");
  {
    NoGrad no_grad;
    filters(topk, top_k(topk.encode(Var(ctx.X_test)), s.top_k).value(), "14_2_sparse_filters_topk",
            "k-sparse AE (k = " + std::to_string(s.top_k) + ")");
  }
  {
    // ReLU codes are h >= 0: the Laplace prior restricted to h > 0 is lambda_hat exp(-lambda_hat h), with
    // lambda_hat = 1 / mean(h) its maximum-likelihood fit to the nonzero values.
    std::vector<double> nonzero;
    for (float v : H_l1)
      if (v != 0.f) nonzero.push_back(v);
    double mean = 0;
    for (double v : nonzero) mean += v / static_cast<double>(nonzero.size());
    const double lam = mean > 0 ? 1.0 / mean : 1.0;
    if (!nonzero.empty())
      plot::histogram(ctx.out, {.name = "14_2_sparse_code_histogram", .title = "Nonzero code values, L1 model (" +
                                std::to_string(int(std::lround(100 * zero_fraction(H_l1)))) + "% are exactly 0)",
                                .xlabel = "h_i", .ylabel = "density",
                                .xrange = plot::Range{0.0, *std::max_element(nonzero.begin(), nonzero.end())}},
                      nonzero, 60, [lam](double h) { return h < 0 ? 0.0 : lam * std::exp(-lam * h); },
                      "Laplace, h > 0, fitted λ = " + fmt(lam));
  }
  {
    plot::Series fitted{.label = "ρ̂_j after training (KL penalty)", .style = "points", .color = 0};
    plot::Series init{.label = "ρ̂_j at initialization", .style = "points", .color = 8};
    for (int j = 0; j < H; ++j) {
      fitted.x.push_back(j + 1);
      fitted.y.push_back(rho_hat[static_cast<std::size_t>(j)]);
      init.x.push_back(j + 1);
      init.y.push_back(rho_hat_init[static_cast<std::size_t>(j)]);
    }
    plot::Series target{.label = "target ρ", .x = {1.0, double(H)}, .y = {s.rho, s.rho}, .color = 1, .dashed = true};
    plot::lines(ctx.out,
                {.name = "14_2_sparse_mean_activation",
                 .title = "Mean activation of each code unit (test set)",
                 .xlabel = "code unit j",
                 .ylabel = "ρ̂_j",
                 .logy = true,
                 .xrange = plot::Range{0, H + 1.0},
                 .legend = "bottom right"},
                {init, fitted, target});
  }
  {
    // The two penalties as functions of one code value h_i (constants dropped), at lambda = 1 to compare shapes:
    // L1 is a cone, the Student-t a logarithm that grows ever more slowly, so large activations cost little more
    // than moderate ones.
    plot::Series lap{.label = "Laplace (λ = 1): |h|", .color = 0},
        st{.label = "Student-t (ν = " + fmt(s.nu) + "): (ν+1)/2 log(1 + h²/ν)", .color = 1};
    for (int i = -200; i <= 200; ++i) {
      const float h = static_cast<float>(i) / 40.f;
      lap.x.push_back(h);
      lap.y.push_back(laplace_neg_log_prior(&h, 1, 1.0) - laplace_constant(1, 1.0));
      st.x.push_back(h);
      st.y.push_back(student_t_neg_log_prior(&h, 1, s.nu) - student_t_constant(1, s.nu));
    }
    plot::lines(ctx.out, {.name = "14_2_sparse_priors", .title = "-log p(h_i) + const: the penalty each prior implies",
                          .xlabel = "h_i", .ylabel = "penalty", .yrange = plot::Range{0, 6.5},
                          .legend = "top center"},  // the y range leaves room for the long key
                {lap, st});
  }
}

}  // namespace ch14_2
