// Deep Learning, section 14.4: stochastic encoders and decoders.
//
// An autoencoder's decoder can output the parameters of a distribution p_decoder(x | h) instead of a single
// reconstruction, and be trained by minimizing -log p_decoder(x | h). The loss is then fixed by the distribution:
//   Gaussian, fixed sigma:   -log p = ||x - mu(h)||^2 / (2 sigma^2) + (D/2) log(2 pi sigma^2)   (squared error)
//   Gaussian, learned s_d:   -log p = sum_d [ (x_d - mu_d)^2 / (2 s_d^2) + log s_d ] + (D/2) log 2 pi
//   Bernoulli (binary x):    -log p = sum_d [ softplus(a_d) - x_d a_d ]                         (cross-entropy)
//   categorical (256 levels): -log p = sum_d [ logsumexp(a_d) - a_d[x_d] ]                      (softmax)
// The encoder can be stochastic too, q(h | x): the variational autoencoder maximizes
//   ELBO(x) = E_q(h|x)[log p(x | h)] - KL(q(h | x) || p(h)) <= log p(x),
// with q = N(mu(x), diag exp(logvar(x))), h = mu + exp(logvar/2) eps (reparameterization), p(h) = N(0, I), the KL
// in closed form, and log p(x) itself estimated by importance sampling, log (1/K) sum_k p(x|h_k) p(h_k) / q(h_k|x).
//
// REDUCTION (the usual confusion): every loss, NLL, KL and ELBO here is SUMMED over the D = 784 pixels and the
// L latent dimensions and AVERAGED over the images of a batch: nats per image.
// Shapes: x (N, D); h (N, L); encoder output [mu | logvar] (N, 2L); decoder output (N, D), or (N, D*k) for the
//         categorical's per-pixel features.
// Run:    ch14_4_stochastic --quick         (under a minute)     or without --quick for the full run
//         ch14_4_stochastic --part vae --latent 20 --iw-samples 1000
// Writes: OUT/14_4_decoder_samples, 14_4_learned_sigma, 14_4_elbo, 14_4_elbo_kl, 14_4_prior_samples,
//         14_4_interpolation, 14_4_latent_manifold, 14_4_latent_codes (.png + .gp + .dat), and the metrics
//         printed at the end.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "decoders.hpp"
#include "elbo_forms.hpp"
#include "figures.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/metrics.hpp"
#include "vae.hpp"
#include "vae_vs_ae.hpp"

using namespace ae;
using namespace ae::ch14_4;

namespace {

/// -log of each test image under independent per-pixel histograms of the training set (add-one smoothed): the
/// best model that ignores h, and the categorical decoder's starting point. Nats per image.
double pixel_histogram_nll(const ImageSet& train, const ImageSet& test) {
  const int D = train.dim();
  std::vector<double> count(static_cast<std::size_t>(D) * 256, 1.0);
  for (std::size_t k = 0; k < train.pixels.size(); ++k) count[(k % D) * 256 + train.pixels[k]] += 1;
  double s = 0;
  for (std::size_t k = 0; k < test.pixels.size(); ++k)
    s -= std::log(count[(k % D) * 256 + test.pixels[k]] / (train.n + 256.0));
  return s / std::max(1, test.n);
}

/// The same for binarized pixels under independent Bernoullis: the Bernoulli decoder's baseline.
double pixel_bernoulli_nll(const ImageSet& train, const ImageSet& test) {
  const int D = train.dim();
  std::vector<double> ones(D, 1.0);
  for (std::size_t k = 0; k < train.pixels.size(); ++k) ones[k % D] += train.pixels[k] >= 128;
  double s = 0;
  for (std::size_t k = 0; k < test.pixels.size(); ++k) {
    const double p = ones[k % D] / (train.n + 2.0);
    s -= std::log(test.pixels[k] >= 128 ? p : 1 - p);
  }
  return s / std::max(1, test.n);
}

}  // namespace

