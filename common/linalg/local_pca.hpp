/// \file
/// \brief Local PCA: the tangent plane of a manifold at a point, estimated from the point's nearest neighbours.
///
/// Section 14.6 (figure 14.9): nonparametric manifold learners such as local PCA, manifold Parzen windows
/// (Vincent and Bengio 2003) and local tangent-space alignment fit each neighbourhood of the data with a flat
/// Gaussian "pancake". Around a query point x, take its k nearest rows \f$x_{(1)}, \dots, x_{(k)}\f$ of X, their
/// mean \f$\mu\f$ and covariance
/// \f[ C = \frac{1}{k}\sum_{j=1}^{k} (x_{(j)} - \mu)(x_{(j)} - \mu)^\top ; \f]
/// the top `dims` eigenvectors of C span the estimated tangent plane at x. On a smooth d-dimensional manifold
/// sampled densely, the tangent directions carry variance of order \f$r^2\f$ (r the neighbourhood radius) and
/// the normal ones only of order \f$r^4\kappa^2\f$ (curvature \f$\kappa\f$), so the estimate improves as the
/// neighbourhood shrinks, until noise or too few neighbours take over.
///
/// Introduced in section 14.6 (chapters/14.6-manifolds); section 14.7 compares it with the tangent directions a
/// contractive autoencoder learns.
#pragma once

#include <vector>

#include "tensor.hpp"

namespace ae {

/// \brief One local Gaussian "pancake": the neighbourhood mean, its principal directions and their variances.
struct LocalPca {
  Tensor mean;                    ///< (1, D) \f$\mu\f$, the mean of the k neighbours
  Tensor basis;                   ///< (D, dims) orthonormal columns: the top eigenvectors of C (the tangent plane)
  /// (dims) \f$\lambda_0 \ge \dots\f$, the variance of the neighbours along each column of `basis`
  std::vector<double> variances;
  double residual_variance = 0;   ///< \f$\mathrm{tr}\,C - \sum_i \lambda_i\f$: the variance left off the plane
};

/// \brief The full local fit at x: mean, tangent basis and variances of its k nearest rows of X.
/// \param X (N, D) the data, one example per row
/// \param x (1, D) the query point (it may or may not be a row of X; if it is, it counts as its own neighbour)
/// \param k_neighbours k, in [max(2, dims), N]
/// \param dims d, the manifold dimension, in [1, D]
/// \throws ShapeError if x is not (1, D); std::invalid_argument on bad k or dims, or NaN / infinite entries.
LocalPca local_pca(const Tensor& X, const Tensor& x, int k_neighbours, int dims);

/// \brief The estimated tangent plane at x: (D, dims) orthonormal columns, the top `dims` principal directions
/// of the k nearest rows of X to x (local_pca(...).basis). Each column's sign is fixed so that its
/// largest-magnitude entry is positive. Cost: \f$O(ND)\f$ for the neighbour search, \f$O(kD^2 + D^3)\f$ for
/// the covariance and its eigenvectors when \f$D \le k\f$, \f$O(k^2 D + k^3)\f$ through the Gram matrix otherwise.
/// \throws as local_pca.
Tensor local_pca_tangent(const Tensor& X, const Tensor& x, int k_neighbours, int dims);

/// \brief Indices of the k rows of X nearest to x (Euclidean), nearest first; ties broken by the lower index.
std::vector<int> nearest_rows(const Tensor& X, const Tensor& x, int k);

}  // namespace ae
