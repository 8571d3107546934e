/// \file
/// \brief Rng: our own deterministic generator (PCG32, O'Neill 2014) with Box-Muller normals, so that a seed
/// gives the same numbers with every standard library (std::normal_distribution is not portable).
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

#include "tensor.hpp"

namespace ae {

/// \brief PCG32 (XSH-RR output on a 64-bit LCG).
class Rng {
 public:
  /// A generator on one of 2^63 independent streams, started from `seed`.
  explicit Rng(std::uint64_t seed = 42, std::uint64_t stream = 54) { reseed(seed, stream); }
  /// Restarts as if newly constructed with (seed, stream).
  void reseed(std::uint64_t seed, std::uint64_t stream = 54) {
    state_ = 0;
    inc_ = (stream << 1u) | 1u;
    next_u32();
    state_ += seed;
    next_u32();
    has_spare_ = false;
  }
  /// Uniform 32-bit integer.
  std::uint32_t next_u32() {
    std::uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + inc_;
    auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
    auto rot = static_cast<std::uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
  }
  /// Uniform integer in [0, n) without modulo bias (Lemire's method).
  std::uint32_t below(std::uint32_t n) {
    std::uint64_t m = static_cast<std::uint64_t>(next_u32()) * n;
    auto l = static_cast<std::uint32_t>(m);
    if (l < n) {
      std::uint32_t t = (0u - n) % n;
      while (l < t) {
        m = static_cast<std::uint64_t>(next_u32()) * n;
        l = static_cast<std::uint32_t>(m);
      }
    }
    return static_cast<std::uint32_t>(m >> 32);
  }
  /// Uniform double in [0, 1) with 53 random bits.
  double uniform() {
    std::uint64_t hi = next_u32() >> 5, lo = next_u32() >> 6;
    return (static_cast<double>(hi) * 67108864.0 + static_cast<double>(lo)) / 9007199254740992.0;
  }
  /// Uniform double in [a, b).
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  /// Standard normal by the Box-Muller transform \f$z = \sqrt{-2\ln u_1}\cos(2\pi u_2)\f$.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = 0;
    while (u1 <= 0) u1 = uniform();
    const double u2 = uniform(), r = std::sqrt(-2.0 * std::log(u1)), th = 6.283185307179586 * u2;
    spare_ = r * std::sin(th);
    has_spare_ = true;
    return r * std::cos(th);
  }
  /// Normal with the given mean and standard deviation.
  double normal(double mean, double stddev) { return mean + stddev * normal(); }
  /// True with probability p.
  bool bernoulli(double p) { return uniform() < p; }

  /// A (rows, cols) tensor of N(mean, stddev^2) entries.
  Tensor normal_tensor(int rows, int cols, float mean = 0.f, float stddev = 1.f) {
    Tensor t(rows, cols);
    for (float& v : t) v = static_cast<float>(normal(mean, stddev));
    return t;
  }
  /// A (rows, cols) tensor of U(lo, hi) entries.
  Tensor uniform_tensor(int rows, int cols, float lo = 0.f, float hi = 1.f) {
    Tensor t(rows, cols);
    for (float& v : t) v = static_cast<float>(uniform(lo, hi));
    return t;
  }
  /// Fisher-Yates shuffle.
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(static_cast<std::uint32_t>(i))]);
  }
  /// A random permutation of 0 .. n-1.
  std::vector<int> permutation(int n) {
    std::vector<int> p(static_cast<std::size_t>(n));
    std::iota(p.begin(), p.end(), 0);
    shuffle(p);
    return p;
  }
  /// The full state, for checkpoints (--resume continues the same random stream).
  std::vector<std::uint64_t> state() const {
    return {state_, inc_, has_spare_ ? 1u : 0u, static_cast<std::uint64_t>(std::bit_cast<std::uint64_t>(spare_))};
  }
  /// Restores a state() (ignored unless it has the four entries state() returns).
  void set_state(const std::vector<std::uint64_t>& s) {
    if (s.size() != 4) return;
    state_ = s[0];
    inc_ = s[1];
    has_spare_ = s[2] != 0;
    spare_ = std::bit_cast<double>(s[3]);
  }

 private:
  std::uint64_t state_ = 0, inc_ = 0;
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace ae
