#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "nn/checkpoint.hpp"

using namespace ae;
namespace fs = std::filesystem;

namespace {
std::string tmp(const std::string& n) { return (fs::temp_directory_path() / ("ae_test_ckpt_" + n)).string(); }
std::vector<char> bytes_of(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void put_bytes(const std::string& p, const std::vector<char>& b) {
  std::ofstream(p, std::ios::binary).write(b.data(), static_cast<std::streamsize>(b.size()));
}
}  // namespace

TEST_CASE("checkpoint round trip of parameters and integers") {
  Rng rng(3);
  Mlp a({5, 4, 3}, Act::sigmoid, Act::identity, rng), b({5, 4, 3}, Act::sigmoid, Act::identity, rng);
  Checkpoint c;
  c.add_params(a.named_params("m"));
  c.add("epoch", std::uint64_t{17});
  save_checkpoint(tmp("ok"), c);
  Checkpoint d = load_checkpoint(tmp("ok"));
  d.load_params(b.named_params("m"), tmp("ok"));
  CHECK(max_abs_diff(a.layers[0].W.value(), b.layers[0].W.value()) == 0.f);
  CHECK(d.get_int("epoch") == 17);
  CHECK_FALSE(fs::exists(tmp("ok") + ".tmp"));
}

TEST_CASE("corrupted, truncated and foreign checkpoints are rejected clearly") {
  Rng rng(3);
  Mlp a({5, 4, 3}, Act::sigmoid, Act::identity, rng);
  Checkpoint c;
  c.add_params(a.named_params("m"));
  save_checkpoint(tmp("base"), c);
  auto b = bytes_of(tmp("base"));

  SUBCASE("flipped byte") {
    b[b.size() / 2] ^= 0x40;
    put_bytes(tmp("flip"), b);
    CHECK_THROWS_WITH_AS(load_checkpoint(tmp("flip")), doctest::Contains("checksum"), CheckpointError);
  }
  SUBCASE("truncated") {
    b.resize(b.size() - 9);
    put_bytes(tmp("trunc"), b);
    CHECK_THROWS_AS(load_checkpoint(tmp("trunc")), CheckpointError);
  }
  SUBCASE("not a checkpoint") {
    put_bytes(tmp("foreign"), {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '!'});
    CHECK_THROWS_WITH_AS(load_checkpoint(tmp("foreign")), doctest::Contains("magic"), CheckpointError);
  }
  SUBCASE("missing") { CHECK_THROWS_AS(load_checkpoint(tmp("nope")), CheckpointError); }
  SUBCASE("another architecture") {
    Mlp other({5, 6, 3}, Act::sigmoid, Act::identity, rng);
    CHECK_THROWS_WITH_AS(load_checkpoint(tmp("base")).load_params(other.named_params("m"), "x"),
                         doctest::Contains("architecture"), CheckpointError);
  }
}

TEST_CASE("empty tensors and texts round trip; a folder given as the checkpoint is refused by name") {
  Checkpoint c;
  c.add("empty", Tensor(0, 0));
  c.add("row", Tensor(1, 0));
  c.add_text("setting --lr", "0.001");
  save_checkpoint(tmp("empty"), c);
  const Checkpoint d = load_checkpoint(tmp("empty"));
  REQUIRE(d.find("empty"));
  CHECK(d.find("empty")->size() == 0);
  CHECK(d.find("row")->rows() == 1);
  REQUIRE(d.find_text("setting --lr"));
  CHECK(*d.find_text("setting --lr") == "0.001");
  fs::create_directories(tmp("folder"));
  const std::string expected = tmp("folder") + ": not a regular file";
  CHECK_THROWS_WITH_AS(load_checkpoint(tmp("folder")), doctest::Contains(expected.c_str()), CheckpointError);
}
