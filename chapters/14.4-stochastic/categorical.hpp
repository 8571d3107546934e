// Deep Learning, section 14.4: a categorical decoder over the 256 intensity levels of each pixel.
//
// For pixel d of example n the decoder gives L = 256 logits
//     a_nd = B_d + V^T u_nd                       u_nd (k): the network's features for that pixel
// and p_decoder(x_nd = v | h) = softmax(a_nd)_v. A full (D * 256)-wide output layer would need 784 * 256 outputs
// per example; the rank-k form shares V (k, L) across pixels and keeps a per-pixel bias B_d, which alone is the
// pixel's marginal histogram.
//
// The loss is -log p_decoder(x | h) = sum_d [ logsumexp(a_nd) - a_nd[x_nd] ], summed over pixels and averaged
// over the batch (nats per image). Forward and backward are fused and the (N, D, L) logits are never stored: the
// backward recomputes them one pixel at a time, so memory stays O(N D k) instead of O(N D L).
// Header-only so that tests/unit/test_ch14_4_ops.cpp can check it by finite differences.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "autodiff/var.hpp"

namespace ae::ch14_4 {

constexpr int kLevels = 256;

namespace detail {
// The loops below run 2 x 256 times per pixel, forward and backward, so they are written for the vectorizer:
// no branches, and sums in 8 independent lanes (a float sum in one variable cannot be reordered into SIMD lanes).

// a (L) = B_d + V^T u, for one pixel. u (k), V (k, L) row-major, B_d (L).
inline void pixel_logits(const float* u, const float* V, const float* B_d, int k, float* __restrict a) {
  std::copy(B_d, B_d + kLevels, a);
  for (int j = 0; j < k; ++j) {
    const float uj = u[j];
    const float* __restrict Vj = V + static_cast<std::size_t>(j) * kLevels;
    for (int v = 0; v < kLevels; ++v) a[v] += uj * Vj[v];
  }
}
// e^x for x <= 0, relative error ~2e-7 (Cephes' expf): x = n ln 2 + r with |r| <= ln 2 / 2, e^r by a degree-6
// polynomial, 2^n by writing n + 127 into the exponent bits. Branch-free, unlike std::exp, so it vectorizes.
inline float exp_nonpositive(float x) {
  x = std::max(x, -87.f);
  const float n = (x * 1.44269504f + 12582912.f) - 12582912.f;  // round(x / ln 2), by the 1.5 * 2^23 trick
  const float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;   // x - n ln 2, ln 2 split in two for accuracy
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.f;
  return p * std::bit_cast<float>((static_cast<std::int32_t>(n) + 127) << 23);
}
inline float sum_lanes(const float* x) {
  float lane[8] = {};
  for (int v = 0; v < kLevels; v += 8)
    for (int l = 0; l < 8; ++l) lane[l] += x[v + l];
  return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}
// Writes p = softmax(a) into a and returns logsumexp(a).
inline double softmax_inplace(float* __restrict a) {
  float lane[8];
  std::copy(a, a + 8, lane);
  for (int v = 8; v < kLevels; v += 8)
    for (int l = 0; l < 8; ++l) lane[l] = std::max(lane[l], a[v + l]);
  const float m = *std::max_element(lane, lane + 8);
  for (int v = 0; v < kLevels; ++v) a[v] = exp_nonpositive(a[v] - m);
  const float z = sum_lanes(a), inv = 1.f / z;
  for (int v = 0; v < kLevels; ++v) a[v] *= inv;
  return m + std::log(static_cast<double>(z));
}
inline float dot_lanes(const float* __restrict x, const float* __restrict y) {
  float lane[8] = {};
  for (int v = 0; v < kLevels; v += 8)
    for (int l = 0; l < 8; ++l) lane[l] += x[v + l] * y[v + l];
  return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}
}  // namespace detail

/// \brief -log p(x | h) under one 256-way softmax per pixel, summed over pixels and averaged over the batch.
/// u (N, D*k): per-pixel features; V (k, 256); B (D, 256); levels: N*D bytes (the observed intensities).
inline Var categorical_nll(const Var& u, const Var& V, const Var& B, const std::vector<std::uint8_t>& levels) {
  const int N = u.rows(), D = B.rows(), k = V.rows();
  if (!(V.cols() == kLevels && B.cols() == kLevels && u.cols() == D * k &&
        levels.size() == static_cast<std::size_t>(N) * D))
    throw ShapeError("categorical_nll: u " + u.value().shape_str() + ", V " + V.value().shape_str() + ", B " +
                     B.value().shape_str() + ", " + std::to_string(levels.size()) + " levels");
  std::vector<float> a(kLevels);
  double s = 0;
  for (int n = 0; n < N; ++n)
    for (int d = 0; d < D; ++d) {
      detail::pixel_logits(u.value().row(n) + d * k, V.value().data(), B.value().row(d), k, a.data());
      const float x = a[levels[static_cast<std::size_t>(n) * D + d]];
      s += detail::softmax_inplace(a.data()) - x;  // logsumexp(a) - a[x]   (a now holds softmax(a))
    }
  return record(Tensor(1, 1, static_cast<float>(s / std::max(1, N))), {u, V, B},
                [u, V, B, levels, N, D, k](const Tensor&, const Tensor& dy) {
                  // dL/da_nd = (softmax(a_nd) - onehot(x_nd)) / N; then a = B_d + V^T u gives
                  // dL/du_nd = V g,  dL/dV += u_nd g^T,  dL/dB_d += g.
                  const float scale = dy[0] / static_cast<float>(std::max(1, N));
                  float* du = u.requires_grad() ? u.grad().data() : nullptr;
                  float* dV = V.requires_grad() ? V.grad().data() : nullptr;
                  float* dB = B.requires_grad() ? B.grad().data() : nullptr;
                  const float* Vv = V.value().data();
                  std::vector<float> g(kLevels);
                  for (int n = 0; n < N; ++n)
                    for (int d = 0; d < D; ++d) {
                      const std::size_t nd = static_cast<std::size_t>(n) * D + d;
                      const float* u_nd = u.value().data() + nd * k;
                      detail::pixel_logits(u_nd, Vv, B.value().row(d), k, g.data());
                      detail::softmax_inplace(g.data());
                      g[levels[nd]] -= 1.f;
                      for (float& gv : g) gv *= scale;
                      if (dB)
                        for (int v = 0; v < kLevels; ++v) dB[d * kLevels + v] += g[v];
                      for (int j = 0; j < k; ++j) {
                        const float* Vj = Vv + static_cast<std::size_t>(j) * kLevels;
                        if (du) du[nd * k + j] += detail::dot_lanes(Vj, g.data());
                        if (dV)
                          for (int v = 0; v < kLevels; ++v) dV[j * kLevels + v] += u_nd[j] * g[v];
                      }
                    }
                });
}

/// \brief The 256 probabilities of pixel d of row n: softmax(B_d + V^T u_nd). u (N, D*k), V (k, 256), B (D, 256).
inline std::vector<float> categorical_probs(const Tensor& u, const Tensor& V, const Tensor& B, int n, int d) {
  const int k = V.rows();
  std::vector<float> p(kLevels);
  detail::pixel_logits(u.row(n) + d * k, V.data(), B.row(d), k, p.data());
  detail::softmax_inplace(p.data());
  return p;
}

}  // namespace ae::ch14_4
