#include "data/datasets.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "data/idx.hpp"
#include "gemm/parallel.hpp"
#include "util/cli.hpp"
#include "util/metrics.hpp"

#ifndef AE_DEFAULT_DATA_DIR
#define AE_DEFAULT_DATA_DIR "data"
#endif
#ifndef AE_FASHION_SYSTEM_DIR
#define AE_FASHION_SYSTEM_DIR "/usr/share/datasets/fashion-mnist"
#endif

namespace ae {

namespace fs = std::filesystem;

Tensor ImageSet::batch(const std::vector<int>& idx) const {
  const int D = dim();
  Tensor X(static_cast<int>(idx.size()), D, uninit);
  for (std::size_t r = 0; r < idx.size(); ++r)
    if (idx[r] < 0 || idx[r] >= n)  // the message is built only on failure: no allocation per row
      throw ShapeError("ImageSet::batch: index " + std::to_string(idx[r]) + " out of " + std::to_string(n));
  // The rows shared over the GEMM's threads (a minibatch copy is serial work between two steps' products).
  parallel_blocks(idx.size(), static_cast<std::size_t>(D), [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      // Ask for the next row's lines while this one converts: random rows come from L3 or memory. One row ahead
      // took a VAE epoch's time outside its products from 0.42-0.44 s to 0.40-0.42 s (six alternated pairs of
      // bench_train --model vae --threads 1); four rows ahead was no faster.
      if (r + 1 < end && D > 0) {
        const std::uint8_t* next = pixels.data() + static_cast<std::size_t>(idx[r + 1]) * D;
        for (int k = 0; k < D; k += 64) __builtin_prefetch(next + k);
        __builtin_prefetch(next + (D - 1));
      }
      const std::uint8_t* src = pixels.data() + static_cast<std::size_t>(idx[r]) * D;
      float* dst = X.row(static_cast<int>(r));
      for (int k = 0; k < D; ++k) dst[k] = src[k] * (1.f / 255.f);
    }
  });
  return X;
}

Tensor ImageSet::rows(int begin, int end) const {
  if (!(0 <= begin && begin <= end && end <= n))
    throw ShapeError("ImageSet::rows: [" + std::to_string(begin) + ", " + std::to_string(end) + ") out of " +
                     std::to_string(n));
  std::vector<int> idx;
  for (int i = begin; i < end; ++i) idx.push_back(i);
  return batch(idx);
}

std::vector<int> ImageSet::label_vector(int begin, int end) const {
  if (!(0 <= begin && begin <= end && end <= n))
    throw ShapeError("ImageSet::label_vector: range out of " + std::to_string(n));
  return std::vector<int>(labels.begin() + begin, labels.begin() + end);
}

ImageSet ImageSet::slice(int begin, int end) const {
  begin = std::clamp(begin, 0, n);
  end = std::clamp(end, begin, n);
  ImageSet s;  // copies only the range, never the whole set
  s.n = end - begin;
  s.h = h;
  s.w = w;
  const auto D = static_cast<std::ptrdiff_t>(dim());
  s.pixels.assign(pixels.begin() + begin * D, pixels.begin() + end * D);
  s.labels.assign(labels.begin() + begin, labels.begin() + end);
  return s;
}

ImageSet read_image_set(const std::string& images_path, const std::string& labels_path) {
  IdxArray im = read_idx(images_path), lb = read_idx(labels_path);
  if (im.dims.size() != 3)
    throw IdxError(images_path + ": expected 3 dimensions (count, rows, cols), found " +
                   std::to_string(im.dims.size()));
  if (lb.dims.size() != 1)
    throw IdxError(labels_path + ": expected 1 dimension (count), found " + std::to_string(lb.dims.size()));
  if (im.dims[0] != lb.dims[0])
    throw IdxError(images_path + " has " + std::to_string(im.dims[0]) + " images but " + labels_path + " has " +
                   std::to_string(lb.dims[0]) + " labels");
  if (im.dims[1] > 4096 || im.dims[2] > 4096) throw IdxError(images_path + ": images larger than 4096 pixels a side");
  ImageSet s;
  s.n = static_cast<int>(im.dims[0]);
  s.h = static_cast<int>(im.dims[1]);
  s.w = static_cast<int>(im.dims[2]);
  s.pixels = std::move(im.data);
  s.labels = std::move(lb.data);
  return s;
}

