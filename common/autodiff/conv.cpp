// 2-D convolution by im2col and one GEMM per pass (the method, and why, in conv.hpp). Forward and backward side by
// side; shapes: x (N, C_in*H*W), W (C_out, K) with K = C_in*k*k, cols (K, N*P) with P = H_out*W_out, y (N, C_out*P).
#include "autodiff/conv.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "gemm/gemm.hpp"
#include "gemm/parallel.hpp"

namespace ae {

std::string ImageShape::str() const {
  // Appended piece by piece: g++ 12 warns (-Wrestrict, a false positive) on "(" + std::to_string(...).
  std::string s = "(";
  s += std::to_string(C);
  s += ", ";
  s += std::to_string(H);
  s += ", ";
  s += std::to_string(W);
  s += ")";
  return s;
}

ImageShape conv_output_shape(const ImageShape& in, int out_channels, const ConvGeometry& g) {
  if (in.C <= 0 || in.H <= 0 || in.W <= 0 || out_channels <= 0 || g.k <= 0 || g.stride <= 0 || g.pad < 0)
    throw ShapeError("conv2d: bad geometry for input " + in.str() + " (k " + std::to_string(g.k) + ", stride " +
                     std::to_string(g.stride) + ", pad " + std::to_string(g.pad) + ", " +
                     std::to_string(out_channels) + " filters)");
  if (in.H + 2 * g.pad < g.k || in.W + 2 * g.pad < g.k)
    throw ShapeError("conv2d: a " + std::to_string(g.k) + " x " + std::to_string(g.k) + " kernel does not fit in " +
                     in.str() + " padded by " + std::to_string(g.pad));
  return {out_channels, (in.H + 2 * g.pad - g.k) / g.stride + 1, (in.W + 2 * g.pad - g.k) / g.stride + 1};
}

double conv2d_flops(int N, const ImageShape& in, int out_channels, const ConvGeometry& g) {
  const ImageShape o = conv_output_shape(in, out_channels, g);
  return 2.0 * N * o.plane() * out_channels * in.C * g.k * g.k;
}

namespace {

// The geometry every loop below needs, fixed by the input shape and the ConvGeometry.
struct Conv {
  int C, H, W, k, s, p;  // input channels, rows, columns; kernel, stride, padding
  int Ho, Wo;            // output rows and columns
  int K() const { return C * k * k; }
  int P() const { return Ho * Wo; }
};

// The output columns j whose input column s j + v - p falls inside the image, [lo, hi): outside them a patch
// reads padding. Computed once per kernel column so that the copy loops below have no test per pixel.
struct ColRange {
  int lo, hi;
};
ColRange valid_columns(int v, int s, int p, int W, int Wo) {
  const int off = v - p;  // input column = s j + off
  int lo = off >= 0 ? 0 : (-off + s - 1) / s;
  int hi = W - 1 - off < 0 ? 0 : (W - 1 - off) / s + 1;
  lo = std::min(lo, Wo);
  hi = std::clamp(hi, lo, Wo);
  return {lo, hi};
}

// cols(r, n*P + i*Wo + j) = x_n(c, s i + u - p, s j + v - p), r = (c k + u) k + v, 0 outside the image: the patch
// under output position (i, j) of image n is column n*P + i*Wo + j. Images [n0, n1), each written by one thread.
void im2col(const Conv& g, const Tensor& x, Tensor& cols, std::size_t n0, std::size_t n1) {
  const std::size_t NP = static_cast<std::size_t>(cols.cols()), P = static_cast<std::size_t>(g.P());
  for (std::size_t n = n0; n < n1; ++n) {
    const float* xn = x.row(static_cast<int>(n));
    for (int c = 0; c < g.C; ++c)
      for (int u = 0; u < g.k; ++u)
        for (int v = 0; v < g.k; ++v) {
          const std::size_t r = static_cast<std::size_t>((c * g.k + u) * g.k + v);
          const ColRange jr = valid_columns(v, g.s, g.p, g.W, g.Wo);
          const int off = v - g.p;
          float* dst = cols.data() + r * NP + n * P;
          for (int i = 0; i < g.Ho; ++i, dst += g.Wo) {
            const int y = g.s * i + u - g.p;
            if (y < 0 || y >= g.H) {
              std::fill(dst, dst + g.Wo, 0.f);
              continue;
            }
            const float* src = xn + (static_cast<std::size_t>(c) * g.H + y) * g.W + off;
            std::fill(dst, dst + jr.lo, 0.f);
            if (g.s == 1)
              std::copy(src + jr.lo, src + jr.hi, dst + jr.lo);
            else
              for (int j = jr.lo; j < jr.hi; ++j) dst[j] = src[g.s * j];
            std::fill(dst + jr.hi, dst + g.Wo, 0.f);
          }
        }
  }
}

// dst[j] += src[j], j < n, for arrays that do not overlap (dx and the column matrix): vectorized without checks.
void add_into(float* __restrict dst, const float* __restrict src, int n) {
  for (int j = 0; j < n; ++j) dst[j] += src[j];
}

// The adjoint of im2col: every entry of dcols is added back to the input pixel it was copied from. Image n's row
// of dx is written by the thread that owns n only; `accumulate` false: the row is overwritten.
void col2im(const Conv& g, const Tensor& dcols, Tensor& dx, bool accumulate, std::size_t n0, std::size_t n1) {
  const std::size_t NP = static_cast<std::size_t>(dcols.cols()), P = static_cast<std::size_t>(g.P());
  for (std::size_t n = n0; n < n1; ++n) {
    float* dxn = dx.row(static_cast<int>(n));
    if (!accumulate) std::fill(dxn, dxn + static_cast<std::size_t>(g.C) * g.H * g.W, 0.f);
    for (int c = 0; c < g.C; ++c)
      for (int u = 0; u < g.k; ++u)
        for (int v = 0; v < g.k; ++v) {
          const std::size_t r = static_cast<std::size_t>((c * g.k + u) * g.k + v);
          const float* src = dcols.data() + r * NP + n * P;
          const ColRange jr = valid_columns(v, g.s, g.p, g.W, g.Wo);
          const int off = v - g.p;
          for (int i = 0; i < g.Ho; ++i, src += g.Wo) {
            const int y = g.s * i + u - g.p;
            if (y < 0 || y >= g.H) continue;
            float* dst = dxn + (static_cast<std::size_t>(c) * g.H + y) * g.W + off;
            if (g.s == 1)
              add_into(dst + jr.lo, src + jr.lo, jr.hi - jr.lo);
            else
              for (int j = jr.lo; j < jr.hi; ++j) dst[g.s * j] += src[j];
          }
        }
  }
}

// The backward closure, a named type so that its size can be checked against the node's inline storage (it holds
// the column matrix as a Var: a shared handle, not a copy).
struct ConvBackward {
  Var x, W, b, cols;
  Conv g;
  void operator()(const Tensor& y, const Tensor& dy) const;
};
static_assert(sizeof(ConvBackward) <= BackwardFn::kInline, "conv2d's closure must fit in the node");

void ConvBackward::operator()(const Tensor&, const Tensor& dy) const {
  const int N = dy.rows(), Cout = W.rows(), K = g.K(), P = g.P();
  const std::size_t NP = static_cast<std::size_t>(N) * P, Pz = static_cast<std::size_t>(P);
  // dL/dY in the GEMM's layout: dY(o, n*P + q) = dy(n, o*P + q), the inverse of the forward's scatter.
  Tensor dY(Cout, static_cast<int>(NP), uninit);
  parallel_blocks(static_cast<std::size_t>(N), static_cast<std::size_t>(Cout) * P, [&](std::size_t n0, std::size_t n1) {
    for (std::size_t n = n0; n < n1; ++n)
      for (int o = 0; o < Cout; ++o)
        std::memcpy(dY.row(o) + n * Pz, dy.row(static_cast<int>(n)) + o * Pz, Pz * sizeof(float));
  });
  bool acc = false;
  if (b.requires_grad()) {  // db_o = sum over images and positions of dY(o, .)
    Tensor& db = b.grad_storage(acc);
    for (int o = 0; o < Cout; ++o) {
      double s = 0;
      const float* r = dY.row(o);
      for (std::size_t q = 0; q < NP; ++q) s += r[q];
      db[o] = static_cast<float>((acc ? db[o] : 0.0) + s);
    }
  }
  if (W.requires_grad()) {  // dW (Cout, K) += dY (Cout, NP) cols^T (NP, K)
    Tensor& dW = W.grad_storage(acc);
    gemm(false, true, Cout, K, static_cast<int>(NP), 1.f, dY.data(), static_cast<int>(NP), cols.value().data(),
         static_cast<int>(NP), acc ? 1.f : 0.f, dW.data(), K);
  }
  if (x.requires_grad()) {  // dcols (K, NP) = W^T (K, Cout) dY (Cout, NP), then back to the pixels
    Tensor dcols(K, static_cast<int>(NP), uninit);
    gemm(true, false, K, static_cast<int>(NP), Cout, 1.f, W.value().data(), K, dY.data(), static_cast<int>(NP), 0.f,
         dcols.data(), static_cast<int>(NP));
    Tensor& dx = x.grad_storage(acc);
    parallel_blocks(static_cast<std::size_t>(N), static_cast<std::size_t>(K) * P,
                    [&](std::size_t n0, std::size_t n1) { col2im(g, dcols, dx, acc, n0, n1); });
  }
}

}  // namespace

Var conv2d(const Var& x, const ImageShape& in, const Var& W, const Var& b, const ConvGeometry& geo) {
  const Tensor &xv = x.value(), &Wv = W.value(), &bv = b.value();
  const int Cout = Wv.rows();
  const ImageShape out = conv_output_shape(in, Cout, geo);
  const Conv g{in.C, in.H, in.W, geo.k, geo.stride, geo.pad, out.H, out.W};
  if (xv.cols() != in.size())
    throw ShapeError("conv2d: input " + xv.shape_str() + " is not a batch of images " + in.str());
  if (Wv.cols() != g.K())
    throw ShapeError("conv2d: filters " + Wv.shape_str() + " for " + std::to_string(in.C) + " channels and " +
                     std::to_string(geo.k) + " x " + std::to_string(geo.k) + " kernels (need " +
                     std::to_string(g.K()) + " columns)");
  if (bv.rows() != 1 || bv.cols() != Cout)
    throw ShapeError("conv2d: bias " + bv.shape_str() + " for " + std::to_string(Cout) + " filters");
  const long long np = static_cast<long long>(xv.rows()) * g.P();
  if (np > std::numeric_limits<int>::max() / std::max(1, g.K()))
    throw ShapeError("conv2d: batch too large for one column matrix; evaluate it in smaller batches");
  const int N = xv.rows(), K = g.K(), P = g.P(), NP = N * P;

  // 1. The column matrix of the batch: cols (K, N*P).
  Tensor cols(K, NP, uninit);
  parallel_blocks(static_cast<std::size_t>(N), static_cast<std::size_t>(K) * P,
                  [&](std::size_t n0, std::size_t n1) { im2col(g, xv, cols, n0, n1); });
  // 2. Every filter against every patch: Y (Cout, N*P) = W (Cout, K) cols (K, N*P).
  Tensor Y(Cout, NP, uninit);
  if (N > 0) gemm(false, false, Cout, NP, K, 1.f, Wv.data(), K, cols.data(), NP, 0.f, Y.data(), NP);
  // 3. Into the batch layout with the bias: y(n, o*P + q) = Y(o, n*P + q) + b_o.
  Tensor y(N, Cout * P, uninit);
  const std::size_t Pz = static_cast<std::size_t>(P);
  parallel_blocks(static_cast<std::size_t>(N), static_cast<std::size_t>(Cout) * P, [&](std::size_t n0, std::size_t n1) {
    for (std::size_t n = n0; n < n1; ++n)
      for (int o = 0; o < Cout; ++o) {
        const float* src = Y.row(o) + n * Pz;
        float* dst = y.row(static_cast<int>(n)) + o * Pz;
        const float bo = bv[static_cast<std::size_t>(o)];
        for (std::size_t q = 0; q < Pz; ++q) dst[q] = src[q] + bo;
      }
  });
  return record(std::move(y), {x, W, b}, ConvBackward{x, W, b, Var(std::move(cols)), g});
}

}  // namespace ae
