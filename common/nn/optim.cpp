#include "nn/optim.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "gemm/parallel.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define AE_OPTIM_X86 1
#endif

namespace ae {

namespace {
// Checks the saved tensors s[offset .. offset + like.size()) against the live ones: the names prefix0, prefix1, ...,
// the same shapes, every entry finite (and >= 0 when `nonnegative`, as Adam's second moments are). A checkpoint
// may be hostile: nothing is assumed about what it holds.
void check_saved(const std::vector<Tensor>& like, const std::vector<std::pair<std::string, Tensor>>& s,
                 const std::string& prefix, std::size_t offset, bool nonnegative) {
  for (std::size_t i = 0; i < like.size(); ++i) {
    const auto& [name, t] = s.at(offset + i);
    if (name != prefix + std::to_string(i) || !t.same_shape(like[i]))
      throw std::runtime_error("optimizer state: expected " + prefix + std::to_string(i) + " " + like[i].shape_str() +
                               ", found " + name + " " + t.shape_str());
    for (float v : t)
      if (!std::isfinite(v) || (nonnegative && v < 0))
        throw std::runtime_error("optimizer state: " + name + " has an entry " + std::to_string(v) +
                                 (nonnegative ? " (must be finite and >= 0)" : " (must be finite)"));
  }
}
// Whether the float `x` is NaN or infinite (exponent bits all ones): branch-free, so it vectorizes.
inline std::uint32_t nonfinite_bits(float x) {
  return (std::bit_cast<std::uint32_t>(x) & 0x7f800000u) == 0x7f800000u;
}

void restore(std::vector<Tensor>& dst, const std::vector<std::pair<std::string, Tensor>>& s, std::size_t offset) {
  for (std::size_t i = 0; i < dst.size(); ++i) dst[i] = s[offset + i].second;
}
}  // namespace

void Optimizer::zero_grad() {
  // Marks the gradients zero without writing them: the next backward pass overwrites them (GEMM with beta = 0)
  // instead of adding to a zero-filled buffer, which saves a pass over every parameter.
  for (const Var& p : params_) p.zero_grad();
}

Sgd::Sgd(std::vector<Var> params, float lr_, float momentum_, float weight_decay_)
    : Optimizer(std::move(params)), momentum(momentum_) {
  lr = lr_;
  weight_decay = weight_decay_;
  for (const Var& p : params_) velocity_.emplace_back(p.rows(), p.cols());
}

void Sgd::step() {
  nonfinite_ = -1;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Var p = params_[i];
    if (!p.has_grad()) continue;
    Tensor &theta = p.value(), &g = p.grad(), &v = velocity_[i];
    std::uint32_t bad = 0;
    for (std::size_t k = 0; k < theta.size(); ++k) {
      bad |= nonfinite_bits(g[k]);
      const float gk = g[k] + weight_decay * theta[k];
      v[k] = momentum * v[k] - lr * gk;
      theta[k] += v[k];
    }
    if (bad && nonfinite_ < 0) nonfinite_ = static_cast<int>(i);
  }
}

std::vector<std::pair<std::string, Tensor>> Sgd::state() const {
  std::vector<std::pair<std::string, Tensor>> s;
  for (std::size_t i = 0; i < velocity_.size(); ++i) s.emplace_back("sgd.v" + std::to_string(i), velocity_[i]);
  return s;
}

void Sgd::load_state(const std::vector<std::pair<std::string, Tensor>>& s) {
  if (s.size() != velocity_.size())
    throw std::runtime_error("optimizer state: SGD needs " + std::to_string(velocity_.size()) + " tensors, found " +
                             std::to_string(s.size()));
  check_saved(velocity_, s, "sgd.v", 0, false);
  restore(velocity_, s, 0);
}

Adam::Adam(std::vector<Var> params, float lr_, float beta1_, float beta2_, float eps_, float weight_decay_)
    : Optimizer(std::move(params)), beta1(beta1_), beta2(beta2_), eps(eps_) {
  lr = lr_;
  weight_decay = weight_decay_;
  for (const Var& p : params_) {
    m_.emplace_back(p.rows(), p.cols());
    v_.emplace_back(p.rows(), p.cols());
  }
  grads_.resize(params_.size());
  bad_ = std::vector<std::atomic<int>>(params_.size());
}

