/// \file
/// \brief Headline numbers: every program collects them here, prints them as a table at the end, and with
/// `--metrics FILE` writes them as `name value` lines (atomically), the contract the tour and the tests read.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ae {

/// Notes that the run loaded a dataset, from the committed sample (data/sample/) or from the full data. Every
/// metrics file of a run that loaded one ends with `data_is_sample 1` (some dataset came from the sample) or
/// `data_is_sample 0`, so that a claim needing the full data can tell (claim_check --needs-full-data).
void note_data_source(bool is_sample);

/// \brief An ordered list of named numbers with a short description each.
class Metrics {
 public:
  /// Sets (or replaces) a metric.
  void set(const std::string& name, double value, const std::string& description = "");
  /// The value of a metric; throws std::out_of_range if absent.
  double get(const std::string& name) const;
  /// Whether a metric of that name has been set.
  bool has(const std::string& name) const;
  /// A readable table: name, value, description.
  void print(std::ostream& out) const;
  /// `name value` lines, full precision, written atomically (then `data_is_sample`, see note_data_source). No-op
  /// when path is empty.
  void write(const std::string& path) const;
  /// Prints the table to stdout, writes the file given by --metrics (if any), then names every output of the run
  /// (report_outputs: the figure folder and the metrics file, as absolute paths).
  void report(const std::string& path) const;

 private:
  struct Entry {
    std::string name;
    double value;
    std::string description;
  };
  std::vector<Entry> entries_;
};

}  // namespace ae
