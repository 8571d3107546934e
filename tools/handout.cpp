// Finding the exercise regions, rewriting them for a handout, and writing HANDOUT.md.
#include "handout.hpp"

#include <algorithm>
#include <regex>
#include <sstream>
#include <tuple>

namespace handout {

namespace {

constexpr const char* kBegin = "// BEGIN EXERCISE";
constexpr const char* kElse = "// ELSE";
constexpr const char* kEnd = "// END EXERCISE";

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t b = 0;
  while (b < text.size()) {
    std::size_t e = text.find('\n', b);
    if (e == std::string::npos) e = text.size();
    lines.push_back(text.substr(b, e - b));
    b = e + 1;
  }
  return lines;
}

std::string trim(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string where(const std::string& file, int line) { return file + ":" + std::to_string(line); }

}  // namespace

bool is_code_file(const std::string& path) {
  for (const char* ext : {".cpp", ".hpp", ".h", ".cc"})
    if (path.ends_with(ext)) return true;
  return false;
}

std::vector<Region> find_regions(const std::string& file, const std::string& text) {
  static const std::regex name_re(R"((14\.[1-9]|common)-[a-z0-9]+(-[a-z0-9]+)*)");
  const std::vector<std::string> lines = split_lines(text);
  std::vector<Region> out;
  Region cur;
  enum { outside, solution, stub } state = outside;
  for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
    const std::string t = trim(lines[i]);
    const int ln = i + 1;
    if (t.rfind(kBegin, 0) == 0) {
      if (state != outside)
        throw MarkerError(where(file, ln) + ": BEGIN EXERCISE inside exercise " + cur.name + " (begun at line " +
                          std::to_string(cur.begin) + ", no END EXERCISE before this line)");
      const std::string name = trim(t.substr(std::string(kBegin).size()));
      std::smatch m;
      if (!std::regex_match(name, m, name_re))
        throw MarkerError(where(file, ln) + ": bad exercise name '" + name +
                          "' (expected SECTION-words, e.g. 14.2-laplace-prior or common-gemm-microkernel)");
      cur = Region{};
      cur.name = name;
      cur.section = m[1].str();
      cur.file = file;
      cur.begin = ln;
      cur.indent = lines[i].substr(0, lines[i].find_first_not_of(" \t"));
      state = solution;
    } else if (t == kElse) {
      if (state != solution)
        throw MarkerError(where(file, ln) + ": ELSE " +
                          (state == outside ? "outside any exercise" : "given twice in exercise " + cur.name));
      state = stub;
    } else if (t.rfind(kEnd, 0) == 0) {
      if (state == outside) throw MarkerError(where(file, ln) + ": END EXERCISE without BEGIN EXERCISE");
      if (state == solution)
        throw MarkerError(where(file, ln) + ": exercise " + cur.name + " has no ELSE (its stub) before END EXERCISE");
      if (cur.solution.empty()) throw MarkerError(where(file, cur.begin) + ": exercise " + cur.name + " is empty");
      if (cur.stub.empty()) throw MarkerError(where(file, cur.begin) + ": exercise " + cur.name + " has an empty stub");
      cur.end = ln;
      out.push_back(cur);
      state = outside;
    } else if (state == solution) {
      cur.solution.push_back(lines[i]);
    } else if (state == stub) {
      if (t.empty()) {
        cur.stub.push_back("");
        continue;
      }
      if (t.rfind("//", 0) != 0)
        throw MarkerError(where(file, ln) + ": the stub of exercise " + cur.name +
                          " must be commented out (lines starting with //) between ELSE and END EXERCISE");
      const std::size_t at = lines[i].find("//");
      std::string code = lines[i].substr(at + 2);
      if (!code.empty() && code[0] == ' ') code.erase(0, 1);
      cur.stub.push_back(lines[i].substr(0, at) + code);
    }
  }
  if (state != outside)
    throw MarkerError(where(file, cur.begin) + ": exercise " + cur.name + " has no END EXERCISE");
  return out;
}