namespace {
// One Adam update over n contiguous parameters: a single pass reads theta, g, m, v and writes theta, m, v (the
// optimizer is memory-bound, so nothing is read twice). Plain C++ cannot be vectorized here: std::sqrt may set
// errno, which keeps the compiler to one scalar square root and division per entry. Hence explicit AVX-512 and
// AVX2 versions (simd_level() picks one: the GEMM kernel's instruction set), with the scalar loop as the
// specification and the tail.
struct AdamArgs {
  float b1, b2, wd, step, e, c1, c2;
};

// Each version returns whether some g[k] was NaN or infinite: the training loop's divergence check rides on the
// update's own read of the gradient instead of a pass of its own.
bool adam_scalar(float* theta, const float* g, float* m, float* v, std::size_t k, std::size_t n, const AdamArgs& a) {
  std::uint32_t bad = 0;
  for (; k < n; ++k) {
    bad |= nonfinite_bits(g[k]);
    const float gk = g[k] + a.wd * theta[k];
    m[k] = a.b1 * m[k] + (1.f - a.b1) * gk;
    v[k] = a.b2 * v[k] + (1.f - a.b2) * gk * gk;
    theta[k] -= a.step * (m[k] * a.c1) / (std::sqrt(v[k] * a.c2) + a.e);
  }
  return bad != 0;
}

#ifdef AE_OPTIM_X86
__attribute__((target("avx2,fma"))) bool adam_avx2(float* theta, const float* g, float* m, float* v, std::size_t n,
                                                   const AdamArgs& a) {
  const __m256 b1 = _mm256_set1_ps(a.b1), nb1 = _mm256_set1_ps(1.f - a.b1), b2 = _mm256_set1_ps(a.b2),
               nb2 = _mm256_set1_ps(1.f - a.b2), wd = _mm256_set1_ps(a.wd), step = _mm256_set1_ps(a.step),
               e = _mm256_set1_ps(a.e), c1 = _mm256_set1_ps(a.c1), c2 = _mm256_set1_ps(a.c2);
  const __m256 zero = _mm256_setzero_ps();
  __m256 nan_if_bad = zero;  // g * 0 is 0 for finite g and NaN otherwise; the sum keeps a NaN
  std::size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    __m256 th = _mm256_loadu_ps(theta + k);
    const __m256 gr = _mm256_loadu_ps(g + k);
    nan_if_bad = _mm256_fmadd_ps(gr, zero, nan_if_bad);
    const __m256 gk = _mm256_fmadd_ps(wd, th, gr);
    const __m256 mk = _mm256_fmadd_ps(b1, _mm256_loadu_ps(m + k), _mm256_mul_ps(nb1, gk));
    const __m256 vk = _mm256_fmadd_ps(b2, _mm256_loadu_ps(v + k), _mm256_mul_ps(_mm256_mul_ps(nb2, gk), gk));
    _mm256_storeu_ps(m + k, mk);
    _mm256_storeu_ps(v + k, vk);
    const __m256 den = _mm256_add_ps(_mm256_sqrt_ps(_mm256_mul_ps(vk, c2)), e);
    th = _mm256_sub_ps(th, _mm256_div_ps(_mm256_mul_ps(step, _mm256_mul_ps(mk, c1)), den));
    _mm256_storeu_ps(theta + k, th);
  }
  const bool bad = _mm256_movemask_ps(_mm256_cmp_ps(nan_if_bad, nan_if_bad, _CMP_UNORD_Q)) != 0;
  return adam_scalar(theta, g, m, v, k, n, a) || bad;
}

AE_TARGET_AVX512 bool adam_avx512(float* theta, const float* g, float* m, float* v, std::size_t n,
                                  const AdamArgs& a) {
  const __m512 b1 = _mm512_set1_ps(a.b1), nb1 = _mm512_set1_ps(1.f - a.b1), b2 = _mm512_set1_ps(a.b2),
               nb2 = _mm512_set1_ps(1.f - a.b2), wd = _mm512_set1_ps(a.wd), step = _mm512_set1_ps(a.step),
               e = _mm512_set1_ps(a.e), c1 = _mm512_set1_ps(a.c1), c2 = _mm512_set1_ps(a.c2);
  const __m512 zero = _mm512_setzero_ps();
  __m512 nan_if_bad = zero;  // g * 0 is 0 for finite g and NaN otherwise; the sum keeps a NaN
  std::size_t k = 0;
  for (; k + 16 <= n; k += 16) {
    // 2 KB ahead on each of the four streams it reads (1% of an autoencoder epoch on the Sapphire Rapids Xeon,
    // where the update's 28 bytes per parameter come from memory).
    constexpr std::size_t kAhead = 512;
    if (k + kAhead < n) {
      _mm_prefetch(reinterpret_cast<const char*>(theta + k + kAhead), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(g + k + kAhead), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(m + k + kAhead), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(v + k + kAhead), _MM_HINT_T0);
    }
    __m512 th = _mm512_loadu_ps(theta + k);
    const __m512 gr = _mm512_loadu_ps(g + k);
    nan_if_bad = _mm512_fmadd_ps(gr, zero, nan_if_bad);
    const __m512 gk = _mm512_fmadd_ps(wd, th, gr);
    const __m512 mk = _mm512_fmadd_ps(b1, _mm512_loadu_ps(m + k), _mm512_mul_ps(nb1, gk));
    const __m512 vk = _mm512_fmadd_ps(b2, _mm512_loadu_ps(v + k), _mm512_mul_ps(_mm512_mul_ps(nb2, gk), gk));
    _mm512_storeu_ps(m + k, mk);
    _mm512_storeu_ps(v + k, vk);
    // The all-lanes mask form of _mm512_sqrt_ps: the plain one trips GCC 12's false -Wmaybe-uninitialized.
    const __m512 den = _mm512_add_ps(_mm512_mask_sqrt_ps(e, static_cast<__mmask16>(0xFFFF), _mm512_mul_ps(vk, c2)), e);
    th = _mm512_sub_ps(th, _mm512_div_ps(_mm512_mul_ps(step, _mm512_mul_ps(mk, c1)), den));
    _mm512_storeu_ps(theta + k, th);
  }
  float lanes[16];  // read back lane by lane: the tests' AVX-512 emulation (avx512_emulation.hpp) has no compares
  _mm512_storeu_ps(lanes, nan_if_bad);
  bool bad = false;
  for (float x : lanes) bad |= std::isnan(x);
  return adam_scalar(theta, g, m, v, k, n, a) || bad;
}
#endif

