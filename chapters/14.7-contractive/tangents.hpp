// Section 14.7: tangent planes measured against the truth. One object (common/data/synthetic.hpp's base_image)
// translated by a sub-pixel shift (dy, dx) traces a 2-D manifold in pixel space R^784 whose tangent plane at
// x(dy, dx) is spanned by the two derivative images dx/d(dy) and dx/d(dx). We estimate that plane
//   (a) from a contractive autoencoder: the two leading right singular vectors of J = df(x)/dx, the input
//       directions the code is most sensitive to;
//   (b) by local PCA: the two leading principal directions of x's k nearest training images;
// and report the largest principal angle between each estimate and the true plane.
#pragma once

#include <vector>

#include "rng.hpp"
#include "shallow_ae.hpp"

namespace ch14_7 {

/// Images of base_image shifted by (dy, dx), and the shifts.
struct ShiftedImages {
  Tensor X;                   ///< (n, 784)
  std::vector<double> dy, dx;  ///< the shift of each row, in pixels
};

/// n images with shifts drawn uniformly from [-max_shift, max_shift]^2.
ShiftedImages shifted_images(int n, double max_shift, ae::Rng& rng);

/// The object (base_image) shifted by (dy, dx) pixels through a Gaussian resampling kernel: (1, 784).
Tensor shifted_object(double dy, double dx);

/// The exact tangent plane at shift (dy, dx): (784, 2), columns d x / d(dy) and d x / d(dx).
Tensor true_tangent(double dy, double dx);

/// The encoder's estimate: the two leading right singular vectors of J_f(x), (784, 2).
Tensor cae_tangent(const ShallowAe& model, const Tensor& x);

/// Settings of the tangent experiment.
struct TangentSpec {
  double max_shift = 3.0;  ///< training shifts in [-max_shift, max_shift]^2 pixels
  int hidden = 64;         ///< code size
  float lambda = 2.f;      ///< contractive weight
  bool tied = false;       ///< tie the decoder to the encoder (only directions matter here: see main.cpp)
  int steps = 1000;        ///< optimizer steps per autoencoder, whatever the training-set size
  int batch = 32;
  float lr = 2e-3f;
  int k_neighbours = 10;   ///< local PCA neighbourhood
  int test_points = 30;
  bool with_plain = true;  ///< also train a plain autoencoder and measure its Jacobian's directions
};

/// Mean (over test points) of the largest principal angle to the true plane, in degrees, per estimator.
struct TangentResult {
  int n_train = 0;
  double cae_deg = 0, local_pca_deg = 0, plain_deg = 0;
  Tensor example_x, example_tangent;  ///< the first test point (1, 784) and its true plane (784, 2)
  std::vector<Tensor> example_planes; ///< the estimates there (784, 2): CAE, local PCA (, plain AE)
};

/// Trains the autoencoders on n_train shifted images and measures every estimator at the same test points.
TangentResult tangent_experiment(int n_train, const TangentSpec& spec, ae::Rng& rng);

}  // namespace ch14_7
