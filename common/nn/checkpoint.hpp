/// \file
/// \brief Checkpoints: named tensors and named integers in a versioned binary file.
///
/// Layout (little-endian): magic "AECKPT01", u32 version, u32 tensor count, then per tensor u32 name length,
/// name, i32 rows, i32 cols, rows*cols float32; u32 integer count, then per integer u32 name length, name, u64
/// value; u32 text count, then per text u32 name length, name, u32 value length, value (version 2; a version 1
/// file has no texts); finally the CRC-32 of everything before it. Written atomically (temp file, fsync, rename); a
/// truncated, corrupted or foreign file is rejected with CheckpointError naming the file and the problem.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "nn/layers.hpp"
#include "tensor.hpp"

namespace ae {

/// A missing, corrupt or mismatched checkpoint.
struct CheckpointError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// \brief The contents of a checkpoint.
struct Checkpoint {
  std::vector<std::pair<std::string, Tensor>> tensors;     ///< named tensors, in file order
  std::vector<std::pair<std::string, std::uint64_t>> ints;  ///< named integers (epoch, step, RNG state), in file order
  std::vector<std::pair<std::string, std::string>> texts;   ///< named texts (the settings of the run), in file order
  /// The tensor with this name, or nullptr.
  const Tensor* find(const std::string& name) const;
  /// The integer with this name, or `fallback`.
  std::uint64_t get_int(const std::string& name, std::uint64_t fallback = 0) const;
  /// The integer with this name, or nullptr.
  const std::uint64_t* find_int(const std::string& name) const;
  /// The text with this name, or nullptr.
  const std::string* find_text(const std::string& name) const;
  /// Appends a named text.
  void add_text(const std::string& name, const std::string& v) { texts.emplace_back(name, v); }
  /// Appends a named tensor.
  void add(const std::string& name, const Tensor& t) { tensors.emplace_back(name, t); }
  /// Appends a named integer.
  void add(const std::string& name, std::uint64_t v) { ints.emplace_back(name, v); }
  /// Adds every parameter's value under its name.
  void add_params(const std::vector<NamedParam>& params);
  /// Copies the saved values into `params`; throws CheckpointError when a name is missing, a shape differs
  /// (a checkpoint of another architecture) or a value is NaN or infinite. Nothing is copied unless all pass.
  void load_params(const std::vector<NamedParam>& params, const std::string& path) const;
};

/// Writes `c` to `path` atomically (temporary file, fsync, rename); throws CheckpointError on an I/O failure.
void save_checkpoint(const std::string& path, const Checkpoint& c);
/// Throws CheckpointError on any defect.
Checkpoint load_checkpoint(const std::string& path);
/// Parses checkpoint bytes (used by load_checkpoint and the fuzzer).
Checkpoint parse_checkpoint(const std::uint8_t* bytes, std::size_t size, const std::string& name);

}  // namespace ae
