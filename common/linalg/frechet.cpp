#include "linalg/frechet.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "linalg/eigen_sym.hpp"
#include "linalg/matrix_d.hpp"

namespace ae {

namespace {

// Mean (1, d) and covariance (d, d, divided by n - 1) of the rows of X, in double.
void gaussian_fit(const Tensor& X, std::vector<double>& mean, MatrixD& cov) {
  const int n = X.rows(), d = X.cols();
  mean.assign(static_cast<std::size_t>(d), 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) mean[j] += X(i, j);
  for (double& m : mean) m /= n;
  cov = MatrixD(d, d);
  std::vector<double> c(static_cast<std::size_t>(d));
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < d; ++j) c[j] = X(i, j) - mean[j];
    for (int j = 0; j < d; ++j)
      for (int k = j; k < d; ++k) cov(j, k) += c[j] * c[k];
  }
  for (int j = 0; j < d; ++j)
    for (int k = j; k < d; ++k) cov(k, j) = cov(j, k) /= (n - 1);
}

}  // namespace

double frechet_distance(const Tensor& A, const Tensor& B) {
  if (A.cols() != B.cols()) throw std::invalid_argument("frechet_distance: feature widths differ");
  if (A.rows() < 2 || B.rows() < 2) throw std::invalid_argument("frechet_distance: needs two rows in each set");
  std::vector<double> ma, mb;
  MatrixD Sa, Sb;
  gaussian_fit(A, ma, Sa);
  gaussian_fit(B, mb, Sb);
  const int d = A.cols();
  // S_a^{1/2} = V diag(sqrt(lambda)) V^T from S_a's eigenpairs (negative rounding clipped to 0).
  const EigenSym ea = eigen_sym(Sa);
  MatrixD root(d, d);
  for (int i = 0; i < d; ++i)
    for (int j = 0; j < d; ++j) {
      double s = 0;
      for (int k = 0; k < d; ++k) s += ea.vectors(i, k) * std::sqrt(std::max(0.0, ea.values[k])) * ea.vectors(j, k);
      root(i, j) = s;
    }
  // tr (S_a^{1/2} S_b S_a^{1/2})^{1/2} = sum of the square roots of that symmetric matrix's eigenvalues.
  double tr_sqrt = 0;
  for (double v : eigenvalues_sym(matmul(matmul(root, Sb), root))) tr_sqrt += std::sqrt(std::max(0.0, v));
  double d2 = 0;
  for (int j = 0; j < d; ++j) d2 += (ma[j] - mb[j]) * (ma[j] - mb[j]) + Sa(j, j) + Sb(j, j);
  return std::max(0.0, d2 - 2.0 * tr_sqrt);
}

}  // namespace ae
