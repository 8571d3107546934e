// Tests for common/linalg's geometry: principal angles between subspaces, PCA, classical MDS and kNN geodesics
// (Isomap). Subspaces and point sets with known answers come from random orthonormal bases (linalg_helpers.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "linalg/eigen_sym.hpp"
#include "linalg/matrix_d.hpp"
#include "linalg/mds.hpp"
#include "linalg/pca.hpp"
#include "linalg/qr.hpp"
#include "linalg/subspace.hpp"
#include "linalg_helpers.hpp"
#include "rng.hpp"

using namespace ae;
using namespace ae::test;

namespace {

std::vector<double> pairwise_sq_dists(const MatrixD& Y) {
  const int n = Y.rows;
  std::vector<double> D2(static_cast<std::size_t>(n) * n, 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      double s = 0;
      for (int t = 0; t < Y.cols; ++t) s += (Y(i, t) - Y(j, t)) * (Y(i, t) - Y(j, t));
      D2[static_cast<std::size_t>(i) * n + j] = s;
    }
  return D2;
}

}  // namespace

TEST_CASE("principal angles between subspaces") {
  Rng rng(6);
  SUBCASE("two planes in R^3 meeting at 30 degrees") {
    const double t = 30 * kPi / 180;
    Tensor A(3, 2, {1, 0, 0, 1, 0, 0});
    Tensor B(3, 2, {1, 0, 0, static_cast<float>(std::cos(t)), 0, static_cast<float>(std::sin(t))});
    std::vector<double> theta = principal_angles_deg(A, B);
    REQUIRE(theta.size() == 2);
    CHECK(theta[0] == doctest::Approx(0.0).scale(1).epsilon(1e-5));
    CHECK(theta[1] == doctest::Approx(30.0).epsilon(1e-6));
  }
  SUBCASE("planes in R^4 at 20 and 70 degrees, from non-orthonormal bases") {
    const double a = 20 * kPi / 180, b = 70 * kPi / 180;
    MatrixD A(4, 2), B(4, 2);
    A(0, 0) = 1, A(1, 1) = 1;
    B(0, 0) = std::cos(a), B(2, 0) = std::sin(a), B(1, 1) = std::cos(b), B(3, 1) = std::sin(b);
    MatrixD M(2, 2);
    M(0, 0) = 2, M(0, 1) = 1, M(1, 0) = -1, M(1, 1) = 3;  // any invertible mix keeps the span
    std::vector<double> theta = principal_angles_deg(matmul(A, M).to_tensor(), matmul(B, M).to_tensor());
    REQUIRE(theta.size() == 2);
    CHECK(theta[0] == doctest::Approx(20.0).epsilon(1e-5));
    CHECK(theta[1] == doctest::Approx(70.0).epsilon(1e-5));
  }
  SUBCASE("a tiny angle is resolved (sine formula)") {
    const double t = 1e-6 * kPi / 180;  // 1e-6 degrees: cos t = 1 - 1.5e-16 is 1 in double
    Tensor A(3, 1, {1, 0, 0});
    Tensor B(3, 1, {1, 0, static_cast<float>(std::tan(t))});
    std::vector<double> theta = principal_angles_deg(A, B);
    REQUIRE(theta.size() == 1);
    CHECK(theta[0] == doctest::Approx(1e-6).epsilon(1e-6));
  }
  SUBCASE("the same subspace, different bases: ~0") {
    Tensor A = rng.normal_tensor(50, 5);
    Tensor B = matmul(A, rng.normal_tensor(5, 5));
    for (double t : principal_angles_deg(A, B)) CHECK(t < 1e-3);
    for (double t : principal_angles_deg(A, A)) CHECK(t < 1e-6);
  }
  SUBCASE("orthogonal subspaces: 90 degrees") {
    Tensor A(6, 3), B(6, 2);
    for (int i = 0; i < 3; ++i) A(i, i) = 1;
    B(3, 0) = 1, B(4, 0) = 1, B(5, 1) = 2;
    std::vector<double> theta = principal_angles_deg(A, B);
    REQUIRE(theta.size() == 2);
    for (double t : theta) CHECK(t == doctest::Approx(90.0).epsilon(1e-9));
    CHECK(max_principal_angle_deg(A, B) == doctest::Approx(90.0));
  }
  SUBCASE("a line inside a plane, and rank-deficient input") {
    Tensor A(3, 3, {1, 0, 1, 0, 1, 1, 0, 0, 0});  // rank 2: the xy-plane
    Tensor B(3, 1, {3, 4, 0});
    CHECK(orthonormal_basis(A).cols() == 2);
    std::vector<double> theta = principal_angles_deg(A, B);
    REQUIRE(theta.size() == 1);
    CHECK(theta[0] < 1e-5);
  }
  SUBCASE("orthonormal_basis spans the input") {
    Tensor A = rng.normal_tensor(30, 4);
    Tensor Q = orthonormal_basis(A);
    REQUIRE(Q.cols() == 4);
    CHECK(orthonormality_error(Q) < 1e-5);
    for (double t : principal_angles_deg(A, Q)) CHECK(t < 1e-3);
  }
  SUBCASE("bad input throws") {
    CHECK_THROWS_AS(principal_angles_deg(Tensor(3, 1, 1.f), Tensor(4, 1, 1.f)), std::invalid_argument);
    Tensor A(3, 1, 1.f);
    A(0, 0) = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_AS(principal_angles_deg(A, Tensor(3, 1, 1.f)), std::invalid_argument);
  }
}

