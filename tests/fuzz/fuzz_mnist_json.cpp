// libFuzzer harness: the MNIST JSON converter's parser must reject malformed text with a runtime_error.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "data/mnist_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    ae::parse_mnist_digits_json(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
  } catch (const std::runtime_error&) {
  }
  return 0;
}
