#include "nn/contractive.hpp"

#include <cmath>

namespace ae {

Var contractive_penalty(const Var& h, const Var& W) {
  // BEGIN EXERCISE 14.7-contractive-penalty
  const int N = h.rows();
  Var slope = mul(h, add_scalar(neg(h), 1.f));  // sigma'(a) = h (1 - h), (N, H)
  Var col_norms = col_sums(square(W));          // ||W_{:,j}||^2, (1, H)
  return scale(sum(mul_row(square(slope), col_norms)), 1.f / static_cast<float>(std::max(1, N)));
  // ELSE
  // (void)h, (void)W;
  // throw ae::NotImplemented("14.7-contractive-penalty");  // mean ||dh/dx||_F^2, from Var ops
  // END EXERCISE
}

namespace {
/// Derivative of the activation given its output y (and pre-activation a).
float act_slope(Act act, float a, float y) {
  switch (act) {
    case Act::identity: return 1.f;
    case Act::sigmoid: return y * (1.f - y);
    case Act::tanh: return 1.f - y * y;
    case Act::relu: return a > 0.f ? 1.f : 0.f;
    case Act::softplus: return 1.f / (1.f + std::exp(-a));
  }
  return 1.f;
}
}  // namespace

Tensor mlp_jacobian(const Mlp& enc, const Tensor& x) {
  if (x.rows() != 1) throw ShapeError("mlp_jacobian: expects one point (1, D), got " + x.shape_str());
  Tensor J;  // the product so far, set by the first layer
  Tensor h = x;
  for (std::size_t l = 0; l < enc.layers.size(); ++l) {
    const Linear& L = enc.layers[l];
    const Act act = l + 1 < enc.layers.size() ? enc.hidden : enc.output;
    Tensor a = matmul(h, L.W.value());
    for (int j = 0; j < a.cols(); ++j) a(0, j) += L.b.value()(0, j);
    Tensor y = activate(a, act);
    // J_l = diag(act'(a)) W^T : (out, in); the running product J := J_l J.
    // BEGIN EXERCISE 14.7-layer-jacobian
    Tensor Jl = transpose(L.W.value());
    for (int j = 0; j < Jl.rows(); ++j) {
      const float s = act_slope(act, a(0, j), y(0, j));
      for (int i = 0; i < Jl.cols(); ++i) Jl(j, i) *= s;
    }
    // ELSE
    // (void)y, (void)act_slope;
    // throw ae::NotImplemented("14.7-layer-jacobian");  // this layer's Jacobian (out, in) at a
    // Tensor Jl;
    // END EXERCISE
    J = l == 0 ? Jl : matmul(Jl, J);
    h = y;
  }
  return J;
}

Tensor sigmoid_encoder_jacobian(const Linear& enc, const Tensor& x) {
  Mlp m;
  m.layers = {enc};
  m.hidden = m.output = Act::sigmoid;
  return mlp_jacobian(m, x);
}

double mean_jacobian_frobenius(const Mlp& enc, const Tensor& X) {
  double s = 0;
  for (int i = 0; i < X.rows(); ++i) s += std::sqrt(sq_norm(mlp_jacobian(enc, X.rows_slice(i, i + 1))));
  return X.rows() ? s / X.rows() : 0.0;
}

}  // namespace ae
