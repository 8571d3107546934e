// The writer shared by every plot family: the common look, atomic NAME.dat / NAME.gp, and running gnuplot
// (posix_spawn, in the output folder, with a time limit) so that a missing or stuck gnuplot never stops a program.
#include "plot/figure.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

#include "util/files.hpp"
#include "util/outputs.hpp"

extern char** environ;

namespace ae::plot {

namespace fs = std::filesystem;

const std::vector<std::string>& palette() {
  static const std::vector<std::string> colors = {"#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9",
                                                  "#CC79A7", "#F0E442", "#000000", "#999999", "#882255"};
  return colors;
}

namespace {

std::string gnuplot_executable() {
  const char* env = std::getenv("AE_GNUPLOT");
  return env && *env ? env : "gnuplot";
}

/// Runs `argv` in folder `dir` (empty: here) with stdout and stderr sent to `log`; returns the exit status, or
/// -1 if it could not be started. Kills it after `limit`; then returns -2.
int run(const std::vector<std::string>& args, const std::string& dir, const std::string& log,
        std::chrono::seconds limit) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  if (!dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  pid_t pid = 0;
  const int err = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) return -1;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (true) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) return -1;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -2;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return -1;  // killed by a signal: treated like "could not run"
}

std::string read_head(const std::string& path, int max_lines) {
  std::ifstream in(path);
  std::string line, text;
  for (int i = 0; i < max_lines && std::getline(in, line); ++i) text += (i ? " | " : "") + line;
  return text;
}

