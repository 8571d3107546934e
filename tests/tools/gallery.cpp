// gallery DIR: writes DIR/index.html, one self-contained page (inline style, no network) that shows every figure
// in DIR as a thumbnail, grouped by the chapter's section (from the name: 14_5_corruption is section 14.5), with
// the book's figure number where it has one, a one-line caption, and links to the picture (.png, .svg, .pdf as
// made), the gnuplot script (.gp) and its data (NAME.dat, or NAME.p1.dat ... for panels). The caption and figure
// number come from the script's header, as common/plot writes it:
//   # book figure: 14.4
//   # caption: Denoising vectors g(f(x̃)) − x̃ point back to the manifold
// A picture with no script (a bare image) is shown too, captioned by its name. NAME_grid.png, the bare canvas of
// image grid NAME, is linked from NAME's entry. When the page has loaded, a small inline script marks every
// thumbnail that did not load and records the counts on <body> (data-images-loaded, data-images-broken) for the
// test (tests/tools/gallery_test.sh). The setup.sh tour runs this last.
// Exits 0 on success, 1 if DIR cannot be read or index.html cannot be written, 2 on bad arguments.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace {

/// The book's section titles (Goodfellow, Bengio & Courville, chapter 14).
const std::map<std::string, std::string> kSections = {
    {"14.1", "Undercomplete autoencoders"},
    {"14.2", "Regularized autoencoders"},
    {"14.3", "Representational power, layer size and depth"},
    {"14.4", "Stochastic encoders and decoders"},
    {"14.5", "Denoising autoencoders"},
    {"14.6", "Learning manifolds with autoencoders"},
    {"14.7", "Contractive autoencoders"},
    {"14.8", "Predictive sparse decomposition"},
    {"14.9", "Applications of autoencoders"},
};

struct Entry {
  std::string stem;
  std::vector<std::string> pictures;  // NAME.png, NAME.svg, NAME.pdf present, in that order
  std::string script;                 // NAME.gp, if present
  std::vector<std::string> data;      // NAME.dat or NAME.pK.dat
  std::string grid;                   // NAME_grid.png, if present
  std::string caption, book_figure;
};

std::string escape(const std::string& s) {
  std::string e;
  for (char c : s) {
    switch (c) {
      case '&': e += "&amp;"; break;
      case '<': e += "&lt;"; break;
      case '>': e += "&gt;"; break;
      case '"': e += "&quot;"; break;
      default: e += c;
    }
  }
  return e;
}

/// A file name as a relative URL: the figure names are plain (letters, digits, _ - .), but escape the rest.
std::string href(const std::string& name) {
  std::string u;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.')
      u += static_cast<char>(c);
    else
      u += std::string("%") + hex[c >> 4] + hex[c & 15];
  }
  return u;
}

/// "14.5" for "14_5_corruption"; "" when the name does not start with a section number.
std::string section_of(const std::string& stem) {
  if (stem.size() < 5 || stem.compare(0, 3, "14_") != 0 || !std::isdigit(static_cast<unsigned char>(stem[3])) ||
      stem[4] != '_')
    return "";
  return std::string("14.") + stem[3];
}

/// Reads "# book figure:" and "# caption:" from the first lines of a script.
void read_header(const fs::path& gp, Entry& e) {
  std::ifstream in(gp);
  std::string line;
  for (int i = 0; i < 12 && std::getline(in, line); ++i) {
    auto value = [&](const std::string& key) -> std::string {
      if (line.compare(0, key.size(), key) != 0) return "";
      std::string v = line.substr(key.size());
      const auto b = v.find_first_not_of(' ');
      return b == std::string::npos ? "" : v.substr(b);
    };
    if (auto v = value("# book figure:"); !v.empty()) e.book_figure = v;
    if (auto v = value("# caption:"); !v.empty()) e.caption = v;
  }
}

