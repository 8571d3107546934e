#include "util/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "util/interrupt.hpp"

namespace ae {

namespace fs = std::filesystem;

namespace {

// For the fault-injection test (tests/reliability/write_faults.sh): with AE_FAULT_WRITE_AFTER_BYTES=N in the
// environment, the bytes after the first N that write_file_atomic writes in this process fail with ENOSPC, as on a
// full disk.
long long& fault_budget() {
  static long long left = [] {
    const char* v = std::getenv("AE_FAULT_WRITE_AFTER_BYTES");
    return v ? std::atoll(v) : -1LL;
  }();
  return left;
}

// Writes all of `data` to fd; false (errno set) on a short or failed write.
bool write_all(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    std::size_t chunk = n;
    long long& budget = fault_budget();
    if (budget >= 0 && static_cast<long long>(chunk) > budget) chunk = static_cast<std::size_t>(budget);
    if (chunk == 0) {
      errno = ENOSPC;
      return false;
    }
    const ssize_t w = ::write(fd, data, chunk);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (budget >= 0) budget -= w;
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw std::runtime_error("cannot write " + path + ": " + what + (err ? std::string(": ") + std::strerror(err) : ""));
}

// Writes `bytes` into an existing file that is not a regular one (a device such as /dev/null, a FIFO, a terminal
// or pipe behind /dev/stdout): in place, through the path, since renaming over it would replace the node itself.
void write_in_place(const std::string& path, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) fail(path, "cannot open", errno);
  if (!write_all(fd, bytes.data(), bytes.size())) {
    const int err = errno;
    ::close(fd);
    fail(path, "write failed", err);
  }
  if (::close(fd) != 0) fail(path, "close failed", errno);
}

}  // namespace

void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write) {
  // The whole content first: a writer that throws leaves nothing behind.
  std::ostringstream buffer(std::ios::binary);
  write(buffer);
  if (!buffer) fail(path, "could not format the content", 0);
  const std::string bytes = std::move(buffer).str();

  // What is there now. A symlink is written through: the file it names (however many links deep) is replaced, the
  // link stays. Anything that exists and is not a regular file is written in place, never renamed over; a folder
  // is refused.
  std::error_code ec;
  fs::path target(path);
  if (fs::is_symlink(target, ec)) {
    target = fs::weakly_canonical(target, ec);
    if (ec) fail(path, "cannot resolve the symbolic link (" + ec.message() + ")", 0);
  }
  const fs::file_status st = fs::status(target, ec);
  if (fs::exists(st)) {
    if (fs::is_directory(st)) fail(path, "it is a folder", 0);
    if (!fs::is_regular_file(st)) return write_in_place(path, bytes);
  }

  // A regular file or a new name: a temporary file next to the target, written, flushed to disk, closed, and only
  // then renamed over the target. Any failure removes the temporary file and leaves the old target as it was.
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw std::runtime_error("cannot create folder " + target.parent_path().string() + ": " + ec.message());
  }
  const std::string tmp = target.string() + ".tmp" + std::to_string(::getpid());
  const PendingTemp pending(tmp.c_str());  // a Ctrl-C that ends the program now removes it
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail(path, "cannot create " + tmp, errno);
  auto give_up = [&](const std::string& what, int err) {
    ::close(fd);
    ::unlink(tmp.c_str());
    fail(path, what + " (the old file, if any, is unchanged)", err);
  };
  if (!write_all(fd, bytes.data(), bytes.size())) give_up("write failed", errno);
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) give_up("flush to disk failed", errno);
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "close failed (the old file, if any, is unchanged)", err);
  }
  if (std::rename(tmp.c_str(), target.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "rename failed (the old file, if any, is unchanged)", err);
  }
}

void ensure_writable_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error("output folder " + dir + " cannot be created: " + ec.message());
  if (!fs::is_directory(dir)) throw std::runtime_error("output folder " + dir + " is not a folder");
  if (::access(dir.c_str(), W_OK) != 0)
    throw std::runtime_error("output folder " + dir + " is not writable: " + std::strerror(errno));
  // access() trusts the permission bits (root passes everywhere); some folders (/sys, /proc, a read-only mount)
  // refuse new files anyway. Creating and removing a probe file is the test that holds.
  const std::string probe = path_join(dir, ".ae_write_probe" + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("output folder " + dir + " is not writable: " + std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
}

std::string path_join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  return a.back() == '/' ? a + b : a + "/" + b;
}

}  // namespace ae
