// One-sided Jacobi SVD on the R factor of a Householder QR. Rows of R are contiguous, so the Jacobi rotations
// act on rows: orthogonalizing the rows of R is orthogonalizing the columns of R^T.
#include "linalg/svd.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "linalg/qr.hpp"

namespace ae {

namespace {

// Rotates rows i and j of M: (m_i, m_j) <- (c m_i - s m_j, s m_i + c m_j).
void rotate_rows(MatrixD& M, int i, int j, double c, double s) {
  double* a = M.row(i);
  double* b = M.row(j);
  for (int t = 0; t < M.cols; ++t) {
    const double ai = a[t], bj = b[t];
    a[t] = c * ai - s * bj;
    b[t] = s * ai + c * bj;
  }
}

// Cyclic one-sided Jacobi: makes the rows of W mutually orthogonal, applying the same rotations to the rows of
// P (if not null). For the pair (i, j) with alpha = |w_i|^2, beta = |w_j|^2, gamma = w_i . w_j, the rotation with
// zeta = (beta - alpha) / (2 gamma) and t = tan(theta) = sign(zeta) / (|zeta| + sqrt(1 + zeta^2)) zeroes gamma
// and changes the squared norms to alpha - t gamma and beta + t gamma, so only gamma needs a fresh dot product
// (the norms are recomputed at the start of every sweep to stop rounding from drifting).
void jacobi_orthogonalize_rows(MatrixD& W, MatrixD* P) {
  const int n = W.rows, len = W.cols;
  const double tol = std::sqrt(static_cast<double>(std::max(len, 1))) * std::numeric_limits<double>::epsilon();
  const int max_sweeps = 75;  // convergence is quadratic; more than ~15 sweeps is never needed in practice
  std::vector<double> sq_norm(static_cast<std::size_t>(n));
  for (int sweep = 0; sweep < max_sweeps; ++sweep) {
    bool rotated = false;
    for (int i = 0; i < n; ++i) sq_norm[i] = dot_d(W.row(i), W.row(i), len);
    for (int i = 0; i < n - 1; ++i)
      for (int j = i + 1; j < n; ++j) {
        const double alpha = sq_norm[i], beta = sq_norm[j];
        const double gamma = dot_d(W.row(i), W.row(j), len);
        if (gamma == 0.0 || std::fabs(gamma) <= tol * std::sqrt(alpha) * std::sqrt(beta)) continue;
        rotated = true;
        const double zeta = (beta - alpha) / (2.0 * gamma);
        const double t = (zeta >= 0 ? 1.0 : -1.0) / (std::fabs(zeta) + std::hypot(1.0, zeta));
        const double c = 1.0 / std::sqrt(1.0 + t * t), s = c * t;
        rotate_rows(W, i, j, c, s);
        if (P) rotate_rows(*P, i, j, c, s);
        sq_norm[i] = alpha - t * gamma;
        sq_norm[j] = beta + t * gamma;
        // A norm that shrank a lot has lost digits to cancellation: recompute it.
        if (sq_norm[i] < 1e-4 * alpha) sq_norm[i] = dot_d(W.row(i), W.row(i), len);
        if (sq_norm[j] < 1e-4 * beta) sq_norm[j] = dot_d(W.row(j), W.row(j), len);
      }
    if (!rotated) return;
  }
}

// Replaces the rows of V flagged in `missing` by unit vectors orthogonal to all other rows (Gram-Schmidt of the
// standard basis, two passes). Needed only for exactly zero singular values, whose right vector is arbitrary.
void complete_orthonormal_rows(MatrixD& V, std::vector<bool> missing) {
  const int len = V.cols;
  std::vector<double> q(static_cast<std::size_t>(len));
  for (int r = 0; r < V.rows; ++r) {
    if (!missing[r]) continue;
    for (int cand = 0; cand < len; ++cand) {
      std::fill(q.begin(), q.end(), 0.0);
      q[cand] = 1.0;
      for (int pass = 0; pass < 2; ++pass)
        for (int g = 0; g < V.rows; ++g) {
          if (missing[g]) continue;
          const double proj = dot_d(q.data(), V.row(g), len);
          for (int t = 0; t < len; ++t) q[t] -= proj * V(g, t);
        }
      const double norm = std::sqrt(dot_d(q.data(), q.data(), len));
      if (norm > 0.5) {
        for (int t = 0; t < len; ++t) V(r, t) = q[t] / norm;
        missing[r] = false;
        break;
      }
    }
  }
}

// The tall case m >= n. With want_vectors false only S is filled.
SvdD svd_tall(const MatrixD& A, bool want_vectors) {
  const int m = A.rows, n = A.cols;
  QrD qr = qr_d(A);                        // A = Q R, Q (m, n), R (n, n)
  MatrixD& W = qr.R;                       // rows are rotated into Sigma V^T
  MatrixD G = MatrixD::identity(n);        // accumulates G^T, whose rows are the left vectors of R
  jacobi_orthogonalize_rows(W, want_vectors ? &G : nullptr);

  std::vector<double> sigma(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) sigma[i] = std::sqrt(dot_d(W.row(i), W.row(i), n));
  std::vector<int> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return sigma[a] > sigma[b]; });

  SvdD out;
  out.S.resize(static_cast<std::size_t>(n));
  for (int c = 0; c < n; ++c) out.S[c] = sigma[order[c]];
  if (!want_vectors) return out;

  // V^T rows are the rows of W divided by sigma; a singular value below sqrt(DBL_MIN) has no usable direction.
  const double negligible = std::sqrt(std::numeric_limits<double>::min());
  MatrixD Vt(n, n);
  std::vector<bool> missing(static_cast<std::size_t>(n), false);
  for (int c = 0; c < n; ++c) {
    const double s = out.S[c];
    if (s < negligible) {
      missing[c] = true;
      continue;
    }
    const double* w = W.row(order[c]);
    for (int t = 0; t < n; ++t) Vt(c, t) = w[t] / s;
  }
  complete_orthonormal_rows(Vt, missing);
  out.V = transpose(Vt);
  // U = Q G: column c of U is Q times row order[c] of G^T.
  out.U = MatrixD(m, n);
  for (int r = 0; r < m; ++r) {
    const double* q = qr.Q.row(r);
    double* u = out.U.row(r);
    for (int c = 0; c < n; ++c) u[c] = dot_d(q, G.row(order[c]), n);
  }
  return out;
}

SvdD svd_any(const MatrixD& A, bool want_vectors) {
  if (!A.all_finite()) throw std::invalid_argument("svd: input has a NaN or infinite entry");
  if (A.rows >= A.cols) return svd_tall(A, want_vectors);
  // Wide: A^T = U' S V'^T, so A = V' S U'^T.
  SvdD t = svd_tall(transpose(A), want_vectors);
  std::swap(t.U, t.V);
  return t;
}

}  // namespace

SvdD svd_d(const MatrixD& A) { return svd_any(A, true); }

Svd svd(const Tensor& A) {
  require_finite(A, "svd");
  SvdD f = svd_d(MatrixD::from_tensor(A));
  return {f.U.to_tensor(), std::move(f.S), f.V.to_tensor()};
}

std::vector<double> singular_values(const Tensor& A) {
  require_finite(A, "svd");
  return svd_any(MatrixD::from_tensor(A), false).S;
}

}  // namespace ae
