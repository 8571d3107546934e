/// \file
/// \brief Thin singular value decomposition \f$A = U \Sigma V^\top\f$ by one-sided (Hestenes) Jacobi.
///
/// For A (m, n) with \f$p = \min(m, n)\f$: U is (m, p) and V is (n, p), both with orthonormal columns, and
/// \f$\sigma_0 \ge \sigma_1 \ge \dots \ge \sigma_{p-1} \ge 0\f$.
///
/// Method (Demmel and Veselic 1992; Drmac and Veselic 2008), for \f$m \ge n\f$ (a wide A is handled as
/// \f$A^\top\f$):
///   1. Householder QR, \f$A = QR\f$ (qr.hpp), so that the iteration runs on the small (n, n) factor R.
///   2. Rotate pairs of rows of R, \f$r_i \leftarrow c\,r_i - s\,r_j\f$, \f$r_j \leftarrow s\,r_i + c\,r_j\f$,
///      with the angle that makes them orthogonal, sweeping over all pairs until every pair satisfies
///      \f$|r_i \cdot r_j| \le \mathrm{tol}\,\|r_i\|\|r_j\|\f$. The rotations \f$G\f$ accumulate as
///      \f$G^\top R = \Sigma V^\top\f$, hence \f$R = G\,\Sigma V^\top\f$ and \f$U = QG\f$.
/// One-sided Jacobi computes even the small singular values to high relative accuracy, which matters for the
/// spectra of Jacobians \f$\partial f/\partial x\f$ of contractive autoencoders (section 14.7) and the
/// tangent planes of section 14.6.
/// Cost is about \f$2mn^2\f$ for QR plus \f$\approx 7 n^3\f$ per sweep, with about 10 sweeps: (784, 30) takes a
/// few milliseconds, (784, 256) about 0.2 s, but a square (784, 784) about 4 s. For only the top singular values
/// of a large square matrix, eigen_sym on \f$A^\top A\f$ is faster (and loses the small ones to squaring).
#pragma once

#include <vector>

#include "linalg/matrix_d.hpp"
#include "tensor.hpp"

namespace ae {

/// \brief Thin SVD in double.
struct SvdD {
  MatrixD U;              ///< (m, p)
  std::vector<double> S;  ///< (p), descending
  MatrixD V;              ///< (n, p)
};

/// \brief Thin SVD of a float matrix (computed in double, factors rounded to float).
struct Svd {
  Tensor U;               ///< (m, p), orthonormal columns: the left singular vectors
  std::vector<double> S;  ///< (p) singular values, descending
  Tensor V;               ///< (n, p), orthonormal columns: the right singular vectors
};

/// \brief \f$A = U\,\mathrm{diag}(S)\,V^\top\f$ for A (m, n), tall or wide.
/// \throws std::invalid_argument if A has a NaN or infinite entry.
Svd svd(const Tensor& A);
/// \brief The same in double, for callers that keep working in double (subspace.cpp).
SvdD svd_d(const MatrixD& A);

/// \brief Singular values only, descending (same algorithm, without forming U and V).
std::vector<double> singular_values(const Tensor& A);

}  // namespace ae
