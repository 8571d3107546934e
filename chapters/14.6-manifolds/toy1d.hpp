// Section 14.6, figure 14.7: a 1-D denoising autoencoder trained on three points. To reconstruct x from a
// corrupted x_tilde it must map a whole neighbourhood of each point back onto it: r(x) is flat (insensitive
// to the input) near the data and steep between them, where it switches from one point to the next.
#pragma once

#include <vector>

#include "plot/plot.hpp"
#include "rng.hpp"

namespace ch14_6 {

/// The learned reconstruction function at the data points.
struct Toy1dResult {
  double max_slope_at_data = 0;    ///< max_i |r(x_i + sigma/2) - r(x_i - sigma/2)| / sigma: mean slope near x_i
  double max_pointwise_slope = 0;  ///< max_i |r'(x_i)| (central difference with step 0.001)
  double max_fixed_point_err = 0;  ///< max_i |r(x_i) - x_i|
};

/// Trains r(x) = g(f(x)), f: 1 -> H tanh units, g: H -> 1 linear, on `points` with Gaussian corruption sigma
/// for `epochs` passes over 1024 copies of each point in minibatches of `batch`; writes 14_6_toy1d (r(x), the
/// identity, the points and the arrows r(x) - x along the bottom).
Toy1dResult toy_autoencoder_1d(const ae::plot::Output& out, const std::vector<double>& points, float sigma,
                               int hidden, int epochs, int batch, ae::Rng& rng);

}  // namespace ch14_6
