// libFuzzer harness: the command-line parser, fed argument lists split from the input at NUL bytes, must accept
// them or throw UsageError (never crash). --help is skipped because it exits.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "util/cli.hpp"
#include "util/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args{"prog"};
  std::string cur;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      args.push_back(cur);
      cur.clear();
    } else {
      cur += static_cast<char>(data[i]);
    }
  }
  args.push_back(cur);
  std::vector<char*> argv;
  for (auto& a : args) {
    if (a == "--help" || a == "-h") return 0;
    argv.push_back(a.data());
  }
  ae::Cli cli("prog", "fuzz");
  int n = 3;
  double x = 0.5;
  std::string choice = "a";
  cli.add("--n", n, "an integer", 1, 100);
  cli.add("--x", x, "a real", 0, 1);
  cli.add_choice("--c", choice, {"a", "b"}, "a choice");
  try {
    cli.parse_args(static_cast<int>(argv.size()), argv.data());
  } catch (const ae::UsageError&) {
  }
  return 0;
}
