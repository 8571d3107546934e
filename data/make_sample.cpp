// make_sample SRC_DIR OUT_DIR [N_TRAIN N_TEST]
//
// Writes the first N_TRAIN training and N_TEST test images (with labels) of the IDX dataset in SRC_DIR to OUT_DIR:
// the small committed sample that lets every program and test run offline (default 2000 and 1000).
#include <filesystem>
#include <iostream>
#include <string>

#include "data/datasets.hpp"
#include "data/idx.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"

int main(int argc, char** argv) {
  return ae::run_program("make_sample", [&]() -> int {
    if (argc != 3 && argc != 5) {
      std::cerr << "usage: make_sample SRC_DIR OUT_DIR [N_TRAIN N_TEST]\n";
      return 2;
    }
    namespace fs = std::filesystem;
    const int n_train = argc == 5 ? static_cast<int>(ae::parse_int(argv[3], "N_TRAIN", 1, 1000000)) : 2000;
    const int n_test = argc == 5 ? static_cast<int>(ae::parse_int(argv[4], "N_TEST", 1, 1000000)) : 1000;
    fs::create_directories(argv[2]);
    for (const auto& [prefix, n] : {std::pair<std::string, int>{"train", n_train}, {"t10k", n_test}}) {
      const fs::path src(argv[1]), dst(argv[2]);
      ae::ImageSet s = ae::read_image_set((src / (prefix + "-images-idx3-ubyte.gz")).string(),
                                          (src / (prefix + "-labels-idx1-ubyte.gz")).string())
                           .head(n);
      ae::write_idx(
          (dst / (prefix + "-images-idx3-ubyte.gz")).string(),
          {{static_cast<std::uint32_t>(s.n), static_cast<std::uint32_t>(s.h), static_cast<std::uint32_t>(s.w)},
           s.pixels});
      ae::write_idx((dst / (prefix + "-labels-idx1-ubyte.gz")).string(), {{static_cast<std::uint32_t>(s.n)}, s.labels});
      std::cout << "wrote " << s.n << " " << prefix << " images to " << argv[2] << "\n";
    }
    return 0;
  });
}
