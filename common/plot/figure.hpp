/// \file
/// \brief Internal to the plotting code: the writer shared by every plot family (plot.hpp is the public API).
///
/// A family (lines, scatter, ...) builds a Spec: the text of NAME.dat and the gnuplot commands specific to it.
/// render() adds the common look (terminal, fonts, palette, title, labels, ranges), writes NAME.dat and NAME.gp
/// atomically and runs gnuplot on the script.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "plot/plot.hpp"

namespace ae::plot::detail {

/// \brief What one plot family contributes to a figure.
struct Spec {
  std::string family = "";  ///< "lines", "scatter", ...: named in the script's header comment
  std::string data = "";    ///< the whole of NAME.dat
  std::string setup = "";   ///< commands after the common ones (palette, tics, styles), one per line
  std::string plot = "";    ///< the plot command; the data file is the gnuplot variable `data`
};

/// \brief Writes NAME.dat and NAME.gp into out.dir and renders NAME.FORMAT; returns the picture's path.
/// Inside capture() it only records (fig, spec) and returns "".
std::string render(const Output& out, const Figure& fig, const Spec& spec);

/// \brief Runs each of `draws`, which must each call exactly one plot function, and returns what they would have
/// rendered, in order, instead of rendering it (this is how panels() composes figures).
std::vector<std::pair<Figure, Spec>> capture(const std::vector<std::function<void()>>& draws);

/// \brief Whether render() is recording for capture() (then image_grid writes no NAME_grid.png of its own).
bool capturing();

/// \brief The start of every script: how to redraw it, terminal, output, and the palette as linetypes 1..10.
std::string preamble(const Output& out, const Figure& fig, const std::string& family, const std::string& data_note);

/// \brief The common look of one plot: border, tics, grid, legend, then the Figure's title, labels, scales, ranges.
std::string axes(const Figure& fig);

/// \brief The family's own commands and its plot command.
std::string body(const Spec& spec);

/// \brief Writes the data files (name, text) and NAME.gp into out.dir, all atomically, then runs gnuplot on the
/// script in that folder (unless Output::render is false or gnuplot is missing); returns the picture's path.
std::string write_and_draw(const Output& out, const Figure& fig, const std::string& script,
                           const std::vector<std::pair<std::string, std::string>>& data_files);

/// \brief A gnuplot double-quoted string literal holding `s` verbatim.
std::string quote(const std::string& s);

/// \brief `v` as text gnuplot reads back exactly enough ("NaN" for non-finite values).
std::string num(double v);

/// \brief Appends one data block "x y" per line for `s`, ending with the two blank lines that separate blocks.
void append_block(std::string& data, const Series& s);

/// \brief The plot clauses for `overlays`, whose data blocks start at `first_index`; each clause starts with ", ".
/// `next_color` is the palette index for the next overlay without a fixed color (advanced).
std::string overlay_clauses(const std::vector<Series>& overlays, int first_index, int& next_color);

/// \brief The viridis color map as a gnuplot `set palette defined` command.
std::string viridis();

}  // namespace ae::plot::detail
