// Section 14.7: what the contractive penalty does to the encoder's Jacobian J = df(x)/dx (H, D).
//   - its singular values: a contractive encoder keeps a few large ones (the directions along the data
//     manifold) and shrinks the rest below 1;
//   - saturation: sigmoid units pushed to 0 or 1, where h (1 - h) and with it the Jacobian's row vanish;
//   - checks that the closed-form penalty sum_j (h_j (1 - h_j))^2 ||W_j||^2 equals ||J||_F^2, that its
//     autodiff gradient matches central differences, and that the layer-by-layer Jacobian of a deep encoder
//     matches central differences.
#pragma once

#include <vector>

#include "nn/layers.hpp"
#include "rng.hpp"
#include "shallow_ae.hpp"

namespace ch14_7 {

/// Jacobian statistics over a set of points.
struct SpectrumStats {
  std::vector<double> mean_spectrum;  ///< (min(H, D)) the sorted singular values averaged over points
  double frac_below_1 = 0;            ///< fraction of all singular values (all points) below 1
  double mean_fro = 0;                ///< mean ||J||_F
};

/// Singular values of J_f(x) for every row x of X (n, D), f a (multilayer) encoder.
SpectrumStats jacobian_spectrum(const ae::Mlp& enc, const Tensor& X);

/// Fraction of code units with min(h, 1 - h) < tol: sigmoid units in their flat tails.
double saturated_fraction(const Tensor& h, double tol = 0.05);

/// |closed form - explicit (1/n) sum_n ||J(x_n)||_F^2| / explicit, over the rows of X.
double penalty_formula_rel_err(const ShallowAe& model, const Tensor& X);

/// Largest |g - g_fd| / (|g| + |g_fd|) over `samples` random entries of W and of b, where g is the autodiff
/// gradient of the penalty (1/n) sum_n ||J(x_n)||_F^2 and g_fd its central difference, computed in double.
double penalty_grad_fd_rel_err(const ShallowAe& model, const Tensor& X, ae::Rng& rng, int samples);

/// ||J - J_fd||_F / ||J||_F at x (1, D): the layer-by-layer Jacobian (float) against central differences of
/// the encoder evaluated in double with `step`.
double jacobian_fd_rel_err(const ae::Mlp& enc, const Tensor& x, double step = 1e-4);

}  // namespace ch14_7
