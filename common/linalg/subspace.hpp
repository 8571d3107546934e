/// \file
/// \brief Column spaces: an orthonormal basis, and the principal angles between two subspaces of \f$R^n\f$.
///
/// Principal angles (Bjorck and Golub 1973) \f$0 \le \theta_1 \le \dots \le \theta_p \le 90^\circ\f$ between
/// \f$\mathcal{A} = \mathrm{span}(A)\f$ and \f$\mathcal{B} = \mathrm{span}(B)\f$ generalize the angle between two
/// lines: with orthonormal bases \f$Q_A, Q_B\f$, \f$\cos\theta_i = \sigma_i(Q_A^\top Q_B)\f$. They measure, for
/// example, how close the subspace spanned by a linear autoencoder's decoder is to the PCA subspace (section
/// 14.1: an undercomplete linear autoencoder trained with squared error learns the same subspace as PCA), or
/// the tangent planes of a manifold learned by a contractive autoencoder (sections 14.6 and 14.7).
///
/// Small angles are computed from sines, \f$\sin\theta_i = \sigma_{p+1-i}\big((I - Q_A Q_A^\top) Q_B\big)\f$,
/// because \f$\arccos\f$ is ill-conditioned near 1: a cosine accurate to \f$10^{-16}\f$ only pins the angle down
/// to \f$\sqrt{2\cdot 10^{-16}} \approx 10^{-8}\f$ rad (Knyazev and Argentati 2002).
#pragma once

#include <vector>

#include "linalg/matrix_d.hpp"
#include "tensor.hpp"

namespace ae {

/// \brief An orthonormal basis of the column space of A (n, k): a (n, r) matrix whose columns are the left
/// singular vectors with \f$\sigma_i > \mathrm{rel\_tol}\cdot\sigma_0\f$, so r is the numerical rank.
/// \param A the (n, k) matrix whose columns span the subspace
/// \param rel_tol relative rank threshold; a negative value (the default) means \f$\max(n, k)\,\epsilon_{float}\f$,
///        the noise floor of float32 entries.
/// \throws std::invalid_argument on NaN or infinity.
Tensor orthonormal_basis(const Tensor& A, double rel_tol = -1.0);
/// \brief As above, in double.
MatrixD orthonormal_basis_d(const MatrixD& A, double rel_tol = -1.0);

/// \brief Principal angles in degrees, ascending, between the column spaces of A (n, k1) and B (n, k2).
/// There are \f$p = \min(\mathrm{rank}\,A, \mathrm{rank}\,B)\f$ of them (none if either matrix is zero).
/// \throws ShapeError if A and B have different numbers of rows; std::invalid_argument on NaN or infinity.
std::vector<double> principal_angles_deg(const Tensor& A, const Tensor& B);

/// \brief The largest principal angle in degrees (0 if there are none): a single number for "how far apart".
double max_principal_angle_deg(const Tensor& A, const Tensor& B);

}  // namespace ae