TEST_CASE("pca: recovers a known subspace and its variances") {
  Rng rng(7);
  const int N = 2000, D = 20, k = 3;
  MatrixD C = random_orthonormal(D, k, rng);  // the true principal directions
  MatrixD Z(N, k);
  const double scale[k] = {5.0, 2.0, 0.5};
  for (int i = 0; i < N; ++i)
    for (int c = 0; c < k; ++c) Z(i, c) = scale[c] * rng.normal();
  MatrixD Xd = matmul(Z, transpose(C));
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < D; ++j) Xd(i, j) += 0.1 * j - 1.0;  // an offset, so that centering matters
  Tensor X = Xd.to_tensor();

  Pca pca = pca_fit(X, k);
  REQUIRE(pca.mean.rows() == 1);
  REQUIRE(pca.mean.cols() == D);
  REQUIRE(pca.components.rows() == D);
  REQUIRE(pca.components.cols() == k);
  CHECK(orthonormality_error(pca.components) < 1e-5);
  for (double t : principal_angles_deg(pca.components, C.to_tensor())) CHECK(t < 1e-2);

  // The variances are the eigenvalues of the sample covariance of the codes Z.
  MatrixD Zc = Z;
  for (int c = 0; c < k; ++c) {
    double m = 0;
    for (int i = 0; i < N; ++i) m += Z(i, c);
    for (int i = 0; i < N; ++i) Zc(i, c) -= m / N;
  }
  MatrixD covZ = matmul(transpose(Zc), Zc);
  for (double& v : covZ.a) v /= (N - 1);
  std::vector<double> want = eigenvalues_sym(covZ);
  for (int c = 0; c < k; ++c) CHECK(pca.variances[c] == doctest::Approx(want[c]).epsilon(1e-4));
  CHECK(pca.explained_variance_ratio() == doctest::Approx(1.0).epsilon(1e-5));

  // Data in the subspace are reconstructed exactly (up to float rounding).
  Tensor Zhat = pca_encode(pca, X);
  CHECK(Zhat.rows() == N);
  CHECK(Zhat.cols() == k);
  CHECK(max_abs_diff(pca_reconstruct(pca, X), X) < 1e-4);
  CHECK(max_abs_diff(pca_decode(pca, Zhat), X) < 1e-4);
}

TEST_CASE("pca: agrees with a naive double covariance; bad input throws") {
  Rng rng(8);
  Tensor X = rng.normal_tensor(300, 12);
  for (int i = 0; i < 300; ++i) X(i, 3) = 2.f * X(i, 1) + 0.3f * X(i, 3);  // correlated columns
  MatrixD Xd = MatrixD::from_tensor(X);
  std::vector<double> mu(12, 0.0);
  for (int i = 0; i < 300; ++i)
    for (int j = 0; j < 12; ++j) mu[j] += Xd(i, j) / 300;
  for (int i = 0; i < 300; ++i)
    for (int j = 0; j < 12; ++j) Xd(i, j) -= mu[j];
  MatrixD cov = matmul(transpose(Xd), Xd);
  for (double& v : cov.a) v /= 299;
  std::vector<double> want = eigenvalues_sym(cov);

  Pca pca = pca_fit(X, 12);
  double total = 0;
  for (int c = 0; c < 12; ++c) {
    CHECK(pca.variances[c] == doctest::Approx(want[c]).epsilon(1e-5));
    total += want[c];
  }
  CHECK(pca.total_variance == doctest::Approx(total).epsilon(1e-6));
  CHECK(max_abs_diff(pca_reconstruct(pca, X), X) < 1e-4);  // k = D keeps everything

  CHECK_THROWS_AS(pca_fit(X, 0), std::invalid_argument);
  CHECK_THROWS_AS(pca_fit(X, 13), std::invalid_argument);
  CHECK_THROWS_AS(pca_fit(Tensor(1, 4), 1), std::invalid_argument);
  X(5, 5) = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_AS(pca_fit(X, 2), std::invalid_argument);
  CHECK_THROWS_AS(pca_encode(pca, Tensor(2, 5)), std::invalid_argument);
  CHECK_THROWS_AS(pca_decode(pca, Tensor(2, 5)), std::invalid_argument);
}