bool adam_update(float* theta, const float* g, float* m, float* v, std::size_t n, const AdamArgs& a) {
#ifdef AE_OPTIM_X86
  const SimdLevel level = simd_level();  // the GEMM kernel's instruction set (AE_GEMM_KERNEL steers both)
  if (level == SimdLevel::avx512) return adam_avx512(theta, g, m, v, n, a);
  if (level == SimdLevel::avx2) return adam_avx2(theta, g, m, v, n, a);
#endif
  return adam_scalar(theta, g, m, v, 0, n, a);
}
}  // namespace

void Adam::step() {
  ++t;
  const float c1 = 1.f / (1.f - static_cast<float>(std::pow(beta1, static_cast<double>(t))));
  const float c2 = 1.f / (1.f - static_cast<float>(std::pow(beta2, static_cast<double>(t))));
  const AdamArgs args{beta1, beta2, weight_decay, lr, eps, c1, c2};
  std::size_t total = 0;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    grads_[i] = params_[i].has_grad() ? params_[i].grad().data() : nullptr;
    if (grads_[i]) total += params_[i].value().size();
  }
  // The update is elementwise and memory-bound, so the GEMM's threads share it: each takes a slice of every large
  // tensor (slice_of, parallel.hpp: cut at multiples of 16, so the result does not depend on the thread count), in
  // one pool run for all tensors rather than one per tensor.
  constexpr std::size_t kMinSplit = std::size_t(1) << 16;  // smaller tensors stay whole, on the first thread
  const int threads = total >= 2 * kMinSplit ? std::max(1, gemm_threads()) : 1;
  const auto task = [&](int part) {
    for (std::size_t i = 0; i < params_.size(); ++i) {
      if (!grads_[i]) continue;
      const std::size_t n = params_[i].value().size();
      const Slice s = n >= kMinSplit ? slice_of(n, part, threads) : Slice{0, part == 0 ? n : 0};
      if (s.begin == s.end) continue;
      if (adam_update(params_[i].value().data() + s.begin, grads_[i] + s.begin, m_[i].data() + s.begin,
                      v_[i].data() + s.begin, s.end - s.begin, args))
        bad_[i].store(1, std::memory_order_relaxed);
    }
  };
  for (auto& b : bad_) b.store(0, std::memory_order_relaxed);
  if (threads == 1) task(0);
  else gemm_detail::gemm_pool().run_each(threads, task);
  nonfinite_ = -1;
  for (std::size_t i = 0; i < bad_.size() && nonfinite_ < 0; ++i)
    if (bad_[i].load(std::memory_order_relaxed)) nonfinite_ = static_cast<int>(i);
}

std::vector<std::pair<std::string, Tensor>> Adam::state() const {
  std::vector<std::pair<std::string, Tensor>> s;
  for (std::size_t i = 0; i < m_.size(); ++i) s.emplace_back("adam.m" + std::to_string(i), m_[i]);
  for (std::size_t i = 0; i < v_.size(); ++i) s.emplace_back("adam.v" + std::to_string(i), v_[i]);
  s.emplace_back("adam.t", Tensor(1, 1, static_cast<float>(t)));
  return s;
}

void Adam::load_state(const std::vector<std::pair<std::string, Tensor>>& s) {
  if (s.size() != m_.size() + v_.size() + 1)
    throw std::runtime_error("optimizer state: Adam needs " + std::to_string(m_.size() + v_.size() + 1) +
                             " tensors, found " + std::to_string(s.size()));
  check_saved(m_, s, "adam.m", 0, false);
  check_saved(v_, s, "adam.v", m_.size(), true);
  const auto& [tname, tt] = s.back();
  if (tname != "adam.t" || tt.rows() != 1 || tt.cols() != 1)
    throw std::runtime_error("optimizer state: expected adam.t (1, 1), found " + tname + " " + tt.shape_str());
  // The step count: a whole number, 0 <= t < 2^24 (it is stored as a float, exact up to there).
  const float t_saved = tt[0];
  if (!(t_saved >= 0 && t_saved < 16777216.f) || t_saved != std::floor(t_saved))
    throw std::runtime_error("optimizer state: adam.t = " + std::to_string(t_saved) + " is not a step count");
  restore(m_, s, 0);
  restore(v_, s, m_.size());
  t = static_cast<std::int64_t>(t_saved);
}

}  // namespace ae
