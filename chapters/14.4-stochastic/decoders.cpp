// The four decoder distributions of section 14.4 (see decoders.hpp).
#include "decoders.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "autodiff/losses.hpp"
#include "categorical.hpp"

namespace ae::ch14_4 {

std::string kind_name(DecoderKind kind) {
  switch (kind) {
    case DecoderKind::gaussian_fixed: return "gaussian_fixed";
    case DecoderKind::gaussian_learned: return "gaussian_learned";
    case DecoderKind::bernoulli: return "bernoulli";
    case DecoderKind::categorical: return "categorical";
  }
  return "?";
}

namespace {
bool is_gaussian(DecoderKind k) { return k == DecoderKind::gaussian_fixed || k == DecoderKind::gaussian_learned; }
float binarize(std::uint8_t byte) { return byte >= 128 ? 1.f : 0.f; }
}  // namespace

PixelBatch make_batch(const ImageSet& images, const std::vector<int>& idx, DecoderKind kind, Rng& rng) {
  const int N = static_cast<int>(idx.size()), D = images.dim();
  PixelBatch b{Tensor(N, D), Tensor(N, D), std::vector<std::uint8_t>(static_cast<std::size_t>(N) * D)};
  for (int i = 0; i < N; ++i) {
    const std::uint8_t* px = images.pixels.data() + static_cast<std::size_t>(idx[i]) * D;
    std::copy(px, px + D, b.levels.begin() + static_cast<std::ptrdiff_t>(i) * D);
    for (int d = 0; d < D; ++d) {
      const bool binary = kind == DecoderKind::bernoulli;
      b.input(i, d) = binary ? binarize(px[d]) : px[d] / 255.f;
      if (is_gaussian(kind))
        b.target(i, d) = static_cast<float>((px[d] + rng.uniform()) / 256.0);  // x~ = (byte + u) / 256
      else
        b.target(i, d) = b.input(i, d);
    }
  }
  return b;
}

StochasticDecoderAe::StochasticDecoderAe(DecoderKind kind_, int D, int hidden, int code, int rank, float sigma_,
                                         const ImageSet& train, Rng& rng)
    : kind(kind_), sigma(sigma_) {
  encoder = Mlp({D, hidden, code}, Act::relu, Act::identity, rng);
  const int out = kind == DecoderKind::categorical ? D * rank : D;
  decoder = Mlp({code, hidden, out}, Act::relu, Act::identity, rng);
  if (kind == DecoderKind::gaussian_learned) logvar = Var(Tensor(1, D, std::log(sigma * sigma)), true);
  if (kind == DecoderKind::categorical) {
    // B_d starts as the log of pixel d's histogram (add-one smoothed): the best model that ignores h.
    Tensor b(D, kLevels, 1.f);
    for (int i = 0; i < train.n; ++i)
      for (int d = 0; d < D; ++d) b(d, train.pixels[static_cast<std::size_t>(i) * D + d]) += 1.f;
    for (float& v : b) v = static_cast<float>(std::log(v / (train.n + kLevels)));
    B = Var(b, true);
    V = Var(rng.normal_tensor(rank, kLevels, 0.f, 0.1f), true);
  }
}

Var StochasticDecoderAe::nll(const PixelBatch& batch) const {
  const Var out = decoder(encoder(Var(batch.input)));
  const int N = batch.input.rows();
  switch (kind) {
    case DecoderKind::gaussian_fixed:
      return gaussian_nll(Var(batch.target), out, Var(Tensor(N, out.cols(), std::log(sigma * sigma))));
    case DecoderKind::gaussian_learned: return gaussian_nll(Var(batch.target), out, broadcast_rows(logvar, N));
    case DecoderKind::bernoulli: return bce_with_logits(out, Var(batch.target));
    case DecoderKind::categorical: return categorical_nll(out, V, B, batch.levels);
  }
  throw std::logic_error("unknown decoder kind");
}

std::vector<NamedParam> StochasticDecoderAe::named_params() const {
  std::vector<NamedParam> p = encoder.named_params("encoder");
  for (const NamedParam& q : decoder.named_params("decoder")) p.push_back(q);
  if (logvar) p.emplace_back("logvar", logvar);
  if (V) p.emplace_back("V", V);
  if (B) p.emplace_back("B", B);
  return p;
}

void StochasticDecoderAe::mean_and_sample(const Tensor& input, Rng& rng, Tensor& mean, Tensor& sample) const {
  NoGrad no_grad;
  const Tensor out = decoder(encoder(Var(input))).value();
  const int N = input.rows(), D = input.cols();
  mean = Tensor(N, D);
  sample = Tensor(N, D);
  auto clip = [](double v) { return static_cast<float>(std::clamp(v, 0.0, 1.0)); };
  for (int i = 0; i < N; ++i)
    for (int d = 0; d < D; ++d) {
      switch (kind) {
        case DecoderKind::gaussian_fixed:
        case DecoderKind::gaussian_learned: {
          const double s = kind == DecoderKind::gaussian_fixed ? sigma : std::exp(0.5 * logvar.value()[d]);
          mean(i, d) = clip(out(i, d));
          sample(i, d) = clip(out(i, d) + s * rng.normal());
          break;
        }
        case DecoderKind::bernoulli: {
          const double p = 1.0 / (1.0 + std::exp(-out(i, d)));
          mean(i, d) = static_cast<float>(p);
          sample(i, d) = rng.bernoulli(p) ? 1.f : 0.f;
          break;
        }
        case DecoderKind::categorical: {
          const std::vector<float> p = categorical_probs(out, V.value(), B.value(), i, d);
          double m = 0, u = rng.uniform(), c = 0;
          int drawn = kLevels - 1;
          for (int v = 0; v < kLevels; ++v) {
            m += p[v] * v;
            if (c <= u && u < c + p[v]) drawn = v;
            c += p[v];
          }
          mean(i, d) = static_cast<float>(m / 255.0);
          sample(i, d) = static_cast<float>(drawn / 255.0);
          break;
        }
      }
    }
}

namespace {
/// Two Adams stepped together: one for the weights, one (faster) for the log variances.
class TwoRateAdam : public Optimizer {
 public:
  TwoRateAdam(std::vector<Var> slow, std::vector<Var> fast, float lr, float fast_lr)
      : Optimizer(concat(slow, fast)), slow_(std::move(slow), lr), fast_(std::move(fast), fast_lr) {}
  void step() override {
    slow_.step();
    fast_.step();
    const int s = slow_.nonfinite_gradient(), f = fast_.nonfinite_gradient();  // indices into concat(slow, fast)
    nonfinite_ = s >= 0 ? s : f >= 0 ? static_cast<int>(slow_.params().size()) + f : -1;
  }
  std::vector<std::pair<std::string, Tensor>> state() const override {
    std::vector<std::pair<std::string, Tensor>> s;
    for (const auto& [name, t] : slow_.state()) s.emplace_back("slow." + name, t);
    for (const auto& [name, t] : fast_.state()) s.emplace_back("fast." + name, t);
    return s;
  }
  void load_state(const std::vector<std::pair<std::string, Tensor>>& s) override {
    std::vector<std::pair<std::string, Tensor>> a, b;
    for (const auto& [name, t] : s) (name.rfind("slow.", 0) == 0 ? a : b).emplace_back(name.substr(5), t);
    slow_.load_state(a);
    fast_.load_state(b);
  }

