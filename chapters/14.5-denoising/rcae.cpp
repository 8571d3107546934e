// The reconstruction-contractive autoencoder, ||r(x) - x||^2 + lambda ||J_r(x)||_F^2, against the DAE it
// approximates for small noise (dae_contractive.hpp).
#include <algorithm>
#include <cmath>

#include "autodiff/losses.hpp"
#include "autodiff/ops.hpp"
#include "dae2d.hpp"
#include "dae_contractive.hpp"
#include "data/corrupt.hpp"
#include "figures.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ch14_5 {

using namespace ae;

namespace {

// a'(z) from the activation's output y (and input z), as a Var, for tangent propagation.
Var act_slope(Act act, const Var& z, const Var& y) {
  switch (act) {
    case Act::identity: return Var();  // slope 1: no factor
    case Act::tanh: return add_scalar(neg(square(y)), 1.f);                 // 1 - y^2
    case Act::sigmoid: return mul(y, add_scalar(neg(y), 1.f));              // y (1 - y)
    case Act::softplus: return sigmoid(z);                                  // sigma(z)
    case Act::relu: break;
  }
  Tensor step = map(z.value(), [](float v) { return v > 0.f ? 1.f : 0.f; });  // relu: a constant 0/1 mask
  return Var(step);
}

// One layer of the forward pass with its tangents: y = a(xW + b), t_i <- (t_i W) * a'(z).
Var layer_with_tangents(const Linear& L, Act act, const Var& x, std::vector<Var>& tangents) {
  const Var z = L(x);
  const Var y = activate(z, act);
  const Var slope = act_slope(act, z, y);
  for (Var& t : tangents) {
    t = matmul(t, L.W);
    if (slope) t = mul(t, slope);
  }
  return y;
}

}  // namespace

ReconstructionWithJacobian reconstruct_with_jacobian_penalty(const Autoencoder& model, const Var& x) {
  const int N = x.rows(), D = x.cols();
  std::vector<Var> tangents;
  for (int i = 0; i < D; ++i) {
    Tensor e(N, D);
    for (int n = 0; n < N; ++n) e(n, i) = 1.f;  // t_0 = e_i at every point
    tangents.emplace_back(e);
  }
  Var y = x;
  for (const Mlp* net : {&model.encoder, &model.decoder})
    for (std::size_t l = 0; l < net->layers.size(); ++l)
      y = layer_with_tangents(net->layers[l], l + 1 < net->layers.size() ? net->hidden : net->output, y, tangents);
  Var pen = sum(square(tangents[0]));
  for (int i = 1; i < D; ++i) pen = add(pen, sum(square(tangents[static_cast<std::size_t>(i)])));
  return {y, scale(pen, 1.f / static_cast<float>(std::max(1, N)))};  // ||J_r||_F^2 summed, mean over the batch
}

