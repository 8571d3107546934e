// Deep Learning, section 14.8: predictive sparse decomposition (PSD).
//
// Sparse coding explains an image x with a few atoms of a dictionary: the code is the solution of an
// optimization problem,
//     h* = argmin_h ||x - g(h)||^2 + lambda |h|_1,      g(h) = h Wd,
// found by iterative inference (ISTA, FISTA) -- accurate but slow. PSD adds a parametric encoder f and trains
// it, jointly with the dictionary, to predict the code:
//     min over h, f, g of  ||x - g(h)||^2 + lambda |h|_1 + gamma ||h - f(x)||^2 ,
// alternating about ten inference steps over h (started from f(x)) with a gradient step on f and g given h.
// At test time f(x) alone is the code: one matrix product instead of an optimization, and, if refinement is
// wanted, a starting point far closer to h* than h = 0.
//
// Shapes: x (N, D = 784) images in [0, 1]; h (N, K) codes, kept non-negative; Wd (K, D) the atoms, unit norm;
// f(x) = relu(x We + be) with We (D, K). Objectives are per example (summed over pixels and code units).
// Both dictionaries start at random training images, and the encoder at one ISTA step from h = 0 (--init
// random starts from noise instead, and leaves about half the code units dead).
// Run:    ch14_8_psd --quick      (about 12 s of computing, 25 PSD epochs, 200 test digits; the tests run this)
//         ch14_8_psd              (full run: 30 PSD epochs on all 8,000 MNIST training digits, 2,000 test digits)
// Writes: figures/out/14_8_*.png (atoms, encoder filters, inference convergence, codes) and the metrics
//         reported at the end of main().
#include <algorithm>
#include <chrono>
#include <functional>
#include <numeric>

#include "data/datasets.hpp"
#include "figures.hpp"
#include "plot/plot.hpp"
#include "psd.hpp"
#include "sparse_coding.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/metrics.hpp"

using namespace ch14_8;

namespace {

/// Everything the experiment can be told; --quick shrinks the sizes, not the method.
struct Config {
  std::string dataset = "mnist";
  int train_images = 8000, test_images = 2000;
  int atoms = 128;                     ///< K
  float lambda = 0.2f, gamma = 100.f;  ///< gamma: see the README (it is measured against lambda_max(Wd Wd^T))
  int sc_epochs = 10, psd_epochs = 30;
  int sc_steps = 30;   ///< FISTA steps from h = 0 per minibatch when learning a dictionary alone
  int psd_steps = 10;  ///< ISTA steps from h = f(x) per minibatch in PSD
  float lr = 3e-3f;
  double tol = 0.01;        ///< "within 1% of the optimum": F(h) <= 1.01 F*
  double solve_tol = 1e-5;  ///< h* is declared reached when ||h_t - h_{t-1}|| <= solve_tol ||h_t||
  int max_iters = 3000;
  std::string init = "images";  ///< "images": atoms start at training images (PsdModel::init_from); "random"