 private:
  static std::vector<Var> concat(std::vector<Var> a, const std::vector<Var>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  }
  Adam slow_, fast_;
};
}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const StochasticDecoderAe& model, float lr, float logvar_lr) {
  std::vector<Var> weights;
  for (const auto& [name, p] : model.named_params())
    if (name != "logvar") weights.push_back(p);
  if (!model.logvar) return std::make_unique<Adam>(weights, lr);
  return std::make_unique<TwoRateAdam>(weights, std::vector<Var>{model.logvar}, lr, logvar_lr);
}

double test_nll(const StochasticDecoderAe& model, const ImageSet& images, Rng& rng) {
  NoGrad no_grad;
  constexpr int kChunk = 250;
  double total = 0;
  for (int begin = 0; begin < images.n; begin += kChunk) {
    std::vector<int> idx;
    for (int i = begin; i < std::min(images.n, begin + kChunk); ++i) idx.push_back(i);
    total += static_cast<double>(model.nll(make_batch(images, idx, model.kind, rng)).item()) * idx.size();
  }
  return total / std::max(1, images.n);
}

namespace {
/// Phi(b) - Phi(a) for a <= b, from the tail where both lie, so that tiny masses do not cancel to 0.
double normal_mass(double a, double b) {
  const double r = 1 / std::numbers::sqrt2;
  if (a >= 0) return 0.5 * (std::erfc(a * r) - std::erfc(b * r));
  if (b <= 0) return 0.5 * (std::erfc(-b * r) - std::erfc(-a * r));
  return 1 - 0.5 * (std::erfc(-a * r) + std::erfc(b * r));
}
}  // namespace

