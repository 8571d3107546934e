// Section 14.9: the figures of both tasks (the experiment itself is in main.cpp).
#pragma once

#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "hashing.hpp"
#include "rng.hpp"
#include "tensor.hpp"
#include "util/cli.hpp"

namespace ch14_9 {

/// Hinton and Salakhutdinov's figure: random test images (row 1), the deep autoencoder's reconstructions
/// (row 2) and PCA's (row 3). X, R_deep, R_pca are (N, 784).
void reconstruction_rows(const ae::CommonOptions& opt, const std::string& name, const std::string& dataset,
                         const ae::Tensor& X, const ae::Tensor& R_deep, const ae::Tensor& R_pca, ae::Rng& rng);

/// The test set in the autoencoder's 2-D code and in PCA's, colored by class: two scatter plots,
/// 14_9_code2d_ae_DATASET and 14_9_code2d_pca_DATASET.
void code_scatters(const ae::CommonOptions& opt, const std::string& dataset, const ae::Tensor& Z_ae,
                   const ae::Tensor& Z_pca, const std::vector<int>& labels);

/// Precision against recall (log scale) for the three retrieval methods.
void precision_recall_figure(const ae::CommonOptions& opt, const std::string& name, int bits,
                             const PrecisionRecall& hash, const PrecisionRecall& lsh, const PrecisionRecall& pixel);

/// A few queries, each followed by its 10 nearest items for semantic hashing, LSH and exact pixel search.
void query_figure(const ae::CommonOptions& opt, const std::string& name, const ae::ImageSet& db,
                  const ae::ImageSet& queries, const std::vector<std::vector<int>>& hash_top,
                  const std::vector<std::vector<int>>& lsh_top, const std::vector<std::vector<int>>& pixel_top);

/// Histogram of the code units' outputs on test images: saturated codes pile up at 0 and 1.
void code_histogram(const ae::CommonOptions& opt, const std::string& name, const ae::Tensor& h);

}  // namespace ch14_9
