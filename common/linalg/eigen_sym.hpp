/// \file
/// \brief Symmetric eigen-decomposition \f$S = V \Lambda V^\top\f$ from scratch, in double precision.
///
/// Two classical steps (Golub and Van Loan, sections 8.3.1 and 8.3.5):
///   1. Householder tridiagonalization \f$T = Q^\top S Q\f$, with \f$Q = H_0 H_1 \cdots H_{n-3}\f$; about
///      \f$\tfrac{4}{3}n^3\f$ flops for T and as many again to accumulate Q.
///   2. Implicit QL iterations with Wilkinson shifts on the tridiagonal T, each a chase of Givens rotations
///      \f$T \leftarrow G^\top T G\f$ that converges cubically; the rotations are also applied to Q.
/// The columns of \f$V = Q G_1 G_2 \cdots\f$ are the eigenvectors. A 784 x 784 covariance (one entry per MNIST
/// pixel pair) takes about half a second with vectors, a fifth of that for eigenvalues only; time grows as
/// \f$n^3\f$ (about 4 s for the 1500 x 1500 Gram matrix of an Isomap run).
///
/// Used for PCA (pca.hpp, section 14.1's linear autoencoder baseline) and classical MDS (mds.hpp, Isomap in 14.6).
#pragma once

#include <vector>

#include "linalg/matrix_d.hpp"
#include "tensor.hpp"

namespace ae {

/// \brief Eigenvalues in descending order and the matching unit eigenvectors.
struct EigenSym {
  std::vector<double> values;  ///< (k) \f$\lambda_0 \ge \lambda_1 \ge \dots\f$
  /// (n, k): column i is the unit eigenvector \f$v_i\f$, \f$S v_i = \lambda_i v_i\f$ (its sign is arbitrary).
  Tensor vectors;
};

/// \brief All eigenpairs of the symmetric (n, n) matrix S. Only \f$\tfrac12(S + S^\top)\f$ is used, so rounding
/// noise that makes S slightly asymmetric is harmless.
/// \throws ShapeError (a std::invalid_argument) if S is not square; std::invalid_argument on NaN or infinity;
///         std::runtime_error if QL fails to converge (never seen on finite input).
EigenSym eigen_sym(const Tensor& S);
/// \brief As above, for a matrix already formed in double (a covariance, a double-centred distance matrix).
EigenSym eigen_sym(const MatrixD& S);

/// \brief The k largest eigenpairs (descending). Computes the full decomposition and keeps the first k columns.
EigenSym eigen_sym_top(const Tensor& S, int k);
/// \brief As above, for a matrix already formed in double.
EigenSym eigen_sym_top(const MatrixD& S, int k);

/// \brief Eigenvalues only, descending: the same tridiagonal QL without accumulating vectors, \f$O(n^2)\f$ after
/// the \f$\tfrac43 n^3\f$ reduction.
std::vector<double> eigenvalues_sym(const MatrixD& S);

/// \brief Implicit QL with Wilkinson shifts on a symmetric tridiagonal matrix, in place.
/// \param d (n) the diagonal; on return the eigenvalues (unsorted)
/// \param e (n) the off-diagonal, \f$e_i = T_{i,i+1}\f$, \f$e_{n-1}\f$ ignored; destroyed
/// \param Zt if not null, (n, n) whose rows are the current basis; each rotation of T is applied to its rows, so
///           starting from \f$Q^\top\f$ the rows end as the eigenvectors of the original matrix.
void tridiagonal_ql(std::vector<double>& d, std::vector<double>& e, MatrixD* Zt);

}  // namespace ae
