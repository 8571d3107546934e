// Section 14.9: retrieval with binary codes. A code of up to 64 bits is one integer; the Hamming distance of two
// codes is the popcount of their XOR. A hash table from code to items answers "everything within Hamming distance
// r of the query" by probing the query's code with at most r bits flipped: sum_{d<=r} C(bits, d) look-ups,
// independent of the number of items stored. Baselines: random-hyperplane LSH codes with the same table, and the
// exact nearest neighbours in pixel space by a linear scan.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "data/datasets.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ch14_9 {

using Code = std::uint64_t;

/// The code of each row of h (N, bits), bits <= 64: bit j is set when h(n, j) > threshold.
std::vector<Code> binary_codes(const ae::Tensor& h, float threshold);

/// Fraction of the entries of h (sigmoid outputs) that are saturated: below 0.1 or above 0.9.
double saturated_fraction(const ae::Tensor& h);

/// Precision of retrieved lists: the fraction of retrieved[q]'s items whose label db_labels[i] equals
/// query_labels[q], averaged over queries.
double same_class_fraction(const std::vector<std::vector<int>>& retrieved, const std::vector<int>& db_labels,
                           const std::vector<int>& query_labels);

/// \brief Random-hyperplane LSH (Charikar 2002): bit j is \f$[w_j^\top (x - \mu) > 0]\f$ with \f$w_j \sim
/// \mathcal N(0, I)\f$, so two images agree on a bit with probability 1 - angle/pi between x - mu and x' - mu.
struct RandomHyperplanes {
  ae::Tensor mean;  ///< (1, D): hyperplanes pass through the data mean, not the origin (pixels are all >= 0)
  ae::Tensor W;     ///< (D, bits)
  RandomHyperplanes(const ae::Tensor& mean, int bits, ae::Rng& rng);
  /// Codes of every image of `set`.
  std::vector<Code> codes(const ae::ImageSet& set) const;
};

/// \brief A hash table from code to the items (indices) that have it.
class HashTable {
 public:
  HashTable(std::vector<Code> codes, int bits);
  /// Every item within Hamming distance r of q, ordered by (distance, index), found by probing all codes that
  /// differ from q in at most r bits.
  std::vector<int> within(Code q, int r) const;
  /// The k items nearest to q, ordered by (distance, index): Hamming balls of growing radius while the next
  /// shell costs fewer probes than there are items, otherwise a linear scan of the codes (which is then cheaper).
  /// `from_table` (optional) tells which of the two answered.
  std::vector<int> nearest(Code q, int k, bool* from_table = nullptr) const;
  const std::vector<Code>& codes() const { return codes_; }
  int bits() const { return bits_; }
  std::size_t num_buckets() const { return buckets_.size(); }

 private:
  /// Appends the items of every bucket whose code is q with exactly `flips` more bits flipped among [first, bits).
  void probe_shell(Code q, int first, int flips, std::vector<int>& out) const;
  std::unordered_map<Code, std::vector<int>> buckets_;
  std::vector<Code> codes_;
  int bits_;
};

/// All items ranked by Hamming distance to q (a counting sort over distances 0..64; ties keep index order):
/// the linear scan every table answer is checked against.
std::vector<int> hamming_ranking(const std::vector<Code>& codes, Code q, int k = -1);

/// Squared Euclidean distances, in units of (1/255)^2, from `query` (784 bytes) to every image of `db`: the exact
/// linear scan in pixel space, on the bytes as stored.
std::vector<std::int32_t> pixel_distances(const ae::ImageSet& db, const std::uint8_t* query);
/// Indices of the k smallest distances, ordered by (distance, index); k = -1: all of them.
std::vector<int> smallest(const std::vector<std::int32_t>& dist, int k = -1);

/// \brief Precision and recall of ranked retrieval, averaged over queries, at a fixed list of cutoffs k:
/// precision(k) = relevant among the first k / k, recall(k) = relevant among the first k / all relevant, where
/// an item is relevant when it has the query's class.
class PrecisionRecall {
 public:
  PrecisionRecall(const std::vector<int>& db_labels, int num_classes);
  /// Adds one query's full ranking of the database.
  void add(const std::vector<int>& ranking, int query_label);
  const std::vector<int>& cutoffs() const { return cutoffs_; }
  std::vector<double> precision() const;
  std::vector<double> recall() const;
  /// Mean precision among the first k (k must be one of the cutoffs).
  double precision_at(int k) const;

 private:
  std::vector<int> labels_, class_size_, cutoffs_;
  std::vector<double> precision_sum_, recall_sum_;
  int queries_ = 0;
};

}  // namespace ch14_9