void check_unique(const std::vector<Region>& regions) {
  for (std::size_t i = 0; i < regions.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (regions[i].name == regions[j].name)
        throw MarkerError(where(regions[i].file, regions[i].begin) + ": exercise " + regions[i].name +
                          " is defined twice (first at " + where(regions[j].file, regions[j].begin) + ")");
}

std::string rewrite(const std::string& text, const std::vector<Region*>& regions, const std::set<std::string>& chosen) {
  const std::vector<std::string> lines = split_lines(text);
  bool any_stub = false;
  for (const Region* r : regions) any_stub |= chosen.count(r->name) > 0;
  const bool add_include = any_stub && text.find(kInclude) == std::string::npos;
  std::vector<std::string> out;
  bool included = !add_include;
  std::size_t next = 0;  // the next region, in order
  for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
    if (next < regions.size() && i + 1 == regions[next]->begin) {
      Region& r = *regions[next++];
      if (chosen.count(r.name)) {
        r.out_begin = static_cast<int>(out.size()) + 1;
        out.push_back(r.indent + kBegin + " " + r.name);
        out.insert(out.end(), r.stub.begin(), r.stub.end());
        out.push_back(r.indent + kEnd);
        r.out_end = static_cast<int>(out.size());
      } else {
        out.insert(out.end(), r.solution.begin(), r.solution.end());
      }
      i = r.end - 1;
      continue;
    }
    out.push_back(lines[i]);
    if (!included && trim(lines[i]).rfind("#include", 0) == 0) {
      out.push_back(kInclude);
      included = true;
    }
  }
  if (!included) {  // no include at all: put it first, which moves every region down one line
    out.insert(out.begin(), kInclude);
    for (Region* r : regions)
      if (chosen.count(r->name)) ++r->out_begin, ++r->out_end;
  }
  std::string s;
  for (std::size_t i = 0; i < out.size(); ++i) s += out[i] + (i + 1 < out.size() || text.ends_with('\n') ? "\n" : "");
  return s;
}

std::string find_leak(const std::vector<Region>& stubbed, const std::map<std::string, std::string>& repo,
                      const std::map<std::string, std::string>& handout) {
  for (const Region& r : stubbed)
    for (const std::string& line : r.solution) {
      const std::string t = trim(line);
      if (t.size() < 16 || t.rfind("//", 0) == 0) continue;
      // A line the stub repeats as it stands (a declaration the rest of the function needs) is not a leak.
      if (std::any_of(r.stub.begin(), r.stub.end(), [&](const std::string& s) { return trim(s) == t; })) continue;
      // Distinctive: nowhere in the repository outside this region (its stub included).
      bool elsewhere = false;
      for (const auto& [f, text] : repo) {
        if (f != r.file) {
          elsewhere = elsewhere || text.find(t) != std::string::npos;
          continue;
        }
        const std::vector<std::string> lines = split_lines(text);
        for (int i = 0; i < static_cast<int>(lines.size()) && !elsewhere; ++i)
          elsewhere = (i + 1 < r.begin || i + 1 > r.end) && lines[i].find(t) != std::string::npos;
      }
      if (elsewhere) continue;
      for (const auto& [f, text] : handout)
        if (text.find(t) != std::string::npos)
          return "the solution of exercise " + r.name + " would be left in the handout's " + f + ": '" + t + "'";
    }
  return "";
}

