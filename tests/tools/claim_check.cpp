// claim_check FILE CLAIM...: reads `name value` lines written by a program's --metrics flag and checks each
// claim ("metric<=0.5", "metric>other_metric"). Prints each comparison; exits 1 if any fails or is missing.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: claim_check METRICS_FILE 'name<=value' ...\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "claim_check: cannot read " << argv[1] << "\n";
    return 1;
  }
  std::map<std::string, double> m;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::string name;
    double v;
    if (ss >> name >> v) m[name] = v;
  }
  auto value = [&](const std::string& s, double& out) {
    if (auto it = m.find(s); it != m.end()) return out = it->second, true;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return !s.empty() && end && *end == '\0';
  };
  int failed = 0;
  for (int i = 2; i < argc; ++i) {
    const std::string c = argv[i];
    static const char* ops[] = {"<=", ">=", "==", "<", ">"};
    std::size_t at = std::string::npos;
    std::string op;
    for (const char* o : ops)
      if ((at = c.find(o)) != std::string::npos) {
        op = o;
        break;
      }
    double a, b;
    if (op.empty() || !value(c.substr(0, at), a) || !value(c.substr(at + op.size()), b)) {
      std::cerr << "FAIL " << c << ": metric missing from " << argv[1] << " or claim malformed\n";
      ++failed;
      continue;
    }
    const bool ok = op == "<=" ? a <= b : op == ">=" ? a >= b : op == "==" ? a == b : op == "<" ? a < b : a > b;
    std::cout << (ok ? "ok   " : "FAIL ") << c << "   (" << a << " " << op << " " << b << ")\n";
    failed += !ok;
  }
  return failed ? 1 : 0;
}
