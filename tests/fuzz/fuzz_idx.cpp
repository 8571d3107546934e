// libFuzzer harness: the IDX parser must reject any byte string with IdxError, never crash or over-allocate.
#include <cstddef>
#include <cstdint>

#include "data/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    ae::parse_idx(data, size, "fuzz", 1u << 20);
  } catch (const ae::IdxError&) {
  }
  return 0;
}