  /// The quick run keeps every training image (the warm start needs a well-trained encoder; with 3,000 images
  /// its ratio falls to about 3) and saves on the sparse-coding epochs and the test images.
  void make_quick() {
    test_images = 200;
    sc_epochs = 4;
    psd_epochs = 25;
  }
};

double mean(const std::vector<int>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double zero_fraction(const Tensor& H) {
  return static_cast<double>(std::count(H.begin(), H.end(), 0.f)) / static_cast<double>(H.size());
}

/// The fraction of code units (columns of H) that are zero for every example.
double dead_fraction(const Tensor& H) {
  int dead = 0;
  for (int k = 0; k < H.cols(); ++k) {
    bool alive = false;
    for (int n = 0; n < H.rows() && !alive; ++n) alive = H(n, k) != 0.f;
    dead += !alive;
  }
  return static_cast<double>(dead) / H.cols();
}

/// The shortest of `repeats` wall-clock timings of `work`, in seconds (the least disturbed by other programs).
double best_time(int repeats, const std::function<void()>& work) {
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    work();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  return ae::run_program("ch14_8_psd", [&] {
    Config cfg;
    ae::Cli cli("ch14_8_psd", "Section 14.8: sparse coding by ISTA and FISTA, and predictive sparse decomposition.");
    cli.add_choice("--dataset", cfg.dataset, {"mnist", "fashion"}, "image dataset");
    cli.add_choice("--init", cfg.init, {"images", "random"},
                   "starting atoms: random training images (and the encoder one ISTA step), or Gaussian noise");
    int train_images = 0;
    cli.add("--train-images", train_images, "training images used (0: the first 8,000)", 0, 1 << 30);
    cli.add("--atoms", cfg.atoms, "dictionary size K", 2, 4096);
    cli.add("--lambda", cfg.lambda, "sparsity weight lambda", 1e-6, 1e3);
    cli.add("--gamma", cfg.gamma, "weight gamma of ||h - f(x)||^2", 0.0, 1e4);
    cli.add("--psd-steps", cfg.psd_steps, "ISTA steps per minibatch in PSD training", 1, 1000);
    cli.add("--lr", cfg.lr, "Adam learning rate", 1e-6, 1.0);
    const ae::CommonOptions& opt = cli.parse(argc, argv);
    if (opt.quick) cfg.make_quick();
    if (train_images > 0) cfg.train_images = train_images;
    cfg.psd_epochs = opt.epochs_or(cfg.psd_epochs, cfg.psd_epochs);
    const ae::plot::Output out{opt.out, opt.format};
    ae::Metrics m;

    // ---- Data: images kept as bytes, converted per minibatch -------------------------------------------------
    const ae::ImageData data = ae::load_images(cfg.dataset, opt);
    const ae::ImageSet train = data.train.head(cfg.train_images);
    const Tensor X = data.test.rows(0, std::min(cfg.test_images, data.test.n));  // (N, D) test images
    const int D = X.cols(), K = cfg.atoms, N = X.rows();
    const int side = data.test.w;

    // ---- Sparse coding first: a dictionary learned with codes inferred from h = 0 ----------------------------
    ae::Rng rng(opt.seed);
    PsdModel sc(D, K, rng);
    if (cfg.init == "images") sc.init_from(train, cfg.lambda, rng);
    train_psd(sc, train, {false, cfg.lambda, 0.f, cfg.sc_steps, cfg.sc_epochs, 100, cfg.lr, "sparse coding", "", false},
              rng);
    {
      const Dictionary dict(sc.Wd.value());
      const Problem p{dict, X, cfg.lambda};
      const Tensor H_star = solve(p, Tensor(N, K), cfg.solve_tol, cfg.max_iters);
      const std::vector<double> F_star = objective(p, H_star);
      std::vector<double> ista_gap, fista_gap;
      const auto ista_iters =
          iterations_to_reach(p, Tensor(N, K), F_star, cfg.tol, cfg.max_iters, false, &ista_gap, 100);
      const auto fista_iters =
          iterations_to_reach(p, Tensor(N, K), F_star, cfg.tol, cfg.max_iters, true, &fista_gap, 100);
      m.set("sc_ista_iters_to_1pct", mean(ista_iters), "ISTA from h = 0 to within 1% of F*, sparse-coding dictionary");
      m.set("sc_fista_iters_to_1pct", mean(fista_iters), "FISTA, the same");
      m.set("sc_sqerr_optimal", ae::sq_norm(X - matmul(H_star, dict.Wd)) / N, "|x - g(h*)|^2 per test image");
      plot_filters(out, "14_8_sparse_coding_atoms", "Sparse coding: dictionary atoms, most used first", dict.Wd,
                   by_usage(H_star), side, 16);
      plot_convergence(out, "14_8_ista_vs_fista", "Sparse coding inference from h = 0",
                       {{"ISTA", ista_gap, false, 0}, {"FISTA", fista_gap, false, 1}});
    }

    // ---- Predictive sparse decomposition: encoder and dictionary trained together -------------------------------
    ae::Rng psd_rng(opt.seed);
    PsdModel psd(D, K, psd_rng);
    if (cfg.init == "images") psd.init_from(train, cfg.lambda, psd_rng);
    train_psd(psd, train, {true, cfg.lambda, cfg.gamma, cfg.psd_steps, cfg.psd_epochs, 100, cfg.lr, "PSD", "", false},
              psd_rng);
    const Dictionary dict(psd.Wd.value());
    const Problem p{dict, X, cfg.lambda};

    // ---- At test time: how close is f(x) to the optimal code h*? ---------------------------------------------
    int solve_iters = 0;
    const Tensor H_star = solve(p, Tensor(N, K), cfg.solve_tol, cfg.max_iters, &solve_iters);
    const std::vector<double> F_star = objective(p, H_star);
    const Tensor F = psd.predict(X);
    m.set("psd_dictionary_lmax", dict.lmax / 1.01,
          "largest eigenvalue of Wd Wd^T (the curvature scale gamma is set against)");
    m.set("psd_encoder_rel_err", ae::sq_norm(F - H_star) / ae::sq_norm(H_star),
          "|f(x) - h*|^2 / |h*|^2 on test images");
    m.set("psd_code_zero_fraction", zero_fraction(F), "exact zeros in f(x)");
    const std::vector<int> order = by_usage(F);
    m.set("psd_dead_unit_fraction", dead_fraction(F), "code units that no test image switches on");
    plot_filters(out, "14_8_psd_atoms", "PSD: dictionary atoms, most used first", dict.Wd, order, side, 16);
    plot_filters(out, "14_8_psd_encoder_filters", "PSD: encoder filters (columns of W_e), same order",
                 transpose(psd.enc.W.value()), order, side, 16);
    m.set("sparse_code_zero_fraction", zero_fraction(H_star), "exact zeros in h*");
    m.set("psd_sqerr_optimal", ae::sq_norm(X - matmul(H_star, dict.Wd)) / N, "|x - g(h*)|^2 per test image");
    m.set("psd_sqerr_encoder", ae::sq_norm(X - matmul(F, dict.Wd)) / N, "|x - g(f(x))|^2 per test image");

    // ---- f(x) as a warm start: iterations to within 1% of F*, from h = 0 and from h = f(x) -------------------
    std::vector<double> ista_zero_gap, ista_f_gap, fista_zero_gap, fista_f_gap;
    const auto ista_zero =
        iterations_to_reach(p, Tensor(N, K), F_star, cfg.tol, cfg.max_iters, false, &ista_zero_gap, 100);
    const auto ista_f = iterations_to_reach(p, F, F_star, cfg.tol, cfg.max_iters, false, &ista_f_gap, 100);
    const auto fista_zero =
        iterations_to_reach(p, Tensor(N, K), F_star, cfg.tol, cfg.max_iters, true, &fista_zero_gap, 100);
    const auto fista_f = iterations_to_reach(p, F, F_star, cfg.tol, cfg.max_iters, true, &fista_f_gap, 100);
    m.set("psd_ista_iters_from_zero", mean(ista_zero), "ISTA iterations to within 1% of F*, from h = 0");
    m.set("psd_ista_iters_from_encoder", mean(ista_f), "the same, from h = f(x)");
    m.set("psd_warm_start_iter_ratio", mean(ista_zero) / std::max(1.0, mean(ista_f)), "ISTA: from 0 / from f(x)");
    m.set("psd_warm_start_iter_ratio_fista", mean(fista_zero) / std::max(1.0, mean(fista_f)),
          "FISTA: from 0 / from f(x)");
    m.set("psd_initial_gap_encoder", ista_f_gap.front(), "(F(f(x)) - F*) / F*, mean over test images");
    plot_convergence(out, "14_8_warm_start", "PSD dictionary: inference from h = 0 and from h = f(x)",
                     {{"ISTA from h = 0", ista_zero_gap, false, 0},
                      {"ISTA from f(x)", ista_f_gap, true, 0},
                      {"FISTA from h = 0", fista_zero_gap, false, 1},
                      {"FISTA from f(x)", fista_f_gap, true, 1}});

    // ---- Speed: one product through the encoder against inference run to the optimum -------------------------
    const double t_encoder = best_time(20, [&] { psd.predict(X); });
    const double t_inference = best_time(3, [&] { solve(p, Tensor(N, K), cfg.solve_tol, cfg.max_iters); });
    m.set("psd_inference_iters", solve_iters, "FISTA iterations until h* stops moving (the full inference)");
    m.set("psd_encoder_speedup", t_inference / t_encoder, "time of full inference / time of f(x)");

    // ---- Optimal and predicted codes, and what they reconstruct, for a few test images -----------------------
    const int show = 4;
    plot_codes(out, H_star.rows_slice(0, show), F.rows_slice(0, show));
    Tensor grid(3 * show, D);
    for (int i = 0; i < show; ++i) {
      const Tensor x = X.rows_slice(i, i + 1);
      const Tensor r_star = matmul(H_star.rows_slice(i, i + 1), dict.Wd), r_f = matmul(F.rows_slice(i, i + 1), dict.Wd);
      for (int d = 0; d < D; ++d) {
        grid(i, d) = x[static_cast<std::size_t>(d)];
        grid(show + i, d) = std::clamp(r_star[static_cast<std::size_t>(d)], 0.f, 1.f);
        grid(2 * show + i, d) = std::clamp(r_f[static_cast<std::size_t>(d)], 0.f, 1.f);
      }
    }
    ae::plot::image_grid(
        out, {.name = "14_8_reconstructions", .title = "Test images and their reconstructions", .width = 600}, grid,
        side, side, show, {"x", "g(h*)", "g(f(x))"});

    m.report(opt.metrics);
    return 0;
  });
}
