// tour_summary MANIFEST METRICS_DIR: the table that ends the tour (./setup.sh). For every chapter claim listed in
// MANIFEST (build/claims/manifest.tsv: run, program, claim, words, needs full data) whose program left
// METRICS_DIR/PROGRAM.metrics and whose metrics that file holds, one row: program, the book's claim in a few
// words, our value, the threshold, and a check mark or a cross. A claim checked by several CTest runs of the same
// program is shown once; one that needs the full datasets, on a run that used the committed sample, is shown but
// not judged. Exits 0 when every shown claim holds, 1 when one does not, 2 on bad arguments.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "claim.hpp"

namespace {

// Display width of UTF-8 text (every code point counts one column: enough for the book's symbols).
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string pad(const std::string& s, std::size_t w) { return s + std::string(w > width(s) ? w - width(s) : 0, ' '); }

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

struct Row {
  std::string program, words, value, threshold;
  bool ok;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: tour_summary MANIFEST METRICS_DIR\n";
    return 2;
  }
  std::ifstream manifest(argv[1]);
  if (!manifest) {
    std::cerr << "tour_summary: cannot read " << argv[1] << "\n";
    return 2;
  }
  const std::filesystem::path dir(argv[2]);
  std::vector<Row> rows;
  std::set<std::string> seen;
  std::string line;
  while (std::getline(manifest, line)) {
    std::vector<std::string> f;
    std::istringstream ss(line);
    for (std::string field; std::getline(ss, field, '\t');) f.push_back(field);
    if (f.size() < 4) continue;
    const std::string& program = f[1];
    const std::string& text = f[2];
    if (!seen.insert(program + " " + text).second) continue;
    const auto m = claims::read_metrics((dir / (program + ".metrics")).string());
    const auto c = claims::parse(text);
    if (!m || !c) continue;
    const auto a = claims::operand(*m, c->lhs), b = claims::operand(*m, c->rhs);
    if (!a || !b) continue;  // a claim of another part of the program, which the tour did not run
    const auto sample = m->find("data_is_sample");
    if (f.size() > 4 && f[4] == "1" && sample != m->end() && sample->second != 0) {
      rows.push_back({program, f[3], number(*a), "not judged: needs the full data (./setup.sh fetches it)", true});
      continue;
    }
    std::string op = c->op == "<=" ? "≤" : c->op == ">=" ? "≥" : c->op == "==" ? "=" : c->op;
    // A threshold that is another metric shows that metric's value (the words say what it is).
    rows.push_back({program, f[3], number(*a), op + " " + (m->count(c->rhs) ? number(*b) : c->rhs),
                    claims::holds(*a, c->op, *b)});
  }
  if (rows.empty()) {
    std::cout << "(no claim could be checked: no metrics in " << dir.string() << ")\n";
    return 1;
  }
  std::size_t wp = width("program"), ww = width("the book's claim"), wv = width("ours"), wt = width("threshold");
  for (const Row& r : rows) {
    wp = std::max(wp, width(r.program));
    ww = std::max(ww, width(r.words));
    wv = std::max(wv, width(r.value));
    wt = std::max(wt, width(r.threshold));
  }
  const auto print = [&](const std::string& p, const std::string& w, const std::string& v, const std::string& t,
                         const std::string& mark) {
    std::cout << pad(p, wp) << "  " << pad(w, ww) << "  " << std::string(wv - width(v), ' ') << v << "  "
              << pad(t, wt) << "  " << mark << "\n";
  };
  print("program", "the book's claim", "ours", "threshold", "");
  std::cout << std::string(wp + ww + wv + wt + 9, '-') << "\n";
  int failed = 0;
  std::string last;
  for (const Row& r : rows) {
    print(r.program == last ? "" : r.program, r.words, r.value, r.threshold, r.ok ? "✓" : "✗");
    last = r.program;
    failed += !r.ok;
  }
  std::cout << "\n" << rows.size() - failed << " of " << rows.size() << " claims hold"
            << (failed ? "; ✗ marks the ones that do not" : "") << ".\n";
  return failed ? 1 : 0;
}
