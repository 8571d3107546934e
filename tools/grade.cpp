// grade: runs the exercise tests (ctest -L exercise) of a build folder and prints one line per exercise, pass or
// fail with the reason, then "N passed, N failed"; --json prints the same as one JSON object, --junit keeps
// CTest's JUnit XML for a course's grading system. Exit status: 0 all passed, 1 some failed, 2 bad usage or no
// exercise tests found.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const char* const kUsage =
    "usage: grade [--build-dir DIR] [--json] [--junit FILE] [EXERCISE...]\n"
    "Runs `ctest -L exercise` in the build folder DIR (default: the one this program is in) and prints one line\n"
    "per exercise (PASS, or FAIL and the reason) and the totals. EXERCISE names limit the run to those.\n"
    "  --json        print the result as JSON: {\"exercises\": [{\"name\", \"passed\", \"reason\"}], \"passed\", \"failed\"}\n"
    "  --junit FILE  also write CTest's JUnit XML report to FILE\n";

struct Result {
  std::string name, reason;
  bool passed = false;
};

std::string unescape_xml(const std::string& s) {
  std::string o;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      o += s[i];
      continue;
    }
    const std::size_t semi = s.find(';', i);
    if (semi == std::string::npos) {
      o += s[i];
      continue;
    }
    const std::string e = s.substr(i + 1, semi - i - 1);
    if (e == "lt") o += '<';
    else if (e == "gt") o += '>';
    else if (e == "amp") o += '&';
    else if (e == "quot") o += '"';
    else if (e == "apos") o += '\'';
    else if (!e.empty() && e[0] == '#') o += static_cast<char>(std::strtol(e.c_str() + (e[1] == 'x' ? 2 : 1), nullptr, e[1] == 'x' ? 16 : 10));
    else o += "&" + e + ";";
    i = semi;
  }
  return o;
}

std::string attribute(const std::string& tag, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const std::size_t b = tag.find(key);
  if (b == std::string::npos) return "";
  const std::size_t e = tag.find('"', b + key.size());
  return unescape_xml(tag.substr(b + key.size(), e - b - key.size()));
}

std::string trim(std::string s) {
  const std::size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

/// Why a failed test failed, in one line, from its output (doctest's report).
std::string reason_of(const std::string& exercise, const std::string& out, const std::string& failure) {
  static const std::regex not_impl(R"(not implemented: exercise ([^ ]+))");
  std::smatch m;
  if (std::regex_search(out, m, not_impl))
    return m[1].str() == exercise ? "not implemented (the stub still throws ae::NotImplemented)"
                                  : "reaches the stub of exercise " + m[1].str();
  // doctest's first failure: "file:line: ERROR: CHECK( ... ) is NOT correct!", "values: CHECK( ... )", then
  // "logged: " with the CAPTUREd values and, last, the test's own message, one per line.
  std::istringstream in(out);
  std::string line, check, values;
  std::vector<std::string> logged;
  bool in_logged = false;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (check.empty()) {
      if (const std::size_t at = t.find("ERROR: "); at != std::string::npos) check = t.substr(at + 7);
      continue;
    }
    if (t.rfind("values: ", 0) == 0) {
      values = t.substr(8);
    } else if (t.rfind("logged: ", 0) == 0) {
      logged.push_back(t.substr(8));
      in_logged = true;
    } else if (in_logged && !t.empty() && t.rfind("===", 0) != 0) {
      logged.push_back(t);
    } else if (t.empty() || t.rfind("===", 0) == 0) {
      break;
    }
  }
  if (check.rfind("test case THREW exception: ", 0) == 0) return "threw: " + check.substr(27);
  if (!check.empty()) {
    if (logged.empty()) return check + (values.empty() ? "" : " [" + values + "]");
    std::string r = logged.back(), context;
    for (std::size_t i = 0; i + 1 < logged.size(); ++i) context += (i ? ", " : "") + logged[i];
    return context.empty() ? r : r + " (" + context + ")";
  }
  if (out.find("Could not find executable") != std::string::npos || out.find("Not Run") != std::string::npos)
    return "not built (cmake --build build --target exercises)";
  return failure.empty() ? "failed (no message; run ctest -R exercise." + exercise + " -V)" : failure;
}

