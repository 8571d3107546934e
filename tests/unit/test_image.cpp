// Image tiling, PNG round trips and errors, and the signed-to-gray map (common/image).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <unistd.h>

#include "image/image.hpp"
#include "temp_dir.hpp"

using namespace ae;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("tile_images puts image k at ((k / c)(h + gap), (k % c)(w + gap))") {
  const int n = 5, h = 2, w = 3, cols = 2, gap = 1;
  Tensor images(n, h * w);
  for (int k = 0; k < n; ++k)
    for (int p = 0; p < h * w; ++p) images(k, p) = 0.1f * k + 0.01f * p;  // distinct per image and pixel
  const Tensor canvas = tile_images(images, h, w, cols, gap, -1.f);
  REQUIRE(canvas.rows() == 3 * h + 2 * gap);  // 3 grid rows
  REQUIRE(canvas.cols() == 2 * w + 1 * gap);
  for (int k = 0; k < n; ++k)
    for (int i = 0; i < h; ++i)
      for (int j = 0; j < w; ++j) {
        CAPTURE(k);
        CHECK(canvas((k / cols) * (h + gap) + i, (k % cols) * (w + gap) + j) == images(k, i * w + j));
      }
  SUBCASE("gaps and the unused last cell hold gap_value") {
    CHECK(canvas(h, 0) == -1.f);                        // horizontal gap after grid row 0
    CHECK(canvas(0, w) == -1.f);                        // vertical gap after grid column 0
    CHECK(canvas(2 * (h + gap), w + gap) == -1.f);      // cell of a sixth image that does not exist
    CHECK(canvas(canvas.rows() - 1, canvas.cols() - 1) == -1.f);
  }
}

TEST_CASE("tile_images uses at most n columns and checks its arguments") {
  const Tensor one(1, 4, 0.5f);
  const Tensor canvas = tile_images(one, 2, 2, 8);
  CHECK(canvas.rows() == 2);
  CHECK(canvas.cols() == 2);
  CHECK_THROWS_AS(tile_images(Tensor(3, 5), 2, 2, 2), ShapeError);
  CHECK_THROWS_AS(tile_images(Tensor(0, 4), 2, 2, 2), std::invalid_argument);
  CHECK_THROWS_AS(tile_images(one, 2, 2, 0), std::invalid_argument);
  CHECK_THROWS_AS(tile_images(one, 2, 2, 1, -1), std::invalid_argument);
}

TEST_CASE("write_png then read_png_gray gives the 8-bit levels back") {
  TempDir dir("image_roundtrip");
  Tensor gray(3, 4);
  for (std::size_t k = 0; k < gray.size(); ++k) gray[k] = static_cast<float>(k * 20) / 255.f;
  const std::string path = dir / "levels.png";
  write_png(path, gray);
  const Tensor back = read_png_gray(path);
  REQUIRE(back.same_shape(gray));
  CHECK(max_abs_diff(back, gray) < 1e-6f);
  for (const auto& entry : fs::directory_iterator(dir.path))  // no temporary file left behind
    CHECK(entry.path().filename() == "levels.png");

  SUBCASE("upscale repeats each pixel in an upscale x upscale block") {
    write_png(dir / "big.png", gray, 3);
    const Tensor big = read_png_gray(dir / "big.png");
    REQUIRE(big.rows() == 9);
    REQUIRE(big.cols() == 12);
    for (int i = 0; i < 9; ++i)
      for (int j = 0; j < 12; ++j) CHECK(big(i, j) == back(i / 3, j / 3));
  }
  SUBCASE("values are clamped to [0, 1] and NaN is written black") {
    const Tensor odd(1, 4, {-3.f, 7.f, std::numeric_limits<float>::quiet_NaN(), 0.5f});
    write_png(dir / "odd.png", odd);
    const Tensor r = read_png_gray(dir / "odd.png");
    CHECK(r[0] == 0.f);
    CHECK(r[1] == 1.f);
    CHECK(r[2] == 0.f);
    CHECK(r[3] == doctest::Approx(128.f / 255.f));
  }
  SUBCASE("missing parent folders are created") {
    write_png(dir / "a/b/c.png", gray);
    CHECK(fs::exists(dir / "a/b/c.png"));
  }
}

TEST_CASE("PNG errors name the path") {
  TempDir dir("image_errors");
  { std::ofstream(dir / "not_a_folder") << "x"; }
  const std::string unwritable = dir / "not_a_folder/sub/img.png";  // a parent is a file: cannot be created
  try {
    write_png(unwritable, Tensor(2, 2, 0.5f));
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(contains(e.what(), "not_a_folder"));
  }
  CHECK_THROWS_AS(write_png(dir / "empty.png", Tensor()), std::invalid_argument);
  CHECK_THROWS_AS(write_png(dir / "x.png", Tensor(2, 2), 0), std::invalid_argument);

  const std::string missing = dir / "missing.png";
  try {
    (void)read_png_gray(missing);
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(contains(e.what(), missing));
  }
  { std::ofstream(dir / "text.png") << "this is not a PNG file\n"; }
  try {
    (void)read_png_gray(dir / "text.png");
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(contains(e.what(), "text.png"));
  }
}

TEST_CASE("signed_to_gray maps 0 to mid-gray and +-max|v| to white and black") {
  const Tensor v(1, 5, {-2.f, -1.f, 0.f, 1.f, 2.f});
  const Tensor g = signed_to_gray(v);
  CHECK(g[0] == doctest::Approx(0.0));
  CHECK(g[1] == doctest::Approx(0.25));
  CHECK(g[2] == doctest::Approx(0.5));
  CHECK(g[4] == doctest::Approx(1.0));
  const Tensor asym(2, 1, {0.5f, -4.f});  // the scale is symmetric: +0.5 stays close to mid-gray
  CHECK(signed_to_gray(asym)[0] == doctest::Approx(0.5625));
  const Tensor zeros(2, 3, 0.f);
  for (float x : signed_to_gray(zeros)) CHECK(x == 0.5f);
}
