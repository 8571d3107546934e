/// \file
/// \brief The differentiable operations. Each one computes its forward value and records, right beside it, how
/// to send the output gradient dy back to its inputs (the chain rule, one local derivative at a time).
///
/// Families, one file each: elementwise.cpp (unary maps and same-shape binary ops), reduce.cpp (sums and means),
/// linear.cpp (matmul, row broadcasting, slicing and concatenation). Losses are in losses.hpp.
/// Shapes: every Var is a (rows, cols) matrix; a minibatch is (N, D).
#pragma once

#include <vector>

#include "autodiff/var.hpp"

namespace ae {

// ---- elementwise.cpp -------------------------------------------------------------------------------------------
Var add(const Var& a, const Var& b);        ///< a + b (same shape)
Var sub(const Var& a, const Var& b);        ///< a - b (same shape)
Var mul(const Var& a, const Var& b);        ///< a * b elementwise (same shape)
Var div(const Var& a, const Var& b);        ///< a / b elementwise (same shape)
Var scale(const Var& x, float s);           ///< s x
Var add_scalar(const Var& x, float s);      ///< x + s
Var neg(const Var& x);                      ///< -x
Var exp(const Var& x);                      ///< \f$e^x\f$
Var log(const Var& x);                      ///< \f$\ln x\f$ (x > 0)
Var square(const Var& x);                   ///< \f$x^2\f$
Var sqrt(const Var& x);                     ///< \f$\sqrt{x}\f$ (x > 0)
Var abs(const Var& x);                      ///< |x| (derivative sign(x), 0 at 0)
Var relu(const Var& x);                     ///< max(0, x)
Var sigmoid(const Var& x);                  ///< \f$\sigma(x) = 1/(1+e^{-x})\f$
Var tanh(const Var& x);                     ///< tanh x
Var softplus(const Var& x);                 ///< \f$\zeta(x) = \ln(1 + e^x)\f$, computed stably

inline Var operator+(const Var& a, const Var& b) { return add(a, b); }  ///< add(a, b)
inline Var operator-(const Var& a, const Var& b) { return sub(a, b); }  ///< sub(a, b)
inline Var operator*(const Var& a, const Var& b) { return mul(a, b); }  ///< mul(a, b), elementwise
inline Var operator/(const Var& a, const Var& b) { return div(a, b); }  ///< div(a, b), elementwise
inline Var operator*(float s, const Var& x) { return scale(x, s); }     ///< scale(x, s)
inline Var operator*(const Var& x, float s) { return scale(x, s); }     ///< scale(x, s)
inline Var operator+(const Var& x, float s) { return add_scalar(x, s); }  ///< add_scalar(x, s)
inline Var operator-(const Var& x) { return neg(x); }                   ///< neg(x)

// ---- reduce.cpp ------------------------------------------------------------------------------------------------
Var sum(const Var& x);        ///< \f$\sum_{ij} x_{ij}\f$, (1, 1)
Var mean(const Var& x);       ///< mean of all entries, (1, 1)
Var row_sums(const Var& x);   ///< (N, C) -> (N, 1): \f$\sum_j x_{ij}\f$ for each row i
Var row_means(const Var& x);  ///< (N, C) -> (N, 1)
Var col_sums(const Var& x);   ///< (N, C) -> (1, C): \f$\sum_i x_{ij}\f$ for each column j
Var col_means(const Var& x);  ///< (N, C) -> (1, C)

// ---- linear.cpp ------------------------------------------------------------------------------------------------
/// \f$\mathrm{op}(A)\,\mathrm{op}(B)\f$ through ae::gemm; backward uses the transposed products, never a copy.
Var matmul(const Var& A, const Var& B, bool transA = false, bool transB = false);
/// x + b with b (1, C) added to every row of x (N, C): the bias of a layer.
Var add_row(const Var& x, const Var& b);
/// \f$xW + b\f$ for x (N, in), W (in, out), b (1, out): a linear layer as one op, with the same values and
/// gradients as add_row(matmul(x, W), b) but one node (no intermediate product, no copy of the gradient).
Var affine(const Var& x, const Var& W, const Var& b);
/// x * s with s (1, C) multiplying every row of x (N, C).
Var mul_row(const Var& x, const Var& s);
/// A (1, C) row repeated n times: (n, C). Its backward sums the rows.
Var broadcast_rows(const Var& v, int n);
/// Columns [begin, end) of x.
Var slice_cols(const Var& x, int begin, int end);
/// [a | b]: columns of a then columns of b (same row count).
Var concat_cols(const Var& a, const Var& b);
/// The same entries in row-major order with a new shape (rows * cols must match).
Var reshape(const Var& x, int rows, int cols);

}  // namespace ae
