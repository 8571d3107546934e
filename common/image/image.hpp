/// \file
/// \brief Grayscale images as tensors: tile a batch of images into one canvas, write and read PNG files (through
/// stb_image), and map signed images (tangent vectors, differences) to gray.
///
/// An image is one row of a tensor: a batch of n images of h x w pixels is (n, h*w), row-major, values in [0, 1]
/// (0 black, 1 white). A single image or canvas to write is (H, W).
#pragma once

#include <string>

#include "tensor.hpp"

namespace ae {

/// \brief Lays out the rows of `images` (n, h*w) as h x w tiles on a grid of `cols` columns, left to right and
/// top to bottom, and returns the (H, W) canvas.
///
/// Tiles are separated (not surrounded) by `gap` pixels of `gap_value`; unused cells of the last grid row are
/// filled with `gap_value` too. With c = min(cols, n) columns and r = ceil(n / c) rows,
/// H = r h + (r - 1) gap and W = c w + (c - 1) gap; image k has its top-left pixel at
/// ((k / c)(h + gap), (k % c)(w + gap)). Throws ShapeError if images.cols() != h*w, and std::invalid_argument if
/// n == 0, h, w or cols < 1, or gap < 0.
Tensor tile_images(const Tensor& images, int h, int w, int cols, int gap = 2, float gap_value = 1.f);

/// \brief Writes `gray` (H, W) as an 8-bit grayscale PNG, each pixel repeated `upscale` x `upscale` times.
///
/// Values are clamped to [0, 1] (NaN is written black) and rounded to 0..255. The file is written atomically
/// (a temporary file in the same folder, then renamed); missing parent folders are created. Throws
/// std::runtime_error naming the path if it cannot be written, and std::invalid_argument if `gray` is empty or
/// upscale < 1.
void write_png(const std::string& path, const Tensor& gray, int upscale = 1);

/// \brief Reads a PNG (or any format stb_image reads) as grayscale: an (H, W) tensor with values in [0, 1].
///
/// Color images are converted to luminance by stb_image. Throws std::runtime_error naming the path and the
/// reason if the file is missing or not a readable image.
Tensor read_png_gray(const std::string& path);

/// \brief A diverging gray map for signed images such as tangent vectors or differences:
/// \f$g = \tfrac12 + \tfrac12\, v / \max_k |v_k|\f$.
///
/// Gray 0.5 means "unchanged", white brighter, black darker; the scale is symmetric so that zero stays mid-gray.
/// An all-zero input maps to 0.5 everywhere. The shape is kept, so it applies to one image or to a whole batch
/// (one scale for the batch; call it per row for a scale per image).
Tensor signed_to_gray(const Tensor& v);

}  // namespace ae
