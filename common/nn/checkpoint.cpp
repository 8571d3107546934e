#include "nn/checkpoint.hpp"

#include <zlib.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "util/files.hpp"
#include "util/outputs.hpp"

namespace ae {

namespace {

constexpr char kMagic[8] = {'A', 'E', 'C', 'K', 'P', 'T', '0', '1'};
constexpr std::uint32_t kVersion = 2;  // 2 added the texts; 1 is still read
constexpr std::uint32_t kMaxEntries = 100000, kMaxName = 4096;
constexpr std::uint64_t kMaxFloats = 1ull << 28;

template <class T>
void put(std::string& s, T v) {
  s.append(reinterpret_cast<const char*>(&v), sizeof(T));
}

struct Reader {
  const std::uint8_t* p;
  std::size_t left;
  const std::string& name;
  template <class T>
  T get(const char* what) {
    if (left < sizeof(T)) throw CheckpointError(name + ": truncated while reading " + what);
    T v;
    std::memcpy(&v, p, sizeof(T));
    p += sizeof(T);
    left -= sizeof(T);
    return v;
  }
  std::string str(const char* what) {
    const auto n = get<std::uint32_t>(what);
    if (n > kMaxName) throw CheckpointError(name + ": corrupt: a name of " + std::to_string(n) + " bytes");
    if (left < n) throw CheckpointError(name + ": truncated while reading " + what);
    std::string s(reinterpret_cast<const char*>(p), n);
    p += n;
    left -= n;
    return s;
  }
};

}  // namespace

const Tensor* Checkpoint::find(const std::string& name) const {
  for (const auto& [n, t] : tensors)
    if (n == name) return &t;
  return nullptr;
}

const std::uint64_t* Checkpoint::find_int(const std::string& name) const {
  for (const auto& [n, v] : ints)
    if (n == name) return &v;
  return nullptr;
}

const std::string* Checkpoint::find_text(const std::string& name) const {
  for (const auto& [n, v] : texts)
    if (n == name) return &v;
  return nullptr;
}

std::uint64_t Checkpoint::get_int(const std::string& name, std::uint64_t fallback) const {
  for (const auto& [n, v] : ints)
    if (n == name) return v;
  return fallback;
}

void Checkpoint::add_params(const std::vector<NamedParam>& params) {
  for (const auto& [name, p] : params) add(name, p.value());
}

void Checkpoint::load_params(const std::vector<NamedParam>& params, const std::string& path) const {
  std::vector<const Tensor*> found;
  for (const auto& [name, p] : params) {
    const Tensor* t = find(name);
    if (!t) throw CheckpointError(path + ": no parameter '" + name + "' (a checkpoint of another model?)");
    if (!t->same_shape(p.value()))
      throw CheckpointError(path + ": parameter '" + name + "' is " + t->shape_str() + " but the model needs " +
                            p.value().shape_str() + " (a checkpoint of another architecture?)");
    for (float v : *t)
      if (!std::isfinite(v)) throw CheckpointError(path + ": parameter '" + name + "' has a NaN or infinite entry");
    found.push_back(t);
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    Var q = params[i].second;
    q.value() = *found[i];
  }
}

void save_checkpoint(const std::string& path, const Checkpoint& c) {
  std::string s(kMagic, sizeof kMagic);
  put(s, kVersion);
  put(s, static_cast<std::uint32_t>(c.tensors.size()));
  for (const auto& [name, t] : c.tensors) {
    put(s, static_cast<std::uint32_t>(name.size()));
    s += name;
    put(s, static_cast<std::int32_t>(t.rows()));
    put(s, static_cast<std::int32_t>(t.cols()));
    s.append(reinterpret_cast<const char*>(t.data()), t.size() * sizeof(float));
  }
  put(s, static_cast<std::uint32_t>(c.ints.size()));
  for (const auto& [name, v] : c.ints) {
    put(s, static_cast<std::uint32_t>(name.size()));
    s += name;
    put(s, v);
  }
  put(s, static_cast<std::uint32_t>(c.texts.size()));
  for (const auto& [name, v] : c.texts) {
    put(s, static_cast<std::uint32_t>(name.size()));
    s += name;
    put(s, static_cast<std::uint32_t>(v.size()));
    s += v;
  }
  put(s, static_cast<std::uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size()))));
  write_file_atomic(path, [&s](std::ostream& out) { out.write(s.data(), static_cast<std::streamsize>(s.size())); });
  note_output("checkpoint", path);
}

