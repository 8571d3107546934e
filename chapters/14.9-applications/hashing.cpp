#include "hashing.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <numeric>
#include <stdexcept>
#include <string>

namespace ch14_9 {

using ae::Tensor;

std::vector<Code> binary_codes(const Tensor& h, float threshold) {
  if (h.cols() < 1 || h.cols() > 64)
    throw std::invalid_argument("binary_codes: " + std::to_string(h.cols()) + " bits (1 to 64)");
  std::vector<Code> codes(static_cast<std::size_t>(h.rows()), 0);
  for (int n = 0; n < h.rows(); ++n)
    for (int j = 0; j < h.cols(); ++j)
      if (h(n, j) > threshold) codes[static_cast<std::size_t>(n)] |= Code{1} << j;
  return codes;
}

double saturated_fraction(const Tensor& h) {
  std::size_t saturated = 0;
  for (float v : h) saturated += (v < 0.1f || v > 0.9f);
  return h.size() == 0 ? 0.0 : static_cast<double>(saturated) / static_cast<double>(h.size());
}

double same_class_fraction(const std::vector<std::vector<int>>& retrieved, const std::vector<int>& db_labels,
                           const std::vector<int>& query_labels) {
  double total = 0;
  for (std::size_t q = 0; q < retrieved.size(); ++q) {
    int same = 0;
    for (int i : retrieved[q]) same += db_labels.at(static_cast<std::size_t>(i)) == query_labels.at(q);
    total += retrieved[q].empty() ? 0.0 : static_cast<double>(same) / static_cast<double>(retrieved[q].size());
  }
  return retrieved.empty() ? 0.0 : total / static_cast<double>(retrieved.size());
}

RandomHyperplanes::RandomHyperplanes(const Tensor& mu, int bits, ae::Rng& rng)
    : mean(mu), W(rng.normal_tensor(mu.cols(), bits)) {}

std::vector<Code> RandomHyperplanes::codes(const ae::ImageSet& set) const {
  std::vector<Code> out;
  out.reserve(static_cast<std::size_t>(set.n));
  for (int b = 0; b < set.n; b += 1000) {
    Tensor x = set.rows(b, std::min(set.n, b + 1000));  // (B, D)
    for (int n = 0; n < x.rows(); ++n)
      for (int d = 0; d < x.cols(); ++d) x(n, d) -= mean[static_cast<std::size_t>(d)];
    const std::vector<Code> c = binary_codes(ae::matmul(x, W), 0.f);  // signs of w_j . (x - mu)
    out.insert(out.end(), c.begin(), c.end());
  }
  return out;
}

HashTable::HashTable(std::vector<Code> codes, int bits) : codes_(std::move(codes)), bits_(bits) {
  if (bits < 1 || bits > 64) throw std::invalid_argument("HashTable: " + std::to_string(bits) + " bits (1 to 64)");
  for (std::size_t i = 0; i < codes_.size(); ++i) buckets_[codes_[i]].push_back(static_cast<int>(i));
}

void HashTable::probe_shell(Code q, int first, int flips, std::vector<int>& out) const {
  // BEGIN EXERCISE 14.9-hamming-ball
  if (flips == 0) {
    if (auto it = buckets_.find(q); it != buckets_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    return;
  }
  for (int j = first; j <= bits_ - flips; ++j) probe_shell(q ^ (Code{1} << j), j + 1, flips - 1, out);
  // ELSE
  // (void)q, (void)first, (void)flips, (void)out;
  // throw ae::NotImplemented("14.9-hamming-ball");  // items at distance flips from q
  // END EXERCISE
}

std::vector<int> HashTable::within(Code q, int r) const {
  std::vector<int> out;
  for (int d = 0; d <= std::min(r, bits_); ++d) {
    const std::size_t shell_start = out.size();
    probe_shell(q, 0, d, out);
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(shell_start), out.end());
  }
  return out;
}

std::vector<int> HashTable::nearest(Code q, int k, bool* from_table) const {
  std::vector<int> out;
  double shell_probes = 1;  // C(bits, d)
  for (int d = 0; d <= bits_; ++d) {
    if (shell_probes > static_cast<double>(codes_.size())) break;  // scanning all codes is now cheaper
    const std::size_t shell_start = out.size();
    probe_shell(q, 0, d, out);
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(shell_start), out.end());
    if (static_cast<int>(out.size()) >= k || d == bits_) {
      if (static_cast<int>(out.size()) > k) out.resize(static_cast<std::size_t>(k));
      if (from_table) *from_table = true;
      return out;
    }
    shell_probes = shell_probes * (bits_ - d) / (d + 1);
  }
  if (from_table) *from_table = false;
  return hamming_ranking(codes_, q, k);
}