TEST_CASE("classical MDS recovers points up to rotation") {
  Rng rng(9);
  SUBCASE("points in R^3") {
    const int n = 40;
    MatrixD Y0 = normal_d(n, 3, rng);
    std::vector<double> D2 = pairwise_sq_dists(Y0);
    Tensor Y = classical_mds(D2, n, 3);
    REQUIRE(Y.rows() == n);
    REQUIRE(Y.cols() == 3);
    std::vector<double> got = pairwise_sq_dists(MatrixD::from_tensor(Y));
    for (std::size_t t = 0; t < D2.size(); ++t) CHECK(got[t] == doctest::Approx(D2[t]).epsilon(1e-5).scale(1));
    for (int c = 0; c < 3; ++c) {  // the embedding is centred
      double m = 0;
      for (int i = 0; i < n; ++i) m += Y(i, c);
      CHECK(std::fabs(m / n) < 1e-5);
    }
  }
  SUBCASE("a plane rotated into R^5 needs only 2 dimensions") {
    const int n = 25;
    MatrixD Y0 = matmul(normal_d(n, 2, rng), transpose(random_orthonormal(5, 2, rng)));
    std::vector<double> D2 = pairwise_sq_dists(Y0);
    std::vector<double> got = pairwise_sq_dists(MatrixD::from_tensor(classical_mds(D2, n, 2)));
    for (std::size_t t = 0; t < D2.size(); ++t) CHECK(got[t] == doctest::Approx(D2[t]).epsilon(1e-5).scale(1));
  }
  SUBCASE("bad input throws") {
    CHECK_THROWS_AS(classical_mds(std::vector<double>(8, 1.0), 3, 2), std::invalid_argument);
    CHECK_THROWS_AS(classical_mds(std::vector<double>(9, 1.0), 3, 4), std::invalid_argument);
    std::vector<double> D2(9, 1.0);
    D2[1] = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(classical_mds(D2, 3, 2), std::invalid_argument);
  }
}

TEST_CASE("kNN geodesics and Isomap") {
  // n points on a half circle with growing angular steps, so that each point's nearest neighbour is the one
  // before it: with k = 1 the graph is the chain 0 - 1 - ... - (n-1) and the geodesic from i to j is the sum of
  // the chords in between (arc position s_j - s_i), while the straight-line distance is shorter.
  const int n = 20;
  std::vector<double> angle(n, 0.0), s(n, 0.0);
  for (int i = 1; i < n; ++i) {
    const double step = 0.1 * (1 + 0.03 * i);
    angle[i] = angle[i - 1] + step;
    s[i] = s[i - 1] + 2 * std::sin(step / 2);
  }
  Tensor X(n, 2);
  for (int i = 0; i < n; ++i) {
    X(i, 0) = static_cast<float>(std::cos(angle[i]));
    X(i, 1) = static_cast<float>(std::sin(angle[i]));
  }
  SUBCASE("chain") {
    std::vector<double> geo = shortest_paths_knn(X, 1);
    REQUIRE(geo.size() == static_cast<std::size_t>(n) * n);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        CAPTURE(i);
        CAPTURE(j);
        CHECK(geo[static_cast<std::size_t>(i) * n + j] == doctest::Approx(std::fabs(s[i] - s[j])).epsilon(1e-6));
      }
  }
  SUBCASE("Isomap unrolls the half circle onto a line") {
    Tensor Y = isomap(X, 1, 1);
    for (int i = 0; i < n; ++i) CHECK(std::fabs(Y(i, 0) - Y(0, 0)) == doctest::Approx(s[i]).epsilon(1e-5));
  }
  SUBCASE("two far clusters are disconnected") {
    Tensor P(6, 1, {0, 1, 2, 100, 101, 102});
    std::vector<double> geo = shortest_paths_knn(P, 1);
    CHECK(geo[0 * 6 + 2] == doctest::Approx(2.0));
    CHECK(std::isinf(geo[0 * 6 + 3]));
    CHECK(std::isinf(geo[5 * 6 + 1]));
    CHECK_THROWS_AS(isomap(P, 1, 1), std::invalid_argument);
  }
  SUBCASE("bad k throws") {
    CHECK_THROWS_AS(shortest_paths_knn(X, 0), std::invalid_argument);
    CHECK_THROWS_AS(shortest_paths_knn(X, n), std::invalid_argument);
  }
}