namespace {

// What every program assumes of MNIST and Fashion-MNIST, checked once here so that a wrong file is reported by
// name and not, much later, by an internal check: 28 x 28 images, labels 0 to 9, and at least kMinImages images
// (the programs show and evaluate up to 10 at a time).
constexpr int kMinImages = 10;
void check_mnist_format(const ImageSet& s, const std::string& images_path, const std::string& labels_path) {
  if (s.h != 28 || s.w != 28)
    throw IdxError(images_path + ": images are " + std::to_string(s.h) + " x " + std::to_string(s.w) +
                   " pixels; MNIST and Fashion-MNIST images are 28 x 28");
  if (s.n < kMinImages)
    throw IdxError(images_path + ": " + std::to_string(s.n) + " images; the programs need at least " +
                   std::to_string(kMinImages));
  for (std::size_t i = 0; i < s.labels.size(); ++i)
    if (s.labels[i] > 9)
      throw IdxError(labels_path + ": label " + std::to_string(static_cast<int>(s.labels[i])) + " at index " +
                     std::to_string(i) + " is not a class 0 to 9");
}


bool has_files(const fs::path& dir) {
  return fs::exists(dir / "train-images-idx3-ubyte.gz") && fs::exists(dir / "train-labels-idx1-ubyte.gz") &&
         fs::exists(dir / "t10k-images-idx3-ubyte.gz") && fs::exists(dir / "t10k-labels-idx1-ubyte.gz");
}

}  // namespace

ImageData load_images(const std::string& name, const std::string& data_dir, bool verbose) {
  if (name != "fashion" && name != "mnist")
    throw std::invalid_argument("unknown dataset '" + name + "' (fashion or mnist)");
  const fs::path root = data_dir.empty() ? fs::path(AE_DEFAULT_DATA_DIR) : fs::path(data_dir);
  if (!data_dir.empty() && !fs::is_directory(root))
    throw std::runtime_error("data folder " + data_dir + " does not exist");
  std::vector<fs::path> full{root / name};
  if (name == "fashion") full.emplace_back(AE_FASHION_SYSTEM_DIR);
  ImageData d;
  d.name = name;
  for (const fs::path& dir : full)
    if (has_files(dir)) {
      d.source = dir.string();
      break;
    }
  if (d.source.empty()) {
    const fs::path sample = root / "sample" / name;
    if (!has_files(sample))
      throw std::runtime_error("no " + name + " data found in " + (root / name).string() +
                               (name == "fashion" ? " or " AE_FASHION_SYSTEM_DIR : "") + ", and no sample in " +
                               sample.string() + " (run ./setup.sh)");
    d.source = sample.string();
    d.is_sample = true;
  }
  const fs::path src(d.source);
  d.train =
      read_image_set((src / "train-images-idx3-ubyte.gz").string(), (src / "train-labels-idx1-ubyte.gz").string());
  d.test = read_image_set((src / "t10k-images-idx3-ubyte.gz").string(), (src / "t10k-labels-idx1-ubyte.gz").string());
  check_mnist_format(d.train, (src / "train-images-idx3-ubyte.gz").string(),
                     (src / "train-labels-idx1-ubyte.gz").string());
  check_mnist_format(d.test, (src / "t10k-images-idx3-ubyte.gz").string(),
                     (src / "t10k-labels-idx1-ubyte.gz").string());
  if (d.train.h != d.test.h || d.train.w != d.test.w)
    throw IdxError(d.source + ": train and test images have different sizes");
  note_data_source(d.is_sample);
  if (verbose) {
    const char* pretty = name == "fashion" ? "Fashion-MNIST" : "MNIST subset";
    if (d.is_sample)
      std::cout << "data: " << pretty << " full data not found; using the committed sample (" << d.train.n << " train, "
                << d.test.n << " test) from " << d.source << "\n";
    else
      std::cout << "data: " << pretty << " (" << d.train.n << " train, " << d.test.n << " test) from " << d.source
                << "\n";
  }
  return d;
}

ImageData load_images(const std::string& name, const CommonOptions& opt) { return load_images(name, opt.data); }

std::vector<std::string> class_names(const std::string& name) {
  if (name == "fashion")
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
  return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
}

}  // namespace ae
