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
