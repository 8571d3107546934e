// Linear-algebra ops: matrix products, row broadcasting, slicing and concatenating columns, reshaping.
#include <algorithm>

#include "autodiff/ops.hpp"
#include "gemm/gemm.hpp"
#include "gemm/parallel.hpp"

namespace ae {

namespace {

// matmul's backward, shared with affine: for Y = op(A) op(B), shapes (M, K) (K, N) -> (M, N),
//   dL/dop(A) = dY op(B)^T   and   dL/dop(B) = op(A)^T dY,
// each written straight into A's or B's storage layout with the transpose flags of one GEMM call. A gradient that
// holds nothing yet (fresh, or marked zero by zero_grad) is written with beta = 0: no zero-fill, no read of the
// old values.
void matmul_backward(const Var& A, const Var& B, bool transA, bool transB, int M, int N, const Tensor& dY) {
  const Tensor &a = A.value(), &b = B.value();
  const int K = transA ? a.rows() : a.cols();
  bool acc = false;
  if (A.requires_grad() && K > 0) {
    Tensor& dA = A.grad_storage(acc);
    const float beta = acc ? 1.f : 0.f;
    if (!transA)  // dA (M, K) += dY (M, N) op(B)^T
      gemm(false, !transB, M, K, N, 1.f, dY.data(), N, b.data(), b.cols(), beta, dA.data(), K);
    else  // dA (K, M) += op(B) (K, N) dY^T
      gemm(transB, true, K, M, N, 1.f, b.data(), b.cols(), dY.data(), N, beta, dA.data(), M);
  }
  if (B.requires_grad() && K > 0) {
    Tensor& dB = B.grad_storage(acc);
    const float beta = acc ? 1.f : 0.f;
    if (!transB)  // dB (K, N) += op(A)^T (K, M) dY (M, N)
      gemm(!transA, false, K, N, M, 1.f, a.data(), a.cols(), dY.data(), N, beta, dB.data(), N);
    else  // dB (N, K) += dY^T (N, M) op(A) (M, K)
      gemm(true, transA, N, K, M, 1.f, dY.data(), N, a.data(), a.cols(), beta, dB.data(), K);
  }
}

// The backward of a row used by every row of the output (a bias in add_row and affine, broadcast_rows): v (1, C)
// reached each of the N rows, so dv += the column sums of dy (N, C).
void row_broadcast_backward(const Var& v, const Tensor& dy) {
  if (!v.requires_grad()) return;
  bool acc = false;
  Tensor& dv = v.grad_storage(acc);
  const std::size_t n = static_cast<std::size_t>(dy.rows()), c = static_cast<std::size_t>(dy.cols());
  float* d = dv.data();
  // Each thread sums its own columns, over the rows in order: the same sums whatever the thread count. The sums of
  // 64 columns at a time are kept in a local array (registers), not read and written back for every row.
  parallel_blocks(c, n, [&](std::size_t j0, std::size_t j1) {
    constexpr std::size_t kWidth = 64;
    for (std::size_t j = j0; j < j1; j += kWidth) {
      const std::size_t w = std::min(kWidth, j1 - j);
      float sum[kWidth] = {};
      if (acc) std::copy(d + j, d + j + w, sum);
      for (std::size_t i = 0; i < n; ++i) {
        const float* g = dy.row(static_cast<int>(i)) + j;
        for (std::size_t k = 0; k < w; ++k) sum[k] += g[k];
      }
      std::copy(sum, sum + w, d + j);
    }
  });
}

// y := x + b with b (1, C) added to every row of x (N, C), in one pass; y may be x itself (affine adds in place).
void add_to_rows(const Tensor& x, const Tensor& b, Tensor& y) {
  const std::size_t C = static_cast<std::size_t>(x.cols());
  const float* bj = b.data();
  parallel_blocks(static_cast<std::size_t>(x.rows()), C, [&](std::size_t i0, std::size_t i1) {
    for (std::size_t i = i0; i < i1; ++i) {
      const float* xi = x.row(static_cast<int>(i));
      float* yi = y.row(static_cast<int>(i));
      for (std::size_t j = 0; j < C; ++j) yi[j] = xi[j] + bj[j];
    }
  });
}

}  // namespace

Var matmul(const Var& A, const Var& B, bool transA, bool transB) {
  // Y = op(A) op(B); the backward uses the transposed products, never a copy (matmul_backward).
  return record(ae::matmul(A.value(), B.value(), transA, transB), {A, B},
                [A, B, transA, transB](const Tensor& Y, const Tensor& dY) {
                  matmul_backward(A, B, transA, transB, Y.rows(), Y.cols(), dY);
                });
}

Var add_row(const Var& x, const Var& b) {
  const Tensor &xv = x.value(), &bv = b.value();
  if (bv.rows() != 1 || bv.cols() != xv.cols())
    throw ShapeError("add_row: bias " + bv.shape_str() + " for " + xv.shape_str());
  Tensor y(xv.rows(), xv.cols(), uninit);
  add_to_rows(xv, bv, y);
  return record(std::move(y), {x, b}, [x, b](const Tensor&, const Tensor& dy) {
    if (x.requires_grad()) {  // d(x + b)/dx = 1
      bool acc = false;
      Tensor& dx = x.grad_storage(acc);
      if (acc)
        dx += dy;
      else
        std::copy(dy.begin(), dy.end(), dx.begin());
    }
    row_broadcast_backward(b, dy);
  });
}

Var affine(const Var& x, const Var& W, const Var& b) {
  // y = x W + b, x (N, in), W (in, out), b (1, out): the product, then the bias added in place. The same numbers as
  // add_row(matmul(x, W), b) with one node instead of two: no intermediate product to keep, and no copy of dy.
  const Tensor &Wv = W.value(), &bv = b.value();
  if (bv.rows() != 1 || bv.cols() != Wv.cols())
    throw ShapeError("affine: bias " + bv.shape_str() + " for weights " + Wv.shape_str());
  Tensor y = ae::matmul(x.value(), Wv);
  add_to_rows(y, bv, y);
  return record(std::move(y), {x, W, b}, [x, W, b](const Tensor& y, const Tensor& dy) {
    matmul_backward(x, W, false, false, y.rows(), y.cols(), dy);  // dx = dy W^T, dW = x^T dy
    row_broadcast_backward(b, dy);                                // db = column sums of dy
  });
}

Var mul_row(const Var& x, const Var& s) {
  const Tensor &xv = x.value(), &sv = s.value();
  if (sv.rows() != 1 || sv.cols() != xv.cols())
    throw ShapeError("mul_row: row " + sv.shape_str() + " for " + xv.shape_str());
  Tensor y = xv;
  for (int i = 0; i < y.rows(); ++i)
    for (int j = 0; j < y.cols(); ++j) y(i, j) *= sv(0, j);
  return record(std::move(y), {x, s}, [x, s](const Tensor&, const Tensor& dy) {
    const Tensor &xv = x.value(), &sv = s.value();
    if (x.requires_grad()) {
      Tensor& dx = x.grad();
      for (int i = 0; i < dy.rows(); ++i)
        for (int j = 0; j < dy.cols(); ++j) dx(i, j) += dy(i, j) * sv(0, j);  // d(x s)/dx = s
    }
    if (s.requires_grad()) {
      Tensor& ds = s.grad();
      for (int i = 0; i < dy.rows(); ++i)
        for (int j = 0; j < dy.cols(); ++j) ds(0, j) += dy(i, j) * xv(i, j);  // d(x s)/ds = x, summed over rows
    }
  });
}

Var broadcast_rows(const Var& v, int n) {
  const Tensor& vv = v.value();
  if (vv.rows() != 1 || n < 0) throw ShapeError("broadcast_rows: expected a (1, C) row, got " + vv.shape_str());
  Tensor y(n, vv.cols(), uninit);
  for (int i = 0; i < n; ++i) std::copy(vv.begin(), vv.end(), y.row(i));
  return record(std::move(y), {v}, [v](const Tensor&, const Tensor& dy) { row_broadcast_backward(v, dy); });
}

Var slice_cols(const Var& x, int begin, int end) {
  return record(x.value().cols_slice(begin, end), {x}, [x, begin](const Tensor&, const Tensor& dy) {
    if (!x.requires_grad()) return;
    Tensor& dx = x.grad();
    for (int i = 0; i < dy.rows(); ++i)
      for (int j = 0; j < dy.cols(); ++j) dx(i, begin + j) += dy(i, j);
  });
}

Var concat_cols(const Var& a, const Var& b) {
  return record(hcat(a.value(), b.value()), {a, b}, [a, b](const Tensor&, const Tensor& dy) {
    const int ca = a.cols();
    if (a.requires_grad()) {
      Tensor& da = a.grad();
      for (int i = 0; i < dy.rows(); ++i)
        for (int j = 0; j < ca; ++j) da(i, j) += dy(i, j);
    }
    if (b.requires_grad()) {
      Tensor& db = b.grad();
      for (int i = 0; i < dy.rows(); ++i)
        for (int j = 0; j < db.cols(); ++j) db(i, j) += dy(i, ca + j);
    }
  });
}

Var reshape(const Var& x, int rows, int cols) {
  const Tensor& xv = x.value();
  if (!(rows >= 0 && cols >= 0 && static_cast<std::size_t>(rows) * cols == xv.size()))
    throw ShapeError("reshape: cannot view " + xv.shape_str() + " as (" + std::to_string(rows) + ", " +
                     std::to_string(cols) + ")");
  Tensor y(rows, cols, uninit);
  std::copy(xv.begin(), xv.end(), y.begin());
  return record(std::move(y), {x}, [x](const Tensor&, const Tensor& dy) {
    if (!x.requires_grad()) return;
    Tensor& dx = x.grad();
    for (std::size_t k = 0; k < dy.size(); ++k) dx[k] += dy[k];
  });
}

}  // namespace ae
