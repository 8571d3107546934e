// Tests for common/linalg/local_pca: the local-PCA tangent estimator of section 14.6 (figure 14.9).
// Known answers: points on a line, a plane and a circle, whose tangent spaces are known in closed form.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "data/synthetic.hpp"
#include "linalg/local_pca.hpp"
#include "linalg/subspace.hpp"
#include "rng.hpp"

using namespace ae;

namespace {

constexpr double kPi = 3.14159265358979323846;

double orthonormality_error(const Tensor& Q) {
  double e = 0;
  for (int a = 0; a < Q.cols(); ++a)
    for (int b = 0; b < Q.cols(); ++b) {
      double s = 0;
      for (int j = 0; j < Q.rows(); ++j) s += double(Q(j, a)) * Q(j, b);
      e = std::max(e, std::fabs(s - (a == b ? 1.0 : 0.0)));
    }
  return e;
}

// n points on the unit circle in the (0, 1) plane of R^D, at angles 2 pi i / n.
Tensor circle(int n, int D) {
  Tensor X(n, D);
  for (int i = 0; i < n; ++i) {
    X(i, 0) = static_cast<float>(std::cos(2 * kPi * i / n));
    X(i, 1) = static_cast<float>(std::sin(2 * kPi * i / n));
  }
  return X;
}

}  // namespace

TEST_CASE("local_pca_tangent: a circle's tangent is (-sin t, cos t)") {
  const int n = 400, D = 3;
  Tensor X = circle(n, D);
  for (int i : {0, 37, 123, 399}) {
    Tensor x = X.rows_slice(i, i + 1);
    Tensor T = local_pca_tangent(X, x, 10, 1);
    REQUIRE(T.rows() == D);
    REQUIRE(T.cols() == 1);
    const double t = 2 * kPi * i / n;
    Tensor truth(D, 1);
    truth(0, 0) = static_cast<float>(-std::sin(t));
    truth(1, 0) = static_cast<float>(std::cos(t));
    CAPTURE(i);
    CHECK(max_principal_angle_deg(T, truth) < 0.5);
    CHECK(orthonormality_error(T) < 1e-5);
  }
}

TEST_CASE("local_pca_tangent: the Gram-matrix path (D > k) agrees with the covariance path") {
  // A 2-D plane embedded in R^50 with a little noise; k = 30 < D = 50 goes through the Gram matrix.
  Rng rng(3);
  const int n = 300, D = 50;
  Tensor U(D, 2);
  for (float& v : U) v = static_cast<float>(rng.normal());
  U = orthonormal_basis(U);
  Tensor X(n, D);
  for (int i = 0; i < n; ++i) {
    const double a = rng.normal(), b = rng.normal();
    for (int j = 0; j < D; ++j) X(i, j) = static_cast<float>(a * U(j, 0) + b * U(j, 1) + 1e-3 * rng.normal());
  }
  Tensor x = X.rows_slice(5, 6);
  Tensor T_gram = local_pca_tangent(X, x, 30, 2);
  CHECK(orthonormality_error(T_gram) < 1e-5);
  CHECK(max_principal_angle_deg(T_gram, U) < 1.0);
  // D <= k: covariance path on the same plane.
  Tensor T_cov = local_pca_tangent(X, x, 80, 2);
  CHECK(max_principal_angle_deg(T_cov, U) < 1.0);
  CHECK(max_principal_angle_deg(T_cov, T_gram) < 1.0);
}

