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

// The Euclidean norm of x (n), scaled by its largest entry so that no square overflows or underflows: entries
// of 1e-170 (squares below the smallest double) or 1e+170 (squares above the largest) give the right norm.
double scaled_norm(const double* x, int n) {
  double scale = 0.0;
  for (int i = 0; i < n; ++i) scale = std::fmax(scale, std::fabs(x[i]));
  if (scale == 0.0 || !std::isfinite(scale)) return scale;
  double ssq = 0.0;
  for (int i = 0; i < n; ++i) {
    const double t = x[i] / scale;
    ssq += t * t;
  }
  return scale * std::sqrt(ssq);
}

// A Householder reflector H = I - tau v v^T with v[0] = 1 and H x = (alpha, 0, ..., 0), computed in place on
// x (m): on return x holds v, and alpha and tau are returned. Written after the method LAPACK's dlarfg
// describes, so that it is safe for any finite column:
//   * the norm is scaled (scaled_norm), so a column of 1e-200 is neither lost to underflow nor, at 1e+200,
//     turned into infinity;
//   * v is normalized to v[0] = 1, so |v_i| <= 1 and tau is in [1, 2]; the unnormalized form x - alpha e_1 with
//     beta = 2 / ||x - alpha e_1||^2 reaches beta = 1e200 on a column of norm 1e-100 and the products of the
//     update overflow;
//   * when |alpha| is below a safe minimum (the smallest double over epsilon), x is first scaled up by powers of
//     1 / safmin, so that 1 / (x[0] - alpha) cannot overflow, and alpha is scaled back at the end.
// tau = 0 (H = I) when x[1:] is exactly zero: the column is already in the wanted form.
struct Reflector {
  double alpha, tau;
};
Reflector householder(double* x, int m) {
  double xnorm = scaled_norm(x + 1, m - 1);
  if (xnorm == 0.0) return {x[0], 0.0};
  const double safmin = std::numeric_limits<double>::min() / std::numeric_limits<double>::epsilon();
  double alpha = x[0];
  double beta = -std::copysign(std::hypot(alpha, xnorm), alpha);
  int rescalings = 0;
  while (std::fabs(beta) < safmin && rescalings < 20) {  // x is tiny: scale it up, |beta| grows by 1 / safmin
    ++rescalings;
    for (int i = 1; i < m; ++i) x[i] /= safmin;
    alpha /= safmin;
    beta /= safmin;
  }
  if (rescalings > 0) {
    xnorm = scaled_norm(x + 1, m - 1);
    beta = -std::copysign(std::hypot(alpha, xnorm), alpha);
  }
  const double tau = (beta - alpha) / beta;
  const double inv = 1.0 / (alpha - beta);  // |alpha - beta| >= |beta| >= safmin: no overflow
  for (int i = 1; i < m; ++i) x[i] *= inv;
  x[0] = 1.0;
  for (int j = 0; j < rescalings; ++j) beta *= safmin;
  return {beta, tau};
}

// Reduces A (symmetric, overwritten) to tridiagonal form T = Q^T A Q. On return d and e hold the diagonal and
// off-diagonal of T and, if Zt is not null, *Zt = Q^T.
void tridiagonalize(MatrixD& A, std::vector<double>& d, std::vector<double>& e, MatrixD* Zt) {
  const int n = A.rows;
  d.assign(static_cast<std::size_t>(n), 0.0);
  e.assign(static_cast<std::size_t>(n), 0.0);
  std::vector<double> tau(static_cast<std::size_t>(n), 0.0), p(static_cast<std::size_t>(n));
  for (int k = 0; k + 2 < n; ++k) {
    // x = A[k+1:, k], read from row k by symmetry. H_k = I - tau v v^T sends x to alpha e_1; v (with v[0] = 1)
    // is stored in row k where the eliminated entries were.
    double* x = A.row(k) + k + 1;
    const int m = n - k - 1;
    const Reflector h = householder(x, m);
    e[k] = h.alpha;
    tau[k] = h.tau;
    if (h.tau == 0.0) continue;  // already tridiagonal in this column: H_k = I
    // Two-sided update of the trailing block A22 (rows and cols k+1..n-1):
    //   p = tau A22 v,  w = p - (tau/2)(p^T v) v,  A22 <- A22 - v w^T - w v^T   (Golub-Van Loan alg. 8.3.1)
    for (int i = 0; i < m; ++i) p[i] = h.tau * dot_d(A.row(k + 1 + i) + k + 1, x, m);
    const double K = 0.5 * h.tau * dot_d(p.data(), x, m);
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
    if (tau[k] == 0.0) continue;
    const double* v = A.row(k) + k + 1;
    const int m = n - k - 1;
    // w^T = tau v^T Q22, then Q22 <- Q22 - v w^T; both loops run along rows of Q22.
    std::fill(p.begin(), p.begin() + m, 0.0);
    for (int i = 0; i < m; ++i) {
      const double* q = Q.row(k + 1 + i) + k + 1;
      const double bv = tau[k] * v[i];
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
  // A NaN or infinity here (an overflow upstream) would make every test below false and the iteration spin to
  // its limit: it is reported as what it is. (std::max(anorm, NaN) would return anorm and hide it.)
  double anorm = 0.0;
  for (int i = 0; i < n; ++i) {
    const double row = std::fabs(d[i]) + std::fabs(e[i]) + (i ? std::fabs(e[i - 1]) : 0.0);
    if (!(row <= anorm)) anorm = row;  // NaN propagates
  }
  if (!std::isfinite(anorm)) throw std::runtime_error("eigen_sym: the tridiagonal matrix has a NaN or infinite entry");
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
