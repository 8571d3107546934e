// Tests for common/linalg's factorizations: QR, the symmetric eigensolver and SVD. Matrices with known answers are
// built as Q diag(lambda) Q^T from random orthogonal Q (linalg_helpers.hpp). Subspaces, PCA and MDS:
// test_pca_mds.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "data/datasets.hpp"
#include "linalg/eigen_sym.hpp"
#include "linalg/matrix_d.hpp"
#include "linalg/pca.hpp"
#include "linalg/qr.hpp"
#include "linalg/svd.hpp"
#include "linalg_helpers.hpp"
#include "rng.hpp"

using namespace ae;
using namespace ae::test;

namespace {

// max_i |S v_i - lambda_i v_i| / max|lambda|.
double eigen_residual(const MatrixD& S, const EigenSym& e) {
  MatrixD V = MatrixD::from_tensor(e.vectors);
  MatrixD SV = matmul(S, V);
  double scale = 1e-300, worst = 0;
  for (double l : e.values) scale = std::max(scale, std::fabs(l));
  for (int i = 0; i < V.rows; ++i)
    for (int c = 0; c < V.cols; ++c) worst = std::max(worst, std::fabs(SV(i, c) - e.values[c] * V(i, c)));
  return worst / scale;
}

// Checks eigen_sym on Q diag(lambda) Q^T, for both the double and the float entry point.
void check_known_spectrum(std::vector<double> lambda, Rng& rng) {
  const int n = static_cast<int>(lambda.size());
  MatrixD Q = random_orthonormal(n, n, rng);
  MatrixD S = usv(Q, lambda, Q);
  std::sort(lambda.begin(), lambda.end(), std::greater<double>());
  double scale = 0;
  for (double l : lambda) scale = std::max(scale, std::fabs(l));

  EigenSym e = eigen_sym(S);
  REQUIRE(e.values.size() == lambda.size());
  REQUIRE(e.vectors.rows() == n);
  REQUIRE(e.vectors.cols() == n);
  for (int i = 0; i < n; ++i) {
    CAPTURE(i);
    CHECK(std::fabs(e.values[i] - lambda[i]) <= 1e-11 * scale);
  }
  CHECK(eigen_residual(S, e) < 1e-5);  // vectors are rounded to float
  CHECK(orthonormality_error(e.vectors) < 1e-5);

  // The float entry point sees S rounded to float: eigenvalues move by about 1e-7 ||S||.
  EigenSym ef = eigen_sym(S.to_tensor());
  for (int i = 0; i < n; ++i) CHECK(std::fabs(ef.values[i] - lambda[i]) <= 1e-5 * scale);
  CHECK(orthonormality_error(ef.vectors) < 1e-5);
}

}  // namespace

TEST_CASE("MatrixD: a negative shape throws ShapeError, before anything is allocated") {
  CHECK_THROWS_AS(MatrixD(-1, 3), ShapeError);
  CHECK_THROWS_AS(MatrixD(3, -2), ShapeError);
  CHECK(MatrixD(0, 5).a.empty());
}

TEST_CASE("qr: orthonormal Q, upper-triangular R, A = QR") {
  Rng rng(1);
  for (auto [m, n] : {std::pair{7, 7}, {30, 5}, {5, 1}, {1, 1}}) {
    CAPTURE(m);
    CAPTURE(n);
    MatrixD A = normal_d(m, n, rng);
    QrD f = qr_d(A);
    CHECK(orthonormality_error(f.Q.to_tensor()) < 1e-6);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < i; ++j) CHECK(f.R(i, j) == 0.0);
    MatrixD QR = matmul(f.Q, f.R);
    for (std::size_t t = 0; t < A.a.size(); ++t) CHECK(std::fabs(QR.a[t] - A.a[t]) < 1e-13);
  }
  CHECK_THROWS_AS(qr(Tensor(2, 3)), std::invalid_argument);
}

TEST_CASE("eigen_sym: known spectra") {
  Rng rng(2);
  SUBCASE("distinct eigenvalues, n = 50") {
    std::vector<double> lambda(50);
    for (double& l : lambda) l = rng.uniform(-10, 10);
    check_known_spectrum(lambda, rng);
  }
  SUBCASE("repeated eigenvalues") { check_known_spectrum({5, 5, 5, 2, 2, -1, -1, -1, -1, 0, 0, 7}, rng); }
  SUBCASE("all eigenvalues equal (S = 3 I in disguise)") { check_known_spectrum(std::vector<double>(9, 3.0), rng); }
  SUBCASE("widely spread magnitudes") { check_known_spectrum({1e6, 1e3, 1, 1e-3, 1e-6, -1e2}, rng); }
  SUBCASE("n = 200") {
    std::vector<double> lambda(200);
    for (int i = 0; i < 200; ++i) lambda[i] = 100.0 * std::exp(-0.05 * i) * (i % 7 == 3 ? -1 : 1);
    check_known_spectrum(lambda, rng);
  }
  SUBCASE("n = 2") { check_known_spectrum({4, -2}, rng); }
}

