// Section 14.2.2: denoising autoencoders. Instead of L(x, g(f(x))) the model minimizes L(x, g(f(x_tilde))) with
// x_tilde ~ C(x_tilde | x) a corrupted copy of x, drawn afresh at every step; L = ||x - r||^2 summed over pixels and
// averaged over the batch. Copying its input is then useless: it has to undo the corruption.
#include <algorithm>
#include <string>
#include <vector>

#include "autodiff/losses.hpp"
#include "data/corrupt.hpp"
#include "plot/plot.hpp"
#include "variants.hpp"

namespace ch14_2 {

using namespace ae;

void run_denoising(const Context& ctx, const DenoisingSettings& s, const Autoencoder& plain, Rng& rng, Metrics& m) {
  const int D = ctx.X.cols(), H = ctx.hidden;
  struct Noise {
    std::string kind, label;
    float level;
  };
  const std::vector<Noise> noises = {{"gaussian", "Gaussian " + fmt(s.sigma), s.sigma},
                                     {"masking", "masking " + fmt(s.mask_p), s.mask_p},
                                     {"salt_pepper", "s&p " + fmt(s.salt_pepper_p),
                                      s.salt_pepper_p}};
  std::vector<Tensor> corrupted, denoised;  // per noise type, on the test set
  double worst_ratio = 0;
  for (const Noise& n : noises) {
    Autoencoder dae = make_autoencoder(D, H, Act::relu, rng);
    fit(dae, ctx, "denoising AE, " + n.kind, rng, [&](const Var& x, Rng& step_rng) {
      Var x_tilde(corrupt::apply(n.kind, x.value(), n.level, step_rng));  // x_tilde ~ C(x_tilde | x)
      return squared_error(dae.reconstruct(x_tilde), x);                  // L(x, g(f(x_tilde)))
    });
    // Both models see the same corrupted test images; both are scored against the clean ones.
    Rng test_rng(12345);
    corrupted.push_back(corrupt::apply(n.kind, ctx.X_test, n.level, test_rng));
    denoised.push_back(dae.reconstruct(corrupted.back()));
    const double ratio = sqerr_per_image(denoised.back(), ctx.X_test) /
                         sqerr_per_image(plain.reconstruct(corrupted.back()), ctx.X_test);
    m.set("dae_denoise_sqerr_ratio_to_plain_" + n.kind, ratio,
          "denoising AE error / plain AE's on " + n.kind + "-corrupted test images (vs clean)");
    m.set("dae_psnr_db_" + n.kind, corrupt::psnr_db(ctx.X_test, denoised.back()), "PSNR of its denoised test images");
    worst_ratio = std::max(worst_ratio, ratio);
  }
  m.set("dae_denoise_sqerr_ratio_to_plain", worst_ratio, "the largest of the three ratios above");

  // Figure: clean, then corrupted and denoised rows for each corruption, then the plain model on the last one.
  const int cols = std::min(10, ctx.X_test.rows());
  const Tensor plain_out = plain.reconstruct(corrupted.back());
  std::vector<const Tensor*> blocks{&ctx.X_test};
  std::vector<std::string> labels{"clean"};
  for (std::size_t i = 0; i < noises.size(); ++i) {
    blocks.push_back(&corrupted[i]);
    blocks.push_back(&denoised[i]);
    labels.push_back(noises[i].label);
    labels.push_back("denoised");
  }
  blocks.push_back(&plain_out);
  labels.push_back("plain AE on it");
  plot::image_grid(ctx.out, {.name = "14_2_denoising", .title = "Denoising autoencoders on test images", .width = 1000,
                             .height = 900},
                   stack_rows(blocks, cols), ctx.img_h, ctx.img_w, cols, labels);
}

}  // namespace ch14_2
