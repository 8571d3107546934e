// Orthonormal bases from the SVD, and principal angles from cosines (large angles) and sines (small angles).
#include "linalg/subspace.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "linalg/svd.hpp"

namespace ae {

MatrixD orthonormal_basis_d(const MatrixD& A, double rel_tol) {
  if (rel_tol < 0)
    rel_tol = std::max(A.rows, A.cols) * static_cast<double>(std::numeric_limits<float>::epsilon());
  SvdD f = svd_d(A);
  int r = 0;
  while (r < static_cast<int>(f.S.size()) && f.S[r] > rel_tol * f.S[0] && f.S[r] > 0) ++r;
  MatrixD Q(A.rows, r);
  for (int i = 0; i < A.rows; ++i)
    for (int j = 0; j < r; ++j) Q(i, j) = f.U(i, j);
  return Q;
}

Tensor orthonormal_basis(const Tensor& A, double rel_tol) {
  require_finite(A, "orthonormal_basis");
  return orthonormal_basis_d(MatrixD::from_tensor(A), rel_tol).to_tensor();
}

std::vector<double> principal_angles_deg(const Tensor& A, const Tensor& B) {
  if (A.rows() != B.rows())
    throw ShapeError("principal_angles_deg: A is " + A.shape_str() + " and B is " + B.shape_str() +
                     "; they must live in the same R^n");
  require_finite(A, "principal_angles_deg");
  require_finite(B, "principal_angles_deg");
  MatrixD Qa = orthonormal_basis_d(MatrixD::from_tensor(A));
  MatrixD Qb = orthonormal_basis_d(MatrixD::from_tensor(B));
  if (Qa.cols < Qb.cols) std::swap(Qa, Qb);  // the sine formula needs dim A >= dim B
  const int n = Qa.rows, p = Qb.cols;
  if (p == 0) return {};

  // C = Qa^T Qb (ka, p): its singular values are the cosines, descending.
  MatrixD C = matmul(transpose(Qa), Qb);
  const std::vector<double> cosines = svd_d(C).S;
  // The part of Qb outside span(Qa), (I - Qa Qa^T) Qb = Qb - Qa C: its singular values are the sines; the
  // largest sine goes with the largest angle, so read them in reverse.
  MatrixD P = matmul(Qa, C);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < p; ++j) P(i, j) = Qb(i, j) - P(i, j);
  const std::vector<double> sines = svd_d(P).S;

  const double deg = 180.0 / 3.14159265358979323846;
  std::vector<double> theta(static_cast<std::size_t>(p));
  for (int i = 0; i < p; ++i) {
    const double c = std::clamp(cosines[i], 0.0, 1.0);
    const double s = std::clamp(sines[p - 1 - i], 0.0, 1.0);
    // cos^2 > 1/2 means theta < 45 degrees, where asin is the well-conditioned one.
    theta[i] = deg * (c * c > 0.5 ? std::asin(s) : std::acos(c));
  }
  std::sort(theta.begin(), theta.end());
  return theta;
}

double max_principal_angle_deg(const Tensor& A, const Tensor& B) {
  const std::vector<double> theta = principal_angles_deg(A, B);
  return theta.empty() ? 0.0 : theta.back();
}

}  // namespace ae
