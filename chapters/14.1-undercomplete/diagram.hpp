// Section 14.1: the book's figure 14.1, the general structure of an autoencoder, as a vector diagram.
#pragma once

#include "plot/plot.hpp"

namespace ch14_1 {

/// Figure 14.1: an input x mapped to a code h by the encoder f, and h mapped to a reconstruction r by the decoder
/// g. Writes 14_1_fig14_1 (.png, .svg or .pdf as --format says, with its .gp and .dat).
void plot_fig14_1(const ae::plot::Output& out);

}  // namespace ch14_1
