/// \file
/// \brief Headline numbers: every program collects them here, prints them as a table at the end, and with
/// `--metrics FILE` writes them as `name value` lines (atomically), the contract the tour and the tests read.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ae {

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
  /// `name value` lines, full precision, written atomically. No-op when path is empty.
  void write(const std::string& path) const;
  /// Prints the table to stdout and writes the file given by --metrics (if any).
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
