#include "data/idx.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace ae {

namespace {

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
}

/// Validates the header and returns the payload size; `have` is how many bytes follow the header (or ~0 if unknown).
std::uint64_t check_header(const std::uint8_t* h, std::size_t hsize, const std::string& name, std::uint64_t max_bytes,
                           std::vector<std::uint32_t>& dims) {
  if (hsize < 4) throw IdxError(name + ": truncated: shorter than the 4-byte IDX magic");
  if (h[0] != 0 || h[1] != 0)
    throw IdxError(name + ": not an IDX file (bad magic " + std::to_string(h[0]) + " " + std::to_string(h[1]) + ")");
  if (h[2] != 0x08)
    throw IdxError(name + ": IDX element type " + std::to_string(h[2]) + " is not supported (only unsigned bytes, 8)");
  const int nd = h[3];
  if (nd < 1 || nd > 4) throw IdxError(name + ": IDX has " + std::to_string(nd) + " dimensions (expected 1 to 4)");
  if (hsize < 4 + 4 * static_cast<std::size_t>(nd)) throw IdxError(name + ": truncated inside the IDX header");
  std::uint64_t total = 1;
  dims.clear();
  for (int d = 0; d < nd; ++d) {
    const std::uint32_t n = be32(h + 4 + 4 * d);
    if (n == 0) throw IdxError(name + ": dimension " + std::to_string(d) + " is zero");
    dims.push_back(n);
    total *= n;  // at most 4 factors below 2^32 could overflow: check as we go
    if (total > max_bytes)
      throw IdxError(name + ": header claims more than " + std::to_string(max_bytes) + " bytes (dimension " +
                     std::to_string(d) + " is " + std::to_string(n) + "): refusing");
  }
  return total;
}

}  // namespace

IdxArray parse_idx(const std::uint8_t* bytes, std::size_t size, const std::string& name, std::uint64_t max_bytes) {
  IdxArray a;
  const std::uint64_t total = check_header(bytes, size, name, max_bytes, a.dims);
  const std::size_t header = 4 + 4 * a.dims.size();
  if (size - header < total)
    throw IdxError(name + ": truncated: header promises " + std::to_string(total) + " bytes, file has " +
                   std::to_string(size - header));
  if (size - header > total)
    throw IdxError(name + ": " + std::to_string(size - header - total) + " unexpected bytes after the data");
  a.data.assign(bytes + header, bytes + header + total);
  return a;
}

IdxArray read_idx(const std::string& path, std::uint64_t max_bytes) {
  // A FIFO, device or folder would hang or fail obscurely inside zlib: only regular files (or links to them).
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw IdxError(path + ": not a regular file (a FIFO, device or folder cannot be a data file)");
  gzFile f = gzopen(path.c_str(), "rb");  // reads plain files too
  if (!f) throw IdxError(path + ": cannot open: " + std::strerror(errno ? errno : ENOENT));
  struct Closer {
    gzFile f;
    ~Closer() { gzclose(f); }
  } closer{f};
  auto read_exact = [&](void* dst, unsigned n) -> unsigned {
    unsigned got = 0;
    while (got < n) {
      const int r = gzread(f, static_cast<char*>(dst) + got, n - got);
      if (r < 0) {
        int err = 0;
        const char* msg = gzerror(f, &err);
        throw IdxError(path + ": corrupt compressed data (" + std::string(msg ? msg : "zlib error") + ")");
      }
      if (r == 0) break;
      got += static_cast<unsigned>(r);
    }
    return got;
  };
  std::uint8_t h[4 + 16];
  const unsigned got4 = read_exact(h, 4);
  if (got4 < 4) throw IdxError(path + ": truncated: shorter than the 4-byte IDX magic");
  const int nd = h[3];
  unsigned hsize = 4;
  if (h[0] == 0 && h[1] == 0 && h[2] == 0x08 && nd >= 1 && nd <= 4) hsize += read_exact(h + 4, 4u * nd);
  IdxArray a;
  const std::uint64_t total = check_header(h, hsize, path, max_bytes, a.dims);
  a.data.resize(total);
  std::uint64_t have = 0;
  while (have < total) {
    const unsigned chunk = static_cast<unsigned>(std::min<std::uint64_t>(total - have, 1u << 30));
    const unsigned r = read_exact(a.data.data() + have, chunk);
    have += r;
    if (r < chunk) break;
  }
  if (have < total)
    throw IdxError(path + ": truncated: header promises " + std::to_string(total) + " bytes, file has " +
                   std::to_string(have));
  std::uint8_t extra;
  if (read_exact(&extra, 1) != 0) throw IdxError(path + ": unexpected bytes after the data");
  return a;
}

void write_idx(const std::string& path, const IdxArray& a) {
  std::vector<std::uint8_t> bytes{0, 0, 0x08, static_cast<std::uint8_t>(a.dims.size())};
  for (std::uint32_t d : a.dims)
    for (int s = 24; s >= 0; s -= 8) bytes.push_back(static_cast<std::uint8_t>(d >> s));
  bytes.insert(bytes.end(), a.data.begin(), a.data.end());
  const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  bool ok;
  if (gz) {
    gzFile f = gzopen(tmp.c_str(), "wb9");
    ok = f && gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size());
    ok = (f && gzclose(f) == Z_OK) && ok;
  } else {
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    ok = f && std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    ok = (f && std::fclose(f) == 0) && ok;
  }
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw IdxError(path + ": cannot write");
  }
}

}  // namespace ae
