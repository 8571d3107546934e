// Sections 14.5 and 14.7: for small Gaussian noise, denoising is a contractive penalty on the whole reconstruction
// map r = g o f (Alain and Bengio 2013), where the contractive autoencoder penalizes only the encoder f.
//
// With eps ~ N(0, sigma^2 I), a Taylor expansion of r around x, r(x + eps) = r(x) + J eps + q(eps)/2 + O(sigma^3)
// (J = dr/dx, q the quadratic form of the second derivatives), gives
//     E ||r(x + eps) - x||^2 = ||r(x) - x||^2 + sigma^2 ||J_r(x)||_F^2 + sigma^2 (r(x) - x) . Lap r(x) + O(sigma^4),
// since E[eps] = 0, E ||J eps||^2 = sigma^2 ||J||_F^2 and E[q(eps)] = sigma^2 Lap r. The last sigma^2 term vanishes
// where r reconstructs x exactly; where it does not, it is small next to the contractive one when r(x) - x is small.
// So the DAE's criterion is, to order sigma^2, the reconstruction error plus sigma^2 ||J_r||_F^2: the
// "reconstruction-contractive" autoencoder (RCAE) with lambda = sigma^2.
// Shapes: points (N, D), here D = 2 (the spiral); J_r (D, D).
#pragma once

#include <string>
#include <vector>

#include "autodiff/var.hpp"
#include "nn/layers.hpp"
#include "plot/plot.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ch14_5 {

/// J_r(x) = J_g(f(x)) J_f(x), (D, D), at one point x (1, D).
ae::Tensor reconstruction_jacobian(const ae::Autoencoder& model, const ae::Tensor& x);

/// One sigma of the expansion check, averaged over the test points.
struct ExpansionPoint {
  double sigma = 0;
  double gap = 0;        ///< Monte Carlo E||r(x + eps) - x||^2 - ||r(x) - x||^2
  double gap_se = 0;     ///< its standard error
  double jacobian = 0;   ///< sigma^2 E_x ||J_r(x)||_F^2, exact
  double laplacian = 0;  ///< sigma^2 E_x (r(x) - x) . Lap r(x) (finite differences), the other sigma^2 term
};

/// The expansion over a range of sigma.
struct ExpansionStudy {
  std::vector<ExpansionPoint> points;
  double rel_err = 0;  ///< |gap - jacobian| / jacobian at the smallest sigma
  double rel_err_with_laplacian = 0;  ///< |gap - jacobian - laplacian| / jacobian there
  double slope = 0;    ///< least-squares slope of log gap against log sigma over the sweep
};

/// Estimates E||r(x + eps) - x||^2 at the rows of X by `draws` antithetic pairs (eps, -eps) per point for each
/// sigma (the pair cancels the term linear in eps, whose variance would otherwise swamp the sigma^2 term), and
/// compares the gap with sigma^2 ||J_r||_F^2.
ExpansionStudy expansion_check(const ae::Autoencoder& model, const ae::Tensor& X, const std::vector<double>& sigmas,
                               int draws, ae::Rng& rng);

/// (1/N) sum_n ||J_r(x_n)||_F^2 as a differentiable Var, by forward-mode tangents: for each input direction e_i,
/// t_0 = e_i and t_l = (t_{l-1} W_l) * a_l'(z_l) through every layer of f then g, so J_r e_i = t_L. Also returns
/// r(x) from the same forward pass.
struct ReconstructionWithJacobian {
  ae::Var r;        ///< g(f(x)), (N, D)
  ae::Var penalty;  ///< (1, 1)
};
ReconstructionWithJacobian reconstruct_with_jacobian_penalty(const ae::Autoencoder& model, const ae::Var& x);

/// The DAE and the RCAE trained from the same initial weights on the same minibatches, and how their fields agree.
struct DaeVsRcae {
  ae::Autoencoder dae, rcae;
  double field_cosine = 0;  ///< mean over the grid of cos(r_dae(x) - x, r_rcae(x) - x)
  double dae_jacobian = 0, rcae_jacobian = 0;  ///< E||J_r||_F^2 over the training points
  ae::Tensor grid;          ///< the grid points (G, 2) the cosine is taken over
};

/// Settings of the comparison.
struct DaeVsRcaeSpec {
  float sigma = 0.1f;    ///< the DAE's noise; the RCAE's lambda is sigma^2
  int hidden = 32;
  int epochs = 40;
  int batch = 64;
  float lr = 1e-2f;
  float first_layer_gain = 4.f;
  int grid = 21;         ///< grid points per side over [-1.2, 1.2]^2
};
DaeVsRcae compare_dae_rcae(const ae::Tensor& X, const DaeVsRcaeSpec& spec, ae::Rng& rng);

/// The two fields side by side, with the spiral, arrows on one common scale.
void plot_dae_vs_rcae(const ae::plot::Output& out, const DaeVsRcae& cmp, const ae::Tensor& curve, float sigma);

/// The expansion: the Monte Carlo gap, sigma^2 ||J_r||_F^2 and the sum of both sigma^2 terms against sigma.
void plot_expansion(const ae::plot::Output& out, const ExpansionStudy& study);

}  // namespace ch14_5
