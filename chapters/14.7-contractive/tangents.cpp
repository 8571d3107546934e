#include "tangents.hpp"

#include <algorithm>
#include <cmath>

#include "data/synthetic.hpp"
#include "linalg/local_pca.hpp"
#include "linalg/subspace.hpp"
#include "linalg/svd.hpp"
#include "nn/contractive.hpp"

namespace ch14_7 {

namespace {
constexpr int kSize = 28;

// The object: base_image, drawn through a Gaussian resampling kernel of std kKernel pixels, so that the image
// is an analytic function of the shift and its tangent is exact. (Bilinear interpolation, translate_image,
// makes the manifold only piecewise smooth: its tangent jumps at every whole-pixel shift, by about 23 degrees
// for this object, which would swamp the differences we want to measure.)
constexpr double kKernel = 0.8;

/// g(u) = exp(-u^2 / 2 s^2) and, with deriv, its derivative -u / s^2 g(u), at u = q - p - shift for every
/// output coordinate q and input coordinate p: a (kSize, kSize) table.
std::vector<double> kernel_table(double shift, bool deriv) {
  std::vector<double> k(static_cast<std::size_t>(kSize * kSize));
  for (int q = 0; q < kSize; ++q)
    for (int p = 0; p < kSize; ++p) {
      const double u = q - p - shift, g = std::exp(-0.5 * u * u / (kKernel * kKernel)) / (2.5066282746310002 * kKernel);
      k[static_cast<std::size_t>(q * kSize + p)] = deriv ? -u / (kKernel * kKernel) * g : g;
    }
  return k;
}

/// out[qy, qx] = sum_{py, px} I[py, px] Ky[qy, py] Kx[qx, px]: separable resampling of the object.
Tensor resample(const std::vector<double>& Ky, const std::vector<double>& Kx) {
  static const Tensor I = ae::base_image(kSize);
  std::vector<double> tmp(static_cast<std::size_t>(kSize * kSize), 0.0);  // rows resampled in x: (py, qx)
  for (int py = 0; py < kSize; ++py)
    for (int qx = 0; qx < kSize; ++qx) {
      double s = 0;
      for (int px = 0; px < kSize; ++px)
        s += I[static_cast<std::size_t>(py * kSize + px)] * Kx[static_cast<std::size_t>(qx * kSize + px)];
      tmp[static_cast<std::size_t>(py * kSize + qx)] = s;
    }
  Tensor out(1, kSize * kSize);
  for (int qy = 0; qy < kSize; ++qy)
    for (int qx = 0; qx < kSize; ++qx) {
      double s = 0;
      for (int py = 0; py < kSize; ++py)
        s += Ky[static_cast<std::size_t>(qy * kSize + py)] * tmp[static_cast<std::size_t>(py * kSize + qx)];
      out[static_cast<std::size_t>(qy * kSize + qx)] = static_cast<float>(s);
    }
  return out;
}

double largest_angle(const Tensor& A, const Tensor& B) {
  const std::vector<double> a = ae::principal_angles_deg(A, B);
  return a.empty() ? 90.0 : a.back();
}
}  // namespace

ShiftedImages shifted_images(int n, double max_shift, ae::Rng& rng) {
  ShiftedImages s{Tensor(n, kSize * kSize), {}, {}};
  for (int i = 0; i < n; ++i) {
    const double dy = rng.uniform(-max_shift, max_shift), dx = rng.uniform(-max_shift, max_shift);
    const Tensor im = shifted_object(dy, dx);
    std::copy(im.begin(), im.end(), s.X.row(i));
    s.dy.push_back(dy);
    s.dx.push_back(dx);
  }
  return s;
}

Tensor shifted_object(double dy, double dx) { return resample(kernel_table(dy, false), kernel_table(dx, false)); }

Tensor true_tangent(double dy, double dx) {
  // d/d(dy) of sum I g(qy - py - dy) g(qx - px - dx) = - sum I g'(qy - py - dy) g(qx - px - dx); likewise in dx.
  const Tensor ty = resample(kernel_table(dy, true), kernel_table(dx, false)) * -1.f;
  const Tensor tx = resample(kernel_table(dy, false), kernel_table(dx, true)) * -1.f;
  Tensor T(kSize * kSize, 2);
  for (int p = 0; p < kSize * kSize; ++p) {
    T(p, 0) = ty[static_cast<std::size_t>(p)];
    T(p, 1) = tx[static_cast<std::size_t>(p)];
  }
  return T;
}

Tensor cae_tangent(const ShallowAe& model, const Tensor& x) {
  const ae::Svd s = ae::svd(ae::sigmoid_encoder_jacobian(model.enc, x));  // J = U S V^T, V (784, p)
  return s.V.cols_slice(0, 2);
}

TangentResult tangent_experiment(int n_train, const TangentSpec& spec, ae::Rng& rng) {
  const ShiftedImages train = shifted_images(n_train, spec.max_shift, rng);
  // Test points away from the edge of the sampled square, where every neighbourhood is one-sided.
  const ShiftedImages test = shifted_images(spec.test_points, 0.7 * spec.max_shift, rng);

  // The same autoencoder trained with and without the contractive penalty, for the same number of steps.
  auto train_ae = [&](float lambda, const std::string& label) {
    ShallowAe model(kSize * kSize, spec.hidden, spec.tied, rng);
    TrainSpec ts;
    ts.criterion = lambda > 0 ? Criterion::contractive : Criterion::plain;
    ts.lambda = lambda;
    ts.lr = spec.lr;
    ts.batch = std::min(spec.batch, n_train);
    ts.epochs = std::max(1, spec.steps * ts.batch / n_train);
    ts.label = label + " on " + std::to_string(n_train) + " shifted images";
    train_shallow(model, train.X, ts, rng);
    return model;
  };
  const ShallowAe cae = train_ae(spec.lambda, "CAE");
  ShallowAe plain;
  if (spec.with_plain) plain = train_ae(0.f, "plain AE");

  TangentResult r;
  r.n_train = n_train;
  const int k = std::min(spec.k_neighbours, n_train);
  for (int t = 0; t < spec.test_points; ++t) {
    const Tensor x = test.X.rows_slice(t, t + 1);
    const Tensor T = true_tangent(test.dy[static_cast<std::size_t>(t)], test.dx[static_cast<std::size_t>(t)]);
    std::vector<Tensor> planes{cae_tangent(cae, x), ae::local_pca_tangent(train.X, x, k, 2)};
    if (spec.with_plain) planes.push_back(cae_tangent(plain, x));
    r.cae_deg += largest_angle(T, planes[0]) / spec.test_points;
    r.local_pca_deg += largest_angle(T, planes[1]) / spec.test_points;
    if (spec.with_plain) r.plain_deg += largest_angle(T, planes[2]) / spec.test_points;
    if (t == 0) {
      r.example_x = x;
      r.example_tangent = T;
      r.example_planes = planes;
    }
  }
  return r;
}

}  // namespace ch14_7
