// Deep Learning, section 14.7: contractive autoencoders.
//
// A contractive autoencoder (CAE) adds to the reconstruction loss the penalty
//     Omega(h) = lambda || df(x)/dx ||_F^2 ,
// the squared Frobenius norm of the encoder's Jacobian, which makes the code insensitive to small moves of x.
// Reconstruction pulls the other way: the code must still tell training examples apart, so the encoder stays
// sensitive only along the few directions in which the data actually vary -- the tangent plane of the data
// manifold. For a sigmoid encoder h = sigmoid(x W + b) the Jacobian is diag(h (1 - h)) W^T, so the penalty is
// the cheap sum lambda sum_j (h_j (1 - h_j))^2 ||W_:,j||^2 (common/nn/contractive.hpp).
//
// Deeper encoders (the book's recipe): train one-layer CAEs greedily, each on the previous one's codes, and
// compose them; the deep Jacobian is then the product J = J_2 J_1 of the layers' Jacobians (nn/contractive.hpp).
// The scale trap: if the decoder may undo any scaling of the code (untied weights), the encoder can multiply by
// a small eps and the decoder divide by it, which drives the penalty (x eps^2) to 0 at no cost; tying the
// decoder's weights to the encoder's (V = W^T) closes that door.
//
// Shapes: x (N, D = 784) images in [0, 1]; W (D, H); h (N, H); J = df/dx (H, D) at one image.
// Loss per example: Bernoulli cross-entropy summed over pixels, averaged over the batch, + lambda ||J||_F^2.
//
// Run:    ch14_7_contractive --quick            (about 15 s of computing; the tests run this)
//         ch14_7_contractive                    (the full run: all 8,000 MNIST training digits, longer training)
// Writes: figures/out/14_7_*.png (Jacobian spectra, code histogram, figure 14.10 tangents, shift tangents,
//         tangent angles against training-set size, scale trap)
//         and the metrics reported at the end of main().
#include <algorithm>
#include <cmath>
#include <iostream>

#include "data/datasets.hpp"
#include "figures.hpp"
#include "jacobian_study.hpp"
#include "nn/contractive.hpp"
#include "scale_trap.hpp"
#include "shallow_ae.hpp"
#include "noisy_tangents.hpp"
#include "tangents.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/metrics.hpp"

using namespace ch14_7;

namespace {

/// Everything the experiment can be told; --quick shrinks the sizes, not the method.
struct Config {
  std::string dataset = "mnist";
  int train_images = 8000, test_images = 1000, jacobian_points = 200;
  int hidden = 32, epochs = 15, batch = 64;
  float lambda = 3.f, sigma = 0.3f, lr = 5e-3f;
  int stacked_hidden = 16;
  int figure_hidden = 256, figure_epochs = 15;  ///< a wider CAE for figure 14.10's tangent images
  float figure_lambda = 10.f;  ///< strong: with lambda = 1 its leading directions are small blobs (see the README)
  TangentSpec tangent;
  std::vector<int> tangent_sizes{25, 50, 100, 200, 400, 800, 1600};
  int tangent_reference = 400;  ///< the training-set size the tangent metrics are reported at
  std::vector<double> noisy_levels{0, 0.05, 0.1, 0.2, 0.3};  ///< pixel noise of the figure 14.10 regime sweep
  std::vector<int> noisy_sizes{25, 100, 400, 1600};
  double noisy_reference_level = 0.1;  ///< the sweep point the noisy tangent metrics are reported at
  int noisy_reference_size = 400;
  int trap_hidden = 32, trap_epochs = 40;
  float trap_lambda = 1.f;

  Config() { tangent.steps = 3000; }
  void make_quick() {
    train_images = 3000;
    test_images = 500;
    jacobian_points = 50;
    figure_hidden = 64;
    figure_epochs = 5;
    tangent_sizes = {tangent_reference};
    noisy_levels = {noisy_reference_level};
    noisy_sizes = {noisy_reference_size};
    tangent.steps = 1000;
    tangent.test_points = 20;
    trap_epochs = 15;
  }
  /// --slides: the quick sizes, except figure 14.10's CAE, as wide and trained as long as in the full run (with 64
  /// units and 5 epochs its first tangent is flat gray and its last one noise), and all the training-set sizes of
  /// the tangent-angle figure (one size is three dots).
  void make_slides() {
    const int hidden_full = figure_hidden, epochs_full = figure_epochs;
    const std::vector<int> sizes_full = tangent_sizes;
    make_quick();
    figure_hidden = hidden_full;
    figure_epochs = epochs_full;
    tangent_sizes = sizes_full;
  }
};

/// Statistics of one trained autoencoder at the test images.
struct Measured {
  double sqerr = 0, saturated = 0;
  SpectrumStats spectrum;
  Tensor codes;
};

Measured measure(const ShallowAe& model, const Tensor& X_test, const Tensor& X_jacobian) {
  Measured r;
  r.sqerr = sqerr_per_example(model, X_test);
  r.codes = model.encode(X_test);
  r.saturated = saturated_fraction(r.codes);
  r.spectrum = jacobian_spectrum(model.encoder_mlp(), X_jacobian);
  return r;
}

/// Greedy layer-wise stacking (the book's recipe for deep CAEs): a second autoencoder trained on the first one's
/// codes; the composition of the two encoders is the deep encoder.
ae::Mlp stack(const ShallowAe& first, const Tensor& X, int hidden2, const TrainSpec& spec, ae::Rng& rng) {
  const Tensor H1 = first.encode(X);
  ShallowAe second(H1.cols(), hidden2, true, rng);
  TrainSpec s = spec;
  s.label += " (layer 2)";
  train_shallow(second, H1, s, rng);
  ae::Mlp deep;
  deep.layers = {first.enc, second.enc};
  deep.hidden = deep.output = ae::Act::sigmoid;
  return deep;
}

}  // namespace

