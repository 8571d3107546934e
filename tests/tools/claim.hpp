// A chapter claim, as CTest and the tour check it: "metric<=0.5" or "metric>other_metric", read against the
// `name value` lines a program's --metrics flag writes. Shared by claim_check (one CTest test per claim) and
// tour_summary (the table at the end of ./setup.sh).
#pragma once

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

namespace claims {

/// The `name value` lines of a metrics file; nullopt when it cannot be read.
inline std::optional<std::map<std::string, double>> read_metrics(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::map<std::string, double> m;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::string name;
    double v;
    if (ss >> name >> v) m[name] = v;
  }
  return m;
}

/// A parsed claim: left operand, operator, right operand (each a metric name or a number).
struct Claim {
  std::string lhs, op, rhs;
};

/// Parses "a<=b"; nullopt when there is no operator or an operand is empty.
inline std::optional<Claim> parse(const std::string& text) {
  static const char* ops[] = {"<=", ">=", "==", "<", ">"};
  for (const char* o : ops)
    if (std::size_t at = text.find(o); at != std::string::npos) {
      Claim c{text.substr(0, at), o, text.substr(at + std::string(o).size())};
      if (c.lhs.empty() || c.rhs.empty()) return std::nullopt;
      return c;
    }
  return std::nullopt;
}

/// An operand's value: the metric of that name, else the number it spells; nullopt when it is neither.
inline std::optional<double> operand(const std::map<std::string, double>& m, const std::string& s) {
  if (auto it = m.find(s); it != m.end()) return it->second;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || !end || *end != '\0') return std::nullopt;
  return v;
}

/// Whether `a op b` holds.
inline bool holds(double a, const std::string& op, double b) {
  return op == "<=" ? a <= b : op == ">=" ? a >= b : op == "==" ? a == b : op == "<" ? a < b : a > b;
}

}  // namespace claims
