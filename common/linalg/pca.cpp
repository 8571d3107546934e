// PCA through the covariance matrix. For N = 60000 MNIST images (D = 784) almost all the time is the GEMM
// X_c^T X_c (N D^2 = 3.7e10 multiply-adds); the eigen-decomposition of the (784, 784) result is comparatively cheap.
#include "linalg/pca.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "linalg/eigen_sym.hpp"
#include "linalg/matrix_d.hpp"

namespace ae {

namespace {

// Rows per GEMM block when forming the covariance: float GEMM accumulates at most this many products per entry,
// and the blocks are summed in double. On N = 60000 rows the eigenvalues then agree with an all-double
// covariance to about 1e-7 of the largest one.
constexpr int kCovBlockRows = 2048;

// X[begin:end] - mu, (end - begin, D).
Tensor centered_rows(const Tensor& X, const std::vector<double>& mu, int begin, int end) {
  const int D = X.cols();
  Tensor Xc(end - begin, D);
  for (int i = begin; i < end; ++i) {
    const float* x = X.row(i);
    float* xc = Xc.row(i - begin);
    for (int j = 0; j < D; ++j) xc[j] = static_cast<float>(x[j] - mu[j]);
  }
  return Xc;
}

void check_width(const Pca& pca, int D, const char* op) {
  if (!(pca.mean.cols() == D && pca.components.rows() == D))
    throw ShapeError(std::string(op) + ": PCA fitted on D = " + std::to_string(pca.mean.cols()) +
                     ", input has D = " + std::to_string(D));
}

}  // namespace

double Pca::explained_variance_ratio() const {
  double kept = 0;
  for (double v : variances) kept += v;
  return total_variance > 0 ? kept / total_variance : 1.0;
}

Pca pca_fit(const Tensor& X, int k) {
  const int N = X.rows(), D = X.cols();
  if (N < 2) throw std::invalid_argument("pca_fit: need at least 2 examples, got " + std::to_string(N));
  if (k < 1 || k > D)
    throw std::invalid_argument("pca_fit: k = " + std::to_string(k) + " outside [1, D = " + std::to_string(D) + "]");
  require_finite(X, "pca_fit");

  // mu = (1/N) sum_n x_n, in double.
  std::vector<double> mu(static_cast<std::size_t>(D), 0.0);
  for (int i = 0; i < N; ++i) {
    const float* x = X.row(i);
    for (int j = 0; j < D; ++j) mu[j] += x[j];
  }
  for (double& m : mu) m /= N;

  // Sigma = X_c^T X_c / (N - 1), block by block of rows.
  MatrixD Sigma(D, D);
  for (int begin = 0; begin < N; begin += kCovBlockRows) {
    const int end = std::min(N, begin + kCovBlockRows);
    const Tensor Xc = centered_rows(X, mu, begin, end);  // (B, D)
    const Tensor G = matmul(Xc, Xc, true, false);        // (D, D) = Xc^T Xc
    for (std::size_t t = 0; t < G.size(); ++t) Sigma.a[t] += G[t];
  }
  for (double& s : Sigma.a) s /= (N - 1);

  Pca pca;
  for (int j = 0; j < D; ++j) pca.total_variance += Sigma(j, j);
  EigenSym eig = eigen_sym_top(Sigma, k);
  pca.mean = Tensor(1, D);
  for (int j = 0; j < D; ++j) pca.mean(0, j) = static_cast<float>(mu[j]);
  pca.components = std::move(eig.vectors);
  pca.variances = std::move(eig.values);
  for (double& v : pca.variances) v = std::max(v, 0.0);  // rounding can leave -1e-17 for a null direction
  // Fix the sign of each eigenvector: largest |entry| positive.
  for (int c = 0; c < k; ++c) {
    int arg = 0;
    for (int j = 1; j < D; ++j)
      if (std::fabs(pca.components(j, c)) > std::fabs(pca.components(arg, c))) arg = j;
    if (pca.components(arg, c) < 0)
      for (int j = 0; j < D; ++j) pca.components(j, c) = -pca.components(j, c);
  }
  return pca;
}

Tensor pca_encode(const Pca& pca, const Tensor& X) {
  check_width(pca, X.cols(), "pca_encode");
  // BEGIN EXERCISE 14.1-pca-encode
  std::vector<double> mu(pca.mean.begin(), pca.mean.end());
  return matmul(centered_rows(X, mu, 0, X.rows()), pca.components);  // (N, D) (D, k) -> (N, k)
  // ELSE
  // throw ae::NotImplemented("14.1-pca-encode");  // the codes Z (N, k) of the rows of X (N, D)
  // END EXERCISE
}

Tensor pca_decode(const Pca& pca, const Tensor& Z) {
  if (Z.cols() != pca.components.cols())
    throw ShapeError("pca_decode: codes are " + Z.shape_str() +
                     ", PCA has k = " + std::to_string(pca.components.cols()));
  // BEGIN EXERCISE 14.1-pca-decode
  Tensor R = matmul(Z, pca.components, false, true);  // (N, k) (k, D) -> (N, D)
  for (int i = 0; i < R.rows(); ++i) {
    float* r = R.row(i);
    for (int j = 0; j < R.cols(); ++j) r[j] += pca.mean(0, j);
  }
  return R;
  // ELSE
  // throw ae::NotImplemented("14.1-pca-decode");  // the reconstructions R (N, D) of the codes Z (N, k)
  // END EXERCISE
}

Tensor pca_reconstruct(const Pca& pca, const Tensor& X) { return pca_decode(pca, pca_encode(pca, X)); }

}  // namespace ae
