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

TEST_CASE("values() reports the settings a checkpoint records, numbers written the shortest exact way") {
  Cli cli("prog", "test");
  float lr = 1e-3f;
  double noise = 0.1;
  int hidden = 64;
  std::string act = "relu";
  bool resume = false;
  cli.add("--lr", lr, "step");
  cli.add("--noise", noise, "noise");
  cli.add("--hidden", hidden, "units");
  cli.add_choice("--act", act, {"relu", "tanh"}, "activation");
  cli.add_flag("--resume", resume, "resume");
  parse(cli, {"--seed", "42", "--hidden", "128", "--threads", "1"});
  const auto v = cli.values({"--seed", "--lr", "--noise", "--hidden", "--act", "--resume"});
  REQUIRE(v.size() == 6);
  CHECK(v[0].second == "42");
  CHECK(v[1].second == "0.001");  // the float 1e-3f, not 0.0010000000474974513
  CHECK(v[2].second == "0.1");
  CHECK(v[3].second == "128");
  CHECK(v[4].second == "relu");
  CHECK(v[5].second == "off");
  CHECK_THROWS_AS(cli.values({"--data"}), std::logic_error);  // a flag without a recorded value
  CHECK(cli.common().checkpoints.find("cache/checkpoints/prog") != std::string::npos);
}

TEST_CASE("--metrics naming a folder or an overlong name, and an empty --data, are usage errors up front") {
  Cli a("prog", "test");
  CHECK_THROWS_WITH_AS(parse(a, {"--metrics", "/tmp", "--threads", "1"}), doctest::Contains("is a folder"), UsageError);
  Cli b("prog", "test");
  CHECK_THROWS_WITH_AS(parse(b, {"--metrics", "/tmp/" + std::string(300, 'm'), "--threads", "1"}),
                       doctest::Contains("300 characters"), UsageError);
  Cli c("prog", "test");
  CHECK_THROWS_WITH_AS(parse(c, {"--data="}), doctest::Contains("--data: empty value"), UsageError);
}
