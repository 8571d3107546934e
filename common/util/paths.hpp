/// \file
/// \brief Where things go by default: the project's folders, fixed when the project is configured, so that a
/// program writes to the same place whichever folder it is started from (`build/bin/ch14_5_denoising` from the
/// root, `bin/ch14_5_denoising` from build/). A path the user gives on the command line stays as given: relative
/// to where they are.
#pragma once

#include <string>

namespace ae {

/// The repository's root folder (CMake's source folder), absolute.
const std::string& project_root();
/// The build folder the programs were built in (CMake's binary folder), absolute.
const std::string& build_root();
/// The default figure folder: project_root()/figures/out.
std::string default_out_dir();
/// The default checkpoint folder of `program`: build_root()/cache/checkpoints/PROGRAM (a cache: deleting it only
/// loses the chance to resume).
std::string default_checkpoint_dir(const std::string& program);
/// `path` made absolute against the current folder (lexically normalized; the path need not exist).
std::string absolute_path(const std::string& path);

}  // namespace ae
