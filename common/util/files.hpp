/// \file
/// \brief Writing files so that nothing is ever half-written: write to a temporary file in the same folder,
/// flush and fsync it, then rename it over the destination (rename is atomic on POSIX file systems).
#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace ae {

/// \brief Writes what `write(out)` produces to `path` so that nothing is lost: for a regular file or a new name, into
/// a temporary file next to it, fsynced, closed and renamed over it. A symbolic link is written through (the file
/// it names is replaced, the link stays); an existing device, FIFO or other non-regular file is written in place
/// (renaming would replace the node, e.g. /dev/null); a folder is refused. Creates missing parent folders.
/// Throws std::runtime_error naming the path on any failed write, flush, close or rename, the temporary file
/// removed and the old file intact.
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write);

/// Creates `dir` (and parents) if needed and checks that a file can be created in it; throws
/// std::runtime_error "output folder DIR is not writable: reason" otherwise.
void ensure_writable_dir(const std::string& dir);

/// Joins two path pieces with one '/'.
std::string path_join(const std::string& a, const std::string& b);

}  // namespace ae
