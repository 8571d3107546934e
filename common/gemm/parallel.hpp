/// \file
/// \brief Elementwise work shared over the GEMM's threads: the passes of a training step outside the products (the
/// sigmoid and its backward, bias adds and sums, the losses and their gradients, Adam) would otherwise run on one
/// core while the other waits for the next product.
///
/// Slices are cut at multiples of 16 entries, the widest vector (AVX-512) any of those loops uses, so every entry goes
/// through the same vector or tail code whatever the thread count: the results do not depend on it.
#pragma once

#include <algorithm>
#include <cstddef>

#include "gemm/gemm.hpp"
#include "gemm/thread_pool.hpp"

namespace ae {

/// The least elementwise work (entries) worth handing to a second thread: below it the pool's hand-over costs more
/// than the thread saves.
inline constexpr std::size_t kMinEntriesPerThread = std::size_t(1) << 14;

/// A half-open range of indices \f$[\mathrm{begin}, \mathrm{end})\f$.
struct Slice {
  std::size_t begin = 0;  ///< the first index
  std::size_t end = 0;    ///< one past the last index
};

/// \brief Part `part` of `parts` near-equal slices of \f$[0, n)\f$, each starting at a multiple of 16 (the last one
/// ends at n). Some slices may be empty when n is small.
inline Slice slice_of(std::size_t n, int part, int parts) {
  const auto cut = [&](int p) { return p >= parts ? n : n * static_cast<std::size_t>(p) / parts / 16 * 16; };
  return {cut(part), cut(part + 1)};
}

/// \brief Calls `fn(begin, end)` on slices of \f$[0, n)\f$ that together cover it once, each on one of the GEMM's
/// threads (ae::gemm_threads()), giving every thread at least `min_per_thread` entries: below twice that, one call
/// on the calling thread. Allocates nothing.
template <class Fn>
void parallel_slices(std::size_t n, std::size_t min_per_thread, const Fn& fn) {
  const std::size_t most = std::max<std::size_t>(1, n / std::max<std::size_t>(1, min_per_thread));
  const int threads = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(gemm_threads()), most));
  if (threads <= 1) return fn(std::size_t(0), n);
  const auto task = [&](int part) {
    const Slice s = slice_of(n, part, threads);
    if (s.begin < s.end) fn(s.begin, s.end);
  };
  gemm_detail::gemm_pool().run_each(threads, task);
}

/// \brief parallel_slices() over `count` items of `entries_each` entries each (rows of a matrix, or its columns),
/// each thread getting at least kMinEntriesPerThread entries.
template <class Fn>
void parallel_blocks(std::size_t count, std::size_t entries_each, const Fn& fn) {
  parallel_slices(count, std::max<std::size_t>(1, kMinEntriesPerThread / std::max<std::size_t>(1, entries_each)), fn);
}

/// \brief \f$\sum\f$ of `sum(begin, end)` over chunks covering \f$[0, n)\f$, the chunks shared over the GEMM's
/// threads: at most 64 chunks, whose size depends on n alone (at least 4096 entries, a multiple of 16), each summed
/// whole by the thread whose slice holds its first entry, their sums added in order. The same double whatever the
/// thread count. Allocates nothing.
template <class Sum>
double parallel_sum(std::size_t n, const Sum& sum) {
  constexpr std::size_t kChunks = 64, kLeast = 4096;
  const std::size_t chunk = (std::max(kLeast, (n + kChunks - 1) / kChunks) + 15) / 16 * 16;
  double part[kChunks] = {};
  parallel_slices(n, kMinEntriesPerThread, [&](std::size_t b, std::size_t e) {
    for (std::size_t c = (b + chunk - 1) / chunk; c * chunk < e; ++c)
      part[c] = sum(c * chunk, std::min(n, (c + 1) * chunk));
  });
  double s = 0;
  for (std::size_t c = 0; c * chunk < n; ++c) s += part[c];
  return s;
}

}  // namespace ae
