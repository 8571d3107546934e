#include "vae_vs_ae.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "autodiff/losses.hpp"
#include "linalg/frechet.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"

namespace ae::ch14_4 {

PlainAe::PlainAe(int D, int hidden, int latent, Rng& rng)
    : encoder({D, hidden, latent}, Act::relu, Act::identity, rng),
      decoder({latent, hidden, D}, Act::relu, Act::identity, rng) {}

Tensor PlainAe::encode(const Tensor& x) const {
  NoGrad no_grad;
  return encoder(Var(x)).value();
}

Tensor PlainAe::decode_mean(const Tensor& h) const {
  NoGrad no_grad;
  return sigmoid(decoder(Var(h))).value();
}

PlainAe train_plain_ae(const ImageSet& train, int hidden, int latent, int epochs, int batch, float lr, Rng& rng) {
  PlainAe model(train.dim(), hidden, latent, rng);
  std::vector<NamedParam> params = model.encoder.named_params("encoder");
  for (const NamedParam& p : model.decoder.named_params("decoder")) params.push_back(p);
  Adam adam(vars_of(params), lr);
  auto loss = [&](const std::vector<int>& idx, Rng&) {
    const Var x(train.batch(idx));
    return bce_with_logits(model.decoder(model.encoder(x)), x);  // -log p(x | h), no KL: nothing shapes h
  };
  ae::train({.epochs = epochs, .batch = batch, .label = "plain AE, L = " + std::to_string(latent), .checkpoint = "",
         .resume = false},
        train.n, params, adam, rng, loss);
  return model;
}

namespace {

// Mean over the rows of A of the Euclidean distance to the nearest row of B: ||a||^2 + ||b||^2 - 2 a.b through the
// GEMM, 256 rows of A at a time.
double mean_nearest_distance(const Tensor& A, const Tensor& B) {
  std::vector<double> nb(static_cast<std::size_t>(B.rows()));
  for (int j = 0; j < B.rows(); ++j) nb[j] = sq_norm(B.rows_slice(j, j + 1));
  double total = 0;
  for (int begin = 0; begin < A.rows(); begin += 256) {
    const Tensor a = A.rows_slice(begin, std::min(A.rows(), begin + 256));
    const Tensor AB = matmul(a, B, false, true);
    for (int i = 0; i < a.rows(); ++i) {
      const double na = sq_norm(a.rows_slice(i, i + 1));
      double best = std::numeric_limits<double>::max();
      for (int j = 0; j < B.rows(); ++j) best = std::min(best, na + nb[j] - 2.0 * AB(i, j));
      total += std::sqrt(std::max(0.0, best));
    }
  }
  return total / std::max(1, A.rows());
}

// Mean gradient magnitude per pixel of h x w images (rows of X), forward differences inside the image.
double sharpness(const Tensor& X, int h, int w) {
  double s = 0;
  for (int n = 0; n < X.rows(); ++n) {
    const float* x = X.row(n);
    for (int i = 0; i + 1 < h; ++i)
      for (int j = 0; j + 1 < w; ++j) {
        const double dx = x[i * w + j + 1] - x[i * w + j], dy = x[(i + 1) * w + j] - x[i * w + j];
        s += std::sqrt(dx * dx + dy * dy);
      }
  }
  return s / (std::max(1, X.rows()) * double(h - 1) * (w - 1));
}

// The classifier's hidden ReLU features of the rows of X.
Tensor features(const Mlp& clf, const Tensor& X) {
  NoGrad no_grad;
  return relu(clf.layers.front()(Var(X))).value();
}

// Mean of the classifier's largest class probability over the rows of X.
double confidence(const Mlp& clf, const Tensor& X) {
  NoGrad no_grad;
  const Tensor a = clf(Var(X)).value();  // logits (N, 10)
  double s = 0;
  for (int n = 0; n < a.rows(); ++n) {
    const float* r = a.row(n);
    const float mx = *std::max_element(r, r + a.cols());
    double z = 0;
    for (int c = 0; c < a.cols(); ++c) z += std::exp(r[c] - mx);
    s += 1.0 / z;  // softmax of the largest logit
  }
  return s / std::max(1, a.rows());
}

}  // namespace

PriorSampleStudy compare_prior_samples(const Vae& vae, const PlainAe& ae, const ImageSet& train,
                                       const ImageSet& test, int n, int classifier_epochs, Rng& rng) {
  const Tensor X = train.all(), X_test = test.all();
  const int L = vae.latent;
  PriorSampleStudy s;
  const Tensor prior = rng.normal_tensor(n, L);
  s.vae_samples = vae.decode_mean(prior);
  s.ae_samples = ae.decode_mean(prior);

  // A Gaussian fitted to the plain AE's codes (diagonal: a mean and a variance per code unit), the fairest
  // simple prior one could put on them after training.
  const Tensor H = ae.encode(X);
  Tensor fitted(n, L);
  for (int j = 0; j < L; ++j) {
    double m = 0, v = 0;
    for (int i = 0; i < H.rows(); ++i) m += H(i, j);
    m /= H.rows();
    for (int i = 0; i < H.rows(); ++i) v += (H(i, j) - m) * (H(i, j) - m);
    const double sd = std::sqrt(v / std::max(1, H.rows() - 1));
    s.ae_code_std += sd / L;
    for (int i = 0; i < n; ++i) fitted(i, j) = static_cast<float>(m + sd * rng.normal());
  }
  s.ae_fitted_samples = ae.decode_mean(fitted);

  // A classifier of the data (a ReLU MLP, 128 hidden units): does a decoded draw look like some class? Its hidden
  // layer is the feature space in which draws are compared with the data.
  Mlp clf({X.cols(), 128, 10}, Act::relu, Act::identity, rng);
  {
    Adam adam(clf.params(), 1e-3f);
    const std::vector<int> y = train.label_vector(0, train.n);
    auto loss = [&](const std::vector<int>& idx, Rng&) {
      std::vector<int> labels;
      for (int i : idx) labels.push_back(y[static_cast<std::size_t>(i)]);
      return softmax_cross_entropy(clf(Var(train.batch(idx))), labels);
    };
    ae::train({.epochs = classifier_epochs, .batch = 64, .label = "classifier", .checkpoint = "", .resume = false},
              train.n, clf.named_params("clf"), adam, rng, loss);
  }
  s.test_confidence = confidence(clf, X_test);
  s.vae_confidence = confidence(clf, s.vae_samples);
  s.ae_confidence = confidence(clf, s.ae_samples);
  s.ae_fitted_confidence = confidence(clf, s.ae_fitted_samples);

  // Nearest training image, in pixels and in the classifier's features, against the same for test images; and the
  // Frechet distance of the features' Gaussian fits to the training set's (test images give the floor).
  const Tensor F = features(clf, X), F_test = features(clf, X_test);
  const double test_px = mean_nearest_distance(X_test, X), test_ft = mean_nearest_distance(F_test, F);
  s.test_fid = frechet_distance(F_test, F);
  const Tensor* draws[] = {&s.vae_samples, &s.ae_samples, &s.ae_fitted_samples};
  double* px[] = {&s.vae_pixel_nn_ratio, &s.ae_pixel_nn_ratio, &s.ae_fitted_pixel_nn_ratio};
  double* ft[] = {&s.vae_nn_ratio, &s.ae_nn_ratio, &s.ae_fitted_nn_ratio};
  double* fid[] = {&s.vae_fid, &s.ae_fid, &s.ae_fitted_fid};
  for (int k = 0; k < 3; ++k) {
    const Tensor Fk = features(clf, *draws[k]);
    *px[k] = mean_nearest_distance(*draws[k], X) / test_px;
    *ft[k] = mean_nearest_distance(Fk, F) / test_ft;
    *fid[k] = frechet_distance(Fk, F);
  }

  const double data_sharp = sharpness(X_test, test.h, test.w);
  Tensor mu, logvar;
  vae.encode(X_test, mu, logvar);
  s.vae_sample_sharpness_ratio = sharpness(s.vae_samples, test.h, test.w) / data_sharp;
  s.vae_recon_sharpness_ratio = sharpness(vae.decode_mean(mu), test.h, test.w) / data_sharp;
  s.ae_sample_sharpness_ratio = sharpness(s.ae_samples, test.h, test.w) / data_sharp;
  return s;
}

void plot_vae_vs_ae_samples(const plot::Output& out, const PriorSampleStudy& s, int h, int w, int cols) {
  const int D = h * w, rows_each = 2;
  Tensor grid(3 * rows_each * cols, D);
  const Tensor* blocks[] = {&s.vae_samples, &s.ae_samples, &s.ae_fitted_samples};
  for (int b = 0; b < 3; ++b)
    for (int k = 0; k < rows_each * cols; ++k)
      std::copy(blocks[b]->row(k), blocks[b]->row(k) + D, grid.row(b * rows_each * cols + k));
  plot::image_grid(out, {.name = "14_4_vae_vs_ae_prior_samples",
                         .title = "Decoded prior draws: the VAE against a plain autoencoder of the same shape",
                         .width = 1100,
                         .caption = "Rows 1-2: VAE, h ~ N(0, I). Rows 3-4: plain AE, h ~ N(0, I). Rows 5-6: plain AE, "
                                    "h from a Gaussian fitted to its training codes"},
                   grid, h, w, cols, {"VAE N(0,I)", "", "AE N(0,I)", "", "AE fitted", ""});
}

}  // namespace ae::ch14_4