double discretized_gaussian_nll(const StochasticDecoderAe& model, const ImageSet& images) {
  if (!is_gaussian(model.kind)) throw std::logic_error("discretized_gaussian_nll: not a Gaussian decoder");
  NoGrad no_grad;
  constexpr int kChunk = 250;
  const int D = images.dim();
  const double inf = std::numeric_limits<double>::infinity();
  double total = 0;
  for (int begin = 0; begin < images.n; begin += kChunk) {
    const int end = std::min(images.n, begin + kChunk);
    const Tensor mu = model.decoder(model.encoder(Var(images.rows(begin, end)))).value();
    for (int i = 0; i < mu.rows(); ++i)
      for (int d = 0; d < D; ++d) {
        const double s =
            model.kind == DecoderKind::gaussian_fixed ? model.sigma : std::exp(0.5 * model.logvar.value()[d]);
        const int b = images.pixels[static_cast<std::size_t>(begin + i) * D + d];
        const double lo = b == 0 ? -inf : (b / 256.0 - mu(i, d)) / s;
        const double hi = b == kLevels - 1 ? inf : ((b + 1) / 256.0 - mu(i, d)) / s;
        total -= std::log(std::max(normal_mass(lo, hi), 1e-300));
      }
  }
  return total / std::max(1, images.n);
}

double fixed_sigma_identity_error(const StochasticDecoderAe& model, const PixelBatch& batch) {
  Tensor mu_value;
  {
    NoGrad no_grad;
    mu_value = model.decoder(model.encoder(Var(batch.input))).value();
  }
  const int N = mu_value.rows(), D = mu_value.cols();
  const double s2 = static_cast<double>(model.sigma) * model.sigma;
  // Left side: the Gaussian NLL itself.
  Var mu_a(mu_value, true);
  Var nll = gaussian_nll(Var(batch.target), mu_a, Var(Tensor(N, D, static_cast<float>(std::log(s2)))));
  backward(nll);
  // Right side: squared error / (2 sigma^2) + (D/2) log(2 pi sigma^2), per image like every loss here.
  Var mu_b(mu_value, true);
  Var se = squared_error(mu_b, Var(batch.target));
  backward(se);
  const double constant = 0.5 * D * std::log(2 * std::numbers::pi * s2);
  const double rhs = se.item() / (2 * s2) + constant;
  const double value_err = std::fabs(nll.item() - rhs) / (std::fabs(se.item() / (2 * s2)) + std::fabs(constant));
  double grad_err = 0, grad_scale = 0;
  for (std::size_t k = 0; k < mu_value.size(); ++k) {
    const double g_nll = mu_a.grad()[k], g_se = mu_b.grad()[k] / (2 * s2);
    grad_err = std::max(grad_err, std::fabs(g_nll - g_se));
    grad_scale = std::max(grad_scale, std::fabs(g_nll));
  }
  return std::max(value_err, grad_err / std::max(grad_scale, 1e-30));
}

}  // namespace ae::ch14_4
