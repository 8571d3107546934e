// Deep Learning, section 14.5: denoising autoencoders learn the score, grad_x log p(x).
//
// A denoising autoencoder (DAE) minimizes E ||g(f(x_tilde)) - x||^2 with x_tilde ~ C(x_tilde | x) = N(x, sigma^2 I)
// (squared error summed over coordinates, averaged over the batch). The minimizer is the posterior mean
// r*(x_tilde) = E[x | x_tilde], and Tweedie's formula turns it into a score:
//     r*(x) - x = sigma^2 grad_x log p_sigma(x),      p_sigma = p_data convolved with N(0, sigma^2 I),
// so the reconstruction field r(x) - x points up the smoothed data density, towards the data manifold, with
// length proportional to sigma^2 (Alain and Bengio 2013: score matching by denoising, Vincent 2011). The program:
//   1. Fig. 14.4: corrupted points near a curved 1-D manifold (a spiral) and the learned g(f(x_tilde)) - x_tilde.
//   2. Fig. 14.5: the field r(x) - x over the plane, zero on the spiral's arms and between them.
//   3. The score made quantitative on a 2-D Gaussian mixture, whose smoothed density has an exact score:
//      (r(x) - x) / sigma^2 against grad log p_sigma(x) at points drawn from p_sigma, and how it varies with sigma.
//   4. Walking the learned field, x <- x + alpha (r(x) - x) + noise, from noise onto the spiral.
//   5. Denoising Fashion-MNIST images corrupted by Gaussian, masking and salt-and-pepper noise.
//   6. Small noise: the denoising criterion is the reconstruction error plus sigma^2 ||J_r||_F^2, a contractive
//      penalty on r = g o f (dae_contractive.hpp): the expansion checked by Monte Carlo, then a DAE against the
//      autoencoder trained with that penalty, from the same start.
//   7. Convolutional autoencoders and denoisers against dense ones, and the U-Net's skips (conv_experiments.hpp);
//      --part conv runs this part alone, --part dense parts 1-6.
// Shapes: 2-D points (N, 2); images (N, 784) in [0, 1]; DAE 2 -> H -> H -> H -> 2 (tanh), images 784 -> H -> 784.
// Run:    ch14_5_denoising --quick   (about half a minute)   or without --quick for the full run
// Writes: OUT/14_5_corruption, 14_5_spiral_field, 14_5_score_learned, 14_5_score_exact, 14_5_score_vs_sigma,
//         14_5_walk, 14_5_denoised_images, 14_5_conv_denoised, 14_5_conv_filters, 14_5_unet_vs_bottleneck
//         (.png + .gp + .dat) and the metrics printed at the end.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "conv_experiments.hpp"
#include "dae2d.hpp"
#include "dae_contractive.hpp"
#include "data/datasets.hpp"
#include "data/synthetic.hpp"
#include "figures.hpp"
#include "image_dae.hpp"
#include "plot/plot.hpp"
#include "score.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/files.hpp"
#include "util/metrics.hpp"
#include "walk.hpp"

using namespace ae;
using namespace ch14_5;

