/// \file
/// \brief MatrixD: a small dense double-precision matrix, row-major, used inside common/linalg.
///
/// ae::Tensor holds float32, which is right for training but too coarse for eigen-decompositions: the Householder
/// and Jacobi rotations below lose about \f$\log_{10}\kappa\f$ digits, so every routine in common/linalg
/// converts its input to MatrixD once, works in double, and converts the answer back to Tensor at the end.
/// The double-precision entry points (`eigen_sym(const MatrixD&)`, `svd_d`, ...) are public so that callers
/// who formed a matrix in double, such as a covariance, do not round it to float on the way in.
#pragma once

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "tensor.hpp"

namespace ae {

/// \brief A (rows, cols) matrix of doubles, row-major, with value semantics.
struct MatrixD {
  /** \name Shape */
  ///@{
  int rows = 0, cols = 0;  ///< number of rows and of columns
  ///@}
  std::vector<double> a;  ///< rows * cols entries, row-major

  MatrixD() = default;
  /// An (r, c) matrix with every entry `fill`; throws ShapeError on a negative shape.
  MatrixD(int r, int c, double fill = 0.0) : rows(r), cols(c), a(entries(r, c), fill) {}
  /// The (n, n) identity.
  static MatrixD identity(int n) {
    MatrixD I(n, n);
    for (int i = 0; i < n; ++i) I(i, i) = 1.0;
    return I;
  }
  /// r * c, checked before the entries are allocated (a negative r or c would otherwise wrap to a huge size_t).
  static std::size_t entries(int r, int c) {
    if (r < 0 || c < 0)
      throw ShapeError("MatrixD: negative shape (" + std::to_string(r) + ", " + std::to_string(c) + ")");
    return static_cast<std::size_t>(r) * static_cast<std::size_t>(c);
  }
  /// Widen a float Tensor to double.
  static MatrixD from_tensor(const Tensor& t) {
    MatrixD m(t.rows(), t.cols());
    for (std::size_t k = 0; k < t.size(); ++k) m.a[k] = t[k];
    return m;
  }
  /// Round to a float Tensor.
  Tensor to_tensor() const {
    Tensor t(rows, cols);
    for (std::size_t k = 0; k < a.size(); ++k) t[k] = static_cast<float>(a[k]);
    return t;
  }

  /// Entry (i, j), unchecked.
  double& operator()(int i, int j) { return a[static_cast<std::size_t>(i) * cols + j]; }
  /// Entry (i, j), unchecked.
  double operator()(int i, int j) const { return a[static_cast<std::size_t>(i) * cols + j]; }
  /// Start of row i (cols entries).
  double* row(int i) { return a.data() + static_cast<std::size_t>(i) * cols; }
  /// Start of row i (cols entries).
  const double* row(int i) const { return a.data() + static_cast<std::size_t>(i) * cols; }
  /// True when no entry is NaN or infinite.
  bool all_finite() const {
    for (double v : a)
      if (!std::isfinite(v)) return false;
    return true;
  }
};

/// \f$A^\top\f$.
inline MatrixD transpose(const MatrixD& A) {
  MatrixD T(A.cols, A.rows);
  for (int i = 0; i < A.rows; ++i)
    for (int j = 0; j < A.cols; ++j) T(j, i) = A(i, j);
  return T;
}

/// \f$AB\f$ by the plain i-p-j loop (the matrices in common/linalg are small: at most a few thousand wide).
inline MatrixD matmul(const MatrixD& A, const MatrixD& B) {
  if (A.cols != B.rows)
    throw ShapeError("matmul(MatrixD): (" + std::to_string(A.rows) + ", " + std::to_string(A.cols) + ") times (" +
                     std::to_string(B.rows) + ", " + std::to_string(B.cols) + ")");
  MatrixD C(A.rows, B.cols);
  for (int i = 0; i < A.rows; ++i) {
    double* c = C.row(i);
    for (int p = 0; p < A.cols; ++p) {
      const double aip = A(i, p);
      const double* b = B.row(p);
      for (int j = 0; j < B.cols; ++j) c[j] += aip * b[j];
    }
  }
  return C;
}

/// \f$x \cdot y\f$ over n entries.
inline double dot_d(const double* x, const double* y, int n) {
  double s = 0.0;
  for (int i = 0; i < n; ++i) s += x[i] * y[i];
  return s;
}

/// Throws std::invalid_argument naming `op` unless every entry of t is finite.
inline void require_finite(const Tensor& t, const char* op) {
  for (float v : t)
    if (!std::isfinite(v)) throw std::invalid_argument(std::string(op) + ": input has a NaN or infinite entry");
}

}  // namespace ae