DaeVsRcae compare_dae_rcae(const Tensor& X, const DaeVsRcaeSpec& spec, Rng& rng) {
  // The same start for both: one initialization, copied; and the same minibatch order (copies of one Rng).
  Autoencoder init({2, spec.hidden, spec.hidden}, Act::tanh, Act::tanh, Act::identity, rng);
  init.encoder.layers[0].W.value() *= spec.first_layer_gain;
  auto copy = [](const Autoencoder& a) {
    Autoencoder c = a;
    for (Mlp* net : {&c.encoder, &c.decoder})
      for (Linear& L : net->layers) L = L.clone();
    return c;
  };
  DaeVsRcae res;
  res.dae = copy(init);
  res.rcae = copy(init);
  const Rng start = rng;
  const float lambda = spec.sigma * spec.sigma;

  auto fit = [&](Autoencoder& model, bool denoise, const std::string& label) {
    Adam adam(model.params(), spec.lr);
    TrainConfig cfg;
    cfg.epochs = spec.epochs;
    cfg.batch = spec.batch;
    cfg.label = label;
    auto loss = [&](const std::vector<int>& idx, Rng& step_rng) {
      const Tensor x = gather_rows(X, idx);
      if (denoise)  // E ||g(f(x_tilde)) - x||^2, x_tilde ~ N(x, sigma^2 I)
        return squared_error(model.reconstruct(Var(corrupt::gaussian(x, spec.sigma, step_rng))), Var(x));
      const ReconstructionWithJacobian rj = reconstruct_with_jacobian_penalty(model, Var(x));
      return add(squared_error(rj.r, Var(x)), scale(rj.penalty, lambda));  // ||r - x||^2 + sigma^2 ||J_r||_F^2
    };
    auto on_epoch = [&](int e, double) { adam.lr = cosine_lr(spec.lr, e + 1, spec.epochs); };
    Rng r = start;
    train(cfg, X.rows(), model.named_params(), adam, r, loss, on_epoch);
  };
  fit(res.dae, true, "spiral DAE (sigma " + std::to_string(spec.sigma).substr(0, 4) + ")");
  fit(res.rcae, false, "spiral RCAE (lambda = sigma^2)");

  res.grid = grid_2d(spec.grid, -1.2, 1.2);
  const Tensor Vd = displacement(res.dae, res.grid), Vr = displacement(res.rcae, res.grid);
  double cos_sum = 0;
  for (int n = 0; n < res.grid.rows(); ++n) {
    const double a0 = Vd(n, 0), a1 = Vd(n, 1), b0 = Vr(n, 0), b1 = Vr(n, 1);
    const double na = std::hypot(a0, a1), nb = std::hypot(b0, b1);
    cos_sum += na > 0 && nb > 0 ? (a0 * b0 + a1 * b1) / (na * nb) : 0.0;
  }
  res.field_cosine = cos_sum / res.grid.rows();
  const int n_jac = std::min(500, X.rows());
  for (int n = 0; n < n_jac; ++n) {
    res.dae_jacobian += sq_norm(reconstruction_jacobian(res.dae, X.rows_slice(n, n + 1))) / n_jac;
    res.rcae_jacobian += sq_norm(reconstruction_jacobian(res.rcae, X.rows_slice(n, n + 1))) / n_jac;
  }
  return res;
}

void plot_dae_vs_rcae(const plot::Output& out, const DaeVsRcae& cmp, const Tensor& curve, float sigma) {
  Tensor Vd = displacement(cmp.dae, cmp.grid), Vr = displacement(cmp.rcae, cmp.grid);
  const int side = static_cast<int>(std::lround(std::sqrt(cmp.grid.rows())));
  const float s = arrow_scale(Vd, 2.4 / std::max(1, side - 1));  // one scale for both panels
  Vd *= s;
  Vr *= s;
  plot::Series spiral{.label = "spiral", .color = 7};
  for (int i = 0; i < curve.rows(); ++i) spiral.x.push_back(curve(i, 0)), spiral.y.push_back(curve(i, 1));
  const std::string sg = std::to_string(sigma).substr(0, 4);
  auto panel = [&](const std::string& title, const Tensor& V) {
    return [&, title, V](const plot::Output& o) {
      plot::field(o, {.title = title, .xlabel = "x₁", .ylabel = "x₂", .equal_axes = true, .legend = "off"},
                  {{.from = cmp.grid, .delta = V, .label = ""}}, {spiral});
    };
  };
  plot::panels(out, {.name = "14_5_dae_vs_rcae", .title = "DAE (σ = " + sg + ") and ‖r − x‖² + σ²‖J_r‖²_F: "
                     "the same field r(x) − x", .width = 1400, .height = 720,
                     .caption = "Left: a denoising autoencoder. Right: the same network from the same start, "
                                "trained with the contractive penalty on the whole reconstruction r = g∘f, λ = σ²"},
              {panel("denoising, σ = " + sg, Vd), panel("reconstruction-contractive, λ = σ²", Vr)}, 2);
}

}  // namespace ch14_5
