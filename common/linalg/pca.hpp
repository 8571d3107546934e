/// \file
/// \brief Principal component analysis: the linear autoencoder in closed form.
///
/// Section 14.1: an undercomplete autoencoder with a linear decoder and squared-error loss
/// \f$L = \|x - g(f(x))\|^2\f$ learns to span the same subspace as PCA. PCA gives that optimum directly:
/// with the mean \f$\mu\f$ and covariance \f$\Sigma = \frac{1}{N-1}\sum_n (x_n - \mu)(x_n - \mu)^\top\f$, the
/// encoder is \f$h = W^\top (x - \mu)\f$ and the decoder \f$r = W h + \mu\f$, where the columns of W (D, k) are
/// the top-k eigenvectors of \f$\Sigma\f$ (Deep Learning, section 2.12). The expected squared reconstruction error
/// is the sum of the discarded eigenvalues, \f$\sum_{i \ge k} \lambda_i\f$.
///
/// Shapes: X (N, D) data, one example per row; Z (N, k) codes; W = components (D, k).
#pragma once

#include <vector>

#include "tensor.hpp"

namespace ae {

/// \brief A fitted PCA model.
struct Pca {
  Tensor mean;                    ///< (1, D) \f$\mu\f$
  Tensor components;              ///< (D, k) W: orthonormal columns, the top-k eigenvectors of the covariance
  std::vector<double> variances;  ///< (k) \f$\lambda_0 \ge \dots \ge \lambda_{k-1}\f$, the variance along each column
  double total_variance = 0;      ///< \f$\mathrm{tr}\,\Sigma = \sum_i \lambda_i\f$ over all D directions
  /// Fraction of the variance kept, \f$\sum_{i<k}\lambda_i / \mathrm{tr}\,\Sigma\f$ (1 if the data are constant).
  double explained_variance_ratio() const;
};

/// \brief Fits PCA with k components to X (N, D), N >= 2, 1 <= k <= D.
///
/// The covariance \f$X_c^\top X_c\f$ goes through the project's GEMM (ae::matmul) in blocks of rows, each block
/// summed into a double accumulator, then eigen_sym extracts the top k. Each component's sign is fixed so that
/// its largest-magnitude entry is positive, so fits are reproducible across runs.
/// \throws std::invalid_argument on bad k or N, or NaN / infinite entries.
Pca pca_fit(const Tensor& X, int k);
/// \brief Codes \f$Z = (X - \mu) W\f$: X (N, D) to Z (N, k).
Tensor pca_encode(const Pca& pca, const Tensor& X);
/// \brief Reconstructions \f$R = Z W^\top + \mu\f$: Z (N, k) to R (N, D).
Tensor pca_decode(const Pca& pca, const Tensor& Z);
/// \brief Projection onto the affine principal subspace, \f$R = (X - \mu) W W^\top + \mu\f$: (N, D) to (N, D).
Tensor pca_reconstruct(const Pca& pca, const Tensor& X);

}  // namespace ae
