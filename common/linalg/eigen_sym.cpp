// Symmetric eigensolver: Householder tridiagonalization, then implicit QL with Wilkinson shifts.
// Everything is laid out so that the O(n^3) loops run along rows (contiguous memory): the eigenvectors are kept
// as the rows of Zt = V^T and only transposed into the (n, n) Tensor at the very end.
#include "linalg/eigen_sym.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace ae {

namespace {

// Reduces A (symmetric, overwritten) to tridiagonal form T = Q^T A Q. On return d and e hold the diagonal and
// off-diagonal of T and, if Zt is not null, *Zt = Q^T.
void tridiagonalize(MatrixD& A, std::vector<double>& d, std::vector<double>& e, MatrixD* Zt) {
  const int n = A.rows;
  d.assign(static_cast<std::size_t>(n), 0.0);
  e.assign(static_cast<std::size_t>(n), 0.0);
  std::vector<double> beta(static_cast<std::size_t>(n), 0.0), p(static_cast<std::size_t>(n));
  for (int k = 0; k + 2 < n; ++k) {
    // x = A[k+1:, k], read from row k by symmetry. H_k = I - beta v v^T sends x to alpha e_1.
    double* x = A.row(k) + k + 1;
    const int m = n - k - 1;
    const double sigma = dot_d(x + 1, x + 1, m - 1);
    if (sigma == 0.0) {  // already tridiagonal in this column: H_k = I
      e[k] = x[0];
      continue;
    }
    const double norm_x = std::sqrt(x[0] * x[0] + sigma);
    const double alpha = x[0] >= 0 ? -norm_x : norm_x;
    x[0] -= alpha;  // v, stored in row k where the eliminated entries were
    beta[k] = 2.0 / (x[0] * x[0] + sigma);
    e[k] = alpha;
    // Two-sided update of the trailing block A22 (rows and cols k+1..n-1):
    //   p = beta A22 v,  w = p - (beta/2)(p^T v) v,  A22 <- A22 - v w^T - w v^T   (Golub-Van Loan alg. 8.3.1)
    for (int i = 0; i < m; ++i) p[i] = beta[k] * dot_d(A.row(k + 1 + i) + k + 1, x, m);
    const double K = 0.5 * beta[k] * dot_d(p.data(), x, m);
    for (int i = 0; i < m; ++i) p[i] -= K * x[i];  // p is now w
    for (int i = 0; i < m; ++i) {
      double* a = A.row(k + 1 + i) + k + 1;
      const double vi = x[i], wi = p[i];
      for (int j = 0; j < m; ++j) a[j] -= vi * p[j] + wi * x[j];
    }
  }
  for (int i = 0; i < n; ++i) d[i] = A(i, i);
  if (n >= 2) e[n - 2] = A(n - 2, n - 1);
  if (!Zt) return;
  // Backward accumulation Q = H_0 (H_1 (... H_{n-3})): when H_k is applied, the product so far is the identity
  // outside the block k+1.., so only that block is touched. Zt = Q^T is formed by transposing at the end.
  MatrixD Q = MatrixD::identity(n);
  for (int k = n - 3; k >= 0; --k) {
    if (beta[k] == 0.0) continue;
    const double* v = A.row(k) + k + 1;
    const int m = n - k - 1;
    // w^T = beta v^T Q22, then Q22 <- Q22 - v w^T; both loops run along rows of Q22.
    std::fill(p.begin(), p.begin() + m, 0.0);
    for (int i = 0; i < m; ++i) {
      const double* q = Q.row(k + 1 + i) + k + 1;
      const double bv = beta[k] * v[i];
      for (int j = 0; j < m; ++j) p[j] += bv * q[j];
    }
    for (int i = 0; i < m; ++i) {
      double* q = Q.row(k + 1 + i) + k + 1;
      const double vi = v[i];
      for (int j = 0; j < m; ++j) q[j] -= vi * p[j];
    }
  }
  *Zt = transpose(Q);
}

// Symmetrizes, checks and converts the input.
MatrixD symmetric_part(const MatrixD& S) {
  if (S.rows != S.cols)
    throw ShapeError("eigen_sym: matrix must be square, got (" + std::to_string(S.rows) + ", " +
                     std::to_string(S.cols) + ")");
  if (!S.all_finite()) throw std::invalid_argument("eigen_sym: input has a NaN or infinite entry");
  MatrixD A(S.rows, S.cols);
  for (int i = 0; i < S.rows; ++i)
    for (int j = 0; j < S.cols; ++j) A(i, j) = 0.5 * (S(i, j) + S(j, i));
  return A;
}

// Sorts eigenpairs by descending eigenvalue and returns the first k as an EigenSym (vectors as columns).
EigenSym sorted_top(const std::vector<double>& d, const MatrixD& Zt, int k) {
  const int n = static_cast<int>(d.size());
  std::vector<int> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return d[a] > d[b]; });
  EigenSym out{std::vector<double>(static_cast<std::size_t>(k)), Tensor(n, k)};
  for (int c = 0; c < k; ++c) {
    out.values[c] = d[order[c]];
    const double* z = Zt.row(order[c]);
    for (int r = 0; r < n; ++r) out.vectors(r, c) = static_cast<float>(z[r]);
  }
  return out;
}

}  // namespace

