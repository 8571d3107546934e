/// \file
/// \brief What a run wrote, so that it can say so at the end: every figure, checkpoint and metrics file is noted
/// here as it is written, and report_outputs() prints where they are, as absolute paths (a student should never
/// have to search for where a figure went).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ae {

/// One file written by this run: what it is ("figure", "checkpoint", "metrics") and its path.
struct OutputFile {
  std::string kind;  ///< "figure", "checkpoint", "metrics", ...
  std::string path;  ///< as written (absolute_path() makes it absolute for printing)
};

/// Notes that `path` was written (thread-safe; a path noted twice is listed once).
void note_output(const std::string& kind, const std::string& path);
/// Everything noted so far, in the order first noted.
std::vector<OutputFile> noted_outputs();
/// Prints, for each kind, its folders as absolute paths and how many files went there, e.g.
/// `figures     /home/me/ae/figures/out  (14 pictures, each with its .gp script and .dat data)`.
void report_outputs(std::ostream& out);

}  // namespace ae
