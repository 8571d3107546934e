// libFuzzer harness: any byte string given to --resume must be refused with CheckpointError or UsageError (exit 1
// or 2), never crash. The checksum is recomputed over the input first (when it starts with the magic), so that the
// fuzzer gets past it to the whole load path: the parser, then restore_training (settings, parameters, optimizer
// state, random stream, position) and the training loop that continues from it, on a tiny model.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include <zlib.h>

#include "autodiff/losses.hpp"
#include "nn/checkpoint.hpp"
#include "nn/layers.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"
#include "util/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> bytes(data, data + size);
  if (size >= 12 && std::memcmp(data, "AECKPT01", 8) == 0) {
    const auto crc = static_cast<std::uint32_t>(crc32(0L, bytes.data(), static_cast<uInt>(size - 4)));
    std::memcpy(bytes.data() + size - 4, &crc, 4);
  }
  ae::Rng rng(5);
  ae::Mlp net({4, 3, 4}, ae::Act::tanh, ae::Act::identity, rng);
  ae::Adam opt(net.params(), 1e-2f);
  const ae::Tensor X = ae::Rng(9).normal_tensor(10, 4, 0.f, 1.f);
  const ae::TrainConfig cfg{3, 4, "", "", true, {{"--lr", "0.01"}, {"--hidden", "3"}}};
  const auto params = net.named_params("m");
  try {
    const ae::Checkpoint c = ae::parse_checkpoint(bytes.data(), bytes.size(), "fuzz");
    const ae::TrainStart start = ae::restore_training(c, "fuzz", cfg, X.rows(), params, opt, rng);
    ae::train_from(start, cfg, X.rows(), params, opt, rng, [&](const std::vector<int>& idx, ae::Rng& r) {
      const ae::Tensor x = ae::gather_rows(X, idx);
      return ae::squared_error(net(ae::Var(x + r.normal_tensor(x.rows(), x.cols(), 0.f, 0.1f))), ae::Var(x));
    });
  } catch (const ae::CheckpointError&) {
  } catch (const ae::UsageError&) {
  } catch (const ae::DivergenceError&) {  // finite but huge saved values may legitimately overflow the loss
  }
  return 0;
}
