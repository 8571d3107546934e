#include "util/outputs.hpp"

#include <filesystem>
#include <map>
#include <mutex>

#include "util/paths.hpp"

namespace ae {

namespace {
std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}
std::vector<OutputFile>& registry() {
  static std::vector<OutputFile> files;
  return files;
}
}  // namespace

void note_output(const std::string& kind, const std::string& path) {
  std::lock_guard<std::mutex> lock(registry_mutex());
  for (const OutputFile& f : registry())
    if (f.path == path) return;
  registry().push_back({kind, path});
}

std::vector<OutputFile> noted_outputs() {
  std::lock_guard<std::mutex> lock(registry_mutex());
  return registry();
}

void report_outputs(std::ostream& out) {
  const std::vector<OutputFile> files = noted_outputs();
  if (files.empty()) return;
  // kind -> folder -> count, folders in the order first seen.
  std::vector<std::string> kinds;
  std::map<std::string, std::vector<std::pair<std::string, int>>> folders;
  for (const OutputFile& f : files) {
    if (!folders.count(f.kind)) kinds.push_back(f.kind);
    const std::string dir = std::filesystem::path(absolute_path(f.path)).parent_path().string();
    auto& list = folders[f.kind];
    bool found = false;
    for (auto& [d, n] : list)
      if (d == dir) ++n, found = true;
    if (!found) list.emplace_back(dir, 1);
  }
  out << "\noutputs:\n";
  for (const std::string& kind : kinds)
    for (const auto& [dir, n] : folders[kind]) {
      std::string what;
      if (kind == "figure")
        what = std::to_string(n) + (n == 1 ? " picture" : " pictures") + ", each with its .gp script and .dat data";
      else
        what = std::to_string(n) + " file" + (n == 1 ? "" : "s");
      std::string label = kind.back() == 's' ? kind : kind + "s";
      label.resize(std::max<std::size_t>(label.size(), 12), ' ');
      // A single file is named in full; a folder of several is named with the count.
      if (n == 1 && kind != "figure") {
        for (const OutputFile& f : files)
          if (f.kind == kind && std::filesystem::path(absolute_path(f.path)).parent_path().string() == dir)
            out << "  " << label << absolute_path(f.path) << "\n";
      } else {
        out << "  " << label << dir << "  (" << what << ")\n";
      }
    }
}

}  // namespace ae
