// Section 14.6, figure 14.9: local PCA. Around every training point, the k nearest neighbours define a flat
// Gaussian "pancake" whose long axes span the estimated tangent plane; a mixture of them (manifold Parzen
// windows, Vincent and Bengio 2003) is a density concentrated near the manifold.
#pragma once

#include <vector>

#include "plot/plot.hpp"
#include "rng.hpp"

namespace ch14_6 {

/// The spiral x(t) = t (cos a t, sin a t), a = 3 pi, t in [0.1, 1], of data/synthetic.hpp, and its exact unit
/// tangent at t: (cos a t - a t sin a t, sin a t + a t cos a t) / norm.
void spiral_tangent(double t, double& tx, double& ty);

/// Angles in degrees between local-PCA tangents (k neighbours) and the exact tangents, at every one of n
/// spiral points with isotropic noise `noise` (the exact tangent is that of the point's noiseless t).
std::vector<double> tangent_angles_deg(int n, double noise, int k, ae::Rng& rng);

/// Writes 14_6_pancakes (the spiral, its points and one pancake, the 2-standard-deviation ellipse of
/// N(mean_i, C_i + floor^2 I), at every `every`-th point) and 14_6_pancake_density (the mixture of all n
/// pancakes centred on the points, as a heatmap of log density).
void plot_pancakes(const ae::plot::Output& out, int n, double noise, int k, double floor, int every,
                   int grid, ae::Rng& rng);

/// Writes 14_6_tangent_angle: the median angle against k, one curve per noise level, each on n points.
void plot_angle_vs_k(const ae::plot::Output& out, int n, const std::vector<int>& ks,
                     const std::vector<double>& noises, ae::Rng& rng);

/// The median of v (copied).
double median(std::vector<double> v);

}  // namespace ch14_6
