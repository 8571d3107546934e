// claim_check [--needs-full-data] FILE CLAIM...: reads `name value` lines written by a program's --metrics flag
// and checks each claim ("metric<=0.5", "metric>other_metric"). Prints each comparison; exits 1 if any fails or
// is missing. With --needs-full-data, a run made on the committed sample (its metrics say data_is_sample 1)
// is not judged: the claim needs more data than the sample holds, and the test reports itself skipped (77).
#include <iostream>
#include <string>

#include "claim.hpp"

int main(int argc, char** argv) {
  int first = 1;
  bool needs_full_data = false;
  if (argc > 1 && std::string(argv[1]) == "--needs-full-data") needs_full_data = true, ++first;
  if (argc < first + 2) {
    std::cerr << "usage: claim_check [--needs-full-data] METRICS_FILE 'name<=value' ...\n";
    return 2;
  }
  const std::string file = argv[first];
  const auto m = claims::read_metrics(file);
  if (!m) {
    std::cerr << "claim_check: cannot read " << file << "\n";
    return 1;
  }
  if (needs_full_data) {
    const auto it = m->find("data_is_sample");
    if (it != m->end() && it->second != 0) {
      std::cout << "SKIPPED: this claim needs the full datasets, and the run used the committed sample in "
                   "data/sample/ (run ./setup.sh to obtain the data)\n";
      return 77;
    }
  }
  int failed = 0;
  for (int i = first + 1; i < argc; ++i) {
    const std::string text = argv[i];
    const auto c = claims::parse(text);
    const auto a = c ? claims::operand(*m, c->lhs) : std::nullopt;
    const auto b = c ? claims::operand(*m, c->rhs) : std::nullopt;
    if (!a || !b) {
      std::cerr << "FAIL " << text << ": metric missing from " << file << " or claim malformed\n";
      ++failed;
      continue;
    }
    const bool ok = claims::holds(*a, c->op, *b);
    std::cout << (ok ? "ok   " : "FAIL ") << text << "   (" << *a << " " << c->op << " " << *b << ")\n";
    failed += !ok;
  }
  return failed ? 1 : 0;
}
