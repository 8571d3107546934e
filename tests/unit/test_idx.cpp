// The IDX reader on good and malformed files: every defect is an IdxError naming the file, never a crash.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "data/datasets.hpp"
#include "data/idx.hpp"
#include "data/mnist_json.hpp"

using namespace ae;
namespace fs = std::filesystem;

namespace {
std::string tmp(const std::string& name) { return (fs::temp_directory_path() / ("ae_test_idx_" + name)).string(); }
void write_bytes(const std::string& path, const std::vector<std::uint8_t>& b) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}
std::string error_of(const std::string& path) {
  try {
    read_idx(path);
  } catch (const IdxError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("IDX round trip, plain and gzip") {
  IdxArray a{{2, 3, 4}, {}};
  for (int i = 0; i < 24; ++i) a.data.push_back(static_cast<std::uint8_t>(i * 10));
  for (const std::string name : {"rt.idx", "rt.idx.gz"}) {
    write_idx(tmp(name), a);
    IdxArray b = read_idx(tmp(name));
    CHECK(b.dims == a.dims);
    CHECK(b.data == a.data);
  }
}

TEST_CASE("malformed IDX files give clear errors") {
  const std::vector<std::uint8_t> good{0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9};
  write_bytes(tmp("good"), good);
  CHECK(read_idx(tmp("good")).data.size() == 3);

  SUBCASE("missing file") { CHECK(error_of(tmp("does_not_exist")).find("cannot open") != std::string::npos); }
  SUBCASE("bad magic") {
    write_bytes(tmp("magic"), {1, 2, 8, 1, 0, 0, 0, 1, 5});
    CHECK(error_of(tmp("magic")).find("bad magic") != std::string::npos);
  }
  SUBCASE("unsupported type") {
    write_bytes(tmp("type"), {0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0});
    CHECK(error_of(tmp("type")).find("type") != std::string::npos);
  }
  SUBCASE("too many dimensions") {
    write_bytes(tmp("dims"), {0, 0, 8, 9});
    CHECK(error_of(tmp("dims")).find("dimensions") != std::string::npos);
  }
  SUBCASE("truncated data") {
    write_bytes(tmp("trunc"), {0, 0, 8, 1, 0, 0, 0, 5, 1, 2});
    const std::string e = error_of(tmp("trunc"));
    CHECK(e.find("truncated") != std::string::npos);
    CHECK(e.find(tmp("trunc")) != std::string::npos);
  }
  SUBCASE("truncated header") {
    write_bytes(tmp("trunch"), {0, 0, 8, 3, 0, 0});
    CHECK(error_of(tmp("trunch")).find("truncated") != std::string::npos);
  }
  SUBCASE("absurd dimensions are refused before allocating") {
    write_bytes(tmp("absurd"), {0, 0, 8, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 28});
    CHECK(error_of(tmp("absurd")).find("refusing") != std::string::npos);
  }
  SUBCASE("zero dimension") {
    write_bytes(tmp("zero"), {0, 0, 8, 1, 0, 0, 0, 0});
    CHECK(error_of(tmp("zero")).find("zero") != std::string::npos);
  }
  SUBCASE("trailing bytes") {
    write_bytes(tmp("trail"), {0, 0, 8, 1, 0, 0, 0, 1, 5, 6});
    CHECK(error_of(tmp("trail")).find("after the data") != std::string::npos);
  }
  SUBCASE("corrupt gzip stream") {
    write_idx(tmp("c.gz"), {{100}, std::vector<std::uint8_t>(100, 7)});
    std::ifstream in(tmp("c.gz"), std::ios::binary);
    std::vector<std::uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    b.resize(b.size() / 2);
    write_bytes(tmp("c2.gz"), b);
    CHECK_FALSE(error_of(tmp("c2.gz")).empty());
  }
}

TEST_CASE("images and labels of different counts are rejected") {
  write_idx(tmp("im.gz"), {{2, 2, 2}, std::vector<std::uint8_t>(8, 1)});
  write_idx(tmp("lb.gz"), {{3}, {0, 1, 2}});
  CHECK_THROWS_WITH_AS(read_image_set(tmp("im.gz"), tmp("lb.gz")), doctest::Contains("labels"), IdxError);
}

TEST_CASE("the committed samples load and convert to [0, 1]") {
  for (const std::string name : {"fashion", "mnist"}) {
    const std::string root = std::string(AE_DEFAULT_DATA_DIR);
    ImageSet s = read_image_set(root + "/sample/" + name + "/t10k-images-idx3-ubyte.gz",
                                root + "/sample/" + name + "/t10k-labels-idx1-ubyte.gz");
    CHECK(s.n == 1000);
    CHECK(s.dim() == 784);
    Tensor X = s.rows(0, 10);
    float mx = 0;
    for (float v : X) mx = std::max(mx, v);
    CHECK(mx <= 1.f);
    CHECK(mx > 0.5f);
    for (int i = 0; i < s.n; ++i) REQUIRE(s.labels[i] < 10);
  }
}

TEST_CASE("a missing --data folder is an error naming it") {
  CHECK_THROWS_WITH(load_images("fashion", "/nonexistent/folder", false), doctest::Contains("/nonexistent/folder"));
  CHECK_THROWS(load_images("cifar", "", false));
}

TEST_CASE("MNIST JSON: round(v * 255) recovers bytes; malformed JSON is rejected") {
  std::string json = "{ \"data\": [";
  for (int k = 0; k < 784; ++k) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%.3f", k ? "," : "", (k % 256) / 255.0);
    json += buf;
  }
  json += "] }";
  auto bytes = parse_mnist_digits_json(json, "x.json");
  REQUIRE(bytes.size() == 784);
  for (int k = 0; k < 784; ++k) CHECK(bytes[k] == k % 256);
  CHECK_THROWS(parse_mnist_digits_json("{\"data\": [0.5, 0.2", "t.json"));
  CHECK_THROWS(parse_mnist_digits_json("{\"data\": [0.5, 2.0]}", "t.json"));
  CHECK_THROWS(parse_mnist_digits_json("{\"data\": [0.5, 0.1]}", "t.json"));  // not a multiple of 784
  CHECK_THROWS(parse_mnist_digits_json("[]", "t.json"));
}