Checkpoint parse_checkpoint(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
  if (size < sizeof kMagic + 4 || std::memcmp(bytes, kMagic, sizeof kMagic) != 0)
    throw CheckpointError(name + ": not a checkpoint (bad magic)");
  const std::size_t body = size - 4;
  std::uint32_t stored;
  std::memcpy(&stored, bytes + body, 4);
  if (static_cast<std::uint32_t>(crc32(0L, bytes, static_cast<uInt>(body))) != stored)
    throw CheckpointError(name + ": checksum mismatch (the file is truncated or corrupted)");
  Reader r{bytes + sizeof kMagic, body - sizeof kMagic, name};
  const auto version = r.get<std::uint32_t>("the version");
  if (version != kVersion && version != 1)
    throw CheckpointError(name + ": checkpoint version " + std::to_string(version) + " (this program reads " +
                          std::to_string(kVersion) + ")");
  Checkpoint c;
  const auto nt = r.get<std::uint32_t>("the tensor count");
  if (nt > kMaxEntries) throw CheckpointError(name + ": corrupt: " + std::to_string(nt) + " tensors");
  for (std::uint32_t i = 0; i < nt; ++i) {
    std::string tname = r.str("a tensor name");
    const auto rows = r.get<std::int32_t>("a shape"), cols = r.get<std::int32_t>("a shape");
    if (rows < 0 || cols < 0 || static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(cols) > kMaxFloats)
      throw CheckpointError(name + ": corrupt shape (" + std::to_string(rows) + ", " + std::to_string(cols) + ") for " +
                            tname);
    const std::size_t bytes_needed = static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols) * sizeof(float);
    if (r.left < bytes_needed) throw CheckpointError(name + ": truncated inside tensor " + tname);
    Tensor t(rows, cols);
    if (bytes_needed > 0) std::memcpy(t.data(), r.p, bytes_needed);  // a (0, n) tensor has no data pointer
    r.p += bytes_needed;
    r.left -= bytes_needed;
    c.tensors.emplace_back(std::move(tname), std::move(t));
  }
  const auto ni = r.get<std::uint32_t>("the integer count");
  if (ni > kMaxEntries) throw CheckpointError(name + ": corrupt: " + std::to_string(ni) + " integers");
  for (std::uint32_t i = 0; i < ni; ++i) {
    std::string iname = r.str("an integer name");
    c.ints.emplace_back(std::move(iname), r.get<std::uint64_t>("an integer"));
  }
  if (version >= 2) {
    const auto nx = r.get<std::uint32_t>("the text count");
    if (nx > kMaxEntries) throw CheckpointError(name + ": corrupt: " + std::to_string(nx) + " texts");
    for (std::uint32_t i = 0; i < nx; ++i) {
      std::string xname = r.str("a text name");
      c.texts.emplace_back(std::move(xname), r.str("a text"));
    }
  }
  if (r.left != 0) throw CheckpointError(name + ": " + std::to_string(r.left) + " unexpected bytes at the end");
  return c;
}

Checkpoint load_checkpoint(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw CheckpointError(path + (std::filesystem::exists(path, ec) ? ": not a regular file, so not a checkpoint"
                                                                    : ": cannot open checkpoint (no such file)"));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CheckpointError(path + ": cannot open checkpoint");
  std::vector<std::uint8_t> bytes;
  try {
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } catch (const std::exception& e) {
    throw CheckpointError(path + ": cannot read checkpoint (" + e.what() + ")");
  }
  if (in.bad()) throw CheckpointError(path + ": cannot read checkpoint");
  return parse_checkpoint(bytes.data(), bytes.size(), path);
}

}  // namespace ae
