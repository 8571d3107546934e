#include "util/cli.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "gemm/gemm.hpp"
#include "util/errors.hpp"
#include "util/files.hpp"
#include "util/paths.hpp"

namespace ae {

long long parse_int(const std::string& text, const std::string& what, long long min, long long max) {
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE)
    throw UsageError(what + ": '" + text + "' is not a whole number");
  if (v < min || v > max)
    throw UsageError(what + ": " + text + " is outside [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  return v;
}

double parse_real(const std::string& text, const std::string& what, double min, double max) {
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
    throw UsageError(what + ": '" + text + "' is not a number");
  if (v < min || v > max) {
    std::ostringstream s;
    s << what << ": " << text << " is outside [" << min << ", " << max << "]";
    throw UsageError(s.str());
  }
  return v;
}

namespace {
// The shortest text that reads back to v (as a float when v is one, so 1e-3f is "0.001").
std::string shortest(double v) {
  char buf[64];
  const float f = static_cast<float>(v);
  const auto r = static_cast<double>(f) == v ? std::to_chars(buf, buf + sizeof buf, f) : std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}
}  // namespace

Cli::Cli(std::string program, std::string summary) : program_(std::move(program)), summary_(std::move(summary)) {
  common_.out = default_out_dir();
  common_.checkpoints = default_checkpoint_dir(program_);
  add_flag("--quick", common_.quick, "small and fast (seconds): what the tests run");
  add_flag("--slides", common_.slides, "every figure at lecture quality (a minute or two): what the tour runs");
  add_option(
      {"--data", "dataset folder (default: the repository's data/)", "DIR", "", true, [this](const std::string& v) {
         if (v.empty()) throw UsageError("--data: empty value");
         common_.data = v;
         common_.data_given = true;
       }});
  add("--out", common_.out, "folder for figures (a relative DIR is taken from the current folder)");
  add("--checkpoints", common_.checkpoints, "folder for the checkpoints that --resume continues from");
  add_option({"--seed", "random seed", "N", "1", true,
              [this](const std::string& v) {
                common_.seed = static_cast<std::uint64_t>(parse_int(v, "--seed", 0, (1LL << 62)));
              },
              [this] { return std::to_string(common_.seed); }});
  add("--threads", common_.threads, "threads for the matrix products (0 = all cores)", 0, 256);
  add("--epochs", common_.epochs, "training epochs (0 = the program's default)", 0, 1000000);
  add("--metrics", common_.metrics, "write the headline numbers to FILE as `name value` lines");
  add_choice("--format", common_.format, {"png", "svg", "pdf"}, "figure format");
}

void Cli::add_option(Option o) {
  for (const Option& e : options_)
    if (e.flag == o.flag) throw std::logic_error("Cli: flag " + o.flag + " defined twice");
  options_.push_back(std::move(o));
}

void Cli::add_flag(const std::string& flag, bool& target, const std::string& help) {
  add_option({flag, help, "", "", false, [&target](const std::string&) { target = true; },
              [&target] { return std::string(target ? "on" : "off"); }});
}

void Cli::add(const std::string& flag, int& target, const std::string& help, int min, int max) {
  add_option({flag, help, "N", std::to_string(target), true, [&target, flag, min, max](const std::string& v) {
                target = static_cast<int>(parse_int(v, flag, min, max));
              },
              [&target] { return std::to_string(target); }});
}

void Cli::add(const std::string& flag, double& target, const std::string& help, double min, double max) {
  std::ostringstream d;
  d << target;
  add_option({flag, help, "X", d.str(), true,
              [&target, flag, min, max](const std::string& v) { target = parse_real(v, flag, min, max); },
              [&target] { return shortest(target); }});
}

void Cli::add(const std::string& flag, float& target, const std::string& help, double min, double max) {
  std::ostringstream d;
  d << target;
  add_option({flag, help, "X", d.str(), true, [&target, flag, min, max](const std::string& v) {
                target = static_cast<float>(parse_real(v, flag, min, max));
              },
              [&target] { return shortest(target); }});
}

void Cli::add(const std::string& flag, std::string& target, const std::string& help) {
  add_option({flag, help, "S", target, true, [&target, flag](const std::string& v) {
                if (v.empty()) throw UsageError(flag + ": empty value");
                target = v;
              },
              [&target] { return target; }});
}

void Cli::add_choice(const std::string& flag, std::string& target, const std::vector<std::string>& choices,
                     const std::string& help) {
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : "|") + c;
  add_option({flag, help, list, target, true, [&target, flag, choices, list](const std::string& v) {
                for (const auto& c : choices)
                  if (c == v) {
                    target = v;
                    return;
                  }
                throw UsageError(flag + ": '" + v + "' is not one of " + list);
              },
              [&target] { return target; }});
}

std::vector<std::pair<std::string, std::string>> Cli::values(const std::vector<std::string>& flags) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& f : flags) {
    const Option* found = nullptr;
    for (const Option& o : options_)
      if (o.flag == f) found = &o;
    if (!found || !found->get) throw std::logic_error("Cli::values: no flag " + f + " with a value");
    out.emplace_back(f, found->get());
  }
  return out;
}

const CommonOptions& Cli::parse(int argc, char** argv) {
  parse_args(argc, argv);
  if (common_.quick && common_.slides) throw UsageError("--quick and --slides are two presets: give one");
  gemm_set_threads(common_.threads);
  // Fail now, not after an hour of training, if the outputs cannot be written.
  ensure_writable_dir(common_.out);
  if (!common_.metrics.empty()) {
    const std::filesystem::path file(common_.metrics), parent = file.parent_path();
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
      throw UsageError("--metrics " + common_.metrics + " is a folder: give a file name");
    if (file.filename().string().size() > 255)
      throw UsageError("--metrics: the file name is " + std::to_string(file.filename().string().size()) +
                       " characters, over the 255 a file system allows");
    ensure_writable_dir(parent.empty() ? "." : parent.string());
  }
  return common_;
}

const CommonOptions& Cli::parse_args(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    bool has_inline = false;
    if (arg == "--help" || arg == "-h") {
      std::cout << usage();
      std::exit(0);
    }
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_inline = true;
    }
    const Option* opt = nullptr;
    for (const Option& o : options_)
      if (o.flag == arg) opt = &o;
    if (!opt) throw UsageError("unknown argument '" + arg + "'");
    if (opt->takes_value) {
      if (!has_inline) {
        if (i + 1 >= argc) throw UsageError(arg + " needs a value");
        value = argv[++i];
      }
      opt->set(value);
    } else {
      if (has_inline) throw UsageError(arg + " takes no value");
      opt->set("");
    }
  }
  return common_;
}

std::string Cli::usage() const {
  std::ostringstream s;
  s << program_ << ": " << summary_ << "\n\nusage: " << program_ << " [options]\n\noptions:\n";
  for (const Option& o : options_) {
    std::string left = "  " + o.flag + (o.takes_value ? " " + o.value_name : "");
    if (left.size() < 28) left.resize(28, ' ');
    else left += "\n" + std::string(28, ' ');
    s << left << o.help;
    if (o.takes_value && !o.default_text.empty()) s << " (default " << o.default_text << ")";
    s << "\n";
  }
  s << "  --help, -h                show this message\n\nExit status: 0 success, 1 runtime error, 2 usage error.\n";
  return s.str();
}

}  // namespace ae
