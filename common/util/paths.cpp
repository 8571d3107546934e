#include "util/paths.hpp"

#include <filesystem>

#ifndef AE_PROJECT_ROOT
#error "AE_PROJECT_ROOT must be defined by the build (common/CMakeLists.txt)"
#endif
#ifndef AE_BUILD_ROOT
#error "AE_BUILD_ROOT must be defined by the build (common/CMakeLists.txt)"
#endif

namespace ae {

const std::string& project_root() {
  static const std::string root = AE_PROJECT_ROOT;
  return root;
}

const std::string& build_root() {
  static const std::string root = AE_BUILD_ROOT;
  return root;
}

std::string default_out_dir() { return project_root() + "/figures/out"; }

std::string default_checkpoint_dir(const std::string& program) {
  return build_root() + "/cache/checkpoints/" + program;
}

std::string absolute_path(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path p = std::filesystem::absolute(path, ec);
  return (ec ? std::filesystem::path(path) : p).lexically_normal().string();
}

}  // namespace ae
