/// \file
/// \brief The IDX format of MNIST and Fashion-MNIST (plain or gzip-compressed): a 4-byte magic (0, 0, type,
/// number of dimensions), big-endian 32-bit dimensions, then the unsigned bytes in row-major order.
///
/// The reader trusts nothing: it checks the magic, the type (only unsigned bytes, 0x08), the number of
/// dimensions (1 to 4), zero or absurd sizes (more than `max_bytes`), truncation and trailing data, and throws
/// IdxError naming the file and the problem. It never allocates more than `max_bytes`.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ae {

/// A malformed or unreadable IDX file.
struct IdxError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// An IDX array of unsigned bytes.
struct IdxArray {
  std::vector<std::uint32_t> dims;  ///< e.g. {60000, 28, 28} for images, {60000} for labels
  std::vector<std::uint8_t> data;   ///< product(dims) bytes, row-major
};

/// Default cap on an IDX file's payload: 256 MiB (the full MNIST training images are 47 MB).
constexpr std::uint64_t kIdxMaxBytes = 256ull << 20;

/// Reads an IDX file, gzip-compressed or not. Throws IdxError("FILE: problem") on any defect.
IdxArray read_idx(const std::string& path, std::uint64_t max_bytes = kIdxMaxBytes);
/// Parses IDX bytes already in memory (uncompressed); `name` is used in messages. Used by the fuzzer.
IdxArray parse_idx(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                   std::uint64_t max_bytes = kIdxMaxBytes);
/// Writes an IDX file, gzip-compressed when the path ends in ".gz", atomically (temp file, then rename).
void write_idx(const std::string& path, const IdxArray& a);

}  // namespace ae
