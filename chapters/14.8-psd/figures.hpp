// Section 14.8: the chapter's figures, written under --out with the prefix 14_8_.
#pragma once

#include <string>
#include <vector>

#include "plot/plot.hpp"
#include "tensor.hpp"

namespace ch14_8 {

using ae::Tensor;

/// Rows of `W` (n, side*side) as an image grid in the given order, each row rescaled to its own [min, max] so
/// that every atom or filter uses the full gray range.
void plot_filters(const ae::plot::Output& out, const std::string& name, const std::string& title, const Tensor& W,
                  const std::vector<int>& order, int side, int cols);

/// Unit indices sorted by how many rows of H (N, K) use them (nonzero), most used first.
std::vector<int> by_usage(const Tensor& H);

/// One inference curve: the mean relative gap (F - F*) / F* after each iteration.
struct Curve {
  std::string label;
  std::vector<double> gap;
  bool dashed = false;
  int color = -1;
};
/// Relative gap against iteration (log scale), with the 1% line.
void plot_convergence(const ae::plot::Output& out, const std::string& name, const std::string& title,
                      const std::vector<Curve>& curves);

/// For each example (row), the optimal code h* and the encoder's prediction f(x), unit by unit; example i is
/// drawn shifted up by i times the largest code value so that the examples do not overlap.
void plot_codes(const ae::plot::Output& out, const Tensor& H_star, const Tensor& F);

}  // namespace ch14_8