int main(int argc, char** argv) {
  return run_program("ch14_4_stochastic", [&] {
    Cli cli("ch14_4_stochastic", "Section 14.4: stochastic decoders (Gaussian, Bernoulli, categorical) and the VAE.");
    std::string dataset = "mnist", part = "all";
    int hidden = 400, latent = 20, batch = 128, iw_samples = 0, eval_images = 0, train_images = 0;
    int decoder_epochs = 0, decoder_hidden = 256, decoder_code = 32, rank = 8, latent2_epochs = 0;
    float lr = 1e-3f, sigma = 0.1f, logvar_lr = 0.03f;
    cli.add_choice("--dataset", dataset, {"mnist", "fashion"}, "image set");
    cli.add_choice("--part", part, {"all", "decoders", "vae"}, "which experiments to run");
    cli.add("--hidden", hidden, "VAE hidden units (encoder and decoder)", 1, 8192);
    cli.add("--latent", latent, "VAE latent dimensions L", 1, 1024);
    cli.add("--batch", batch, "minibatch size", 1, 65536);
    cli.add("--lr", lr, "Adam learning rate", 1e-7, 1.0);
    cli.add("--iw-samples", iw_samples, "importance samples K per test image (0: 1000, or 100 with --quick)", 0,
            100000);
    cli.add("--eval-images", eval_images, "test images for the ELBO and log p(x) (0: all, or 500 with --quick)", 0);
    cli.add("--train-images", train_images, "training images (0: all, or 2000 with --quick)", 0);
    cli.add("--decoder-epochs", decoder_epochs,
            "epochs of each decoder model (0: 10, or 3 with --quick, 1 for the categorical)", 0, 100000);
    cli.add("--latent2-epochs", latent2_epochs, "epochs of the 2-D VAE (0: as --epochs)", 0, 100000);
    cli.add("--decoder-hidden", decoder_hidden, "hidden units of the decoder models", 1, 8192);
    cli.add("--decoder-code", decoder_code, "code size of the decoder models", 1, 1024);
    cli.add("--rank", rank, "features per pixel k of the categorical decoder", 1, 256);
    cli.add("--sigma", sigma, "the fixed sigma of the Gaussian decoder (and the learned one's start)", 1e-4, 100.0);
    cli.add("--logvar-lr", logvar_lr, "Adam learning rate of the learned per-pixel log variances", 0.0, 10.0);
    const CommonOptions& opt = cli.parse(argc, argv);
    // --slides: the VAEs on 8000 images for 25 epochs (their figures need it), the decoders as in --quick.
    const int vae_epochs = opt.epochs_or(10, 25, 50);
    if (!decoder_epochs) decoder_epochs = opt.pick(3, 3, 10);
    if (!latent2_epochs) latent2_epochs = vae_epochs;
    if (!iw_samples) iw_samples = opt.pick(100, 200, 1000);
    Rng rng(opt.seed);
    plot::Output out{opt.out, opt.format};
    Metrics m;
    plot_fig14_2(out);  // figure 14.2: the encoder and the decoder as distributions

    // The data: bytes kept as they are; every decoder builds its own view of a batch (make_batch).
    const ImageData data = load_images(dataset, opt);
    const ImageSet train_set = data.train.head(
        train_images ? train_images : opt.pick(2000, std::min(data.train.n, 8000), data.train.n));
    const ImageSet test_set =
        data.test.head(eval_images ? eval_images : opt.pick(500, std::min(data.test.n, 1000), data.test.n));
    const int D = train_set.dim();
    std::cout << "train " << train_set.n << " images, test " << test_set.n << ", D = " << D << "\n";

    if (part == "all" || part == "decoders") {
      // 1. The decoder as a distribution. A deterministic code h = f(x) (D -> hidden -> code), then a decoder
      //    whose outputs are the parameters of p_decoder(x | h); each model minimizes its own -log p_decoder(x | h).
      std::vector<StochasticDecoderAe> models;
      const ImageSet decoder_train =
          train_set.head(train_images ? train_set.n : opt.pick(train_set.n, 2000, train_set.n));
      for (DecoderKind kind : {DecoderKind::gaussian_fixed, DecoderKind::gaussian_learned, DecoderKind::bernoulli,
                               DecoderKind::categorical}) {
        StochasticDecoderAe model(kind, D, decoder_hidden, decoder_code, rank, sigma, decoder_train, rng);
        const std::unique_ptr<Optimizer> optimizer = make_optimizer(model, lr, logvar_lr);
        auto loss = [&](const std::vector<int>& idx, Rng& step_rng) {
          return model.nll(make_batch(decoder_train, idx, kind, step_rng));  // -log p(x | h), nats per image
        };
        // The categorical costs 2 x 256 exponentials per pixel and step: one epoch only in a quick run.
        const bool short_run = opt.preset() != Preset::full;
        const int epochs = kind == DecoderKind::categorical && short_run ? std::min(1, decoder_epochs) : decoder_epochs;
        ae::train({.epochs = epochs, .batch = batch, .label = kind_name(kind) + " decoder", .checkpoint = "",
                   .resume = false},
                  decoder_train.n, model.named_params(), *optimizer, rng, loss);
        Rng eval_rng(opt.seed + 7);
        const double nll = test_nll(model, test_set, eval_rng);
        m.set(kind_name(kind) + "_test_nll_nats", nll, "test -log p_decoder(x | f(x)), nats per image");
        models.push_back(std::move(model));
      }

      // 2. With sigma fixed, -log N(x; mu, sigma^2 I) is the squared error times 1/(2 sigma^2) plus
      //    (D/2) log(2 pi sigma^2): the same minimizer and, up to that factor, the same gradient.
      {
        Rng r(opt.seed + 11);
        std::vector<int> idx;
        for (int i = 0; i < std::min(test_set.n, 256); ++i) idx.push_back(i);
        m.set("gaussian_fixed_sigma_mse_identity_err",
              fixed_sigma_identity_error(models[0], make_batch(test_set, idx, DecoderKind::gaussian_fixed, r)),
              "relative gap between Gaussian NLL and SE/(2σ²)+const, value and gradient");
      }

      // 3. The Gaussians are densities of (dequantized) gray levels, the categorical a probability over bytes: their
      //    NLLs are on different scales. Integrating each Gaussian over the bins of the 256 levels puts it on the
      //    categorical's scale. The baselines ignore h altogether.
      m.set("gaussian_fixed_discrete_nll_nats", discretized_gaussian_nll(models[0], test_set),
            "fixed-σ Gaussian integrated over the 256 bins: -log P(bytes | h)");
      m.set("gaussian_learned_discrete_nll_nats", discretized_gaussian_nll(models[1], test_set),
            "learned-σ Gaussian integrated over the 256 bins: -log P(bytes | h)");
      m.set("pixel_histogram_test_nll_nats", pixel_histogram_nll(decoder_train, test_set),
            "independent per-pixel histograms (no h), nats per image");
      m.set("pixel_bernoulli_test_nll_nats", pixel_bernoulli_nll(decoder_train, test_set),
            "independent per-pixel Bernoullis on binarized images (no h)");
      Rng fig_rng(opt.seed + 13);
      plot_decoder_samples(out, test_set, models, fig_rng);
    }

    if (part == "all" || part == "vae") {
      // 4. The stochastic encoder: a VAE trained on -ELBO = -log p(x | h) + KL(q(h | x) || p(h)) with one
      //    reparameterized draw h = mu + sigma * eps per image and step (summed over pixels and latent
      //    dimensions, averaged over the batch). The Bernoulli decoder sees the [0, 1] gray levels as targets.
      const Tensor X_curve = test_set.rows(0, std::min(test_set.n, 500));  // the test curve, one draw per image
      auto train_vae = [&](int L, int epochs, ElboCurves* curves) {
        Vae vae(D, hidden, L, rng);
        Adam adam(vars_of(vae.named_params()), lr);
        double nll_sum = 0, kl_sum = 0;
        int steps = 0;
        auto loss = [&](const std::vector<int>& idx, Rng& step_rng) {
          const Vae::Terms t = vae.terms(train_set.batch(idx), step_rng);
          nll_sum += t.nll.item();
          kl_sum += t.kl.item();
          ++steps;
          return t.nll + t.kl;  // -ELBO, nats per image
        };
        auto on_epoch = [&](int, double) {
          if (curves) {
            curves->train_log_px_h.push_back(-nll_sum / steps);
            curves->train_kl.push_back(kl_sum / steps);
            curves->train_elbo.push_back(-(nll_sum + kl_sum) / steps);
            Rng r(opt.seed + 17);
            const VaeEvaluation e = evaluate(vae, X_curve, 1, 0, r);
            curves->test_log_px_h.push_back(e.log_px_given_h);
            curves->test_kl.push_back(e.kl);
            curves->test_elbo.push_back(e.elbo);
          }
          nll_sum = kl_sum = 0;
          steps = 0;
        };
        ae::train({.epochs = epochs, .batch = batch, .label = "VAE, L = " + std::to_string(L), .checkpoint = "",
                   .resume = false},
                  train_set.n, vae.named_params(), adam, rng, loss, on_epoch);
        return vae;
      };
      ElboCurves curves;
      const Vae vae = train_vae(latent, vae_epochs, &curves);

      // 5. Its evaluation on the test images: the ELBO (analytic KL, 10 draws of h per image), log p(x) by
      //    importance sampling with K draws (above the ELBO: the bound tightens as K grows), and the analytic
      //    KL against its Monte Carlo estimate (their difference in standard errors).
      Rng eval_rng(opt.seed + 19);
      const VaeEvaluation e = evaluate(vae, test_set.all(), 10, iw_samples, eval_rng);
      m.set("vae_test_elbo_nats", e.elbo, "ELBO per test image (nats; higher is better)");
      m.set("vae_test_log_px_given_h_nats", e.log_px_given_h, "its first term, E_q[log p(x | h)]");
      m.set("vae_test_kl_nats", e.kl, "its second term, KL(q(h | x) || N(0, I)), analytic");
      m.set("vae_test_iw_logpx_nats", e.iw_log_px, "importance-weighted log p(x), K = --iw-samples (>= ELBO)");
      m.set("vae_kl_analytic_vs_mc_z", std::fabs(e.kl_mc_z), "|analytic KL - Monte Carlo KL| / standard error");
      plot_elbo_curves(out, curves);
      {
        // The ELBO's two forms, E_q log p(x, h) + H(q) and E_q log p(x | h) - KL(q || p), on the same draws.
        Rng forms_rng(opt.seed + 31);
        const ElboForms forms = elbo_two_forms(vae, test_set.all(), 1, forms_rng);
        m.set("elbo_joint_plus_entropy_nats", forms.joint_plus_entropy, "E_q[log p(x, h)] + H(q), float");
        m.set("elbo_recon_minus_kl_nats", forms.recon_minus_kl, "E_q[log p(x | h)] - KL(q || p), double");
        m.set("elbo_forms_abs_diff_nats", forms.abs_diff, "|difference| of the two forms: rounding only");
        m.set("vae_test_q_entropy_nats", forms.entropy, "H(q(h | x)) per test image");
      }
      Rng fig_rng(opt.seed + 23);
      m.set("vae_prior_samples_outside_box_mean", plot_prior_samples(out, vae, 64, fig_rng),
            "mean gray level of the prior samples outside the digits' 20 x 20 box (low: digits, not blobs)");
      plot_interpolation(out, vae, test_set, 10);

      // 5b. Against a plain autoencoder of the same shape and code size (no KL, h = mu(x)): decode prior draws
      //     through both. The plain AE's code space has holes where N(0, I) puts its mass; the VAE's does not,
      //     and its decoder means are blurrier than the data.
      {
        Rng cmp_rng(opt.seed + 37);
        const PlainAe plain = train_plain_ae(train_set, hidden, latent, vae_epochs, batch, lr, cmp_rng);
        const PriorSampleStudy ps =
            compare_prior_samples(vae, plain, train_set, test_set, opt.pick(500, 1000, 2000), opt.pick(3, 5, 5),
                                  cmp_rng);
        m.set("vae_prior_sample_nn_ratio", ps.vae_nn_ratio,
              "VAE, h ~ N(0, I): distance to the nearest training image in a classifier's features / test images'");
        m.set("ae_prior_sample_nn_ratio", ps.ae_nn_ratio, "plain AE, h ~ N(0, I): the same ratio");
        m.set("ae_fitted_sample_nn_ratio", ps.ae_fitted_nn_ratio, "plain AE, h ~ Gaussian fitted to its codes");
        m.set("vae_prior_sample_pixel_nn_ratio", ps.vae_pixel_nn_ratio, "the VAE's ratio in pixels (rewards blur)");
        m.set("ae_prior_sample_pixel_nn_ratio", ps.ae_pixel_nn_ratio, "the plain AE's ratio in pixels");
        m.set("ae_fitted_sample_pixel_nn_ratio", ps.ae_fitted_pixel_nn_ratio, "... fitted-Gaussian draws, in pixels");
        m.set("vae_prior_sample_fid", ps.vae_fid, "Frechet distance of the draws' features to the training set's");
        m.set("ae_prior_sample_fid", ps.ae_fid, "... plain-AE N(0, I) draws");
        m.set("ae_fitted_sample_fid", ps.ae_fitted_fid, "... plain-AE fitted-Gaussian draws");
        m.set("test_image_fid", ps.test_fid, "... test images (the floor)");
        m.set("vae_prior_sample_confidence", ps.vae_confidence, "classifier's mean max p(c | x) on VAE prior draws");
        m.set("ae_prior_sample_confidence", ps.ae_confidence, "... on plain-AE N(0, I) draws");
        m.set("ae_fitted_sample_confidence", ps.ae_fitted_confidence, "... on plain-AE fitted-Gaussian draws");
        m.set("test_image_confidence", ps.test_confidence, "... on test images");
        m.set("vae_sample_sharpness_ratio", ps.vae_sample_sharpness_ratio,
              "mean |grad x| of VAE prior draws (decoder means) / of test images");
        m.set("vae_recon_sharpness_ratio", ps.vae_recon_sharpness_ratio, "the same for VAE reconstructions g(mu(x))");
        m.set("ae_sample_sharpness_ratio", ps.ae_sample_sharpness_ratio, "the same for plain-AE N(0, I) draws");
        m.set("ae_code_std", ps.ae_code_std, "mean standard deviation of the plain AE's code units");
        plot_vae_vs_ae_samples(out, ps, test_set.h, test_set.w, 12);
      }

      // 6. A VAE with a 2-D latent space: its decoder over a grid placed by the inverse normal CDF (equal mass per
      //    tile under a Gaussian fitted to the test codes), and where the test images' codes fall, by class.
      if (latent2_epochs > 0) {
        const Vae vae2 = train_vae(2, latent2_epochs, nullptr);
        Rng r(opt.seed + 29);
        m.set("vae2_test_elbo_nats", evaluate(vae2, test_set.all(), 1, 0, r).elbo,
              "ELBO of the 2-D VAE (nats per image)");
        const LatentGrid grid = latent_grid(vae2, test_set, opt.pick(12, 20, 20));
        m.set("vae2_manifold_corner_background", plot_latent_manifold(out, vae2, grid, test_set.h, test_set.w),
              "mean gray level of the manifold's corner tiles' frames (low: a dark background)");
        m.set("vae2_manifold_code_coverage", plot_latent_codes(out, vae2, test_set, dataset, grid),
              "fraction of the test codes inside the manifold figure's grid");
      }
    }

    m.report(opt.metrics);
    return 0;
  });
}