void tridiagonal_ql(std::vector<double>& d, std::vector<double>& e, MatrixD* Zt) {
  const int n = static_cast<int>(d.size());
  const double eps = std::numeric_limits<double>::epsilon(), tiny = std::numeric_limits<double>::min();
  if (n == 0) return;
  e[n - 1] = 0.0;
  // An off-diagonal entry is also negligible when tiny against the whole matrix: covariances of images have
  // many exactly-zero pixel variances, where the purely local test (relative to d[m], d[m+1] = 0) never fires.
  double anorm = 0.0;
  for (int i = 0; i < n; ++i)
    anorm = std::max(anorm, std::fabs(d[i]) + std::fabs(e[i]) + (i ? std::fabs(e[i - 1]) : 0.0));
  for (int l = 0; l < n; ++l) {
    for (int iter = 0;; ++iter) {
      // Look for a negligible off-diagonal e[m]: T splits there and d[l] is found when m == l.
      int m = l;
      for (; m < n - 1; ++m)
        if (std::fabs(e[m]) <= eps * (std::fabs(d[m]) + std::fabs(d[m + 1])) || std::fabs(e[m]) <= eps * anorm ||
            std::fabs(e[m]) < tiny)
          break;
      if (m == l) break;
      if (iter == 60) throw std::runtime_error("eigen_sym: QL did not converge");
      // Wilkinson shift: the eigenvalue of the leading 2 x 2 block [d_l e_l; e_l d_{l+1}] nearer to d_l.
      double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
      double r = std::hypot(g, 1.0);
      g = d[m] - d[l] + e[l] / (g + std::copysign(r, g));
      double s = 1.0, c = 1.0, p = 0.0;
      int i = m - 1;
      // Chase the bulge from the bottom of the block up to row l with Givens rotations in planes (i, i+1).
      for (; i >= l; --i) {
        double f = s * e[i];
        const double b = c * e[i];
        r = std::hypot(f, g);
        e[i + 1] = r;
        if (r == 0.0) {  // underflow: the block splits; undo the last shift and restart
          d[i + 1] -= p;
          e[m] = 0.0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2.0 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        if (Zt) {  // the same rotation on rows i, i+1 of the basis
          double* zi = Zt->row(i);
          double* zj = Zt->row(i + 1);
          for (int t = 0; t < n; ++t) {
            f = zj[t];
            zj[t] = s * zi[t] + c * f;
            zi[t] = c * zi[t] - s * f;
          }
        }
      }
      if (r == 0.0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0.0;
    }
  }
}

EigenSym eigen_sym(const MatrixD& S) { return eigen_sym_top(S, S.rows); }

EigenSym eigen_sym(const Tensor& S) {
  require_finite(S, "eigen_sym");
  return eigen_sym(MatrixD::from_tensor(S));
}

EigenSym eigen_sym_top(const MatrixD& S, int k) {
  MatrixD A = symmetric_part(S);
  const int n = A.rows;
  if (k < 0 || k > n)
    throw std::invalid_argument("eigen_sym_top: k = " + std::to_string(k) + " outside [0, " + std::to_string(n) + "]");
  std::vector<double> d, e;
  MatrixD Zt;
  tridiagonalize(A, d, e, &Zt);
  tridiagonal_ql(d, e, &Zt);
  return sorted_top(d, Zt, k);
}

EigenSym eigen_sym_top(const Tensor& S, int k) {
  require_finite(S, "eigen_sym");
  return eigen_sym_top(MatrixD::from_tensor(S), k);
}

std::vector<double> eigenvalues_sym(const MatrixD& S) {
  MatrixD A = symmetric_part(S);
  std::vector<double> d, e;
  tridiagonalize(A, d, e, nullptr);
  tridiagonal_ql(d, e, nullptr);
  std::sort(d.begin(), d.end(), std::greater<double>());
  return d;
}

}  // namespace ae
