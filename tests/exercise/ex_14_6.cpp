// Section 14.6's exercises: local PCA's tangent plane, and the double centring of classical MDS (Isomap).
#include "exercise.hpp"
#include "linalg/local_pca.hpp"
#include "linalg/mds.hpp"

using namespace ae;

namespace {
/// ||B - Q Q^T B||_F for the plane spanned by the rows of A (2, D): how far B's columns stick out of it.
double off_plane(const Tensor& B, Tensor A) {
  const int D = A.cols();
  for (int r = 0; r < 2; ++r) {  // Gram-Schmidt on the rows of A
    for (int p = 0; p < r; ++p) {
      double d = 0;
      for (int j = 0; j < D; ++j) d += double(A(r, j)) * A(p, j);
      for (int j = 0; j < D; ++j) A(r, j) -= static_cast<float>(d * A(p, j));
    }
    double n = 0;
    for (int j = 0; j < D; ++j) n += double(A(r, j)) * A(r, j);
    for (int j = 0; j < D; ++j) A(r, j) /= static_cast<float>(std::sqrt(n));
  }
  double s = 0;
  for (int c = 0; c < B.cols(); ++c) {
    std::vector<double> rest(D);
    for (int j = 0; j < D; ++j) rest[j] = B(j, c);
    for (int r = 0; r < 2; ++r) {
      double d = 0;
      for (int j = 0; j < D; ++j) d += A(r, j) * double(B(j, c));
      for (int j = 0; j < D; ++j) rest[j] -= d * A(r, j);
    }
    for (double v : rest) s += v * v;
  }
  return std::sqrt(s);
}
}  // namespace

TEST_CASE("14.6-tangent-plane") {
  Rng rng(51);
  // Points on a 2-D plane through c in D dimensions, plus a little noise: the tangent plane is that plane. D = 5
  // has more neighbours than dimensions, D = 60 fewer (both ways of computing the plane).
  for (int D : {5, 60}) {
    CAPTURE(D);
    const Tensor A = rng.normal_tensor(2, D), c = rng.normal_tensor(1, D);
    Tensor X = matmul(rng.normal_tensor(200, 2), A) + rng.normal_tensor(200, D, 0.f, 1e-4f);
    for (int i = 0; i < X.rows(); ++i)
      for (int j = 0; j < D; ++j) X(i, j) += c[j];
    const Tensor B = local_pca_tangent(X, X.rows_slice(0, 1), 20, 2);
    REQUIRE(B.rows() == D);
    REQUIRE(B.cols() == 2);
    const double off = off_plane(B, A);
    CHECK_MESSAGE(off < 1e-2, "the tangent basis leaves the data's plane by " << off);
  }
}

TEST_CASE("14.6-mds-centering") {
  Rng rng(52);
  const int n = 15;
  const Tensor Y0 = rng.normal_tensor(n, 2, 0.f, 3.f);
  auto d2 = [](const Tensor& Y, int i, int j) {
    double s = 0;
    for (int c = 0; c < Y.cols(); ++c) s += std::pow(double(Y(i, c)) - Y(j, c), 2);
    return s;
  };
  std::vector<double> D2(static_cast<std::size_t>(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) D2[static_cast<std::size_t>(i) * n + j] = d2(Y0, i, j);
  const Tensor Y = classical_mds(D2, n, 2);
  REQUIRE(Y.rows() == n);
  // Points in the plane are recovered up to a rigid motion: the same distances.
  double worst = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) worst = std::max(worst, std::fabs(d2(Y, i, j) - d2(Y0, i, j)) / (1 + d2(Y0, i, j)));
  CHECK_MESSAGE(worst < 1e-4, "classical MDS must reproduce the distances of a planar configuration (off by "
                                  << worst << ")");
}