std::vector<int> hamming_ranking(const std::vector<Code>& codes, Code q, int k) {
  // BEGIN EXERCISE 14.9-hamming-ranking
  std::array<int, 66> start{};  // start[d + 1] counts items at distance d, then prefix sums
  std::vector<unsigned char> dist(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    dist[i] = static_cast<unsigned char>(std::popcount(codes[i] ^ q));
    ++start[dist[i] + 1u];
  }
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<int> ranking(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i)
    ranking[static_cast<std::size_t>(start[dist[i]]++)] = static_cast<int>(i);
  // ELSE
  // (void)codes, (void)q;
  // throw ae::NotImplemented("14.9-hamming-ranking");  // all items ordered by (Hamming distance to q, index)
  // std::vector<int> ranking;
  // END EXERCISE
  if (k >= 0 && static_cast<std::size_t>(k) < ranking.size()) ranking.resize(static_cast<std::size_t>(k));
  return ranking;
}

std::vector<std::int32_t> pixel_distances(const ae::ImageSet& db, const std::uint8_t* query) {
  const int D = db.dim();
  std::vector<std::int32_t> dist(static_cast<std::size_t>(db.n));
  for (int i = 0; i < db.n; ++i) {
    const std::uint8_t* x = db.pixels.data() + static_cast<std::size_t>(i) * D;
    std::int32_t s = 0;  // at most 784 * 255^2 < 2^31
    for (int d = 0; d < D; ++d) {
      const std::int32_t e = static_cast<std::int32_t>(x[d]) - static_cast<std::int32_t>(query[d]);
      s += e * e;
    }
    dist[static_cast<std::size_t>(i)] = s;
  }
  return dist;
}

std::vector<int> smallest(const std::vector<std::int32_t>& dist, int k) {
  std::vector<int> idx(dist.size());
  std::iota(idx.begin(), idx.end(), 0);
  const auto closer = [&](int a, int b) {
    return dist[static_cast<std::size_t>(a)] != dist[static_cast<std::size_t>(b)]
               ? dist[static_cast<std::size_t>(a)] < dist[static_cast<std::size_t>(b)]
               : a < b;
  };
  if (k < 0 || static_cast<std::size_t>(k) >= idx.size()) {
    std::sort(idx.begin(), idx.end(), closer);
  } else {
    std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), closer);
    idx.resize(static_cast<std::size_t>(k));
  }
  return idx;
}

PrecisionRecall::PrecisionRecall(const std::vector<int>& db_labels, int num_classes)
    : labels_(db_labels), class_size_(static_cast<std::size_t>(num_classes), 0) {
  for (int c : labels_) ++class_size_.at(static_cast<std::size_t>(c));
  const int n = static_cast<int>(labels_.size());
  for (long decade = 1; decade < n; decade *= 10)
    for (long m : {1L, 2L, 5L})
      if (decade * m < n) cutoffs_.push_back(static_cast<int>(decade * m));
  cutoffs_.push_back(n);
  precision_sum_.assign(cutoffs_.size(), 0.0);
  recall_sum_.assign(cutoffs_.size(), 0.0);
}

void PrecisionRecall::add(const std::vector<int>& ranking, int query_label) {
  if (ranking.size() != labels_.size())
    throw ae::ShapeError("PrecisionRecall::add: a ranking of the whole database is needed");
  const int relevant_total = class_size_.at(static_cast<std::size_t>(query_label));
  int relevant = 0;
  std::size_t c = 0;
  for (std::size_t k = 1; k <= ranking.size() && c < cutoffs_.size(); ++k) {
    relevant += labels_[static_cast<std::size_t>(ranking[k - 1])] == query_label;
    if (static_cast<int>(k) == cutoffs_[c]) {
      precision_sum_[c] += static_cast<double>(relevant) / static_cast<double>(k);
      recall_sum_[c] += relevant_total > 0 ? static_cast<double>(relevant) / relevant_total : 0.0;
      ++c;
    }
  }
  ++queries_;
}

std::vector<double> PrecisionRecall::precision() const {
  std::vector<double> p(precision_sum_);
  for (double& v : p) v /= std::max(1, queries_);
  return p;
}

std::vector<double> PrecisionRecall::recall() const {
  std::vector<double> r(recall_sum_);
  for (double& v : r) v /= std::max(1, queries_);
  return r;
}

double PrecisionRecall::precision_at(int k) const {
  const auto it = std::find(cutoffs_.begin(), cutoffs_.end(), k);
  if (it == cutoffs_.end()) throw std::invalid_argument("PrecisionRecall: " + std::to_string(k) + " is not a cutoff");
  return precision_sum_[static_cast<std::size_t>(it - cutoffs_.begin())] / std::max(1, queries_);
}

}  // namespace ch14_9
