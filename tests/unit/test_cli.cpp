#include <doctest/doctest.h>

#include <fstream>

#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/metrics.hpp"

using namespace ae;

namespace {
const CommonOptions& parse(Cli& cli, std::vector<std::string> args) {
  std::vector<char*> argv{const_cast<char*>("prog")};
  for (auto& a : args) argv.push_back(a.data());
  return cli.parse(static_cast<int>(argv.size()), argv.data());
}
}  // namespace

TEST_CASE("common and program flags parse") {
  Cli cli("prog", "test");
  int hidden = 10;
  std::string variant = "all";
  cli.add("--hidden", hidden, "hidden units", 1, 100000);
  cli.add_choice("--variant", variant, {"sparse", "all"}, "which");
  const auto& o = parse(cli, {"--quick", "--seed", "9", "--hidden=64", "--variant", "sparse", "--threads", "1"});
  CHECK(o.quick);
  CHECK(o.seed == 9);
  CHECK(hidden == 64);
  CHECK(variant == "sparse");
  CHECK(o.epochs_or(2, 20) == 2);
}

TEST_CASE("bad flags and values are usage errors") {
  auto bad = [](std::vector<std::string> args) {
    Cli cli("prog", "test");
    int hidden = 10;
    cli.add("--hidden", hidden, "hidden units", 1, 1000);
    return run_program("prog", [&] {
      parse(cli, args);
      return 0;
    });
  };
  CHECK(bad({"--bogus"}) == 2);
  CHECK(bad({"--hidden"}) == 2);
  CHECK(bad({"--hidden", "abc"}) == 2);
  CHECK(bad({"--hidden", "-5"}) == 2);
  CHECK(bad({"--hidden", "12x"}) == 2);
  CHECK(bad({"--epochs", "-1"}) == 2);
  CHECK(bad({"--format", "gif"}) == 2);
  CHECK(bad({"--quick=1"}) == 2);
  CHECK(bad({"--hidden", "5"}) == 0);
}

TEST_CASE("usage lists every flag") {
  Cli cli("prog", "does things");
  float lr = 1e-3f;
  cli.add("--lr", lr, "learning rate", 0, 10);
  const std::string u = cli.usage();
  for (const char* f :
       {"--quick", "--data", "--out", "--seed", "--threads", "--epochs", "--metrics", "--format", "--lr", "--help"})
    CHECK(u.find(f) != std::string::npos);
}

TEST_CASE("metrics are written as name value lines") {
  Metrics m;
  m.set("a_metric", 0.25);
  m.set("b", 3);
  m.set("a_metric", 0.5);
  const std::string path = "/tmp/ae_test_metrics.txt";
  m.write(path);
  std::ifstream in(path);
  std::string n1, n2;
  double v1, v2;
  in >> n1 >> v1 >> n2 >> v2;
  CHECK(n1 == "a_metric");
  CHECK(v1 == 0.5);
  CHECK(n2 == "b");
  CHECK(v2 == 3);
}