int main(int argc, char** argv) {
  return run_program("ch14_5_denoising", [&] {
    Cli cli("ch14_5_denoising", "Section 14.5: denoising autoencoders estimate the score.");
    float sigma = 0.3f, spiral_sigma = 0.1f, image_sigma = 0.3f;
    int train_size = 0, hidden = 0;
    bool resume = false;
    std::string part = "all";
    cli.add("--sigma", sigma, "corruption sigma of the Gaussian-mixture DAE", 0.01, 3.0);
    cli.add("--spiral-sigma", spiral_sigma, "corruption sigma of the spiral DAE", 0.01, 1.0);
    cli.add("--image-sigma", image_sigma, "Gaussian corruption of the image DAE", 0.01, 2.0);
    cli.add("--train-size", train_size, "training images (0: 3000 with --quick, all otherwise)", 0);
    cli.add("--hidden", hidden, "hidden units of the image DAE (0: 256 with --quick, 512 otherwise)", 0, 8192);
    cli.add_flag("--resume", resume, "continue the image DAEs from their checkpoints in --checkpoints");
    cli.add_choice("--part", part, {"all", "dense", "images", "conv"},
                   "dense: parts 1-6 (2-D and dense image DAEs); images: part 5 (the dense image DAEs); conv: "
                   "part 7 (convolutional autoencoders)");
    const CommonOptions& opt = cli.parse(argc, argv);
    const bool quick = opt.preset() != Preset::full;  // --slides: the quick sizes, whose figures are fine for slides
    Rng rng(opt.seed);
    plot::Output out{opt.out, opt.format};
    Metrics m;
    plot_fig14_3(out);  // figure 14.3: the graph of the cost every DAE below minimizes
    const ImageData data = load_images("fashion", opt);  // for part 5; loaded first so that a problem shows now
    // Part 5's image DAEs, one per corruption process; their checkpoints (full run) are checked now, so that a
    // --resume with other settings is refused before parts 1-4 run.
    const int n_images = std::clamp(train_size ? train_size : (quick ? 3000 : data.train.n), 0, data.train.n);
    const std::vector<std::string> kinds{"gaussian", "masking", "salt_pepper"};
    const std::vector<float> levels{image_sigma, 0.5f, 0.2f};
    auto image_spec = [&](std::size_t k) {
      ImageDaeSpec spec{.kind = kinds[k], .level = levels[k], .hidden = hidden ? hidden : (quick ? 256 : 512),
                        .epochs = opt.epochs_or(k == 0 ? 4 : 2, k == 0 ? 4 : 2, 10)};
      if (!quick) spec.checkpoint = path_join(opt.checkpoints, "14_5_image_dae_" + kinds[k] + ".ckpt"), spec.resume = resume;
      spec.settings = cli.values({"--seed", "--train-size", "--hidden", "--image-sigma", "--epochs"});
      return spec;
    };
    if (part != "conv")
      for (std::size_t k = 0; k < kinds.size(); ++k) check_image_dae_checkpoint(n_images, data.train.dim(), image_spec(k));
    // Part 5, denoising images: one DAE per corruption process, measured by the PSNR gain on held-out images.
    auto image_part = [&] {
      const ImageSet train_set = data.train.head(n_images);
      const Tensor X_test = data.test.rows(0, std::min(data.test.n, quick ? 1000 : 10000));
      std::vector<ImageDaeResult> results;
      for (std::size_t k = 0; k < kinds.size(); ++k) {
        results.push_back(denoise_images(train_set, X_test, image_spec(k), rng));
        const std::string suffix = k == 0 ? "" : "_" + kinds[k];
        m.set("dae_psnr_gain_db" + suffix, results.back().psnr_denoised - results.back().psnr_noisy,
              "PSNR(x, g(f(x_tilde))) - PSNR(x, x_tilde), " + kinds[k] + " noise, dB");
        m.set("dae_psnr_db" + suffix, results.back().psnr_denoised, "PSNR of the denoised test images, dB");
      }
      plot_denoised(out, kinds, results);
    };
    if (part == "images") {  // 5 alone
      image_part();
      m.report(opt.metrics);
      return 0;
    }
    if (part == "conv") {  // 7 alone
      run_conv_experiments(opt, data, out, m, rng);
      m.report(opt.metrics);
      return 0;
    }
    // The 2-D DAEs: width, and training length in epochs over their point sets (fresh corruption every time).
    const int epochs_2d = opt.epochs_or(40, 40, 60), hidden_2d = quick ? 32 : 64;

    // 1-2. A curved 1-D manifold: points on a spiral (data noise 0.01), arms 0.67 apart. The DAE learns to map
    //      each x_tilde back towards the spiral (fig. 14.4); over the whole plane r(x) - x is a field that
    //      vanishes on the arms (maxima of p_sigma) and midway between them (minima), fig. 14.5.
    const Points spiral_data = spiral(quick ? 3000 : 10000, 0.01, rng);
    const Tensor curve = spiral_curve(600);
    const Autoencoder spiral_dae = train_dae_2d(
        spiral_data.x,
        {.sigma = spiral_sigma, .hidden = hidden_2d, .epochs = epochs_2d, .first_layer_gain = 4.f,
         .label = "spiral DAE"},
        rng);
    plot_corruption(out, spiral_dae, curve, gather_rows(curve, {90, 210, 330, 450, 570}), spiral_sigma, 6, rng);
    plot_spiral_field(out, spiral_dae, curve, spiral_data.x, quick ? 21 : 31);

    // 3. The score, quantitatively. p_data is a ring of 6 Gaussians; p_sigma (every variance grown by sigma^2)
    //    has an exact score, grad log p_sigma = sum_k w_k(x) (mu_k - x) / (s_k^2 + sigma^2). We compare it with
    //    (r(x) - x) / sigma^2 at points x drawn from p_sigma, where the DAE was trained (it saw x_tilde there).
    const GaussianMixture p_data = ring_mixture(6, 2.0, 0.3);
    const Tensor X_mix = p_data.sample(quick ? 4000 : 20000, rng).x;
    const int n_eval = quick ? 2000 : 10000;
    Tensor mix_means(6, 2);
    for (int k = 0; k < 6; ++k)
      for (int j = 0; j < 2; ++j) mix_means(k, j) = static_cast<float>(p_data.means[k][j]);
    auto score_dae = [&](float s) {
      return train_dae_2d(X_mix, {.sigma = s, .hidden = hidden_2d, .epochs = epochs_2d,
                                  .label = "mixture DAE, sigma " + std::to_string(s).substr(0, 4)}, rng);
    };
    const Autoencoder mix_dae = score_dae(sigma);
    const GaussianMixture p_sigma = p_data.smoothed(sigma);
    const Tensor X_eval = p_sigma.sample(n_eval, rng).x;
    const FieldAgreement agree = compare_fields(learned_score(mix_dae, X_eval, sigma), exact_score(p_sigma, X_eval));
    m.set("score_cosine_mean", agree.cosine_mean, "mean cos((r(x)-x)/sigma^2, grad log p_sigma(x)), x ~ p_sigma");
    m.set("score_norm_ratio_median", agree.norm_ratio_median, "median |(r(x)-x)/sigma^2| / |grad log p_sigma(x)|");
    {
      // Both fields on one grid, drawn with one common scale (the longest 5% of the exact arrows span a cell).
      const double lo = -3.5, hi = 3.5;
      const int n_grid = quick ? 17 : 25;
      const Tensor G = grid_2d(n_grid, lo, hi);
      Tensor learned = displacement(mix_dae, G), exact = exact_score(p_sigma, G) * (sigma * sigma);
      const float scale = arrow_scale(exact, (hi - lo) / (n_grid - 1));
      learned *= scale;
      exact *= scale;
      const std::string sigma_text = std::to_string(sigma).substr(0, 4);
      plot_score_field(out, "14_5_score_learned", "learned, ∝ r(x) − x (σ = " + sigma_text + ")", G, learned,
                       mix_means, lo, hi);
      plot_score_field(out, "14_5_score_exact", "exact, ∝ σ² ∇ log p_σ(x)", G, exact, mix_means, lo, hi);
    }

    //    The agreement against sigma: with p_sigma's score (Tweedie: exact at the optimum for every sigma) and
    //    with p_data's own score (only as sigma -> 0). Small sigma makes the signal sigma^2 * score small next
    //    to the noise of the regression target, so a finite training run estimates it less well.
    {
      const std::vector<float> sigmas = quick ? std::vector<float>{0.1f, 0.3f, 0.8f}
                                              : std::vector<float>{0.05f, 0.1f, 0.2f, 0.3f, 0.5f, 0.8f, 1.2f};
      plot::Series cos_sigma{.label = "cosine with ∇ log p_σ", .style = "linespoints"};
      plot::Series cos_data{.label = "cosine with ∇ log p_data", .style = "linespoints"};
      plot::Series ratio{.label = "median norm ratio (vs ∇ log p_σ)", .style = "linespoints", .dashed = true};
      for (float s : sigmas) {
        const Autoencoder dae = s == sigma ? mix_dae : score_dae(s);
        const GaussianMixture ps = p_data.smoothed(s);
        const Tensor Xs = ps.sample(n_eval, rng).x;
        const Tensor S = learned_score(dae, Xs, s);
        const FieldAgreement a = compare_fields(S, exact_score(ps, Xs));
        const FieldAgreement a_data = compare_fields(S, exact_score(p_data, Xs));
        for (plot::Series* ser : {&cos_sigma, &cos_data, &ratio}) ser->x.push_back(s);
        cos_sigma.y.push_back(a.cosine_mean);
        cos_data.y.push_back(a_data.cosine_mean);
        ratio.y.push_back(a.norm_ratio_median);
        std::cout << "sigma " << s << ": cosine " << a.cosine_mean << " (vs p_data " << a_data.cosine_mean
                  << "), norm ratio " << a.norm_ratio_median << "\n";
      }
      plot::lines(out, {.name = "14_5_score_vs_sigma", .title = "DAE score estimate against the corruption σ",
                        .xlabel = "σ", .ylabel = "agreement", .logx = true,
                        .xrange = plot::Range{0.04, 1.5}, .yrange = plot::Range{0.3, 1.6}, .legend = "bottom center"},
                  {cos_sigma, cos_data, ratio});
    }

    // 4. Walking the learned field from uniform noise over the square. Each step moves a point by a fraction
    //    alpha of r(x) - x = sigma^2 grad log p_sigma(x) plus Gaussian noise of variance 2 alpha sigma^2: the
    //    unadjusted Langevin chain whose stationary law is (close to) p_sigma. Points gather on the spiral and
    //    spread along it; a last reconstruction x <- r(x) removes the sigma-sized blur, as when one samples a
    //    generalized denoising autoencoder by alternately corrupting and denoising (Bengio et al. 2013).
    {
      Tensor X0(quick ? 300 : 1000, 2);
      for (float& v : X0) v = static_cast<float>(rng.uniform(-1.2, 1.2));
      const float alpha = 0.5f;
      const std::vector<Tensor> history =
          walk_field(spiral_dae, X0, quick ? 100 : 200, alpha, std::sqrt(2 * alpha) * spiral_sigma, rng);
      const Tensor X_end = spiral_dae.reconstruct(history.back());
      m.set("walk_dist_median_start", median(distance_to_curve(X0, curve)),
            "median distance to the spiral of the starting noise");
      m.set("walk_dist_median_end", median(distance_to_curve(X_end, curve)),
            "median distance to the spiral after walking the field (and one last r(x))");
      plot_walk(out, history, X_end, curve, 3);
    }

    // 5. Denoising images (image_part above).
    image_part();

    // 6. Denoising with small noise is contraction of the whole reconstruction r = g o f: E||r(x + eps) - x||^2 =
    //    ||r(x) - x||^2 + sigma^2 ||J_r||_F^2 + O(sigma^4) where r reconstructs x. First the expansion, on the
    //    spiral DAE at fresh points of the spiral; then a DAE and an RCAE (penalty sigma^2 ||J_r||_F^2, on r, not
    //    on f as the CAE of 14.7) trained from the same start should draw the same field.
    {
      const Tensor X_on = spiral(opt.pick(200, 400, 1000), 0.01, rng).x;
      const ExpansionStudy exp_study = expansion_check(spiral_dae, X_on, {0.003, 0.01, 0.03},
                                                       opt.pick(200, 500, 2000), rng);
      for (const ExpansionPoint& p : exp_study.points)
        std::cout << "sigma " << p.sigma << ": gap " << p.gap << " +- " << p.gap_se << ", sigma^2 E||J_r||^2 "
                  << p.jacobian << ", sigma^2 E(r - x).Lap r " << p.laplacian << "\n";
      m.set("dae_cae_expansion_rel_err", exp_study.rel_err,
            "|MC gap - sigma^2 E||J_r||_F^2| / sigma^2 E||J_r||_F^2 at the smallest sigma");
      m.set("dae_cae_expansion_rel_err_with_laplacian", exp_study.rel_err_with_laplacian,
            "the same with the other sigma^2 term, (r - x).Lap r, added");
      m.set("dae_cae_expansion_gap_se_ratio", exp_study.points.front().gap_se / exp_study.points.front().jacobian,
            "standard error of the MC gap / the sigma^2 term, smallest sigma");
      m.set("dae_cae_expansion_slope", exp_study.slope, "log-log slope of the gap against sigma (2: sigma^2)");
      plot_expansion(out, exp_study);

      const DaeVsRcae cmp = compare_dae_rcae(
          spiral_data.x, {.sigma = spiral_sigma, .hidden = hidden_2d, .epochs = epochs_2d, .grid = quick ? 21 : 31},
          rng);
      m.set("dae_vs_rcae_field_cosine", cmp.field_cosine,
            "mean cos(r_DAE(x) - x, r_RCAE(x) - x) over a grid of the plane");
      m.set("dae_jacobian_sq", cmp.dae_jacobian, "E||J_r||_F^2 of the DAE on its training points");
      m.set("rcae_jacobian_sq", cmp.rcae_jacobian, "E||J_r||_F^2 of the RCAE on its training points");
      plot_dae_vs_rcae(out, cmp, curve, spiral_sigma);
    }

    // 7. Convolutional autoencoders: pixels have neighbours (conv_experiments.hpp).
    if (part == "all") run_conv_experiments(opt, data, out, m, rng);

    m.report(opt.metrics);
    return 0;
  });
}
