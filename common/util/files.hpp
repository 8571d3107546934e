/// \file
/// \brief Writing files so that nothing is ever half-written: write to a temporary file in the same folder,
/// flush and fsync it, then rename it over the destination (rename is atomic on POSIX file systems).
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace ae {

/// Calls `write(out)` on a temporary file next to `path`, then fsyncs and renames it to `path`.
/// Creates missing parent folders. Throws std::runtime_error naming the path on any failure (and removes the
/// temporary file).
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write);

/// Creates `dir` (and parents) if needed and checks that a file can be created in it; throws
/// std::runtime_error "output folder DIR is not writable: reason" otherwise.
void ensure_writable_dir(const std::string& dir);

/// Joins two path pieces with one '/'.
std::string path_join(const std::string& a, const std::string& b);

}  // namespace ae
