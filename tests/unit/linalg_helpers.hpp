// Helpers shared by the linear-algebra tests (test_linalg.cpp, test_pca_mds.cpp): random matrices with known
// structure, built from the Q of a Householder QR of a Gaussian matrix, and the error measures they are checked by.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "linalg/matrix_d.hpp"
#include "linalg/qr.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ae::test {

inline constexpr double kPi = 3.14159265358979323846;

// An (r, c) matrix of independent standard normal entries.
inline MatrixD normal_d(int r, int c, Rng& rng) {
  MatrixD M(r, c);
  for (double& v : M.a) v = rng.normal();
  return M;
}

// A random (n, k) matrix with orthonormal columns.
inline MatrixD random_orthonormal(int n, int k, Rng& rng) { return qr_d(normal_d(n, k, rng)).Q; }

// U diag(s) V^T.
inline MatrixD usv(const MatrixD& U, const std::vector<double>& s, const MatrixD& V) {
  MatrixD Us = U;
  for (int i = 0; i < U.rows; ++i)
    for (int j = 0; j < U.cols; ++j) Us(i, j) *= s[j];
  return matmul(Us, transpose(V));
}

// max |M(i, j)|.
inline double max_abs(const MatrixD& M) {
  double m = 0;
  for (double v : M.a) m = std::max(m, std::fabs(v));
  return m;
}

// max |Q^T Q - I| for the columns of a float matrix (accumulated in double).
inline double orthonormality_error(const Tensor& Q) {
  MatrixD q = MatrixD::from_tensor(Q);
  MatrixD G = matmul(transpose(q), q);
  for (int i = 0; i < G.rows; ++i) G(i, i) -= 1.0;
  return max_abs(G);
}

}  // namespace ae::test
