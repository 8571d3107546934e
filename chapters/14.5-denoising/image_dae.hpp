// Section 14.5 (and 14.2.2): denoising Fashion-MNIST images with a one-hidden-layer denoising autoencoder,
// for three corruption processes: Gaussian, masking and salt-and-pepper noise.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "data/datasets.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ch14_5 {

/// One denoising run: which noise, how the model was sized and trained.
struct ImageDaeSpec {
  std::string kind = "gaussian";  ///< corrupt::apply name: "gaussian", "masking" or "salt_pepper"
  float level = 0.3f;             ///< sigma for "gaussian", the corrupted fraction p otherwise
  int hidden = 512;
  int epochs = 10;
  int batch = 64;
  float lr = 2e-3f;
  std::string checkpoint = "";  ///< empty: no checkpoint
  bool resume = false;
  std::vector<std::pair<std::string, std::string>> settings = {};  ///< recorded in the checkpoint (Cli::values)
};

/// What the trained model does to held-out images.
struct ImageDaeResult {
  double psnr_noisy = 0;     ///< PSNR(x, x_tilde) in dB, over the whole test set
  double psnr_denoised = 0;  ///< PSNR(x, g(f(x_tilde))) in dB
  ae::Tensor clean, noisy, denoised;  ///< (8, 784) the first test images, for the figure
};

/// Trains x_tilde -> r = sigmoid(relu(x_tilde W1 + b1) W2 + b2) to minimize ||r - x||^2 (summed over pixels,
/// averaged over the batch) on `train`, then corrupts X_test once (from `rng`) and measures PSNR.
ImageDaeResult denoise_images(const ae::ImageSet& train, const ae::Tensor& X_test, const ImageDaeSpec& spec,
                              ae::Rng& rng);

/// Refuses, before any training, a --resume whose checkpoint for this DAE (trained on n images of D pixels) was
/// saved with other settings or is damaged: the checks of the resumed run, on throwaway copies.
void check_image_dae_checkpoint(int n, int D, const ImageDaeSpec& spec);

}  // namespace ch14_5
