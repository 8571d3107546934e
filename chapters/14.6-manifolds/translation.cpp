#include "translation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "data/synthetic.hpp"
#include "image/image.hpp"
#include "linalg/local_pca.hpp"
#include "linalg/subspace.hpp"

namespace ch14_6 {

using namespace ae;

Tensor pca_project_2d(const Tensor& X, double* explained) {
  const LocalPca pca = local_pca(X, X.rows_slice(0, 1), X.rows(), 2);
  Tensor Xc = X;
  for (int i = 0; i < X.rows(); ++i)
    for (int j = 0; j < X.cols(); ++j) Xc(i, j) -= pca.mean[j];
  if (explained) {
    const double kept = pca.variances[0] + pca.variances[1];
    *explained = kept / std::max(kept + pca.residual_variance, 1e-300);
  }
  return matmul(Xc, pca.basis);  // (N, D)(D, 2)
}

TranslationStudy translation_manifold(const plot::Output& out, const Tensor& image, int n, double t_max, int k) {
  TranslationStudy res;
  const int size = 28;
  const Points curve = translated_images(image, size, n, -t_max, t_max);  // x(t), (n, 784)

  // The curve seen through its two leading principal components: a smooth loop-like arc, not a line, since
  // pixel space is not the coordinate system in which translation is linear.
  const Tensor Z = pca_project_2d(curve.x, &res.pca2_variance);  // (n, 2)
  plot::scatter_values(out,
                       {.name = "14_6_translation_pca", .title = "Fig. 14.6: a translated image, projected on 2 PCs",
                        .xlabel = "PC 1", .ylabel = "PC 2", .zlabel = "vertical shift t (pixels)",
                        .book_figure = "14.6"},
                       Z, curve.t);

  // The tangent at t = 0: exact (central difference of the bilinear translation) and from local PCA over the
  // k nearest images on the curve.
  const double h = 1e-2;
  const Tensor tangent =
      (translate_image(image, size, h, 0) - translate_image(image, size, -h, 0)) * static_cast<float>(1 / (2 * h));
  const Tensor x0 = translate_image(image, size, 0, 0);
  const Tensor tangent_pca = local_pca_tangent(curve.x, x0, k, 1);  // (784, 1)
  res.tangent_angle_deg = max_principal_angle_deg(transpose(tangent), tangent_pca);

  // Images along the curve, then the two tangent estimates as signed images (one scale per image).
  const int shown = 7;
  Tensor tiles(shown + 2, size * size);
  for (int i = 0; i < shown; ++i) {
    const Tensor im = translate_image(image, size, -t_max + 2 * t_max * i / (shown - 1), 0);
    std::copy(im.begin(), im.end(), tiles.row(i));
  }
  const Tensor g_exact = signed_to_gray(tangent), g_pca = signed_to_gray(transpose(tangent_pca));
  std::copy(g_exact.begin(), g_exact.end(), tiles.row(shown));
  // Local PCA's direction has an arbitrary sign: show it with the sign that agrees with the exact tangent.
  const bool flip = dot(transpose(tangent_pca), tangent) < 0;
  for (int j = 0; j < size * size; ++j) tiles(shown + 1, j) = flip ? 1.f - g_pca[j] : g_pca[j];
  // One header per tile, and wide enough for a slide (1280 px: tiles of about 130 px, the 1-px steps visible).
  std::vector<std::string> headers;
  for (int i = 0; i < shown; ++i) {
    const double t = -t_max + 2 * t_max * i / (shown - 1);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", std::abs(t));
    headers.push_back(std::string("t = ") + (t < 0 ? "−" : t > 0 ? "+" : "") + buf);
  }
  headers.push_back("∂x/∂t exact");
  headers.push_back("local PCA");
  plot::image_grid(out,
                   {.name = "14_6_translation_tangent",
                    .title = "Shifts t = −" + std::to_string(int(t_max)) + " … " + std::to_string(int(t_max)) +
                             " px, then the tangent ∂x/∂t: exact, local PCA",
                    .width = 1280,
                    .caption = "An image shifted along t, and its tangent ∂x/∂t: exact and local PCA",
                    .book_figure = "14.6"},
                   tiles, size, size, shown + 2, {}, headers);
  return res;
}

}  // namespace ch14_6
