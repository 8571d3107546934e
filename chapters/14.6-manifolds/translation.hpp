// Section 14.6, figure 14.6: one image translated vertically traces a 1-D manifold in pixel space.
#pragma once

#include "plot/plot.hpp"
#include "tensor.hpp"

namespace ch14_6 {

/// What the translated-image curve shows.
struct TranslationStudy {
  double tangent_angle_deg = 0;  ///< angle between the local-PCA tangent and the exact d x / d t at t = 0
  double pca2_variance = 0;      ///< fraction of the curve's variance in its 2-D PCA projection
};

/// The rows of X (N, D) projected on their two leading principal components, (N, 2). Global PCA is local PCA
/// with every point as a neighbour, so this is local_pca(X, any x, N, 2), which (unlike an eigen-decomposition of
/// the D x D covariance) works through the N x N Gram matrix. `explained`, if given, receives the fraction of
/// the variance the two components keep.
ae::Tensor pca_project_2d(const ae::Tensor& X, double* explained = nullptr);

/// Translates `image` (1, 784) vertically by n values of t evenly spaced in [-t_max, t_max] pixels (sub-pixel,
/// bilinear), projects the curve on its top two principal components, estimates the tangent at t = 0 from the
/// k nearest images by local PCA, and compares it with the exact derivative (a central difference in t).
/// Writes 14_6_translation_pca (the 2-D projection coloured by t) and 14_6_translation_tangent (images along
/// the curve, then the tangent as an image: gray unchanged, white brighter, black darker).
TranslationStudy translation_manifold(const ae::plot::Output& out, const ae::Tensor& image, int n, double t_max,
                                      int k);

}  // namespace ch14_6
