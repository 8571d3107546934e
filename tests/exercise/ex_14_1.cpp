// Section 14.1's exercises: PCA's encoder and decoder, and recirculation's updates.
#include "autodiff/ops.hpp"
#include "exercise.hpp"
#include "linalg/pca.hpp"
#include "recirculation.hpp"

using namespace ae;

namespace {
// Correlated data (N, D): x = z A + m with z ~ N(0, I).
Tensor correlated(int N, int D, Rng& rng) {
  const Tensor A = rng.normal_tensor(D, D), Z = rng.normal_tensor(N, D);
  Tensor X = matmul(Z, A);
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < D; ++j) X(i, j) += 0.5f * j;
  return X;
}
}  // namespace

TEST_CASE("14.1-pca-encode") {
  Rng rng(1);
  const Tensor X = correlated(300, 6, rng);
  const Pca pca = pca_fit(X, 3);
  const Tensor Z = pca_encode(pca, X);
  REQUIRE_MESSAGE((Z.rows() == 300 && Z.cols() == 3), "codes must be (N, k) = (300, 3), got " << Z.shape_str());
  // The codes of the training data are centred, uncorrelated, and have the eigenvalues as variances.
  double worst_mean = 0, worst_cov = 0;
  for (int a = 0; a < 3; ++a) {
    double m = 0;
    for (int i = 0; i < 300; ++i) m += Z(i, a) / 300.0;
    worst_mean = std::max(worst_mean, std::fabs(m));
    for (int b = 0; b < 3; ++b) {
      double c = 0;
      for (int i = 0; i < 300; ++i) c += double(Z(i, a)) * Z(i, b) / 299.0;
      worst_cov = std::max(worst_cov, std::fabs(c - (a == b ? pca.variances[a] : 0.0)) / pca.variances[0]);
    }
  }
  CHECK_MESSAGE(worst_mean < 1e-3, "the codes of the training set must have mean 0 (off by " << worst_mean << ")");
  CHECK_MESSAGE(worst_cov < 1e-3, "the codes' covariance must be diag(lambda) (relative error " << worst_cov << ")");
}

TEST_CASE("14.1-pca-decode") {
  Rng rng(2);
  const Tensor X = correlated(200, 7, rng);
  const Pca pca = pca_fit(X, 3);
  const Tensor Z = rng.normal_tensor(5, 3, 0.f, 2.f);
  const Tensor R = pca_decode(pca, Z);
  REQUIRE_MESSAGE((R.rows() == 5 && R.cols() == 7), "reconstructions must be (N, D) = (5, 7), got " << R.shape_str());
  // R - mu lies in the principal subspace, at coordinates Z: (R - mu) = Z W^T exactly when (R - mu) W = Z and
  // (R - mu) has nothing outside span(W).
  const Tensor& W = pca.components;
  double worst_code = 0, worst_out = 0;
  for (int i = 0; i < 5; ++i) {
    std::vector<double> d(7);
    for (int j = 0; j < 7; ++j) d[j] = R(i, j) - pca.mean(0, j);
    std::vector<double> inside(7, 0.0);
    for (int c = 0; c < 3; ++c) {
      double zc = 0;
      for (int j = 0; j < 7; ++j) zc += d[j] * W(j, c);
      worst_code = std::max(worst_code, std::fabs(zc - Z(i, c)));
      for (int j = 0; j < 7; ++j) inside[j] += zc * W(j, c);
    }
    for (int j = 0; j < 7; ++j) worst_out = std::max(worst_out, std::fabs(d[j] - inside[j]));
  }
  CHECK_MESSAGE(worst_code < 1e-4, "(r - mu) W must give back the code z (off by " << worst_code << ")");
  CHECK_MESSAGE(worst_out < 1e-4, "r - mu must lie in the span of W (off by " << worst_out << ")");
}

TEST_CASE("14.1-recirculation") {
  Rng rng(4);
  // Rank-2 data in 6-D, centred.
  const Tensor X = matmul(rng.normal_tensor(64, 2), rng.normal_tensor(2, 6, 0.f, 0.5f));
  // lambda = 0, linear units: x(2) = r, and the decoder's update is exactly backprop's gradient of the mean
  // squared error (1/2N) ||r - x||^2 with respect to W_d and b_d.
  ch14_1::RecirculationAe model(6, 2, Act::identity, Act::identity, 0.f, rng);
  model.compute_update(X);
  Var Wd(model.dec.W.value(), true), bd(model.dec.b.value(), true);
  const Tensor y1 = affine(Var(X), Var(model.enc.W.value()), Var(model.enc.b.value())).value();
  const Var loss = scale(sum(square(sub(affine(Var(y1), Wd, bd), Var(X)))), 0.5f / 64);
  backward(loss);
  CHECK_MESSAGE(exercise::rel_diff(model.dec.W.grad(), Wd.grad()) < 1e-4,
                "with lambda = 0 the decoder's update must be minus backprop's gradient");
  CHECK_MESSAGE(exercise::rel_diff(model.dec.b.grad(), bd.grad()) < 1e-4,
                "with lambda = 0 the decoder bias's update must be minus backprop's gradient");
  // Recirculation learns: 400 steps theta -= lr * grad with the chapter's lambda shrink the error tenfold.
  ch14_1::RecirculationAe learner(6, 2, Act::identity, Act::identity, 0.75f, rng);
  const float first = learner.compute_update(X);
  float last = first;
  for (int step = 0; step < 400; ++step) {
    last = learner.compute_update(X);
    for (NamedParam p : learner.named_params()) p.second.value().add_scaled(p.second.grad(), -0.2f);
  }
  CHECK_MESSAGE(last < 0.1f * first, "recirculation must learn rank-2 data: error " << first << " -> " << last);
}
