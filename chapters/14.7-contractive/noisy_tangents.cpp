#include "noisy_tangents.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <string>

#include "image/image.hpp"
#include "linalg/local_pca.hpp"
#include "linalg/subspace.hpp"
#include "linalg/svd.hpp"
#include "nn/contractive.hpp"

namespace ch14_7 {

namespace {

double largest_angle(const Tensor& A, const Tensor& B) {
  const std::vector<double> a = ae::principal_angles_deg(A, B);
  return a.empty() ? 90.0 : a.back();
}

// x + noise * eps in every pixel.
void add_noise(Tensor& X, double noise, ae::Rng& rng) {
  for (float& v : X) v += static_cast<float>(noise * rng.normal());
}

}  // namespace

NoisyTangentPoint noisy_tangent_experiment(int n_train, double noise, const TangentSpec& spec, ae::Rng& rng) {
  ShiftedImages train = shifted_images(n_train, spec.max_shift, rng);
  ShiftedImages test = shifted_images(spec.test_points, 0.7 * spec.max_shift, rng);
  add_noise(train.X, noise, rng);
  add_noise(test.X, noise, rng);

  auto train_ae = [&](float lambda, const std::string& label) {
    ShallowAe model(train.X.cols(), spec.hidden, spec.tied, rng);
    TrainSpec ts;
    ts.criterion = lambda > 0 ? Criterion::contractive : Criterion::plain;
    ts.lambda = lambda;
    ts.lr = spec.lr;
    ts.batch = std::min(spec.batch, n_train);
    ts.epochs = std::max(1, spec.steps * ts.batch / n_train);
    ts.label = label + " on " + std::to_string(n_train) + " noisy images (noise " +
               std::to_string(noise).substr(0, 4) + ")";
    train_shallow(model, train.X, ts, rng);
    return model;
  };
  const ShallowAe cae = train_ae(spec.lambda, "CAE");
  const ShallowAe plain = train_ae(0.f, "plain AE");

  NoisyTangentPoint r;
  r.noise = noise;
  r.n_train = n_train;
  const int k = std::min(spec.k_neighbours, n_train);
  for (int t = 0; t < spec.test_points; ++t) {
    const Tensor x = test.X.rows_slice(t, t + 1);
    const Tensor T = true_tangent(test.dy[static_cast<std::size_t>(t)], test.dx[static_cast<std::size_t>(t)]);
    const std::vector<Tensor> planes{cae_tangent(cae, x), ae::local_pca_tangent(train.X, x, k, 2),
                                     cae_tangent(plain, x)};
    r.cae_deg += largest_angle(T, planes[0]) / spec.test_points;
    r.local_pca_deg += largest_angle(T, planes[1]) / spec.test_points;
    r.plain_deg += largest_angle(T, planes[2]) / spec.test_points;
    if (t == 0) {
      r.example_x = x;
      r.example_tangent = T;
      r.example_planes = planes;
    }
  }
  return r;
}

void plot_noisy_tangent_sweep(const ae::plot::Output& out, const std::vector<NoisyTangentPoint>& sweep) {
  std::set<int> sizes;
  for (const NoisyTangentPoint& p : sweep) sizes.insert(p.n_train);
  std::vector<std::function<void(const ae::plot::Output&)>> draw;
  for (int n : sizes) {
    ae::plot::Series cae{.label = "CAE", .style = "linespoints", .color = 0};
    ae::plot::Series pca{.label = "local PCA", .style = "linespoints", .color = 1};
    ae::plot::Series plain{.label = "plain AE", .style = "linespoints", .color = 2, .dashed = true};
    for (const NoisyTangentPoint& p : sweep)
      if (p.n_train == n) {
        for (ae::plot::Series* s : {&cae, &pca, &plain}) s->x.push_back(p.noise);
        cae.y.push_back(p.cae_deg);
        pca.y.push_back(p.local_pca_deg);
        plain.y.push_back(p.plain_deg);
      }
    draw.push_back([n, cae, pca, plain](const ae::plot::Output& o) {
      ae::plot::lines(o, {.title = std::to_string(n) + " training images", .xlabel = "pixel noise σ",
                          .ylabel = "largest angle to the true plane (°)", .yrange = ae::plot::Range{0, 90},
                          .legend = "bottom right"},
                      {cae, pca, plain});
    });
  }
  ae::plot::panels(out, {.name = "14_7_noisy_tangent_sweep",
                         .title = "Tangent planes of noisy shifted images: CAE, local PCA and plain AE",
                         .width = 1500, .height = 560,
                         .caption = "Largest principal angle between each estimate and the true tangent plane of the "
                                    "clean translation manifold, against the pixel noise, per training-set size",
                         .book_figure = "14.10"},
                   draw, 0);
}

void plot_noisy_shift_tangents(const ae::plot::Output& out, const NoisyTangentPoint& p) {
  // As plot_shift_tangents: the (noisy) image, then the true tangents projected onto each estimated plane.
  const int D = p.example_x.cols();
  const std::vector<std::string> names{"truth", "CAE", "local PCA", "plain AE"};
  Tensor grid(3 * static_cast<int>(names.size()), D);
  auto put = [&](int row, const Tensor& v) { std::copy(v.begin(), v.end(), grid.row(row)); };
  const Tensor x = ae::map(p.example_x, [](float v) { return std::clamp(v, 0.f, 1.f); });
  for (std::size_t m = 0; m < names.size(); ++m) {
    const Tensor& Q = m == 0 ? p.example_tangent : p.example_planes[m - 1];
    const Tensor P = m == 0 ? p.example_tangent : matmul(Q, matmul(Q, p.example_tangent, true, false));
    put(3 * static_cast<int>(m), x);
    for (int c = 0; c < 2; ++c)
      put(3 * static_cast<int>(m) + 1 + c, ae::signed_to_gray(transpose(P.cols_slice(c, c + 1))));
  }
  const std::string level = std::to_string(p.noise).substr(0, 4);
  ae::plot::image_grid(out, {.name = "14_7_noisy_shift_tangents", .title = "Noise " + level + ", " +
                             std::to_string(p.n_train) + " images: tangents on each plane",
                             .width = 700,
                             .caption = "A noisy shifted image, its two true tangent images, and their projections on "
                                        "the planes estimated by the CAE, local PCA and the plain AE",
                             .book_figure = "14.10"},
                       grid, 28, 28, 3, names);
}

void plot_noisy_real_tangents(const ae::plot::Output& out, const ShallowAe& clean_cae, const Tensor& X,
                              const Tensor& X_show, double noise, const TrainSpec& spec, int k_neighbours,
                              int n_vectors, ae::Rng& rng) {
  Tensor X_noisy = X, show_noisy = X_show;
  add_noise(X_noisy, noise, rng);
  add_noise(show_noisy, noise, rng);
  ShallowAe noisy_cae(X.cols(), clean_cae.enc.out(), true, rng);
  train_shallow(noisy_cae, X_noisy, spec, rng);

  const int D = X.cols(), cols = n_vectors + 1;
  std::vector<std::string> labels;
  std::vector<float> pixels;
  auto add_row = [&](const Tensor& x, const Tensor& dirs, const std::string& label) {
    const Tensor shown = ae::map(x, [](float v) { return std::clamp(v, 0.f, 1.f); });
    pixels.insert(pixels.end(), shown.begin(), shown.end());
    for (int c = 0; c < n_vectors; ++c) {
      const Tensor g = ae::signed_to_gray(transpose(dirs.cols_slice(c, c + 1)));
      pixels.insert(pixels.end(), g.begin(), g.end());
    }
    labels.push_back(label);
  };
  for (int i = 0; i < X_show.rows(); ++i)
    for (int noisy = 0; noisy < 2; ++noisy) {
      const Tensor x = (noisy ? show_noisy : X_show).rows_slice(i, i + 1);
      const ShallowAe& cae = noisy ? noisy_cae : clean_cae;
      add_row(x, ae::svd(ae::sigmoid_encoder_jacobian(cae.enc, x)).V, noisy ? "noisy: CAE" : "clean: CAE");
      add_row(x, ae::local_pca_tangent(noisy ? X_noisy : X, x, k_neighbours, n_vectors),
              noisy ? "noisy: local PCA" : "clean: local PCA");
    }
  const Tensor grid = Tensor::from_vector(static_cast<int>(pixels.size()) / D, D, pixels);
  ae::plot::image_grid(out, {.name = "14_7_noisy_real_tangents",
                             .title = "Figure 14.10, clean and with pixel noise " + std::to_string(noise).substr(0, 4),
                             .width = 900,
                             .caption = "Leading Jacobian directions of a CAE and local PCA directions, on clean test "
                                        "digits and on the same digits with Gaussian pixel noise (models trained on "
                                        "correspondingly clean or noisy images)",
                             .book_figure = "14.10"},
                       grid, 28, 28, cols, labels);
}

}  // namespace ch14_7
