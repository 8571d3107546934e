// Section 14.5, part 6: convolutional autoencoders on Fashion-MNIST. Pixels have neighbours: a convolution shares
// one small filter over every position, so for the same number of parameters it sees far more of the image than a
// dense layer can. Three comparisons, each at equal cost:
//   a. a convolutional autoencoder against a dense one with the same number of parameters (reconstruction error,
//      and the first layer's filters);
//   b. the same two as denoising autoencoders, x_tilde = clip(x + 0.5 eps) (PSNR gain on the test set);
//   c. the convolutional bottleneck against the U-Net (the same network with the encoder's features concatenated
//      into the decoder at each resolution): the high-frequency error, and the identity a U-Net learns when it is
//      trained without noise.
#pragma once

#include "data/datasets.hpp"
#include "plot/plot.hpp"
#include "rng.hpp"
#include "util/cli.hpp"
#include "util/metrics.hpp"

namespace ch14_5 {

/// Runs part 6 at the sizes of opt's preset, draws its figures into `out` and sets its metrics in `m`.
void run_conv_experiments(const ae::CommonOptions& opt, const ae::ImageData& data, const ae::plot::Output& out,
                          ae::Metrics& m, ae::Rng& rng);

}  // namespace ch14_5