std::string links(const Entry& e) {
  std::string s;
  auto link = [&](const std::string& file, const std::string& text) {
    s += "<a href=\"" + href(file) + "\">" + escape(text) + "</a> ";
  };
  for (const std::string& p : e.pictures) link(p, p.substr(p.rfind('.')));
  if (!e.script.empty()) link(e.script, ".gp");
  for (const std::string& d : e.data) link(d, d.substr(e.stem.size()));
  if (!e.grid.empty()) link(e.grid, "bare grid .png");
  if (e.script.empty()) s += "<span class=\"note\">plain image, no script</span>";
  return s;
}

const char* kStyle = R"(
body { font-family: sans-serif; margin: 1.5em; color: #222; background: #fff; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
nav a { margin-right: 1em; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 1.2em; }
figure { margin: 0; border: 1px solid #ddd; border-radius: 4px; padding: 0.6em; background: #fafafa; }
figure img { width: 100%; height: 200px; object-fit: contain; background: #fff; display: block; }
figure .none { height: 200px; display: flex; align-items: center; justify-content: center; color: #888; }
figcaption { font-size: 0.9em; margin-top: 0.4em; }
.name { font-family: monospace; font-size: 0.85em; color: #555; }
.book { font-weight: bold; color: #0072B2; }
.links a { font-family: monospace; font-size: 0.85em; margin-right: 0.2em; }
.note { font-size: 0.8em; color: #888; }
figure.broken { border-color: #D55E00; }
figure.broken::before { content: "image did not load"; color: #D55E00; font-weight: bold; }
)";

// Marks thumbnails that failed to load and records the counts for tests/tools/gallery_test.sh.
const char* kScript = R"(
window.addEventListener('load', function () {
  var loaded = 0, broken = 0;
  document.querySelectorAll('figure img').forEach(function (img) {
    if (img.complete && img.naturalWidth > 0) { loaded++; }
    else { broken++; img.closest('figure').classList.add('broken'); img.title = 'did not load: ' + img.src; }
  });
  document.body.setAttribute('data-images-loaded', loaded);
  document.body.setAttribute('data-images-broken', broken);
});
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::cerr << "usage: gallery DIR    writes DIR/index.html, a page of every figure in DIR\n";
    return argc == 2 ? 0 : 2;
  }
  const fs::path dir(argv[1]);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    std::cerr << "gallery: " << dir.string() << " is not a folder\n";
    return 1;
  }
  std::set<std::string> files;
  for (const auto& f : fs::directory_iterator(dir, ec))
    if (f.is_regular_file()) files.insert(f.path().filename().string());
  if (ec) {
    std::cerr << "gallery: cannot read " << dir.string() << ": " << ec.message() << "\n";
    return 1;
  }

  // Every stem with a picture or a script is a figure; temporaries (NAME.tmpPID.png) are not.
  std::map<std::string, Entry> entries;
  auto has = [&](const std::string& f) { return files.count(f) > 0; };
  for (const std::string& f : files) {
    const auto dot = f.rfind('.');
    if (dot == std::string::npos) continue;
    const std::string stem = f.substr(0, dot), ext = f.substr(dot);
    if (ext != ".png" && ext != ".svg" && ext != ".pdf" && ext != ".gp") continue;
    if (stem.find(".tmp") != std::string::npos) continue;
    const std::string grid_suffix = "_grid";
    if (ext == ".png" && stem.size() > grid_suffix.size() &&
        stem.compare(stem.size() - grid_suffix.size(), grid_suffix.size(), grid_suffix) == 0) {
      const std::string base = stem.substr(0, stem.size() - grid_suffix.size());
      if (has(base + ".gp") || has(base + ".png")) {
        entries[base].grid = f;
        continue;
      }
    }
    entries[stem].stem = stem;
  }
  for (auto it = entries.begin(); it != entries.end();) {
    Entry& e = it->second;
    if (e.stem.empty()) {  // only a bare grid whose figure is gone: show it as a figure of its own
      const std::string grid = e.grid;
      it = entries.erase(it);
      Entry g;
      g.stem = grid.substr(0, grid.size() - 4);
      g.pictures.push_back(grid);
      entries.emplace(g.stem, g);
      continue;
    }
    for (const char* ext : {".png", ".svg", ".pdf"})
      if (has(e.stem + ext)) e.pictures.push_back(e.stem + ext);
    if (has(e.stem + ".gp")) {
      e.script = e.stem + ".gp";
      read_header(dir / e.script, e);
    }
    if (has(e.stem + ".dat")) e.data.push_back(e.stem + ".dat");
    for (int k = 1; has(e.stem + ".p" + std::to_string(k) + ".dat"); ++k)
      e.data.push_back(e.stem + ".p" + std::to_string(k) + ".dat");
    if (e.caption.empty()) e.caption = e.stem;
    ++it;
  }

  // Sections in order; within one, the book's figures first (by number), then the rest by name.
  std::map<std::string, std::vector<const Entry*>> by_section;
  for (const auto& [stem, e] : entries) by_section[section_of(stem)].push_back(&e);
  auto figure_key = [](const std::string& b) {
    const auto dot = b.find('.');
    return dot == std::string::npos ? 0 : std::atoi(b.c_str() + dot + 1);
  };
  for (auto& [s, list] : by_section)
    std::stable_sort(list.begin(), list.end(), [&](const Entry* a, const Entry* b) {
      if (a->book_figure.empty() != b->book_figure.empty()) return !a->book_figure.empty();
      return figure_key(a->book_figure) < figure_key(b->book_figure);
    });

  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
       << "<title>Chapter 14 figures</title>\n<style>" << kStyle << "</style>\n<script>" << kScript
       << "</script>\n</head>\n<body>\n<h1>Chapter 14 (Autoencoders): the figures</h1>\n"
       << "<p>" << entries.size() << " figures in this folder. Each links its picture, its gnuplot script and data: "
       << "<code>gnuplot NAME.gp</code> in this folder redraws it.</p>\n<nav>";
  for (const auto& [s, list] : by_section)
    html << "<a href=\"#s" << (s.empty() ? "other" : s) << "\">" << (s.empty() ? "other" : s) << "</a>";
  html << "</nav>\n";
  for (const auto& [s, list] : by_section) {
    const auto title = kSections.find(s);
    html << "<section id=\"s" << (s.empty() ? "other" : s) << "\">\n<h2>"
         << (s.empty() ? std::string("Other figures")
                       : s + " " + (title == kSections.end() ? std::string("") : title->second))
         << "</h2>\n<div class=\"grid\">\n";
    for (const Entry* e : list) {
      std::string thumb;
      for (const std::string& p : e->pictures)
        if (thumb.empty() && p.substr(p.size() - 4) != ".pdf") thumb = p;
      html << "<figure id=\"" << escape(e->stem) << "\">\n";
      if (thumb.empty())
        html << "<div class=\"none\">" << (e->pictures.empty() ? "not rendered" : "PDF only") << "</div>\n";
      else
        html << "<a href=\"" << href(thumb) << "\"><img src=\"" << href(thumb) << "\" alt=\"" << escape(e->caption)
             << "\"></a>\n";
      html << "<figcaption>";
      if (!e->book_figure.empty()) html << "<span class=\"book\">Figure " << escape(e->book_figure) << ".</span> ";
      html << escape(e->caption) << "<br><span class=\"name\">" << escape(e->stem) << "</span>"
           << "<div class=\"links\">" << links(*e) << "</div></figcaption>\n</figure>\n";
    }
    html << "</div>\n</section>\n";
  }
  html << "</body>\n</html>\n";

  const fs::path target = dir / "index.html";
  const fs::path tmp = dir / ("index.html.tmp" + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary);
    out << html.str();
    out.close();
    if (!out) {
      fs::remove(tmp, ec);
      std::cerr << "gallery: cannot write " << tmp.string() << "\n";
      return 1;
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    std::cerr << "gallery: cannot write " << target.string() << ": " << ec.message() << "\n";
    return 1;
  }
  std::cout << fs::absolute(target).lexically_normal().string() << "  (" << entries.size() << " figures)\n";
  return 0;
}
