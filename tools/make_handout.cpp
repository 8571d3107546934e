// make_handout: writes a student handout of this repository, every exercise region replaced by its stub.
//
// An exercise region, in a .cpp or .hpp file (one syntax for the whole project):
//     // BEGIN EXERCISE 14.2-laplace-prior
//     ...the solution, compiled in the repository...
//     // ELSE
//     // ...the stub, commented out here, uncommented in the handout (it throws ae::NotImplemented)...
//     // END EXERCISE
// The handout is a plain folder (or a .tar.gz) with the repository's files (git ls-files; no .git), each chosen
// region replaced by `// BEGIN EXERCISE name`, the stub, `// END EXERCISE`, and a HANDOUT.md listing the exercises
// with their README text and grading command. Exit status: 0 done, 2 bad usage, bad markers, a solution that would
// leak into the handout or (with --check-build) a stub that does not compile, 1 an I/O failure.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "handout.hpp"

namespace fs = std::filesystem;
using namespace handout;

namespace {

const char* const kUsage =
    "usage: make_handout [--source DIR] [--tar] [--check-build] [--force] OUT [EXERCISE...]\n"
    "       make_handout [--source DIR] --list\n"
    "Writes a student handout of the repository DIR (default: the one this program was built from) to the folder\n"
    "OUT (or, with --tar, the archive OUT.tar.gz), every exercise region (or only the EXERCISEs named) replaced by\n"
    "its stub, and OUT/HANDOUT.md listing the exercises and how to grade them.\n"
    "  --list         print the exercises (name, file:line) and exit\n"
    "  --check-build  build the handout's exercise tests (cmake, ccache if installed); exit 2 if a stub does not\n"
    "                 compile, naming its exercise\n"
    "  --force        replace OUT if it exists\n";

int usage_error(const std::string& msg) {
  std::cerr << "make_handout: " << msg << "\n" << kUsage;
  return 2;
}

std::string run_capture(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) {
    *status = -1;
    return out;
  }
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  *status = pclose(p);
  return out;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// The repository's files, relative to root: git's list (tracked plus untracked, not ignored) when root is a git
/// work tree, otherwise every regular file outside .git and build*.
std::vector<std::string> list_files(const fs::path& root) {
  std::vector<std::string> files;
  int status = 0;
  const std::string out = run_capture("git -C " + quote(root.string()) +
                                          " ls-files -z --cached --others --exclude-standard 2>/dev/null",
                                      &status);
  if (status == 0 && !out.empty()) {
    std::set<std::string> seen;
    for (std::size_t b = 0, e; b < out.size(); b = e + 1) {
      e = out.find('\0', b);
      if (e == std::string::npos) e = out.size();
      const std::string f = out.substr(b, e - b);
      if (!f.empty() && fs::is_regular_file(fs::symlink_status(root / f)) && seen.insert(f).second) files.push_back(f);
    }
    return files;
  }
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name == ".git" || (it.depth() == 0 && name.rfind("build", 0) == 0))) {
      it.disable_recursion_pending();
      continue;
    }
    if (fs::is_regular_file(it->symlink_status())) files.push_back(fs::relative(it->path(), root).string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << text;
  f.close();
  return static_cast<bool>(f);
}

