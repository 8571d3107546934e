// Where a run writes by default, and how it names what it wrote: the default --out is the project's figures/out
// whatever the current folder, a relative --out stays relative to it, presets are exclusive, and the end-of-run
// report names every output as an absolute path.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "temp_dir.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/outputs.hpp"
#include "util/paths.hpp"

using namespace ae;
namespace fs = std::filesystem;

namespace {
CommonOptions parse_in(const fs::path& cwd, std::vector<std::string> args) {
  const fs::path before = fs::current_path();
  fs::current_path(cwd);
  std::vector<char*> argv{const_cast<char*>("prog")};
  for (auto& a : args) argv.push_back(a.data());
  Cli cli("prog", "test");
  CommonOptions o;
  try {
    o = cli.parse(static_cast<int>(argv.size()), argv.data());
  } catch (...) {
    fs::current_path(before);
    throw;
  }
  fs::current_path(before);
  return o;
}
}  // namespace

TEST_CASE("the project's folders are absolute and exist") {
  CHECK(fs::path(project_root()).is_absolute());
  CHECK(fs::exists(fs::path(project_root()) / "CMakeLists.txt"));
  CHECK(fs::path(build_root()).is_absolute());
  CHECK(default_out_dir() == project_root() + "/figures/out");
  CHECK(default_checkpoint_dir("ch14_9_applications") == build_root() + "/cache/checkpoints/ch14_9_applications");
}

TEST_CASE("without --out, figures go to the project's figures/out from any folder; a given --out stays relative") {
  TempDir tmp("paths_out");
  CHECK(parse_in(tmp.path, {}).out == default_out_dir());
  CHECK(parse_in(tmp.path, {"--quick"}).out == default_out_dir());
  CHECK(parse_in(tmp.path, {"--out", "mine"}).out == "mine");
  CHECK(fs::is_directory(tmp.path / "mine"));  // created where the user is, not in the project
}

TEST_CASE("--quick and --slides are presets, and only one can be given") {
  TempDir tmp("paths_presets");
  CHECK(parse_in(tmp.path, {"--quick", "--out", "o"}).preset() == Preset::quick);
  const CommonOptions s = parse_in(tmp.path, {"--slides", "--out", "o"});
  CHECK(s.preset() == Preset::slides);
  CHECK(s.pick(1, 2, 3) == 2);
  CHECK(s.epochs_or(1, 2, 3) == 2);
  CHECK(parse_in(tmp.path, {"--out", "o"}).pick(1, 2, 3) == 3);
  CHECK_THROWS_AS(parse_in(tmp.path, {"--quick", "--slides", "--out", "o"}), UsageError);
}

TEST_CASE("the end-of-run report names each output's folder as an absolute path") {
  note_output("figure", "rel_figs/a.png");
  note_output("figure", "rel_figs/b.png");
  note_output("figure", "rel_figs/b.png");  // noted twice, counted once
  note_output("metrics", "m/run.metrics");
  std::ostringstream s;
  report_outputs(s);
  const std::string text = s.str();
  CAPTURE(text);
  CHECK(text.find(absolute_path("rel_figs") + "  (2 pictures") != std::string::npos);
  CHECK(text.find("metrics     " + absolute_path("m/run.metrics")) != std::string::npos);
}
