// A scratch folder per test case: ae_test_<name>_<pid> under the system's temp folder, emptied on entry and removed
// on exit (AE_TEST_KEEP=1 keeps it, to look at what a test wrote).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

struct TempDir {
  std::filesystem::path path;
  /// `create`: make the folder now (false: leave it to the code under test, which must create it itself).
  explicit TempDir(const std::string& name, bool create = true)
      : path(std::filesystem::temp_directory_path() / ("ae_test_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    if (create) std::filesystem::create_directories(path);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    if (!std::getenv("AE_TEST_KEEP")) std::filesystem::remove_all(path);
  }
  std::string str() const { return path.string(); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};
