/// \file
/// \brief Vectorized elementwise kernels for the hot ops of training: the logistic sigmoid (forward and
/// backward), the squared-error loss and the Bernoulli loss on logits (forward and backward), and the rectifier
/// (forward and backward). The sigmoid's forward and the Bernoulli loss are written with intrinsics, in AVX2+FMA
/// and in AVX-512 (the same instructions on twice the lanes, so both give the same bits), chosen by the GEMM
/// kernel in use (ae::simd_level(); scalar otherwise); the other kernels are plain loops that the compiler turns
/// into AVX-512, AVX2 or SSE2 code (function multiversioning picks the clone for the CPU at load time).
///
/// The exponential inside the sigmoid is the classic Cephes single-precision recipe, written without library
/// calls so that it vectorizes: \f$e^x = 2^n e^r\f$ with \f$n = \mathrm{round}(x \log_2 e)\f$ and
/// \f$|r| \le \tfrac12 \ln 2\f$, \f$e^r\f$ from a degree-7 polynomial, \f$2^n\f$ built in the exponent bits.
/// Its relative error is about 2e-7 (a couple of float ulps); the sigmoid's is below 1e-6 everywhere.
#pragma once

#include <cstddef>

namespace ae::vmath {

/// \f$y_k = \sigma(x_k) = 1/(1+e^{-x_k})\f$ for k < n (x and y may be the same array).
void sigmoid(const float* x, float* y, std::size_t n);
/// \f$dx_k \mathrel{(+)}= dy_k\, y_k (1 - y_k)\f$ where y = sigmoid(x): adds when `accumulate`, else assigns.
void sigmoid_backward(const float* y, const float* dy, float* dx, std::size_t n, bool accumulate);
/// \f$e^x\f$ with the vectorizable recipe (scalar entry point, for tests).
float exp(float x);
/// \f$\sum_k (r_k - x_k)^2\f$, accumulated in double in a fixed order (deterministic).
double squared_diff_sum(const float* r, const float* x, std::size_t n);
/// \f$dr_k \mathrel{(+)}= g\,(r_k - x_k)\f$: adds when `accumulate`, else assigns.
void scaled_diff(const float* r, const float* x, float g, float* dr, std::size_t n, bool accumulate);
/// \f$\sum_k \zeta(a_k) - x_k a_k\f$ with \f$\zeta(a) = \log(1 + e^a) = \max(a, 0) + \log(1 + e^{-|a|})\f$: the
/// Bernoulli negative log-likelihood of pixels x under logits a, each term in float (the exponential above and a
/// vectorizable \f$\log(1 + t)\f$), summed in double in eight lanes in a fixed order.
double bce_with_logits_sum(const float* a, const float* x, std::size_t n);
/// \f$da_k \mathrel{(+)}= g\,(\sigma(a_k) - x_k)\f$, the gradient of bce_with_logits_sum times g: adds when
/// `accumulate`, else assigns.
void bce_with_logits_backward(const float* a, const float* x, float g, float* da, std::size_t n, bool accumulate);
/// \f$y_k = \max(x_k, 0)\f$ for k < n, the rectifier (x and y may not overlap).
void relu(const float* x, float* y, std::size_t n);
/// \f$dx_k \mathrel{(+)}= dy_k\,[x_k > 0]\f$, the rectifier's backward: adds when `accumulate`, else assigns.
void relu_backward(const float* x, const float* dy, float* dx, std::size_t n, bool accumulate);
/// \f$\log(1 + t)\f$ for \f$t \in [0, 1]\f$ with the vectorizable recipe (scalar entry point, for tests).
float log1p_unit(float t);

}  // namespace ae::vmath
