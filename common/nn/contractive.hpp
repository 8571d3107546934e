/// \file
/// \brief The contractive penalty (sections 14.2.3 and 14.7) for a sigmoid encoder \f$h = \sigma(xW + b)\f$,
/// x (N, D), W (D, H). Its Jacobian at one point is \f$J = \partial h / \partial x = \mathrm{diag}(h \odot (1-h))
/// W^\top\f$, so the squared Frobenius norm factorizes into a cheap sum:
/// \f[ \Omega(h) = \lambda \Big\|\frac{\partial f(x)}{\partial x}\Big\|_F^2
///     = \lambda \sum_j \big(h_j(1-h_j)\big)^2 \, \|W_{:,j}\|^2 , \f]
/// O(N H + D H) instead of O(N D H). Introduced in section 14.2.3; section 14.7 goes deeper.
#pragma once

#include "autodiff/ops.hpp"
#include "nn/layers.hpp"

namespace ae {

/// \f$\frac1N\sum_n \sum_j (h_{nj}(1-h_{nj}))^2 \|W_{:,j}\|^2\f$: the penalty per example (multiply by \f$\lambda\f$),
/// built from differentiable ops so its gradient with respect to W and b comes from autodiff.
/// \param h the encoder's output \f$\sigma(xW+b)\f$, (N, H)
/// \param W the encoder's weights, (D, H)
Var contractive_penalty(const Var& h, const Var& W);

/// The exact Jacobian \f$\partial h/\partial x\f$ (H, D) of a one-layer sigmoid encoder at one point x (1, D).
Tensor sigmoid_encoder_jacobian(const Linear& enc, const Tensor& x);

/// The Jacobian (H, D) of a multilayer encoder at x (1, D), layer by layer (the book's recipe for deeper
/// encoders): \f$J = J_L \cdots J_1\f$ with \f$J_l = \mathrm{diag}(a'_l) W_l^\top\f$.
Tensor mlp_jacobian(const Mlp& enc, const Tensor& x);

/// Mean over the rows of X of \f$\|\partial f(x)/\partial x\|_F\f$ for a multilayer encoder.
double mean_jacobian_frobenius(const Mlp& enc, const Tensor& X);

}  // namespace ae
