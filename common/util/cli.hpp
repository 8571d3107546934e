/// \file
/// \brief The command line every program shares: the common flags (--help, --quick, --data, --out, --checkpoints,
/// --seed, --threads, --epochs, --metrics, --format) plus each program's own. An unknown flag or a bad value throws
/// UsageError (exit status 2 through run_program); --help prints the usage and exits 0.
///
/// \code
///   Cli cli("ch14_2_regularized", "Section 14.2: regularized autoencoders.");
///   std::string variant = "all";
///   cli.add_choice("--variant", variant, {"sparse", "denoising", "contractive", "all"}, "which regularizer");
///   const CommonOptions& opt = cli.parse(argc, argv);
/// \endcode
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ae {

/// \brief How big a run is: `--quick` (what the tests run, seconds), `--slides` (what the tour runs: every
/// figure at lecture quality, a minute or two per program), or the default full run of the chapter README.
enum class Preset { quick, slides, full };

/// The flags every program accepts.
struct CommonOptions {
  bool quick = false;           ///< --quick: small, under a minute on 2 cores (the tests run this)
  bool slides = false;          ///< --slides: the tour's preset, figures fit for a lecture slide
  std::string data;             ///< --data DIR: dataset folder (default: the repository's data/)
  std::string out;              ///< --out DIR: where figures go (default: default_out_dir(), figures/out/)
  /// --checkpoints DIR: where resumable training writes its checkpoints (default: default_checkpoint_dir(program),
  /// build/cache/checkpoints/PROGRAM; outside the figures, since they are a cache and can be large)
  std::string checkpoints;
  std::uint64_t seed = 1;       ///< --seed N
  int threads = 0;              ///< --threads N: 0 = all cores
  int epochs = 0;               ///< --epochs N: 0 = the program's default (quick or full)
  std::string metrics;          ///< --metrics FILE: write `name value` lines
  std::string format = "png";   ///< --format png|svg|pdf: figure format
  bool data_given = false;      ///< true when --data was given explicitly
  /// The preset chosen by --quick or --slides (full when neither).
  Preset preset() const { return quick ? Preset::quick : slides ? Preset::slides : Preset::full; }
  /// One of three values by preset: `opt.pick(3000, 20000, 60000)`.
  template <class T>
  T pick(T quick_value, T slides_value, T full_value) const {
    return quick ? quick_value : slides ? slides_value : full_value;
  }
  /// The epoch count to use: --epochs if given, else `quick_default` or `full_default` (--slides: full).
  int epochs_or(int quick_default, int full_default) const {
    return epochs > 0 ? epochs : (quick ? quick_default : full_default);
  }
  /// The epoch count to use: --epochs if given, else the preset's default.
  int epochs_or(int quick_default, int slides_default, int full_default) const {
    return epochs > 0 ? epochs : pick(quick_default, slides_default, full_default);
  }
};

/// \brief A small declarative parser. Options bind to variables; values are validated when parsed.
class Cli {
 public:
  /// A parser for `program`, whose --help starts with `summary`; the common flags are already declared.
  Cli(std::string program, std::string summary);
  /// A switch without a value.
  void add_flag(const std::string& flag, bool& target, const std::string& help);
  /// An integer option in [min, max].
  void add(const std::string& flag, int& target, const std::string& help, int min = 0, int max = 1 << 30);
  /// A real option in [min, max].
  void add(const std::string& flag, double& target, const std::string& help, double min = -1e300, double max = 1e300);
  /// A real option in [min, max], stored as float.
  void add(const std::string& flag, float& target, const std::string& help, double min = -1e30, double max = 1e30);
  /// A string option (non-empty).
  void add(const std::string& flag, std::string& target, const std::string& help);
  /// A string option restricted to `choices`.
  void add_choice(const std::string& flag, std::string& target, const std::vector<std::string>& choices,
                  const std::string& help);
  /// Parses argv. On --help prints usage() and exits 0. Throws UsageError on anything wrong (also --quick with
  /// --slides). Applies --threads to the GEMM thread pool, creates the --out folder and checks that it and the
  /// --metrics folder are writable (std::runtime_error otherwise), so that a long run never fails at the end for
  /// want of a folder. Without --out, figures go to default_out_dir(), wherever the program is started.
  const CommonOptions& parse(int argc, char** argv);
  /// Only the parsing part of parse(): no side effects beyond the bound variables (--help still exits).
  const CommonOptions& parse_args(int argc, char** argv);
  const CommonOptions& common() const { return common_; }  ///< the common flags as parsed so far
  std::string usage() const;                                ///< the --help text
  /// \brief The current values of `flags` (each declared), as (flag, value) texts: what a checkpoint records of
  /// the settings that shape a run, so that --resume can refuse a run with other ones. Numbers are written the
  /// shortest way that reads back to the same value.
  std::vector<std::pair<std::string, std::string>> values(const std::vector<std::string>& flags) const;
  const std::string& program() const { return program_; }  ///< the program's name

 private:
  struct Option {
    std::string flag, help, value_name, default_text;
    bool takes_value = true;
    std::function<void(const std::string&)> set;
    std::function<std::string()> get = nullptr;  ///< the current value, as values() reports it
  };
  void add_option(Option o);
  std::string program_, summary_;
  std::vector<Option> options_;
  CommonOptions common_;
};

/// Parses a whole integer; throws UsageError naming `what` if `text` is not one or is outside [min, max].
long long parse_int(const std::string& text, const std::string& what, long long min, long long max);
/// Parses a finite real number; throws UsageError naming `what` otherwise.
double parse_real(const std::string& text, const std::string& what, double min, double max);

}  // namespace ae