TEST_CASE("local_pca: mean, variances and residual of points on a line") {
  // x_i = (i, 2 i, 0) / sqrt(5) for i = 0..4: mean at i = 2, variance along the line 2 (of i), no residual.
  Tensor X(5, 3);
  for (int i = 0; i < 5; ++i) {
    X(i, 0) = static_cast<float>(i / std::sqrt(5.0));
    X(i, 1) = static_cast<float>(2 * i / std::sqrt(5.0));
  }
  LocalPca p = local_pca(X, X.rows_slice(2, 3), 5, 1);
  CHECK(p.mean(0, 0) == doctest::Approx(2 / std::sqrt(5.0)).epsilon(1e-5));
  CHECK(p.variances[0] == doctest::Approx(2.0).epsilon(1e-5));
  CHECK(p.residual_variance == doctest::Approx(0.0).epsilon(1e-6));
  CHECK(p.basis(0, 0) == doctest::Approx(1 / std::sqrt(5.0)).epsilon(1e-5));  // sign: largest entry positive
  CHECK(p.basis(1, 0) == doctest::Approx(2 / std::sqrt(5.0)).epsilon(1e-5));
}

TEST_CASE("local_pca_tangent: degenerate neighbourhoods still give orthonormal (D, dims) columns") {
  // All neighbours on a line but dims = 2: the second column is completed.
  Tensor X(6, 4);
  for (int i = 0; i < 6; ++i) X(i, 2) = static_cast<float>(i);
  Tensor T = local_pca_tangent(X, X.rows_slice(0, 1), 6, 2);
  CHECK(T.rows() == 4);
  CHECK(T.cols() == 2);
  CHECK(orthonormality_error(T) < 1e-6);
  CHECK(std::fabs(T(2, 0)) == doctest::Approx(1.0));
  // All neighbours identical: any orthonormal basis.
  Tensor Z(5, 3, 1.f);
  CHECK(orthonormality_error(local_pca_tangent(Z, Z.rows_slice(0, 1), 5, 2)) < 1e-6);
}

TEST_CASE("local_pca: strongly rank-deficient neighbourhoods (a smooth curve in R^784) still converge") {
  // 61 sub-pixel translations of one image: a smooth curve whose Gram matrix has dozens of eigenvalues at the
  // rounding level, the case where an unshifted QL iteration fails to deflate.
  const Points c = translated_images(base_image(), 28, 61, -3, 3);
  LocalPca p = local_pca(c.x, c.x.rows_slice(30, 31), 61, 2);
  CHECK(orthonormality_error(p.basis) < 1e-5);
  CHECK(p.variances[0] >= p.variances[1]);
  CHECK(p.variances[1] > 0);
  // The 2-D tangent estimate at the middle with 5 neighbours contains the exact direction dx/dt.
  const Tensor d = translate_image(base_image(), 28, 0.01, 0) - translate_image(base_image(), 28, -0.01, 0);
  const Tensor T = local_pca_tangent(c.x, c.x.rows_slice(30, 31), 5, 1);
  CHECK(max_principal_angle_deg(T, transpose(d)) < 5.0);
}

TEST_CASE("nearest_rows: nearest first, ties by index") {
  Tensor X(5, 1, {3.f, -1.f, 1.f, 0.f, 1.f});
  Tensor x(1, 1, {0.f});
  std::vector<int> nb = nearest_rows(X, x, 4);
  CHECK(nb == std::vector<int>{3, 1, 2, 4});
}

TEST_CASE("local_pca: bad input throws, never crashes") {
  Tensor X = circle(20, 2);
  Tensor x = X.rows_slice(0, 1);
  CHECK_THROWS_AS(local_pca_tangent(X, x, 1, 1), std::invalid_argument);   // k < 2
  CHECK_THROWS_AS(local_pca_tangent(X, x, 21, 1), std::invalid_argument);  // k > N
  CHECK_THROWS_AS(local_pca_tangent(X, x, 5, 3), std::invalid_argument);   // dims > D
  CHECK_THROWS_AS(local_pca_tangent(X, x, 5, 0), std::invalid_argument);
  CHECK_THROWS_AS(local_pca_tangent(X, Tensor(1, 3), 5, 1), ShapeError);
  Tensor bad = X;
  bad(3, 1) = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_AS(local_pca_tangent(bad, x, 5, 1), std::invalid_argument);
}
