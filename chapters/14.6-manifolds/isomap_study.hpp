// Section 14.6, figure 14.8: a nearest-neighbour graph over images of one object under translation, and the
// embedding Isomap computes from it (graph shortest paths approximate geodesic distances along the manifold;
// classical MDS turns them into coordinates).
#pragma once

#include <vector>

#include "plot/plot.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ch14_6 {

/// How the study is sized.
struct IsomapSpec {
  int n = 400;          ///< images
  double dx_max = 6;    ///< horizontal shifts uniform in [-dx_max, dx_max] pixels
  double dy_max = 2;    ///< vertical shifts uniform in [-dy_max, dy_max] pixels (0: a 1-D manifold)
  int k = 8;            ///< neighbours per node of the graph
  int thumbnails = 80;  ///< at most this many thumbnails in the picture
};

/// How well each 2-D embedding orders the images by their true horizontal shift.
struct IsomapResult {
  double isomap_spearman = 0;  ///< |Spearman rho| between Isomap coordinate 1 and the shift dx
  double pca_spearman = 0;     ///< the same for the first principal component
};

/// Builds the data set from `image` (1, 784), embeds it with Isomap and with PCA, and writes 14_6_knn_graph
/// (the graph drawn over the PCA projection), 14_6_isomap (the graph over the Isomap embedding) and
/// 14_6_isomap_thumbnails.png (images placed at their Isomap coordinates).
IsomapResult isomap_study(const ae::plot::Output& out, const ae::Tensor& image, const IsomapSpec& spec,
                          ae::Rng& rng);

/// Spearman's rank correlation of a and b (average ranks for ties).
double spearman(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace ch14_6
