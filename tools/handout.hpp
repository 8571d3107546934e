// The exercise regions of the code, and how a handout rewrites them (see make_handout.cpp for the syntax).
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace handout {

/// Bad markers: a BEGIN without END, an END or ELSE without BEGIN, a repeated name, a stub line that is not a
/// comment. The message starts with file:line.
struct MarkerError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// One `// BEGIN EXERCISE name` ... `// ELSE` ... `// END EXERCISE` region.
struct Region {
  std::string name;     ///< e.g. 14.2-laplace-prior
  std::string section;  ///< 14.2, or "common" for the shared library's
  std::string file;     ///< relative to the repository
  int begin = 0, end = 0;  ///< lines of BEGIN and END (1-based) in the repository's file
  std::vector<std::string> solution, stub;  ///< the lines between BEGIN and ELSE; the stub, uncommented
  std::string indent;                       ///< of the BEGIN line
  int out_begin = 0, out_end = 0;           ///< lines of BEGIN and END in the handout's file (when stubbed)
};

/// The include a stub needs for ae::NotImplemented, added to every file with a stubbed region.
inline const char* const kInclude = "#include \"util/not_implemented.hpp\"";

bool is_code_file(const std::string& path);
/// The regions of one file, in order; throws MarkerError.
std::vector<Region> find_regions(const std::string& file, const std::string& text);
/// Throws MarkerError if two regions share a name.
void check_unique(const std::vector<Region>& regions);
/// The file with each region named in `chosen` replaced by BEGIN, its stub, END (and kInclude added), and the
/// others by their solution alone; sets out_begin/out_end of the stubbed regions.
std::string rewrite(const std::string& text, const std::vector<Region*>& regions, const std::set<std::string>& chosen);
/// "" if no stubbed solution is left in the handout, else a message naming the exercise and file. A solution line
/// counts if it is at least 16 characters long (trimmed), not a comment, not a line of the stub as it stands,
/// and found nowhere in the repository outside its region.
std::string find_leak(const std::vector<Region>& stubbed, const std::map<std::string, std::string>& repo,
                      const std::map<std::string, std::string>& handout);
/// HANDOUT.md: the exercises by section, each with its README line (and the numbered README exercise it names),
/// its place in the code and its grading command.
std::string handout_md(const std::vector<Region>& stubbed, const std::map<std::string, std::string>& repo);

}  // namespace handout