TEST_CASE("eigen_sym: special matrices") {
  SUBCASE("1 x 1") {
    EigenSym e = eigen_sym(Tensor(1, 1, {-3.5f}));
    REQUIRE(e.values.size() == 1);
    CHECK(e.values[0] == -3.5);
    CHECK(std::fabs(e.vectors(0, 0)) == 1.f);
  }
  SUBCASE("0 x 0") { CHECK(eigen_sym(Tensor(0, 0)).values.empty()); }
  SUBCASE("diagonal: sorted entries, unit vectors") {
    Tensor S(4, 4);
    const float diag[4] = {1.f, -2.f, 7.f, 3.f};
    for (int i = 0; i < 4; ++i) S(i, i) = diag[i];
    EigenSym e = eigen_sym(S);
    const std::vector<double> want = {7, 3, 1, -2};
    const int where[4] = {2, 3, 0, 1};
    for (int c = 0; c < 4; ++c) {
      CHECK(e.values[c] == want[c]);
      CHECK(std::fabs(e.vectors(where[c], c)) == doctest::Approx(1.0));
    }
  }
  SUBCASE("path-graph Laplacian (already tridiagonal): lambda_k = 2 - 2 cos(k pi / (n + 1))") {
    const int n = 30;
    MatrixD L(n, n);
    for (int i = 0; i < n; ++i) {
      L(i, i) = 2;
      if (i + 1 < n) L(i, i + 1) = L(i + 1, i) = -1;
    }
    EigenSym e = eigen_sym(L);
    for (int c = 0; c < n; ++c)
      CHECK(e.values[c] == doctest::Approx(2 - 2 * std::cos((n - c) * kPi / (n + 1))).epsilon(1e-12));
    CHECK(eigen_residual(L, e) < 1e-5);
  }
  SUBCASE("zero matrix") {
    EigenSym e = eigen_sym(Tensor(5, 5));
    for (double v : e.values) CHECK(v == 0.0);
    CHECK(orthonormality_error(e.vectors) < 1e-6);
  }
  SUBCASE("top-k and eigenvalues-only agree with the full decomposition") {
    Rng rng(3);
    MatrixD A = normal_d(40, 40, rng);
    MatrixD S = matmul(A, transpose(A));
    EigenSym full = eigen_sym(S), top = eigen_sym_top(S, 5);
    std::vector<double> vals = eigenvalues_sym(S);
    REQUIRE(top.vectors.cols() == 5);
    for (int c = 0; c < 5; ++c) {
      CHECK(top.values[c] == full.values[c]);
      CHECK(vals[c] == doctest::Approx(full.values[c]).epsilon(1e-12));
    }
    CHECK(eigen_residual(S, top) < 1e-5);
  }
}

TEST_CASE("eigen_sym: bad input throws") {
  CHECK_THROWS_AS(eigen_sym(Tensor(2, 3)), std::invalid_argument);
  Tensor S(3, 3, 1.f);
  S(1, 2) = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_AS(eigen_sym(S), std::invalid_argument);
  S(1, 2) = std::numeric_limits<float>::infinity();
  CHECK_THROWS_AS(eigen_sym(S), std::invalid_argument);
  CHECK_THROWS_AS(eigen_sym_top(Tensor(3, 3), 4), std::invalid_argument);
}

TEST_CASE("svd: known singular values, reconstruction, orthonormal factors") {
  Rng rng(4);
  for (auto [m, n] : {std::pair{60, 8}, {8, 60}, {784, 30}, {17, 17}, {1, 5}, {5, 1}}) {
    CAPTURE(m);
    CAPTURE(n);
    const int p = std::min(m, n);
    std::vector<double> s(static_cast<std::size_t>(p));
    for (int i = 0; i < p; ++i) s[i] = 10.0 * std::pow(0.6, i);  // descending, condition number up to 1e7
    MatrixD A = usv(random_orthonormal(m, p, rng), s, random_orthonormal(n, p, rng));
    SvdD f = svd_d(A);
    REQUIRE(f.S.size() == static_cast<std::size_t>(p));
    for (int i = 0; i < p; ++i) CHECK(std::fabs(f.S[i] - s[i]) <= 1e-13 * s[0]);
    MatrixD R = usv(f.U, f.S, f.V);
    for (std::size_t t = 0; t < A.a.size(); ++t) CHECK(std::fabs(R.a[t] - A.a[t]) < 1e-13 * s[0]);

    Svd g = svd(A.to_tensor());  // the float interface
    REQUIRE(g.U.rows() == m);
    REQUIRE(g.U.cols() == p);
    REQUIRE(g.V.rows() == n);
    REQUIRE(g.V.cols() == p);
    CHECK(orthonormality_error(g.U) < 1e-5);
    CHECK(orthonormality_error(g.V) < 1e-5);
    for (int i = 0; i < p; ++i) CHECK(std::fabs(g.S[i] - s[i]) <= 1e-6 * s[0]);
    const std::vector<double> only = singular_values(A.to_tensor());
    for (int i = 0; i < p; ++i) CHECK(only[i] == doctest::Approx(g.S[i]).epsilon(1e-12));
  }
}

