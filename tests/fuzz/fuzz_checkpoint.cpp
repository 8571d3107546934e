// libFuzzer harness: the checkpoint parser must reject any byte string with CheckpointError, never crash.
#include <cstddef>
#include <cstdint>

#include "nn/checkpoint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    ae::parse_checkpoint(data, size, "fuzz");
  } catch (const ae::CheckpointError&) {
  }
  return 0;
}