std::string json_string(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') o += '\\', o += static_cast<char>(c);
    else if (c == '\n') o += "\\n";
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      o += buf;
    } else o += static_cast<char>(c);
  }
  return o + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  fs::path build;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) build = self.parent_path().parent_path();  // build/bin/grade
  bool json = false;
  std::string junit;
  std::vector<std::string> names;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--json") {
      json = true;
    } else if (a == "--build-dir" || a == "--junit") {
      if (i + 1 == argc) {
        std::cerr << "grade: " << a << " needs a value\n" << kUsage;
        return 2;
      }
      if (a == "--junit") junit = argv[++i];
      else build = argv[++i];
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "grade: unknown option " << a << "\n" << kUsage;
      return 2;
    } else if (!std::regex_match(a, std::regex(R"([0-9a-z.-]+)"))) {
      std::cerr << "grade: bad exercise name '" << a << "'\n";
      return 2;
    } else {
      names.push_back(a);
    }
  }
  if (!fs::exists(build / "CTestTestfile.cmake")) {
    std::cerr << "grade: " << build.string() << " is not a configured build folder (--build-dir DIR)\n";
    return 2;
  }
  const fs::path xml = build / ("grade_junit_" + std::to_string(getpid()) + ".xml");
  std::string cmd = "ctest --test-dir '" + build.string() + "' -L exercise --timeout 600 --output-junit '" +
                    xml.string() + "'";
  if (!names.empty()) {
    std::string re = "^exercise\\.(";
    for (std::size_t i = 0; i < names.size(); ++i)
      re += (i ? "|" : "") + std::regex_replace(names[i], std::regex(R"(\.)"), "\\.");
    cmd += " -R '" + re + ")$'";
  }
  cmd += " > '" + (build / "grade_ctest.log").string() + "' 2>&1";
  const int status = std::system(cmd.c_str());
  (void)status;  // ctest fails when a test does; the report says which
  std::ifstream in(xml);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string report = ss.str();
  if (!junit.empty()) {
    std::ofstream out(junit);
    out << report;
    if (!out) {
      std::cerr << "grade: cannot write " << junit << "\n";
      return 2;
    }
  }
  fs::remove(xml, ec);

  std::vector<Result> results;
  for (std::size_t at = report.find("<testcase "); at != std::string::npos; at = report.find("<testcase ", at + 1)) {
    const std::size_t tag_end = report.find('>', at);
    const std::string tag = report.substr(at, tag_end - at);
    const std::size_t close = report.find("</testcase>", at);
    const std::string body = report.substr(tag_end + 1, close == std::string::npos ? 0 : close - tag_end - 1);
    Result r;
    r.name = attribute(tag, "name");
    if (r.name.rfind("exercise.", 0) == 0) r.name = r.name.substr(9);
    const std::string status_attr = attribute(tag, "status");
    r.passed = status_attr == "run" && body.find("<failure") == std::string::npos;
    if (!r.passed) {
      std::string out;
      if (const std::size_t b = body.find("<system-out>"); b != std::string::npos)
        out = unescape_xml(body.substr(b + 12, body.find("</system-out>") - b - 12));
      std::string failure;
      if (const std::size_t f = body.find("<failure"); f != std::string::npos)
        failure = attribute(body.substr(f, body.find('>', f) - f), "message");
      if (status_attr == "notrun" || status_attr == "disabled") out += "\nNot Run";
      r.reason = reason_of(r.name, out, failure);
    }
    results.push_back(r);
  }
  for (const std::string& n : names)
    if (std::none_of(results.begin(), results.end(), [&](const Result& r) { return r.name == n; }))
      results.push_back({n, "no exercise test of this name (ctest -N -L exercise lists them)", false});
  if (results.empty()) {
    std::cerr << "grade: no exercise tests in " << build.string() << " (see " << (build / "grade_ctest.log").string()
              << ")\n";
    return 2;
  }
  int passed = 0;
  for (const Result& r : results) passed += r.passed;
  const int failed = static_cast<int>(results.size()) - passed;
  if (json) {
    std::cout << "{\"exercises\": [";
    for (std::size_t i = 0; i < results.size(); ++i)
      std::cout << (i ? ", " : "") << "{\"name\": " << json_string(results[i].name)
                << ", \"passed\": " << (results[i].passed ? "true" : "false")
                << ", \"reason\": " << json_string(results[i].reason) << "}";
    std::cout << "], \"passed\": " << passed << ", \"failed\": " << failed << "}\n";
  } else {
    for (const Result& r : results)
      std::cout << (r.passed ? "PASS  " : "FAIL  ") << r.name << (r.passed ? "" : ": " + r.reason) << "\n";
    std::cout << passed << " passed, " << failed << " failed\n";
  }
  return failed ? 1 : 0;
}