void check_name(const Figure& fig) {
  bool ok = !fig.name.empty();
  for (char c : fig.name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
  if (!ok)
    throw std::invalid_argument("plot: figure name '" + fig.name +
                                "' must be non-empty and use only letters, digits, '_', '-' and '.'");
  if (fig.width < 16 || fig.height < 16) throw std::invalid_argument("plot " + fig.name + ": figure too small");
}

std::string terminal(const Output& out, const Figure& fig) {
  const std::string size = std::to_string(fig.width) + "," + std::to_string(fig.height);
  const std::string font = " noenhanced font \"Sans,14\" linewidth 1.5";
  if (out.format == "png") return "set terminal pngcairo size " + size + font + " background \"white\"";
  if (out.format == "svg") return "set terminal svg size " + size + " dynamic" + font + " background \"white\"";
  if (out.format == "pdf")
    return "set terminal pdfcairo size " + detail::num(fig.width / 100.0) + "in," +
           detail::num(fig.height / 100.0) + "in" + font;
  throw std::invalid_argument("plot: unknown format '" + out.format + "' (use png, svg or pdf)");
}

/// Where render() puts what it is given while panels() collects them; null otherwise.
thread_local std::vector<std::pair<Figure, detail::Spec>>* g_captured = nullptr;

/// `s` with line breaks turned into spaces, for a one-line comment.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

bool gnuplot_available() {
  // Checked once per executable, so that a test can point $AE_GNUPLOT elsewhere and back.
  static std::mutex mutex;
  static std::map<std::string, bool> known;
  const std::string exe = gnuplot_executable();
  std::lock_guard lock(mutex);
  auto it = known.find(exe);
  if (it == known.end())
    it = known.emplace(exe, run({exe, "--version"}, "", "/dev/null", std::chrono::seconds(20)) == 0).first;
  return it->second;
}

namespace detail {

std::string quote(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    if (c == '\n') {
      q += "\\n";
      continue;
    }
    q += c;
  }
  return q + "\"";
}

std::string num(double v) {
  if (!std::isfinite(v)) return "NaN";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.8g", v);
  return buf;
}

void append_block(std::string& data, const Series& s) {
  if (s.x.size() != s.y.size())
    throw std::invalid_argument("plot: series '" + s.label + "' has " + std::to_string(s.x.size()) + " x and " +
                                std::to_string(s.y.size()) + " y values");
  data += "# " + (s.label.empty() ? std::string("(unlabelled)") : s.label) + ": x y\n";
  for (std::size_t i = 0; i < s.x.size(); ++i) data += num(s.x[i]) + " " + num(s.y[i]) + "\n";
  data += "\n\n";
}

std::string overlay_clauses(const std::vector<Series>& overlays, int first_index, int& next_color) {
  std::string p;
  for (std::size_t i = 0; i < overlays.size(); ++i) {
    const Series& s = overlays[i];
    if (s.style != "lines" && s.style != "points" && s.style != "linespoints")
      throw std::invalid_argument("plot: series '" + s.label + "' has style '" + s.style +
                                  "' (use lines, points or linespoints)");
    if (s.x.empty()) continue;  // an empty block would make gnuplot stop
    const int color = s.color >= 0 ? s.color : next_color++;
    p += ", data index " + std::to_string(first_index + static_cast<int>(i)) + " using 1:2 with " + s.style +
         " lt " + std::to_string(color % static_cast<int>(palette().size()) + 1);
    if (s.dashed) p += " dt 2";
    p += s.label.empty() ? " notitle" : " title " + quote(s.label);
  }
  return p;
}

std::string viridis() {
  return "set palette defined (0 \"#440154\", 1 \"#482878\", 2 \"#3E4A89\", 3 \"#31688E\", 4 \"#26828E\", "
         "5 \"#1F9E89\", 6 \"#35B779\", 7 \"#6DCD59\", 8 \"#B4DE2C\", 9 \"#FDE725\")\n";
}

std::string preamble(const Output& out, const Figure& fig, const std::string& family, const std::string& data_note) {
  std::ostringstream s;
  s << "# " << fig.name << ": written by ae::plot::" << family << " (common/plot).\n"
    << "# Redraw with `gnuplot " << fig.name << ".gp` in this folder; the data is " << data_note << ".\n";
  // The gallery (figures/out/index.html) reads these two lines.
  if (!fig.book_figure.empty()) s << "# book figure: " << one_line(fig.book_figure) << "\n";
  s << "# caption: " << one_line(fig.caption.empty() ? fig.title : fig.caption) << "\n"
    << "if (!exists(\"outfile\")) outfile = " << quote(fig.name + "." + out.format) << "\n"
    << terminal(out, fig) << "\n"
    << "set output outfile\nset encoding utf8\n\n"
    << "# Okabe-Ito colors (color-blind safe), then gray and wine.\n";
  const auto& colors = palette();
  for (std::size_t k = 0; k < colors.size(); ++k)
    s << "set linetype " << k + 1 << " lc rgb \"" << colors[k] << "\" lw 2 pt 7 ps 0.8 dt solid\n";
  s << "set linetype cycle " << colors.size() << "\n";
  return s.str();
}

std::string axes(const Figure& fig) {
  std::ostringstream s;
  s << "set border 3 lw 1 lc rgb \"#444444\"\nset tics nomirror out\n"
    << "set grid back lt 1 dt solid lc rgb \"#e8e8e8\" lw 1\nset title font \",16\"\n";
  if (fig.legend == "off")
    s << "unset key\n";
  else
    s << "set key " << fig.legend << " opaque\n";
  // A key below the plot is drawn right under the x label: a taller key box keeps the two apart.
  if (fig.legend.find("below") != std::string::npos) s << "set key height 2\n";
  if (!fig.title.empty()) s << "set title " << quote(fig.title) << "\n";
  if (!fig.xlabel.empty()) s << "set xlabel " << quote(fig.xlabel) << "\n";
  if (!fig.ylabel.empty()) s << "set ylabel " << quote(fig.ylabel) << "\n";
  if (!fig.zlabel.empty()) s << "set cblabel " << quote(fig.zlabel) << "\n";
  // Log axes label their ticks compactly (1, 10, 0.001, 1e-05), not gnuplot's default "%f" digits.
  if (fig.logx) s << "set logscale x\nset format x \"%g\"\n";
  if (fig.logy) s << "set logscale y\nset format y \"%g\"\n";
  if (fig.xtics > 0) s << "set xtics " << num(fig.xtics) << "\nset mxtics 1\n";
  if (fig.equal_axes) s << "set size ratio -1\n";
  if (fig.xrange) s << "set xrange [" << num(fig.xrange->lo) << ":" << num(fig.xrange->hi) << "]\n";
  if (fig.yrange) s << "set yrange [" << num(fig.yrange->lo) << ":" << num(fig.yrange->hi) << "]\n";
  return s.str();
}

std::string body(const Spec& spec) {
  return spec.setup + (spec.setup.empty() || spec.setup.back() == '\n' ? "" : "\n") + spec.plot + "\n";
}

bool capturing() { return g_captured != nullptr; }

std::vector<std::pair<Figure, Spec>> capture(const std::vector<std::function<void()>>& draws) {
  std::vector<std::pair<Figure, Spec>> captured;
  auto* saved = g_captured;
  g_captured = &captured;
  try {
    for (const auto& draw : draws) {
      const std::size_t before = captured.size();
      draw();
      if (captured.size() != before + 1)
        throw std::invalid_argument("plot::panels: each panel must draw exactly one plot (panel " +
                                    std::to_string(before + 1) + " drew " +
                                    std::to_string(captured.size() - before) + ")");
    }
  } catch (...) {
    g_captured = saved;
    throw;
  }
  g_captured = saved;
  return captured;
}

std::string render(const Output& out, const Figure& fig, const Spec& spec) {
  if (g_captured) {  // inside panels(): collected, drawn later as one panel
    g_captured->emplace_back(fig, spec);
    return "";
  }
  check_name(fig);
  const std::string data_name = fig.name + ".dat";
  const std::string script = preamble(out, fig, spec.family, data_name) + "data = " + quote(data_name) + "\n\n" +
                             axes(fig) + "\n" + body(spec);
  return write_and_draw(out, fig, script, {{data_name, spec.data}});
}

std::string write_and_draw(const Output& out, const Figure& fig, const std::string& script,
                           const std::vector<std::pair<std::string, std::string>>& data_files) {
  check_name(fig);
  ensure_writable_dir(out.dir);
  for (const auto& file : data_files) {
    const std::string& text = file.second;  // a named reference: clang < 16 cannot capture bindings
    write_file_atomic(path_join(out.dir, file.first), [&](std::ostream& o) { o << text; });
  }
  const std::string stem = path_join(out.dir, fig.name);
  write_file_atomic(stem + ".gp", [&](std::ostream& o) { o << script; });
  const std::string picture = stem + "." + out.format;
  if (!out.render) return picture;
  if (!gnuplot_available()) {
    note_output("figure script", stem + ".gp");
    static std::atomic<bool> warned{false};
    if (!warned.exchange(true))
      std::cerr << "warning: gnuplot not found (" << gnuplot_executable() << "); writing figure scripts and data "
                << "only, e.g. " << stem << ".gp (install gnuplot-nox to render them)\n";
    return picture;
  }
  // gnuplot draws into a temporary name in the same folder, which is renamed once it succeeded.
  const std::string pid = std::to_string(::getpid());
  const std::string tmp_name = fig.name + ".tmp" + pid + "." + out.format;
  const std::string log = stem + ".gnuplot" + pid + ".log";
  const std::string dir = fs::absolute(out.dir).string();
  const int status = run({gnuplot_executable(), "-e", "outfile=" + quote(tmp_name), fig.name + ".gp"}, dir,
                         fs::absolute(log).string(), std::chrono::seconds(120));
  const std::string messages = read_head(log, 6);
  std::error_code ec;
  fs::remove(log, ec);
  const std::string tmp = path_join(out.dir, tmp_name);
  if (status != 0 || !fs::exists(tmp) || fs::file_size(tmp, ec) == 0) {
    fs::remove(tmp, ec);
    throw std::runtime_error("gnuplot could not draw " + stem + ".gp" +
                             (status == -2 ? " (timed out)" : " (exit status " + std::to_string(status) + ")") +
                             (messages.empty() ? "" : ": " + messages));
  }
  fs::rename(tmp, picture, ec);
  if (ec) throw std::runtime_error("cannot write " + picture + ": " + ec.message());
  note_output("figure", picture);
  return picture;
}

}  // namespace detail

}  // namespace ae::plot