int main(int argc, char** argv) {
  return ae::run_program("ch14_7_contractive", [&] {
    Config cfg;
    ae::Cli cli("ch14_7_contractive", "Section 14.7: contractive autoencoders, their Jacobians and tangent planes.");
    cli.add_choice("--dataset", cfg.dataset, {"mnist", "fashion"}, "image dataset");
    cli.add("--hidden", cfg.hidden, "code size H of the three autoencoders", 2, 1024);
    cli.add("--lambda", cfg.lambda, "weight of the contractive penalty", 0.0, 1e4);
    cli.add("--sigma", cfg.sigma, "std of the denoising autoencoder's Gaussian corruption", 0.0, 10.0);
    cli.add("--lr", cfg.lr, "Adam learning rate", 1e-6, 1.0);
    cli.add("--figure-lambda", cfg.figure_lambda, "penalty weight of the wide CAE drawn in figure 14.10", 0.0, 1e4);
    cli.add("--tangent-lambda", cfg.tangent.lambda, "penalty weight of the CAE on shifted images", 0.0, 1e4);
    cli.add("--tangent-hidden", cfg.tangent.hidden, "code size of the autoencoders on shifted images", 2, 1024);
    cli.add("--trap-lambda", cfg.trap_lambda, "penalty weight of the linear CAEs of the scale trap", 0.0, 1e4);
    const ae::CommonOptions& opt = cli.parse(argc, argv);
    if (opt.quick) cfg.make_quick();
    if (opt.slides) cfg.make_slides();
    cfg.epochs = opt.epochs_or(cfg.epochs, cfg.epochs);
    const ae::plot::Output out{opt.out, opt.format};
    ae::Metrics m;

    // ---- Data: images as (N, 784) floats in [0, 1] -------------------------------------------------------------
    const ae::ImageData data = ae::load_images(cfg.dataset, opt);
    const Tensor X = data.train.rows(0, std::min(cfg.train_images, data.train.n));
    const Tensor X_test = data.test.rows(0, std::min(cfg.test_images, data.test.n));
    const Tensor X_jac = X_test.rows_slice(0, std::min(cfg.jacobian_points, X_test.rows()));

    // ---- Three autoencoders of the same size: plain, denoising, contractive ----------------------------------
    // Tied weights (r = sigmoid(h W^T + c)) for all three: see the scale trap at the end for why a CAE needs them.
    std::vector<ShallowAe> models;
    std::vector<Measured> results;
    TrainSpec spec;
    for (Criterion c : {Criterion::plain, Criterion::denoising, Criterion::contractive}) {
      ae::Rng rng(opt.seed);  // the same initial weights and minibatches for all three
      models.emplace_back(X.cols(), cfg.hidden, true, rng);
      spec = TrainSpec{c, cfg.lambda, cfg.sigma, cfg.epochs, cfg.batch, cfg.lr, criterion_name(c), "", false};
      train_shallow(models.back(), X, spec, rng);
      results.push_back(measure(models.back(), X_test, X_jac));
    }
    const ShallowAe& cae = models[2];
    const Measured &ae_r = results[0], &dae_r = results[1], &cae_r = results[2];

    // ---- The penalty, exactly: closed form = explicit Jacobians; autodiff gradient = central differences ------
    ae::Rng check_rng(opt.seed + 7);
    const Tensor X_check = X_test.rows_slice(0, 10);
    m.set("penalty_formula_rel_err", penalty_formula_rel_err(cae, X_check),
          "sum_j (h_j(1-h_j))^2 |W_j|^2 vs |J|_F^2 from J");
    m.set("penalty_grad_fd_rel_err", penalty_grad_fd_rel_err(cae, X_check, check_rng, 20),
          "autodiff vs central differences (W, b)");

    // ---- What the penalty does to the Jacobian: its singular values, and saturated units ---------------------
    m.set("cae_jacobian_fro_ratio_to_ae", cae_r.spectrum.mean_fro / ae_r.spectrum.mean_fro,
          "mean |J|_F, CAE / plain AE");
    m.set("dae_jacobian_fro_ratio_to_ae", dae_r.spectrum.mean_fro / ae_r.spectrum.mean_fro,
          "mean |J|_F, denoising / plain AE");
    m.set("cae_frac_singular_below_1", cae_r.spectrum.frac_below_1, "singular values of J below 1, CAE");
    m.set("dae_frac_singular_below_1", dae_r.spectrum.frac_below_1, "the same, denoising AE");
    m.set("ae_frac_singular_below_1", ae_r.spectrum.frac_below_1, "the same, plain AE");
    m.set("cae_saturated_fraction", cae_r.saturated, "code units with min(h, 1-h) < 0.05, CAE");
    m.set("dae_saturated_fraction", dae_r.saturated, "the same, denoising AE");
    m.set("ae_saturated_fraction", ae_r.saturated, "the same, plain AE");
    m.set("ae_sqerr", ae_r.sqerr, "plain AE: |x - r|^2 per test image");
    m.set("cae_sqerr_ratio_to_ae", cae_r.sqerr / ae_r.sqerr, "reconstruction error, CAE / plain AE");
    m.set("dae_sqerr_ratio_to_ae", dae_r.sqerr / ae_r.sqerr, "reconstruction error, denoising / plain AE");
    const std::vector<std::string> names{"plain",
                                         "denoising (noise std " + std::to_string(cfg.sigma).substr(0, 4) + ")",
                                         "contractive (λ = " + std::to_string(cfg.lambda).substr(0, 4) + ")"};
    plot_spectra(out, names, {ae_r.spectrum.mean_spectrum, dae_r.spectrum.mean_spectrum, cae_r.spectrum.mean_spectrum});
    plot_code_histograms(out, names, {ae_r.codes, dae_r.codes, cae_r.codes});

    // ---- Figure 14.10: the leading Jacobian directions of a wider CAE next to local PCA's ----------------------
    {
      ae::Rng rng(opt.seed + 3);
      ShallowAe wide(X.cols(), cfg.figure_hidden, true, rng);
      train_shallow(wide, X,
                    {Criterion::contractive, cfg.figure_lambda, cfg.sigma, cfg.figure_epochs, cfg.batch, cfg.lr,
                     "CAE for figure 14.10", "", false},
                    rng);
      std::vector<int> shown;  // the first test image of three different classes
      for (int want : {0, 4, 7})
        for (int i = 0; i < data.test.n; ++i)
          if (data.test.labels[static_cast<std::size_t>(i)] == want) {
            shown.push_back(i);
            break;
          }
      plot_tangent_images(out, wide, X, data.test.batch(shown), 12, 6);
      // The same with pixel noise 0.1 on every image, next to the clean version (figure 14.10's regime).
      plot_noisy_real_tangents(out, wide, X, data.test.batch(shown), 0.1,
                               {Criterion::contractive, cfg.figure_lambda, cfg.sigma, cfg.figure_epochs, cfg.batch,
                                cfg.lr, "CAE for figure 14.10, noisy images", "", false},
                               12, 6, rng);
    }

    // ---- Deeper encoders, layer by layer: a CAE trained on the first CAE's codes, and likewise for the plain AE
    {
      ae::Rng rng(opt.seed + 1);
      TrainSpec s2{Criterion::contractive, cfg.lambda, cfg.sigma, cfg.epochs, cfg.batch, cfg.lr,
                   "stacked CAE",          "",         false};
      const ae::Mlp deep_cae = stack(cae, X, cfg.stacked_hidden, s2, rng);
      s2.criterion = Criterion::plain;
      s2.label = "stacked plain AE";
      const ae::Mlp deep_ae = stack(models[0], X, cfg.stacked_hidden, s2, rng);
      m.set("deep_jacobian_fd_rel_err", jacobian_fd_rel_err(deep_cae, X_test.rows_slice(0, 1)),
            "J = J_2 J_1 vs central differences, stacked CAE");
      m.set("stacked_cae_jacobian_fro_ratio_to_ae",
            ae::mean_jacobian_frobenius(deep_cae, X_jac) / ae::mean_jacobian_frobenius(deep_ae, X_jac),
            "mean |J|_F of the 2-layer encoders, CAE / plain");
    }

    // ---- Tangents measured against the truth: a 2-D manifold of shifted images ------------------------------
    // Untied decoders here: the tangent estimate uses only the directions of J, which rescaling cannot change.
    std::vector<TangentResult> tangents;
    for (int n : cfg.tangent_sizes) {
      ae::Rng rng(opt.seed + 100);
      tangents.push_back(tangent_experiment(n, cfg.tangent, rng));
    }
    plot_tangent_angles(out, tangents);
    for (const TangentResult& r : tangents)
      if (r.n_train == cfg.tangent_reference) {
        m.set("cae_tangent_angle_deg", r.cae_deg, "largest principal angle, CAE's top-2 singular vectors vs truth");
        m.set("local_pca_tangent_angle_deg", r.local_pca_deg, "the same, local PCA of 10 nearest training images");
        m.set("ae_tangent_angle_deg", r.plain_deg, "the same, plain autoencoder's Jacobian");
        plot_shift_tangents(out, r.example_x, r.example_tangent, {"CAE", "local PCA", "plain AE"}, r.example_planes);
      }

    // ---- Figure 14.10's regime: pixel noise on the shifted images, so that neighbours differ mostly by noise ----
    {
      std::vector<NoisyTangentPoint> sweep;
      for (int n : cfg.noisy_sizes)
        for (double level : cfg.noisy_levels) {
          ae::Rng rng(opt.seed + 300);
          sweep.push_back(noisy_tangent_experiment(n, level, cfg.tangent, rng));
          const NoisyTangentPoint& p = sweep.back();
          std::cout << "noisy tangents, n " << n << ", noise " << level << ": CAE " << p.cae_deg << ", local PCA "
                    << p.local_pca_deg << ", plain AE " << p.plain_deg << " degrees\n";
          if (n == cfg.noisy_reference_size && level == cfg.noisy_reference_level) {
            m.set("tangent_angle_cae_noisy_deg", p.cae_deg, "largest angle, CAE, noisy shifted images");
            m.set("tangent_angle_local_pca_noisy_deg", p.local_pca_deg, "the same, local PCA (10 noisy neighbours)");
            m.set("tangent_angle_ae_noisy_deg", p.plain_deg, "the same, plain autoencoder");
            plot_noisy_shift_tangents(out, p);
          }
        }
      if (cfg.noisy_levels.size() > 1) plot_noisy_tangent_sweep(out, sweep);
    }

    // ---- The scale trap: an untied decoder lets training shrink the penalty for free; tying removes it -------
    {
      ae::Rng rng_u(opt.seed + 200), rng_t(opt.seed + 200);
      const TrapHistory untied =
          train_linear_cae(X, X_test, cfg.trap_hidden, cfg.trap_lambda, false, cfg.trap_epochs, 2e-3f, rng_u);
      const TrapHistory tied =
          train_linear_cae(X, X_test, cfg.trap_hidden, cfg.trap_lambda, true, cfg.trap_epochs, 2e-3f, rng_t);
      // First the trap itself, on the trained models: the encoder multiplies by eps, the decoder divides by eps.
      std::vector<double> eps;
      for (int k = 0; k <= 24; ++k) eps.push_back(std::pow(10.0, -1.5 + 2.0 * k / 24.0));  // 0.03 ... 3.16
      const RescaleCurve untied_rescaled = rescale_sweep(untied, X_test, eps);
      const RescaleCurve tied_rescaled = rescale_sweep(tied, X_test, eps);
      const double untied_at_1 = rescale_sweep(untied, X_test, {1.0}).sqerr[0];
      const double tied_at_1 = rescale_sweep(tied, X_test, {1.0}).sqerr[0];
      double worst_change = 0;
      for (double e : untied_rescaled.sqerr)
        worst_change = std::max(worst_change, std::abs(e - untied_at_1) / untied_at_1);
      m.set("trap_rescale_untied_sqerr_change", worst_change,
            "max |change| of the untied error for eps in [0.03, 3] (penalty x eps^2)");
      m.set("trap_rescale_tied_sqerr_ratio", rescale_sweep(tied, X_test, {0.1}).sqerr[0] / tied_at_1,
            "tied error at eps = 0.1 / at eps = 1 (penalty x 0.01)");
      // Then what training does with it.
      m.set("trap_untied_penalty_ratio_to_tied", untied.penalty.back() / tied.penalty.back(),
            "|W|_F^2 at the end, untied / tied");
      m.set("trap_untied_sqerr_ratio_to_tied", untied.sqerr.back() / tied.sqerr.back(),
            "reconstruction error, untied / tied");
      m.set("trap_untied_decoder_gain", untied.v_norm / untied.w_norm, "|V|_F / |W|_F of the untied model (tied: 1)");
      plot_scale_trap(out, untied, tied, untied_rescaled, tied_rescaled);
    }

    m.report(opt.metrics);
    return 0;
  });
}
