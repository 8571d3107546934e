#include "conv_experiments.hpp"

#include <algorithm>
#include <iostream>

#include "conv_figures.hpp"
#include "conv_models.hpp"
#include "data/corrupt.hpp"

namespace ch14_5 {

using namespace ae;

void run_conv_experiments(const CommonOptions& opt, const ImageData& data, const plot::Output& out, Metrics& m,
                          Rng& rng) {
  const ImageSet train_set = data.train.head(opt.pick(2000, 6000, data.train.n));
  const Tensor X = data.test.rows(0, std::min(data.test.n, opt.pick(500, 2000, 10000)));  // (N, 784) in [0, 1]
  const ImageTraining clean{.epochs = opt.epochs_or(3, 2, 2), .batch = 32, .lr = 4e-3f, .noise = 0.f};
  ImageTraining noisy = clean;
  noisy.noise = 0.5f;  // x_tilde = clip(x + 0.5 eps, 0, 1), the Keras example's noise factor
  // 28 x 28 x 1 -> (c1, 28, 28) -> pool -> (8, 14, 14) -> pool: a code of 8 x 7 x 7 = 392 numbers, half the pixels.
  const ConvAeSpec spec{.image = {1, 28, 28}, .c1 = 16, .c2 = 8, .k1 = 5, .unet = false};
  ConvAeSpec unet_spec = spec;
  unet_spec.unet = true;

  // a. Equal parameters: a dense autoencoder 784 -> h -> 784 pays 1569 parameters per hidden unit, so the
  //    convolutional model's budget buys it only a few units; the convolution spends the same budget on small
  //    filters that it slides over every position.
  ConvAutoencoder conv_ae(spec, rng);
  const int h = dense_hidden_for(conv_ae.num_params());
  Autoencoder dense_ae({784, h}, Act::relu, Act::relu, Act::sigmoid, rng);
  ImageModel conv_ae_m = conv_model(conv_ae, "conv AE"), dense_ae_m = dense_model(dense_ae, "dense AE");
  train_image_model(conv_ae_m, train_set, clean, rng);
  train_image_model(dense_ae_m, train_set, clean, rng);
  const Tensor R_conv = conv_ae_m.reconstruct(X), R_dense = dense_ae_m.reconstruct(X);
  m.set("conv_ae_params", static_cast<double>(conv_ae.num_params()), "parameters of the convolutional AE");
  m.set("dense_ae_params", static_cast<double>(dense_ae_m.num_params()),
        "parameters of the dense AE 784 -> h -> 784 matched to it");
  m.set("dense_ae_hidden", h, "its hidden units h");
  m.set("conv_ae_code_size", conv_ae.code_size(), "numbers in the convolutional AE's code");
  m.set("conv_ae_sqerr", sqerr_per_image(R_conv, X), "test squared error per image, convolutional AE");
  m.set("dense_ae_sqerr", sqerr_per_image(R_dense, X), "test squared error per image, dense AE");
  m.set("conv_ae_sqerr_ratio_to_dense", m.get("conv_ae_sqerr") / m.get("dense_ae_sqerr"),
        "conv AE's test squared error over the dense AE's, equal parameters");

  //    Equal parameters leave the dense model a unit or two. How many parameters does it need to catch up? The
  //    same dense AE at wider codes, trained alike, up to the convolutional model's code size (392): the widest
  //    that still reconstructs worse, and the narrowest that does as well (0: none of the sweep).
  DenseSweep sweep{.params = {static_cast<double>(dense_ae_m.num_params())}, .sqerr = {m.get("dense_ae_sqerr")}};
  const int code = conv_ae.code_size();
  for (int w : {2, 4, 8, 16, 32, 64, 128, code}) {
    Autoencoder wide({784, w}, Act::relu, Act::relu, Act::sigmoid, rng);
    ImageModel wide_m = dense_model(wide, "dense AE, h = " + std::to_string(w));
    train_image_model(wide_m, train_set, clean, rng);
    sweep.params.push_back(static_cast<double>(wide_m.num_params()));
    sweep.sqerr.push_back(sqerr_per_image(wide_m.reconstruct(X), X));
    std::cout << "dense AE 784-" << w << "-784 (" << wide_m.num_params() << " parameters): squared error "
              << sweep.sqerr.back() << std::endl;
  }
  const double conv_params = static_cast<double>(conv_ae.num_params()), conv_err = m.get("conv_ae_sqerr");
  double worse_ratio = 0, match_ratio = 0;
  for (std::size_t i = 0; i < sweep.params.size(); ++i) {
    if (sweep.sqerr[i] > conv_err) worse_ratio = std::max(worse_ratio, sweep.params[i] / conv_params);
    else if (match_ratio == 0) match_ratio = sweep.params[i] / conv_params;
  }
  m.set("dense_ae_worse_at_param_ratio", worse_ratio,
        "the widest dense AE still worse than the conv AE: its parameters / the conv AE's");
  m.set("dense_ae_params_to_match_conv_ratio", match_ratio,
        "the narrowest dense AE as good as the conv AE: its parameters / the conv AE's (0: none up to h = 392)");
  m.set("conv_ae_sqerr_ratio_to_dense_same_code", conv_err / sweep.sqerr.back(),
        "conv AE's test squared error over the dense AE's with h = the conv code's size (392)");
  plot_conv_vs_dense_params(out, sweep, conv_params, conv_err);

  // b. The same pair as denoising autoencoders: trained on x_tilde to give back x, scored by the PSNR gain on
  //    corrupted test images, PSNR(x, r(x_tilde)) - PSNR(x, x_tilde).
  ConvAutoencoder conv_dae(spec, rng);
  Autoencoder dense_dae({784, h}, Act::relu, Act::relu, Act::sigmoid, rng);
  ImageModel conv_dae_m = conv_model(conv_dae, "conv DAE"), dense_dae_m = dense_model(dense_dae, "dense DAE");
  train_image_model(conv_dae_m, train_set, noisy, rng);
  train_image_model(dense_dae_m, train_set, noisy, rng);
  const Tensor X_tilde = clipped_gaussian(X, noisy.noise, rng);
  const Tensor D_conv = conv_dae_m.reconstruct(X_tilde), D_dense = dense_dae_m.reconstruct(X_tilde);
  const double psnr_noisy = corrupt::psnr_db(X, X_tilde);
  m.set("conv_dae_psnr_noisy_db", psnr_noisy, "PSNR of the noisy test images (std 0.5, clipped), dB");
  m.set("conv_dae_psnr_gain_db", corrupt::psnr_db(X, D_conv) - psnr_noisy, "PSNR gain of the conv DAE, dB");
  m.set("dense_dae_psnr_gain_db", corrupt::psnr_db(X, D_dense) - psnr_noisy,
        "PSNR gain of the dense DAE with the same parameter count, dB");
  m.set("conv_dae_psnr_gain_minus_dense_db", m.get("conv_dae_psnr_gain_db") - m.get("dense_dae_psnr_gain_db"),
        "conv DAE's PSNR gain minus the dense DAE's, dB");

  // c. The U-Net: the same layers, but the decoder also reads the encoder's features at 14 x 14 and at 28 x 28.
  //    As a denoiser it keeps the detail the 7 x 7 code loses (the error of the Laplacian); trained without
  //    noise it needs no code at all: it copies its input through the full-resolution skip, and so passes noise.
  ConvAutoencoder unet_dae(unet_spec, rng), unet_ae(unet_spec, rng);
  ImageModel unet_dae_m = conv_model(unet_dae, "U-Net DAE"), unet_ae_m = conv_model(unet_ae, "U-Net AE");
  train_image_model(unet_dae_m, train_set, noisy, rng);
  train_image_model(unet_ae_m, train_set, clean, rng);
  const Tensor D_unet = unet_dae_m.reconstruct(X_tilde), R_unet = unet_ae_m.reconstruct(X);
  const Tensor R_unet_noisy = unet_ae_m.reconstruct(X_tilde), R_conv_noisy = conv_ae_m.reconstruct(X_tilde);
  m.set("unet_params", static_cast<double>(unet_dae.num_params()), "parameters of the U-Net (its decoder reads 2x)");
  m.set("unet_dae_psnr_gain_db", corrupt::psnr_db(X, D_unet) - psnr_noisy, "PSNR gain of the U-Net DAE, dB");
  m.set("unet_hf_err_ratio_to_bottleneck", laplacian_sqerr(D_unet, X) / laplacian_sqerr(D_conv, X),
        "error of the Laplacian of the denoised images, U-Net DAE over bottleneck DAE");
  m.set("unet_ae_hf_err_ratio_to_bottleneck", laplacian_sqerr(R_unet, X) / laplacian_sqerr(R_conv, X),
        "the same for the plain autoencoders on clean images");
  m.set("unet_ae_sqerr", sqerr_per_image(R_unet, X), "test squared error per image, U-Net AE (no noise)");
  m.set("unet_identity_gap", identity_gap(R_unet_noisy, X_tilde, X),
        "|r(x_tilde) - x_tilde|^2 / |x - x_tilde|^2 of the U-Net trained without noise (0: the identity)");
  m.set("bottleneck_identity_gap", identity_gap(R_conv_noisy, X_tilde, X),
        "the same for the bottleneck AE trained without noise");
  m.set("unet_dae_identity_gap", identity_gap(D_unet, X_tilde, X), "the same for the U-Net trained with noise");
  std::cout << "conv AE (" << conv_ae.num_params() << " parameters, code " << conv_ae.code_size()
            << ") vs dense AE (784-" << h << "-784, " << dense_ae_m.num_params() << "): squared error "
            << m.get("conv_ae_sqerr") << " vs " << m.get("dense_ae_sqerr") << "; PSNR gain as DAEs "
            << m.get("conv_dae_psnr_gain_db") << " vs " << m.get("dense_dae_psnr_gain_db") << " dB\n";

  const int shown = std::min(8, X.rows());
  plot_conv_denoised(out, X.rows_slice(0, shown), X_tilde.rows_slice(0, shown), D_dense.rows_slice(0, shown),
                     D_conv.rows_slice(0, shown), h);
  plot_conv_filters(out, conv_ae.conv1.W.value(), conv_ae.spec.k1);
  plot_unet_vs_bottleneck(out, {X, R_conv, R_unet, X_tilde, D_conv, D_unet, R_unet_noisy}, shown);
}

}  // namespace ch14_5
