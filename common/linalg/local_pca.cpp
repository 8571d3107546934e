// Local PCA tangent planes (section 14.6, figure 14.9). See local_pca.hpp for the estimator.
#include "linalg/local_pca.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "linalg/eigen_sym.hpp"
#include "linalg/matrix_d.hpp"

namespace ae {

std::vector<int> nearest_rows(const Tensor& X, const Tensor& x, int k) {
  if (!(x.rows() == 1 && x.cols() == X.cols()))
    throw ShapeError("nearest_rows: query " + x.shape_str() + " does not match data " + X.shape_str());
  if (k < 1 || k > X.rows())
    throw std::invalid_argument("nearest_rows: k = " + std::to_string(k) + " outside [1, " +
                                std::to_string(X.rows()) + "]");
  const int N = X.rows(), D = X.cols();
  std::vector<double> d2(N);
  for (int i = 0; i < N; ++i) {
    const float* xi = X.row(i);
    double s = 0.0;
    for (int j = 0; j < D; ++j) {
      const double t = double(xi[j]) - x[j];
      s += t * t;
    }
    d2[i] = s;
  }
  std::vector<int> idx(N);
  std::iota(idx.begin(), idx.end(), 0);
  auto closer = [&](int a, int b) { return d2[a] < d2[b] || (d2[a] == d2[b] && a < b); };
  std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), closer);
  idx.resize(k);
  return idx;
}

LocalPca local_pca(const Tensor& X, const Tensor& x, int k_neighbours, int dims) {
  const int N = X.rows(), D = X.cols();
  if (!(x.rows() == 1 && x.cols() == D))
    throw ShapeError("local_pca: query " + x.shape_str() + " does not match data " + X.shape_str());
  if (dims < 1 || dims > D)
    throw std::invalid_argument("local_pca: dims = " + std::to_string(dims) + " outside [1, " + std::to_string(D) +
                                "]");
  if (k_neighbours < std::max(2, dims) || k_neighbours > N)
    throw std::invalid_argument("local_pca: k_neighbours = " + std::to_string(k_neighbours) + " outside [" +
                                std::to_string(std::max(2, dims)) + ", " + std::to_string(N) + "]");
  require_finite(X, "local_pca");
  require_finite(x, "local_pca");
  const int k = k_neighbours;
  const std::vector<int> nb = nearest_rows(X, x, k);

  // Centred neighbours Xc (k, D), in double.
  MatrixD Xc(k, D);
  std::vector<double> mu(D, 0.0);
  for (int r = 0; r < k; ++r)
    for (int j = 0; j < D; ++j) mu[j] += X(nb[r], j);
  for (double& m : mu) m /= k;
  for (int r = 0; r < k; ++r)
    for (int j = 0; j < D; ++j) Xc(r, j) = X(nb[r], j) - mu[j];

  LocalPca out;
  out.mean = Tensor(1, D);
  for (int j = 0; j < D; ++j) out.mean[j] = static_cast<float>(mu[j]);
  out.basis = Tensor(D, dims);
  out.variances.assign(dims, 0.0);

  double trace = 0.0;
  for (double v : Xc.a) trace += v * v;
  trace /= k;

  // Neighbourhoods are rank deficient (k points on a d-dimensional manifold give many eigenvalues at the
  // rounding level). Eigen-decomposing M + tr(M) I instead of M moves every eigenvalue to [tr, 2 tr], away
  // from 0 where a relative convergence test cannot deflate; the eigenvectors are the same and the eigenvalues
  // come back by subtracting the shift, with the same absolute accuracy (eps * tr) as without it.
  auto top_eigen = [&](MatrixD M, int count) {
    double shift = 0.0;
    for (int i = 0; i < M.rows; ++i) shift += M(i, i);
    for (int i = 0; i < M.rows; ++i) M(i, i) += shift;
    EigenSym e = eigen_sym_top(M, count);
    for (double& v : e.values) v -= shift;
    return e;
  };

  MatrixD B(D, dims);  // the basis, in double
  // BEGIN EXERCISE 14.6-tangent-plane
  if (D <= k) {
    // C = Xc^T Xc / k, (D, D): its top eigenvectors directly.
    MatrixD C = matmul(transpose(Xc), Xc);
    for (double& v : C.a) v /= k;
    const EigenSym e = top_eigen(C, dims);
    for (int c = 0; c < dims; ++c) {
      out.variances[c] = std::max(0.0, e.values[c]);
      for (int j = 0; j < D; ++j) B(j, c) = e.vectors(j, c);
    }
  } else {
    // Through the Gram matrix G = Xc Xc^T / k, (k, k): if G u = lambda u then C (Xc^T u) = lambda (Xc^T u),
    // and |Xc^T u|^2 = k lambda, so v = Xc^T u / sqrt(k lambda).
    MatrixD G = matmul(Xc, transpose(Xc));
    for (double& v : G.a) v /= k;
    const EigenSym e = top_eigen(G, std::min(dims, k));
    for (int c = 0; c < dims; ++c) {
      const double lambda = c < static_cast<int>(e.values.size()) ? e.values[c] : 0.0;
      out.variances[c] = std::max(0.0, lambda);
      if (lambda <= 1e-12 * std::max(trace, 1e-300)) continue;  // no direction left: completed below
      for (int j = 0; j < D; ++j) {
        double s = 0.0;
        for (int r = 0; r < k; ++r) s += Xc(r, j) * e.vectors(r, c);
        B(j, c) = s / std::sqrt(k * lambda);
      }
    }
  }
  // ELSE
  // (void)top_eigen;
  // throw ae::NotImplemented("14.6-tangent-plane");  // B: top directions of Xc
  // END EXERCISE

  // Degenerate neighbourhoods (all neighbours on a lower-dimensional set) leave zero or non-orthonormal columns:
  // re-orthonormalize by Gram-Schmidt, completing with coordinate axes so that the answer is always (D, dims).
  int axis = 0;
  for (int c = 0; c < dims; ++c) {
    for (int attempt = 0; attempt <= D; ++attempt) {
      for (int p = 0; p < c; ++p) {
        double d = 0.0;
        for (int j = 0; j < D; ++j) d += B(j, p) * B(j, c);
        for (int j = 0; j < D; ++j) B(j, c) -= d * B(j, p);
      }
      double n2 = 0.0;
      for (int j = 0; j < D; ++j) n2 += B(j, c) * B(j, c);
      if (n2 > 1e-12) {
        const double inv = 1.0 / std::sqrt(n2);
        for (int j = 0; j < D; ++j) B(j, c) *= inv;
        break;
      }
      for (int j = 0; j < D; ++j) B(j, c) = (j == axis % D) ? 1.0 : 0.0;
      ++axis;
    }
    // Sign convention: the largest-magnitude entry of each column is positive.
    int jmax = 0;
    for (int j = 1; j < D; ++j)
      if (std::fabs(B(j, c)) > std::fabs(B(jmax, c))) jmax = j;
    if (B(jmax, c) < 0)
      for (int j = 0; j < D; ++j) B(j, c) = -B(j, c);
  }
  out.basis = B.to_tensor();
  double kept = 0.0;
  for (double v : out.variances) kept += v;
  out.residual_variance = std::max(0.0, trace - kept);
  return out;
}

Tensor local_pca_tangent(const Tensor& X, const Tensor& x, int k_neighbours, int dims) {
  return local_pca(X, x, k_neighbours, dims).basis;
}

}  // namespace ae
