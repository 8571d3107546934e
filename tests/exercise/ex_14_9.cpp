// Section 14.9's exercises: the Hamming-ball lookup of semantic hashing, and ranking by Hamming distance.
#include <algorithm>
#include <bit>
#include <numeric>

#include "exercise.hpp"
#include "hashing.hpp"

using namespace ae;

namespace {
std::vector<ch14_9::Code> random_codes(int n, int bits, Rng& rng) {
  std::vector<ch14_9::Code> c(static_cast<std::size_t>(n));
  for (auto& v : c) v = (ch14_9::Code{rng.next_u32()} << 32 | rng.next_u32()) & ((ch14_9::Code{1} << bits) - 1);
  return c;
}
/// Every item, ordered by (Hamming distance to q, index), kept while the distance is <= r.
std::vector<int> brute_force(const std::vector<ch14_9::Code>& codes, ch14_9::Code q, int r) {
  std::vector<int> idx(codes.size());
  std::iota(idx.begin(), idx.end(), 0);
  auto d = [&](int i) { return std::popcount(codes[static_cast<std::size_t>(i)] ^ q); };
  std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return d(a) < d(b); });
  while (!idx.empty() && d(idx.back()) > r) idx.pop_back();
  return idx;
}
}  // namespace

TEST_CASE("14.9-hamming-ball") {
  Rng rng(81);
  const int bits = 10;
  const std::vector<ch14_9::Code> codes = random_codes(400, bits, rng);
  const ch14_9::HashTable table(codes, bits);
  for (int t = 0; t < 5; ++t) {
    const ch14_9::Code q = random_codes(1, bits, rng)[0];
    for (int r : {0, 1, 2, 3}) {
      CAPTURE(r);
      CHECK_MESSAGE(table.within(q, r) == brute_force(codes, q, r),
                    "within(q, r) must return every item at Hamming distance <= r, by (distance, index)");
    }
  }
}

TEST_CASE("14.9-hamming-ranking") {
  Rng rng(82);
  const std::vector<ch14_9::Code> codes = random_codes(300, 16, rng);
  for (int t = 0; t < 5; ++t) {
    const ch14_9::Code q = random_codes(1, 16, rng)[0];
    std::vector<int> all = brute_force(codes, q, 64), top(all.begin(), all.begin() + 25);
    CHECK_MESSAGE(ch14_9::hamming_ranking(codes, q, -1) == all, "the ranking must order all items by (distance, index)");
    CHECK_MESSAGE(ch14_9::hamming_ranking(codes, q, 25) == top, "the ranking's first 25 items are wrong");
  }
}