namespace {

/// The README line that names the exercise (`NAME` or `... grade NAME`), and, if it says "exercise N", the numbered
/// exercise N of the same README.
std::string readme_text(const Region& r, const std::map<std::string, std::string>& repo, std::string* readme,
                        int* line = nullptr) {
  const std::string key = "`" + r.name + "`", command = "grade " + r.name + "`";
  for (const auto& [f, text] : repo) {
    if (!f.ends_with("README.md")) continue;
    const std::vector<std::string> lines = split_lines(text);
    for (std::size_t n = 0; n < lines.size(); ++n) {
      const std::string& l = lines[n];
      if (l.find(key) == std::string::npos && l.find(command) == std::string::npos) continue;
      *readme = f;
      if (line) *line = static_cast<int>(n);
      std::string s = trim(l);
      if (s.rfind("- ", 0) == 0) s = s.substr(2);
      if (const std::string lead = "`build/bin/grade " + r.name + "`: "; s.rfind(lead, 0) == 0) s = s.substr(lead.size());
      std::smatch m;
      static const std::regex ref(R"(exercise (\d+))");
      if (!std::regex_search(s, m, ref)) return s + "\n";
      const std::string item = m[1].str() + ". ";
      std::string body;
      for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].rfind(item, 0) != 0) continue;
        body = lines[i] + "\n";
        for (std::size_t j = i + 1; j < lines.size() && lines[j].rfind("   ", 0) == 0; ++j) body += lines[j] + "\n";
        break;
      }
      return s + "\n\n" + (body.empty() ? "" : "> " + std::regex_replace(body, std::regex("\n(?!$)"), "\n> "));
    }
  }
  return "";
}

std::string section_title(const std::string& section, const std::map<std::string, std::string>& repo) {
  if (section == "common") return "The shared library (common/)";
  for (const auto& [f, text] : repo)
    if (f.rfind("chapters/" + section + "-", 0) == 0 && f.ends_with("/README.md")) {
      const std::string first = split_lines(text).empty() ? "" : split_lines(text)[0];
      return first.rfind("# ", 0) == 0 ? first.substr(2) : section;
    }
  return section;
}

}  // namespace

std::string handout_md(const std::vector<Region>& stubbed, const std::map<std::string, std::string>& repo) {
  std::vector<Region> rs = stubbed;
  // By section (the library's last), then in the order of the README's list.
  auto key = [&](const Region& r) {
    std::string readme;
    int line = 1 << 30;
    readme_text(r, repo, &readme, &line);
    return std::tuple(r.section == "common" ? "z" : r.section, line, r.name);
  };
  std::stable_sort(rs.begin(), rs.end(), [&](const Region& a, const Region& b) { return key(a) < key(b); });
  std::ostringstream o;
  o << "# Exercises\n\n"
    << "This folder is a student version of the companion code: " << rs.size()
    << " pieces of it are left for you to write. Each one is a region of the code between `// BEGIN EXERCISE name` "
       "and `// END EXERCISE`, holding a stub that throws `ae::NotImplemented`. Replace the stub with your code; "
       "leave the two marker lines in place.\n\n"
    << "Build the tests and grade your work:\n\n"
    << "```\ncmake -S . -B build -DCMAKE_BUILD_TYPE=Release\ncmake --build build -j2 --target exercises\n"
    << "build/bin/grade            # one line per exercise, then the totals\n"
    << "build/bin/grade NAME       # one exercise\n"
    << "build/bin/grade --json     # the same, as JSON\n```\n\n"
    << "Each test checks what your code does (gradients against finite differences, properties the book states, "
       "values computed another way), not how it is written. The rest of the project (the chapter programs, "
       "`ctest -L unit`) runs on your code as well, and fails where it reaches a stub.\n";
  std::string section;
  for (const Region& r : rs) {
    if (r.section != section) {
      section = r.section;
      o << "\n## " << section_title(section, repo) << "\n";
    }
    std::string readme;
    const std::string text = readme_text(r, repo, &readme);
    o << "\n### `" << r.name << "`\n\n"
      << "In `" << r.file << "`, line " << r.out_begin << ". Grade: `build/bin/grade " << r.name << "`.\n";
    if (!text.empty()) o << "\nFrom `" << readme << "`: " << text;
  }
  return o.str();
}

}  // namespace handout