TEST_CASE("svd: rank-deficient and zero matrices still give orthonormal factors") {
  Rng rng(5);
  SUBCASE("rank 3 of (20, 6)") {
    MatrixD A = matmul(normal_d(20, 3, rng), normal_d(3, 6, rng));
    SvdD f = svd_d(A);
    for (int i = 3; i < 6; ++i) CHECK(f.S[i] < 1e-13 * f.S[0]);
    CHECK(orthonormality_error(f.U.to_tensor()) < 1e-6);
    CHECK(orthonormality_error(f.V.to_tensor()) < 1e-6);
    MatrixD R = usv(f.U, f.S, f.V);
    for (std::size_t t = 0; t < A.a.size(); ++t) CHECK(std::fabs(R.a[t] - A.a[t]) < 1e-12);
  }
  SUBCASE("zero (5, 3)") {
    Svd f = svd(Tensor(5, 3));
    for (double s : f.S) CHECK(s == 0.0);
    CHECK(orthonormality_error(f.U) < 1e-6);
    CHECK(orthonormality_error(f.V) < 1e-6);
  }
  SUBCASE("NaN throws") {
    Tensor A(3, 2);
    A(2, 1) = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_AS(svd(A), std::invalid_argument);
  }
}

TEST_CASE("eigen_sym converges on an image covariance with many zero-variance pixels") {
  // Regression: MNIST's border pixels are always 0, so the covariance has exactly-zero rows and columns; the QL
  // iteration's local convergence test never fired there and it gave up ("QL did not converge").
  const ae::ImageSet s = ae::load_images("mnist", "", false).train.head(2000);
  const ae::Pca p = ae::pca_fit(s.all(), 30);
  CHECK(p.variances.front() > p.variances.back());
  CHECK(p.variances.back() > 0);
}

namespace {

// The covariance sum_n (x_n - mu)(x_n - mu)^T / (N - 1) of the rows of X, in double.
MatrixD covariance_d(const MatrixD& X) {
  const int N = X.rows, D = X.cols;
  std::vector<double> mu(static_cast<std::size_t>(D), 0.0);
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < D; ++j) mu[j] += X(i, j) / N;
  MatrixD Xc = X;
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < D; ++j) Xc(i, j) -= mu[j];
  MatrixD S = matmul(transpose(Xc), Xc);
  for (double& s : S.a) s /= (N - 1);
  return S;
}

// The known spectrum of covariance_d(X) when N <= D: the N eigenvalues of the small Gram matrix
// Xc Xc^T / (N - 1) (the nonzero ones of Xc^T Xc are the same), then D - N zeros; descending.
std::vector<double> spectrum_from_gram(const MatrixD& X) {
  const int N = X.rows, D = X.cols;
  MatrixD Xc = X;
  for (int j = 0; j < D; ++j) {
    double mu = 0;
    for (int i = 0; i < N; ++i) mu += X(i, j) / N;
    for (int i = 0; i < N; ++i) Xc(i, j) -= mu;
  }
  MatrixD G = matmul(Xc, transpose(Xc));
  for (double& g : G.a) g /= (N - 1);
  std::vector<double> l = eigenvalues_sym(G);
  l.resize(static_cast<std::size_t>(D), 0.0);
  for (double& v : l) v = std::max(v, 0.0);  // the Gram matrix's null direction (the mean) is ~1e-17
  std::sort(l.begin(), l.end(), std::greater<double>());
  return l;
}