/// Builds the handout's exercise tests; on a compile error, names the stubbed region it falls in.
int check_build(const fs::path& out, const std::vector<Region>& stubbed) {
  const fs::path build = out / "build";
  fs::create_directories(build);
  const std::string launcher =
      std::system("command -v ccache >/dev/null 2>&1") == 0 ? " -DCMAKE_CXX_COMPILER_LAUNCHER=ccache" : "";
  const std::string env = "CCACHE_BASEDIR=" + quote(out.string()) + " ";
  const std::string log = (build / "check_build.log").string();
  const std::string configure = env + "cmake -S " + quote(out.string()) + " -B " + quote(build.string()) +
                                " -DCMAKE_BUILD_TYPE=Release" + launcher + " > " + quote(log) + " 2>&1";
  const std::string compile = env + "cmake --build " + quote(build.string()) + " -j2 --target exercises >> " +
                              quote(log) + " 2>&1";
  std::cout << "make_handout: building the handout's exercise tests in " << build.string() << "\n" << std::flush;
  if (std::system(configure.c_str()) != 0) {
    std::cerr << "make_handout: the handout does not configure (cmake): see " << log << "\n";
    return 2;
  }
  if (std::system(compile.c_str()) == 0) return 0;
  std::ifstream f(log);
  const std::regex error_line(R"(^(.+?):(\d+):(?:\d+:)? (?:fatal )?error: (.*)$)");
  std::string line, first;
  while (std::getline(f, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, error_line)) continue;
    if (first.empty()) first = line;
    fs::path p = m[1].str();
    if (p.is_relative()) p = build / p;  // compilers report paths relative to their build folder
    std::error_code ec;
    const fs::path rel = fs::relative(fs::weakly_canonical(p, ec), fs::weakly_canonical(out, ec), ec);
    const int ln = std::stoi(m[2].str());
    for (const Region& r : stubbed)
      if (rel.string() == r.file && ln >= r.out_begin && ln <= r.out_end) {
        std::cerr << "make_handout: the stub of exercise " << r.name << " (" << r.file << ":" << r.out_begin
                  << ") does not compile: " << m[3].str() << "\n  (full log: " << log << ")\n";
        return 2;
      }
  }
  std::cerr << "make_handout: the handout does not build" << (first.empty() ? "" : ": " + first) << "\n  (full log: "
            << log << ")\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path source = AE_SOURCE_DIR, out;
  bool tar = false, list = false, build = false, force = false;
  std::vector<std::string> wanted;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--source") {
      if (++i == argc) return usage_error("--source needs a folder");
      source = argv[i];
    } else if (a == "--tar") {
      tar = true;
    } else if (a == "--list") {
      list = true;
    } else if (a == "--check-build") {
      build = true;
    } else if (a == "--force") {
      force = true;
    } else if (a.rfind("--", 0) == 0) {
      return usage_error("unknown option " + a);
    } else if (out.empty() && !list) {
      out = a;
    } else {
      wanted.push_back(a);
    }
  }
  if (!fs::is_directory(source)) return usage_error("no repository at " + source.string());
  if (!list && out.empty()) return usage_error("no OUT folder given");
  if (tar && build) return usage_error("--check-build needs a folder, not --tar");

  // Read every file and find the regions.
  const std::vector<std::string> files = list_files(source);
  std::map<std::string, std::string> text;  // file -> contents
  std::vector<Region> regions;
  try {
    for (const std::string& f : files) {
      std::ifstream in(source / f, std::ios::binary);
      if (!in) throw std::runtime_error("cannot read " + (source / f).string());
      std::ostringstream s;
      s << in.rdbuf();
      text[f] = s.str();
      if (is_code_file(f))
        for (Region& r : find_regions(f, text[f])) regions.push_back(std::move(r));
    }
    check_unique(regions);
  } catch (const MarkerError& e) {
    std::cerr << "make_handout: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "make_handout: " << e.what() << "\n";
    return 1;
  }
  if (list) {
    for (const Region& r : regions) std::cout << r.name << " " << r.file << ":" << r.begin << "\n";
    return 0;
  }
  std::set<std::string> chosen;
  for (const std::string& w : wanted) {
    if (std::none_of(regions.begin(), regions.end(), [&](const Region& r) { return r.name == w; }))
      return usage_error("no exercise named " + w + " (make_handout --list shows them)");
    chosen.insert(w);
  }
  if (chosen.empty())
    for (const Region& r : regions) chosen.insert(r.name);

  // Rewrite the files that hold regions; check that no stubbed solution survives anywhere.
  std::map<std::string, std::string> written = text;
  std::vector<Region> stubbed;
  for (auto& [f, t] : written) {
    std::vector<Region*> in_file;
    for (Region& r : regions)
      if (r.file == f) in_file.push_back(&r);
    if (in_file.empty()) continue;
    t = rewrite(t, in_file, chosen);
    for (Region* r : in_file)
      if (chosen.count(r->name)) stubbed.push_back(*r);
  }
  if (const std::string leak = find_leak(stubbed, text, written); !leak.empty()) {
    std::cerr << "make_handout: " << leak << "\n";
    return 2;
  }
  written["HANDOUT.md"] = handout_md(stubbed, text);

  // Write to OUT.partial, then rename (or pack).
  const fs::path final_path = tar ? fs::path(out.string() + (out.string().ends_with(".tar.gz") ? "" : ".tar.gz")) : out;
  std::string top = final_path.filename().string();
  if (tar) top = top.substr(0, top.size() - 7);
  if (fs::exists(final_path) && !force) return usage_error(final_path.string() + " exists (--force replaces it)");
  const fs::path staging = tar ? fs::path(final_path.string() + ".partial") / top : fs::path(out.string() + ".partial");
  std::error_code ec;
  fs::remove_all(tar ? staging.parent_path() : staging, ec);
  for (const auto& [f, t] : written)
    if (!write_file(staging / f, t)) {
      std::cerr << "make_handout: cannot write " << (staging / f).string() << "\n";
      return 1;
    }
  for (const std::string& f : files)  // keep the executable bit of scripts
    if (fs::exists(staging / f))
      fs::permissions(staging / f, fs::status(source / f).permissions(), fs::perm_options::replace, ec);
  fs::remove_all(final_path, ec);
  if (tar) {
    const std::string cmd = "tar -czf " + quote(final_path.string()) + " -C " +
                            quote(staging.parent_path().string()) + " " + quote(top);
    if (std::system(cmd.c_str()) != 0) {
      std::cerr << "make_handout: tar failed writing " << final_path.string() << "\n";
      return 1;
    }
    fs::remove_all(staging.parent_path(), ec);
  } else {
    fs::rename(staging, final_path, ec);
    if (ec) {
      std::cerr << "make_handout: cannot rename " << staging.string() << " to " << final_path.string() << ": "
                << ec.message() << "\n";
      return 1;
    }
  }
  std::cout << "make_handout: wrote " << fs::absolute(final_path).string() << " (" << stubbed.size() << " of "
            << regions.size() << " exercises stubbed, " << written.size() << " files)\n";
  return build ? check_build(fs::absolute(final_path), stubbed) : 0;
}
