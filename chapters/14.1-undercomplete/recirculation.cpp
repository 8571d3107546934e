#include "recirculation.hpp"

namespace ch14_1 {

using namespace ae;

namespace {

// act(X W + b) for plain tensors: X (N, in), W (in, out), b (1, out).
Tensor layer(const Tensor& X, const Linear& L, Act act) {
  Tensor A = matmul(X, L.W.value());
  const Tensor& b = L.b.value();
  for (int i = 0; i < A.rows(); ++i) {
    float* a = A.row(i);
    for (int j = 0; j < A.cols(); ++j) a[j] += b[static_cast<std::size_t>(j)];
  }
  return activate(A, act);
}

// grad(b) = -(1/N) sum_n delta_n: minus the bias update, (1, C).
void set_bias_grad(const Var& b, const Tensor& delta) {
  Tensor& g = b.grad();
  g.zero();
  const float s = -1.f / static_cast<float>(delta.rows());
  for (int i = 0; i < delta.rows(); ++i)
    for (int j = 0; j < delta.cols(); ++j) g[static_cast<std::size_t>(j)] += s * delta(i, j);
}

}  // namespace

RecirculationAe::RecirculationAe(int D, int k, Act hidden_, Act visible_, float lambda_, Rng& rng)
    : enc(D, k, rng), dec(k, D, rng), hidden(hidden_), visible(visible_), lambda(lambda_) {
  // Small and symmetric: while W_e W_e^T << I both updates are the same Hebbian growth, so the weights grow
  // together and stay close to symmetric. At Glorot scale they part at once and learning stalls.
  enc.W.value() *= 0.1f;
  dec.W.value() = transpose(enc.W.value());
}

float RecirculationAe::compute_update(const Tensor& X) const {
  const int N = X.rows();
  const Tensor y1 = layer(X, enc, hidden);  // (N, k)
  const Tensor r = layer(y1, dec, visible);  // (N, D)
  Tensor x2 = X * lambda;
  x2.add_scaled(r, 1.f - lambda);
  const Tensor y3 = layer(x2, enc, hidden);

  // BEGIN EXERCISE 14.1-recirculation
  const Tensor dx = X - x2;   // x(0) - x(2) = (1 - lambda)(x - r), (N, D)
  const Tensor dy = y1 - y3;  // y(1) - y(3), (N, k)
  const float s = -1.f / static_cast<float>(N);
  dec.W.grad() = matmul(y1, dx, /*transA=*/true) * s;  // -(1/N) y(1)^T (x(0) - x(2)), (k, D)
  enc.W.grad() = matmul(x2, dy, /*transA=*/true) * s;  // -(1/N) x(2)^T (y(1) - y(3)), (D, k)
  set_bias_grad(dec.b, dx);
  set_bias_grad(enc.b, dy);
  // ELSE
  // (void)set_bias_grad;
  // throw ae::NotImplemented("14.1-recirculation");  // -updates into the .grad()s
  // END EXERCISE
  return static_cast<float>(sq_norm(r - X) / N);
}

Tensor RecirculationAe::reconstruct(const Tensor& X) const { return layer(layer(X, enc, hidden), dec, visible); }

std::vector<NamedParam> RecirculationAe::named_params() const {
  return {{"recirc.enc.W", enc.W}, {"recirc.enc.b", enc.b}, {"recirc.dec.W", dec.W}, {"recirc.dec.b", dec.b}};
}

}  // namespace ch14_1