// eigen_sym(S) against a known spectrum: eigenvalues within tol * max|lambda| (the backward-stable bound),
// every value finite, vectors orthonormal with a small residual.
void check_spectrum(const MatrixD& S, const std::vector<double>& lambda, double tol = 1e-11) {
  double scale = 0;
  for (double l : lambda) scale = std::max(scale, std::fabs(l));
  EigenSym e;
  REQUIRE_NOTHROW(e = eigen_sym(S));
  REQUIRE(e.values.size() == lambda.size());
  for (std::size_t i = 0; i < lambda.size(); ++i) {
    CAPTURE(i);
    REQUIRE(std::isfinite(e.values[i]));
    CHECK(std::fabs(e.values[i] - lambda[i]) <= tol * scale);
  }
  CHECK(orthonormality_error(e.vectors) < 1e-5);
  CHECK(eigen_residual(S, e) < 1e-5);
  std::vector<double> only = eigenvalues_sym(S);
  for (std::size_t i = 0; i < lambda.size(); ++i) CHECK(std::fabs(only[i] - lambda[i]) <= tol * scale);
}

MatrixD images_d(const Tensor& X) { return MatrixD::from_tensor(X); }

}  // namespace

TEST_CASE("eigen_sym: rank-deficient and nearly rank-deficient covariances, against the known spectrum") {
  // Regression: a Householder step built from a column of norm ~1e-100 (rounding noise left where a pixel's
  // variance is zero) had beta = 2 / ||v||^2 ~ 1e200; the update overflowed to NaN, which the QL iteration's
  // norm hid, and ch14_1_undercomplete --train-size 80 ended with "QL did not converge".
  Rng rng(7);
  const ae::ImageSet mnist = ae::load_images("mnist", "", false).train;
  SUBCASE("MNIST images, n < d: n = 2, 10, 80, 285 (sizes that failed)") {
    for (int n : {2, 10, 80, 285}) {
      CAPTURE(n);
      const MatrixD X = images_d(mnist.head(n).all());
      check_spectrum(covariance_d(X), spectrum_from_gram(X));
    }
  }
  SUBCASE("MNIST images through pca_fit (the float covariance of ch14_1 and ch14_9), n from 2 to 285") {
    for (int n : {2, 3, 5, 17, 41, 80, 81, 163, 285}) {
      CAPTURE(n);
      REQUIRE_NOTHROW(ae::pca_fit(mnist.head(n).all(), 16));
    }
  }
  SUBCASE("duplicated images: each of 30 images twice has the spectrum of the 30, times 2 (29) / 59") {
    const MatrixD U = images_d(mnist.head(30).all());
    MatrixD X(60, U.cols);
    for (int i = 0; i < 60; ++i)
      for (int j = 0; j < U.cols; ++j) X(i, j) = U(i / 2, j);
    std::vector<double> l = spectrum_from_gram(U);
    for (double& v : l) v *= 2.0 * 29.0 / 59.0;
    check_spectrum(covariance_d(X), l);
  }
  SUBCASE("constant pixels: 20 varying pixels among 60, the other 40 constant, n = 200 > d") {
    MatrixD Y = normal_d(200, 20, rng), X(200, 60);
    for (int i = 0; i < 200; ++i)
      for (int j = 0; j < 60; ++j) X(i, j) = j % 3 == 0 && j / 3 < 20 ? Y(i, j / 3) : 0.25 * (j % 5);
    std::vector<double> l = eigenvalues_sym(covariance_d(Y));
    l.resize(60, 0.0);
    check_spectrum(covariance_d(X), l);
  }
  SUBCASE("a block of scale 1e-100 interleaved with one of scale 1: columns of norm 1e-100") {
    const std::vector<double> big = {9, 4, 1, 0.5, 0.25, 0.1}, small = {3, 2, 1, 1, 0.5, 0.2};
    MatrixD A = usv(random_orthonormal(6, 6, rng), big, random_orthonormal(6, 6, rng)), B = A;
    MatrixD Qa = random_orthonormal(6, 6, rng), Qb = random_orthonormal(6, 6, rng);
    A = usv(Qa, big, Qa);
    B = usv(Qb, small, Qb);
    MatrixD S(12, 12);
    for (int i = 0; i < 6; ++i)
      for (int j = 0; j < 6; ++j) {
        S(2 * i + 1, 2 * j + 1) = A(i, j);
        S(2 * i, 2 * j) = 1e-100 * B(i, j);
      }
    std::vector<double> l = big;
    for (double s : small) l.push_back(1e-100 * s);
    std::sort(l.begin(), l.end(), std::greater<double>());
    check_spectrum(S, l);
  }
  SUBCASE("a whole matrix of scale 1e-300 or 1e+200: no square underflows or overflows") {
    const std::vector<double> lambda = {5, 3, 2, 1, 0.5, 0, 0, -1};
    for (double scale : {1e-300, 1e+200}) {
      CAPTURE(scale);
      MatrixD Q = random_orthonormal(8, 8, rng);
      std::vector<double> l = lambda;
      for (double& v : l) v *= scale;
      check_spectrum(usv(Q, l, Q), l);
    }
  }
}
