/// \file
/// \brief Corruption processes \f$C(\tilde x \mid x)\f$ for denoising autoencoders (sections 14.2.2 and 14.5):
/// additive Gaussian noise, masking noise (a random fraction of pixels set to 0) and salt-and-pepper noise (a
/// random fraction set to 0 or 1). Introduced in section 14.2.2; shared by 14.3, 14.5 and 14.7.
#pragma once

#include <string>

#include "rng.hpp"
#include "tensor.hpp"

namespace ae::corrupt {

/// \f$\tilde x = x + \sigma\epsilon\f$, \f$\epsilon \sim \mathcal N(0, I)\f$ (not clipped: the book's Gaussian
/// corruption).
Tensor gaussian(const Tensor& x, float sigma, Rng& rng);
/// Each entry is set to 0 with probability p.
Tensor masking(const Tensor& x, float p, Rng& rng);
/// Each entry is set to 0 or 1 (equally likely) with probability p.
Tensor salt_and_pepper(const Tensor& x, float p, Rng& rng);
/// By name: "gaussian" (level = sigma), "masking" or "salt_pepper" (level = p). Throws std::invalid_argument.
Tensor apply(const std::string& kind, const Tensor& x, float level, Rng& rng);

/// Peak signal-to-noise ratio in dB for signals in [0, 1]: \f$10\log_{10}(1/\mathrm{MSE})\f$, MSE per pixel.
double psnr_db(const Tensor& clean, const Tensor& other);

}  // namespace ae::corrupt
