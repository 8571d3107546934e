// Tiling, PNG input/output (stb_image, stb_image_write) and the signed-to-gray map. The stb implementations are
// compiled here and nowhere else.
#include "image/image.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <vector>

#include "util/files.hpp"

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
#define STB_IMAGE_IMPLEMENTATION
#define STBI_FAILURE_USERMSG
#include <stb_image.h>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace ae {

Tensor tile_images(const Tensor& images, int h, int w, int cols, int gap, float gap_value) {
  if (h < 1 || w < 1 || cols < 1 || gap < 0)
    throw std::invalid_argument("tile_images: need h, w, cols >= 1 and gap >= 0 (got h=" + std::to_string(h) +
                                " w=" + std::to_string(w) + " cols=" + std::to_string(cols) +
                                " gap=" + std::to_string(gap) + ")");
  if (images.rows() == 0) throw std::invalid_argument("tile_images: no images");
  if (images.cols() != h * w)
    throw ShapeError("tile_images: images " + images.shape_str() + " are not (n, " + std::to_string(h) + "*" +
                     std::to_string(w) + ")");
  const int n = images.rows();
  const int c = std::min(cols, n);
  const int r = (n + c - 1) / c;
  Tensor canvas(r * h + (r - 1) * gap, c * w + (c - 1) * gap, gap_value);
  for (int k = 0; k < n; ++k) {
    const int top = (k / c) * (h + gap), left = (k % c) * (w + gap);
    const float* img = images.row(k);
    for (int i = 0; i < h; ++i) std::copy(img + i * w, img + (i + 1) * w, canvas.row(top + i) + left);
  }
  return canvas;
}

void write_png(const std::string& path, const Tensor& gray, int upscale) {
  if (gray.empty()) throw std::invalid_argument("write_png " + path + ": empty image");
  if (upscale < 1) throw std::invalid_argument("write_png " + path + ": upscale must be >= 1");
  const int H = gray.rows() * upscale, W = gray.cols() * upscale;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(H) * W);
  for (int i = 0; i < H; ++i)
    for (int j = 0; j < W; ++j) {
      const float v = gray(i / upscale, j / upscale);
      const float c = std::isnan(v) ? 0.f : std::clamp(v, 0.f, 1.f);  // NaN written black
      pixels[static_cast<std::size_t>(i) * W + j] = static_cast<std::uint8_t>(std::lround(c * 255.f));
    }
  // Encode in memory, then write atomically (temporary file in the same folder, renamed).
  std::vector<char> png;
  auto append = [](void* ctx, void* data, int size) {
    auto* out = static_cast<std::vector<char>*>(ctx);
    out->insert(out->end(), static_cast<char*>(data), static_cast<char*>(data) + size);
  };
  if (!stbi_write_png_to_func(append, &png, W, H, 1, pixels.data(), W))
    throw std::runtime_error("cannot encode PNG " + path);
  write_file_atomic(path, [&](std::ostream& out) { out.write(png.data(), static_cast<std::streamsize>(png.size())); });
}

Tensor read_png_gray(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw std::runtime_error("cannot read image " + path + ": no such file");
  int W = 0, H = 0, channels = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load(path.c_str(), &W, &H, &channels, 1), stbi_image_free);
  if (!pixels) throw std::runtime_error("cannot read image " + path + ": " + stbi_failure_reason());
  Tensor gray(H, W);
  for (std::size_t k = 0; k < gray.size(); ++k) gray[k] = pixels.get()[k] / 255.f;
  return gray;
}

Tensor signed_to_gray(const Tensor& v) {
  float m = 0.f;
  for (float x : v) m = std::max(m, std::abs(x));
  const float s = m > 0.f ? 0.5f / m : 0.f;
  return map(v, [s](float x) { return 0.5f + s * x; });  // g = 1/2 + 1/2 v / max|v|
}

}  // namespace ae
