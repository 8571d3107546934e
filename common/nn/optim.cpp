#include "nn/optim.hpp"

#include <cmath>
#include <stdexcept>

namespace ae {

namespace {
void restore(std::vector<Tensor>& dst, const std::vector<std::pair<std::string, Tensor>>& s, const std::string& prefix,
             std::size_t offset) {
  for (std::size_t i = 0; i < dst.size(); ++i) {
    const auto& [name, t] = s.at(offset + i);
    if (name != prefix + std::to_string(i) || !t.same_shape(dst[i]))
      throw std::runtime_error("optimizer state: expected " + prefix + std::to_string(i) + " " + dst[i].shape_str() +
                               ", found " + name + " " + t.shape_str());
    dst[i] = t;
  }
}
}  // namespace

void Optimizer::zero_grad() {
  for (const Var& p : params_)
    if (p.has_grad()) p.grad().zero();
}

Sgd::Sgd(std::vector<Var> params, float lr_, float momentum_, float weight_decay_)
    : Optimizer(std::move(params)), momentum(momentum_) {
  lr = lr_;
  weight_decay = weight_decay_;
  for (const Var& p : params_) velocity_.emplace_back(p.rows(), p.cols());
}

void Sgd::step() {
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Var p = params_[i];
    if (!p.has_grad()) continue;
    Tensor &theta = p.value(), &g = p.grad(), &v = velocity_[i];
    for (std::size_t k = 0; k < theta.size(); ++k) {
      const float gk = g[k] + weight_decay * theta[k];
      v[k] = momentum * v[k] - lr * gk;
      theta[k] += v[k];
    }
  }
}

std::vector<std::pair<std::string, Tensor>> Sgd::state() const {
  std::vector<std::pair<std::string, Tensor>> s;
  for (std::size_t i = 0; i < velocity_.size(); ++i) s.emplace_back("sgd.v" + std::to_string(i), velocity_[i]);
  return s;
}

void Sgd::load_state(const std::vector<std::pair<std::string, Tensor>>& s) {
  if (s.size() != velocity_.size()) throw std::runtime_error("optimizer state: SGD state has the wrong size");
  restore(velocity_, s, "sgd.v", 0);
}

Adam::Adam(std::vector<Var> params, float lr_, float beta1_, float beta2_, float eps_, float weight_decay_)
    : Optimizer(std::move(params)), beta1(beta1_), beta2(beta2_), eps(eps_) {
  lr = lr_;
  weight_decay = weight_decay_;
  for (const Var& p : params_) {
    m_.emplace_back(p.rows(), p.cols());
    v_.emplace_back(p.rows(), p.cols());
  }
}

namespace {
// One Adam update over n contiguous parameters. Cloned for AVX-512 and AVX2 (picked at load time by the CPU's
// features): the square roots and divisions then run 16 or 8 lanes wide instead of SSE2's 4.
__attribute__((target_clones("avx512f", "arch=haswell", "default"))) void adam_update(
    float* __restrict theta, const float* __restrict g, float* __restrict m, float* __restrict v, std::size_t n,
    float b1, float b2, float wd, float step, float e, float c1, float c2) {
  for (std::size_t k = 0; k < n; ++k) {
    const float gk = g[k] + wd * theta[k];
    m[k] = b1 * m[k] + (1.f - b1) * gk;
    v[k] = b2 * v[k] + (1.f - b2) * gk * gk;
    theta[k] -= step * (m[k] * c1) / (std::sqrt(v[k] * c2) + e);
  }
}
}  // namespace

void Adam::step() {
  ++t;
  const float c1 = 1.f / (1.f - static_cast<float>(std::pow(beta1, static_cast<double>(t))));
  const float c2 = 1.f / (1.f - static_cast<float>(std::pow(beta2, static_cast<double>(t))));
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Var p = params_[i];
    if (!p.has_grad()) continue;
    adam_update(p.value().data(), p.grad().data(), m_[i].data(), v_[i].data(), p.value().size(), beta1, beta2,
                weight_decay, lr, eps, c1, c2);
  }
}

std::vector<std::pair<std::string, Tensor>> Adam::state() const {
  std::vector<std::pair<std::string, Tensor>> s;
  for (std::size_t i = 0; i < m_.size(); ++i) s.emplace_back("adam.m" + std::to_string(i), m_[i]);
  for (std::size_t i = 0; i < v_.size(); ++i) s.emplace_back("adam.v" + std::to_string(i), v_[i]);
  s.emplace_back("adam.t", Tensor(1, 1, static_cast<float>(t)));
  return s;
}

void Adam::load_state(const std::vector<std::pair<std::string, Tensor>>& s) {
  if (s.size() != m_.size() + v_.size() + 1) throw std::runtime_error("optimizer state: Adam state has the wrong size");
  restore(m_, s, "adam.m", 0);
  restore(v_, s, "adam.v", m_.size());
  if (s.back().first != "adam.t") throw std::runtime_error("optimizer state: missing adam.t");
  t = static_cast<std::int64_t>(s.back().second[0]);
}

}  // namespace ae
