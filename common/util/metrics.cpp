#include "util/metrics.hpp"

#include <atomic>
#include <iomanip>
#include <iostream>
#include <stdexcept>

#include "util/files.hpp"
#include "util/outputs.hpp"

namespace ae {

namespace {
// -1: no dataset loaded; 0: only full data; 1: some dataset came from the committed sample.
std::atomic<int> data_source{-1};
}  // namespace

void note_data_source(bool is_sample) {
  if (is_sample)
    data_source = 1;
  else {
    int none = -1;
    data_source.compare_exchange_strong(none, 0);
  }
}

void Metrics::set(const std::string& name, double value, const std::string& description) {
  for (Entry& e : entries_)
    if (e.name == name) {
      e.value = value;
      if (!description.empty()) e.description = description;
      return;
    }
  entries_.push_back({name, value, description});
}

double Metrics::get(const std::string& name) const {
  for (const Entry& e : entries_)
    if (e.name == name) return e.value;
  throw std::out_of_range("no metric named " + name);
}

bool Metrics::has(const std::string& name) const {
  for (const Entry& e : entries_)
    if (e.name == name) return true;
  return false;
}

void Metrics::print(std::ostream& out) const {
  std::size_t w = 6;
  for (const Entry& e : entries_) w = std::max(w, e.name.size());
  out << "\n"
      << std::left << std::setw(static_cast<int>(w)) << "metric"
      << "  " << std::right << std::setw(12) << "value"
      << "  meaning\n"
      << std::string(w + 16 + 30, '-') << "\n";
  for (const Entry& e : entries_)
    out << std::left << std::setw(static_cast<int>(w)) << e.name << "  " << std::right << std::setw(12)
        << std::setprecision(5) << e.value << "  " << e.description << "\n";
}

void Metrics::write(const std::string& path) const {
  if (path.empty()) return;
  write_file_atomic(path, [this](std::ostream& out) {
    out << std::setprecision(9);
    for (const Entry& e : entries_) out << e.name << " " << e.value << "\n";
    if (data_source >= 0 && !has("data_is_sample")) out << "data_is_sample " << data_source << "\n";
  });
}

void Metrics::report(const std::string& path) const {
  print(std::cout);
  write(path);
  if (!path.empty()) note_output("metrics", path);
  report_outputs(std::cout);
}

}  // namespace ae
