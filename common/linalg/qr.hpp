/// \file
/// \brief Thin QR factorization by Householder reflections: \f$A = QR\f$ for an (m, n) matrix with
/// \f$m \ge n\f$, \f$Q\f$ (m, n) with orthonormal columns and \f$R\f$ (n, n) upper triangular.
///
/// Each step k picks the reflection \f$H_k = I - \beta_k v_k v_k^\top\f$ that maps column k below the diagonal
/// onto a multiple of \f$e_1\f$, so that \f$H_{n-1}\cdots H_0 A = \binom{R}{0}\f$. Reflections keep \f$Q\f$
/// orthonormal to machine precision even when \f$A\f$ is rank deficient (Gram-Schmidt does not).
/// Used to precondition the one-sided Jacobi SVD (svd.hpp) and, in tests, to draw random orthogonal matrices.
#pragma once

#include "linalg/matrix_d.hpp"

namespace ae {

/// \brief Thin QR of a double matrix: Q is (m, n), R is (n, n).
struct QrD {
  MatrixD Q;  ///< (m, n), orthonormal columns
  MatrixD R;  ///< (n, n), upper triangular
};

/// \brief Thin QR of a float matrix, computed in double.
struct Qr {
  Tensor Q;  ///< (m, n), orthonormal columns
  Tensor R;  ///< (n, n), upper triangular
};

/// \f$A = QR\f$ for A (m, n) with m >= n; throws ShapeError if m < n, std::invalid_argument on NaN/inf.
QrD qr_d(const MatrixD& A);
/// \f$A = QR\f$ for A (m, n) with m >= n; throws ShapeError if m < n, std::invalid_argument on NaN/inf.
Qr qr(const Tensor& A);

}  // namespace ae
