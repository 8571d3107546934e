// Section 14.5: the chapter's figures (each a .png plus the .gp and .dat that re-create it).
#pragma once

#include <string>
#include <vector>

#include "image_dae.hpp"
#include "nn/layers.hpp"
#include "plot/plot.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ch14_5 {

/// Figure 14.3: the computational graph of a denoising autoencoder's cost, x -> C(x_tilde | x) -> x_tilde -> f -> h
/// -> g -> L, with x also feeding the loss L = -log p_decoder(x | h = f(x_tilde)) (14_5_fig14_3).
void plot_fig14_3(const ae::plot::Output& out);

/// Figure 14.4: clean points x on the curve, the circle of radius sigma that x_tilde ~ N(x, sigma^2 I) mostly
/// falls in, and arrows from corrupted points x_tilde to g(f(x_tilde)).
void plot_corruption(const ae::plot::Output& out, const ae::Autoencoder& dae, const ae::Tensor& curve,
                     const ae::Tensor& X_clean, float sigma, int per_point, ae::Rng& rng);

/// Figure 14.5: arrows r(x) - x on a grid over the spiral, with the spiral and its training points.
void plot_spiral_field(const ae::plot::Output& out, const ae::Autoencoder& dae, const ae::Tensor& curve,
                       const ae::Tensor& X_train, int grid);

/// The factor that makes the 95th percentile of the arrow lengths of V (N, 2) equal to `cell` (1 if V is 0).
float arrow_scale(const ae::Tensor& V, double cell);

/// One vector field on a grid (the learned or the exact sigma^2 grad log p_sigma), with the mixture's means.
void plot_score_field(const ae::plot::Output& out, const std::string& name, const std::string& title,
                      const ae::Tensor& G, const ae::Tensor& V, const ae::Tensor& means, double lo, double hi);

/// Rows: clean test images, then the noisy input and the DAE's output for each corruption.
void plot_denoised(const ae::plot::Output& out, const std::vector<std::string>& kinds,
                   const std::vector<ImageDaeResult>& results);

/// Walking the learned field: the starting points, the reconstructions r(x) of where the walk ended (X_end),
/// and the first few trajectories, over the spiral.
void plot_walk(const ae::plot::Output& out, const std::vector<ae::Tensor>& history, const ae::Tensor& X_end,
               const ae::Tensor& curve, int trajectories);

}  // namespace ch14_5
