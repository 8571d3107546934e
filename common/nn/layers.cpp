#include "nn/layers.hpp"

#include <cmath>
#include <stdexcept>

namespace ae {

Linear::Linear(int in, int out, Rng& rng) {
  const float a = std::sqrt(6.f / static_cast<float>(in + out));
  W = Var(rng.uniform_tensor(in, out, -a, a), true);
  b = Var(Tensor(1, out), true);
}

Var activate(const Var& x, Act act) {
  switch (act) {
    case Act::identity: return x;
    case Act::sigmoid: return sigmoid(x);
    case Act::tanh: return tanh(x);
    case Act::relu: return relu(x);
    case Act::softplus: return softplus(x);
  }
  return x;
}

Tensor activate(const Tensor& x, Act act) {
  NoGrad no_grad;
  return activate(Var(x), act).value();
}

Act parse_act(const std::string& name) {
  if (name == "identity" || name == "linear") return Act::identity;
  if (name == "sigmoid") return Act::sigmoid;
  if (name == "tanh") return Act::tanh;
  if (name == "relu") return Act::relu;
  if (name == "softplus") return Act::softplus;
  throw std::invalid_argument("unknown activation '" + name + "' (identity, sigmoid, tanh, relu, softplus)");
}

Mlp::Mlp(const std::vector<int>& sizes, Act hidden_act, Act output_act, Rng& rng)
    : hidden(hidden_act), output(output_act) {
  if (sizes.size() < 2) throw std::invalid_argument("Mlp: need at least an input and an output size");
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) layers.emplace_back(sizes[l], sizes[l + 1], rng);
}

Var Mlp::pre_activation(const Var& x) const {
  Var h = x;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    h = layers[l](h);
    if (l + 1 < layers.size()) h = activate(h, hidden);
  }
  return h;
}

Var Mlp::operator()(const Var& x) const { return activate(pre_activation(x), output); }

std::vector<NamedParam> Mlp::named_params(const std::string& prefix) const {
  std::vector<NamedParam> out;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    out.emplace_back(prefix + "." + std::to_string(l) + ".W", layers[l].W);
    out.emplace_back(prefix + "." + std::to_string(l) + ".b", layers[l].b);
  }
  return out;
}

std::vector<Var> Mlp::params() const { return vars_of(named_params("")); }

std::size_t Mlp::num_params() const {
  std::size_t n = 0;
  for (const Linear& l : layers) n += l.W.value().size() + l.b.value().size();
  return n;
}

Autoencoder::Autoencoder(const std::vector<int>& sizes, Act hidden, Act code, Act output_act, Rng& rng)
    : encoder(sizes, hidden, code, rng),
      decoder(std::vector<int>(sizes.rbegin(), sizes.rend()), hidden, output_act, rng) {}

Tensor Autoencoder::reconstruct(const Tensor& x) const {
  NoGrad no_grad;
  return reconstruct(Var(x)).value();
}

Tensor Autoencoder::encode(const Tensor& x) const {
  NoGrad no_grad;
  return encode(Var(x)).value();
}

std::vector<NamedParam> Autoencoder::named_params() const {
  auto p = encoder.named_params("encoder");
  for (auto& q : decoder.named_params("decoder")) p.push_back(q);
  return p;
}

std::vector<Var> Autoencoder::params() const { return vars_of(named_params()); }

std::vector<Var> vars_of(const std::vector<NamedParam>& named) {
  std::vector<Var> v;
  for (const auto& [name, p] : named) v.push_back(p);
  return v;
}

}  // namespace ae
