// Householder QR. Columns of A are strided in row-major storage, so we work on W = A^T, whose rows are the
// columns of A: every reflection then touches contiguous memory.
#include "linalg/qr.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace ae {

QrD qr_d(const MatrixD& A) {
  const int m = A.rows, n = A.cols;
  if (m < n) throw ShapeError("qr: needs rows >= cols, got (" + std::to_string(m) + ", " + std::to_string(n) + ")");
  if (!A.all_finite()) throw std::invalid_argument("qr: input has a NaN or infinite entry");

  MatrixD W = transpose(A);  // (n, m): row j is column j of A
  std::vector<double> beta(static_cast<std::size_t>(n), 0.0), r_diag(static_cast<std::size_t>(n), 0.0);
  for (int k = 0; k < n; ++k) {
    // x = A[k:, k] = W[k][k:]; choose alpha = -sign(x_0) ||x|| so that v_0 = x_0 - alpha does not cancel.
    double* x = W.row(k) + k;
    const int len = m - k;
    const double sigma = dot_d(x + 1, x + 1, len - 1);
    const double norm_x = std::sqrt(x[0] * x[0] + sigma);
    if (norm_x == 0.0) continue;  // a zero column: H_k = I, R(k, k) = 0
    const double alpha = x[0] >= 0 ? -norm_x : norm_x;
    x[0] -= alpha;  // x now holds v_k
    const double vtv = x[0] * x[0] + sigma;
    beta[k] = vtv > 0 ? 2.0 / vtv : 0.0;
    r_diag[k] = alpha;
    // Apply H_k to the remaining columns: a_j <- a_j - beta (v . a_j) v.
    for (int j = k + 1; j < n; ++j) {
      double* a = W.row(j) + k;
      const double s = beta[k] * dot_d(x, a, len);
      for (int i = 0; i < len; ++i) a[i] -= s * x[i];
    }
  }

  QrD out{MatrixD(m, n), MatrixD(n, n)};
  for (int k = 0; k < n; ++k) {
    out.R(k, k) = r_diag[k];
    for (int j = k + 1; j < n; ++j) out.R(k, j) = W(j, k);
  }
  // Backward accumulation, Q = H_0 H_1 ... H_{n-1} [I_n; 0], on Q^T so that each update is on rows:
  // Q^T <- Q^T H_k, i.e. every row q gets q <- q - beta (q . v) v on entries k..m-1.
  MatrixD Qt(n, m);
  for (int i = 0; i < n; ++i) Qt(i, i) = 1.0;
  for (int k = n - 1; k >= 0; --k) {
    if (beta[k] == 0.0) continue;
    const double* v = W.row(k) + k;
    const int len = m - k;
    for (int i = k; i < n; ++i) {  // rows i < k are still e_i, which H_k leaves alone
      double* q = Qt.row(i) + k;
      const double s = beta[k] * dot_d(q, v, len);
      for (int t = 0; t < len; ++t) q[t] -= s * v[t];
    }
  }
  out.Q = transpose(Qt);
  return out;
}

Qr qr(const Tensor& A) {
  require_finite(A, "qr");
  QrD f = qr_d(MatrixD::from_tensor(A));
  return {f.Q.to_tensor(), f.R.to_tensor()};
}

}  // namespace ae
