// The image ops around the convolution: max pooling (down), nearest upsampling (up) and channel concatenation (the
// U-Net's skips). Layout (N, C*H*W), channel-major per image (conv.hpp). Forward and backward side by side; each
// image's gradient row is written by one thread only.
#include <algorithm>
#include <cstring>

#include "autodiff/conv.hpp"
#include "autodiff/ops.hpp"
#include "gemm/parallel.hpp"

namespace ae {

namespace {
void check_batch(const Tensor& x, const ImageShape& in, const char* op) {
  if (in.C <= 0 || in.H <= 0 || in.W <= 0 || x.cols() != in.size())
    throw ShapeError(std::string(op) + ": input " + x.shape_str() + " is not a batch of images " + in.str());
}
}  // namespace

ImageShape pool_output_shape(const ImageShape& in, int f) {
  if (f <= 0 || in.H < f || in.W < f)
    throw ShapeError("max_pool: window " + std::to_string(f) + " for images " + in.str());
  return {in.C, in.H / f, in.W / f};
}

Var max_pool(const Var& x, const ImageShape& in, int f) {
  const Tensor& xv = x.value();
  check_batch(xv, in, "max_pool");
  const ImageShape out = pool_output_shape(in, f);
  const int N = xv.rows();
  // y(c, i, j) = max over the window {f i .. f i + f - 1} x {f j .. f j + f - 1} of x(c, ., .).
  Tensor y(N, out.size(), uninit);
  const std::size_t entries = static_cast<std::size_t>(in.size());
  parallel_blocks(static_cast<std::size_t>(N), entries, [&](std::size_t n0, std::size_t n1) {
    for (std::size_t n = n0; n < n1; ++n) {
      const float* xn = xv.row(static_cast<int>(n));
      float* yn = y.row(static_cast<int>(n));
      for (int c = 0; c < in.C; ++c)
        for (int i = 0; i < out.H; ++i)
          for (int j = 0; j < out.W; ++j) {
            const float* w = xn + (static_cast<std::size_t>(c) * in.H + f * i) * in.W + f * j;
            float m = w[0];  // the first maximum wins ties, in the backward pass too
            for (int u = 0; u < f; ++u)
              for (int v = 0; v < f; ++v)
                if (w[u * in.W + v] > m) m = w[u * in.W + v];
            yn[(c * out.H + i) * out.W + j] = m;
          }
    }
  });
  return record(std::move(y), {x}, [x, in, out, f](const Tensor&, const Tensor& dy) {
    // dL/dx = dL/dy at the window's first maximum (found again as the forward pass found it), 0 elsewhere.
    if (!x.requires_grad()) return;
    bool acc = false;
    Tensor& dx = x.grad_storage(acc);
    const Tensor& xv = x.value();
    parallel_blocks(static_cast<std::size_t>(dy.rows()), static_cast<std::size_t>(in.size()),
                    [&](std::size_t n0, std::size_t n1) {
                      for (std::size_t n = n0; n < n1; ++n) {
                        const float* xn = xv.row(static_cast<int>(n));
                        const float* dyn = dy.row(static_cast<int>(n));
                        float* dxn = dx.row(static_cast<int>(n));
                        if (!acc) std::fill(dxn, dxn + in.size(), 0.f);
                        for (int c = 0; c < in.C; ++c)
                          for (int i = 0; i < out.H; ++i)
                            for (int j = 0; j < out.W; ++j) {
                              const int base = (c * in.H + f * i) * in.W + f * j;
                              int arg = base;
                              for (int u = 0; u < f; ++u)
                                for (int v = 0; v < f; ++v)
                                  if (xn[base + u * in.W + v] > xn[arg]) arg = base + u * in.W + v;
                              dxn[arg] += dyn[(c * out.H + i) * out.W + j];
                            }
                      }
                    });
  });
}

Var upsample_nearest(const Var& x, const ImageShape& in, int f) {
  const Tensor& xv = x.value();
  check_batch(xv, in, "upsample_nearest");
  if (f <= 0) throw ShapeError("upsample_nearest: factor " + std::to_string(f));
  const ImageShape out{in.C, in.H * f, in.W * f};
  const int N = xv.rows();
  // y(c, y, x) = x(c, y / f, x / f).
  Tensor y(N, out.size(), uninit);
  const std::size_t entries = static_cast<std::size_t>(out.size());
  parallel_blocks(static_cast<std::size_t>(N), entries, [&](std::size_t n0, std::size_t n1) {
    for (std::size_t n = n0; n < n1; ++n) {
      const float* xn = xv.row(static_cast<int>(n));
      float* yn = y.row(static_cast<int>(n));
      for (int c = 0; c < in.C; ++c)
        for (int i = 0; i < out.H; ++i) {
          const float* src = xn + (static_cast<std::size_t>(c) * in.H + i / f) * in.W;
          float* dst = yn + (static_cast<std::size_t>(c) * out.H + i) * out.W;
          for (int j = 0; j < out.W; ++j) dst[j] = src[j / f];
        }
    }
  });
  return record(std::move(y), {x}, [x, in, out, f](const Tensor&, const Tensor& dy) {
    // dL/dx(c, i, j) = sum of dL/dy over the f x f block that copied it.
    if (!x.requires_grad()) return;
    bool acc = false;
    Tensor& dx = x.grad_storage(acc);
    parallel_blocks(static_cast<std::size_t>(dy.rows()), static_cast<std::size_t>(out.size()),
                    [&](std::size_t n0, std::size_t n1) {
                      for (std::size_t n = n0; n < n1; ++n) {
                        float* dxn = dx.row(static_cast<int>(n));
                        const float* dyn = dy.row(static_cast<int>(n));
                        if (!acc) std::fill(dxn, dxn + in.size(), 0.f);
                        for (int c = 0; c < in.C; ++c)
                          for (int i = 0; i < out.H; ++i) {
                            float* dst = dxn + (static_cast<std::size_t>(c) * in.H + i / f) * in.W;
                            const float* src = dyn + (static_cast<std::size_t>(c) * out.H + i) * out.W;
                            for (int j = 0; j < out.W; ++j) dst[j / f] += src[j];
                          }
                      }
                    });
  });
}

Var concat_channels(const Var& a, const ImageShape& sa, const Var& b, const ImageShape& sb) {
  check_batch(a.value(), sa, "concat_channels");
  check_batch(b.value(), sb, "concat_channels");
  if (sa.H != sb.H || sa.W != sb.W || a.rows() != b.rows())
    throw ShapeError("concat_channels: images " + sa.str() + " and " + sb.str() + " (batches of " +
                     std::to_string(a.rows()) + " and " + std::to_string(b.rows()) + ") differ in size");
  // Channel-major rows: a's Ca planes followed by b's Cb planes is [a | b]; its backward splits dy the same way.
  return concat_cols(a, b);
}

}  // namespace ae
