// Tests for common/linalg/frechet: the Frechet distance between Gaussian fits (14.4's FID-like sample measure).
// Known answers: a set against itself (0), against a scaled and shifted copy of itself (whose covariance commutes
// with its own, so the matrix square root is closed-form), invariance under a rotation of both sets, and bad input.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "linalg/frechet.hpp"
#include "linalg/qr.hpp"
#include "rng.hpp"

using namespace ae;

namespace {

// Correlated rows: i.i.d. normals times a fixed mixing matrix, plus an offset per column.
Tensor correlated(int n, int d, Rng& rng) {
  const Tensor Z = rng.normal_tensor(n, d), M = rng.normal_tensor(d, d);
  Tensor X = matmul(Z, M);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) X(i, j) += 0.5f * static_cast<float>(j);
  return X;
}

// Sample mean of column j and the trace of the sample covariance (n - 1 in the denominator), in double.
double column_mean(const Tensor& X, int j) {
  double m = 0;
  for (int i = 0; i < X.rows(); ++i) m += X(i, j);
  return m / X.rows();
}
double cov_trace(const Tensor& X) {
  double t = 0;
  for (int j = 0; j < X.cols(); ++j) {
    const double m = column_mean(X, j);
    for (int i = 0; i < X.rows(); ++i) t += (X(i, j) - m) * (X(i, j) - m);
  }
  return t / (X.rows() - 1);
}

}  // namespace

TEST_CASE("frechet_distance of a set to itself is zero") {
  Rng rng(3);
  const Tensor A = correlated(400, 12, rng);
  CHECK(frechet_distance(A, A) < 1e-6 * cov_trace(A));  // rounding only (the eigenvectors are float)
}

TEST_CASE("frechet_distance to a scaled, shifted copy: |m_a - m_b|^2 + (1 - c)^2 tr S_a") {
  // B = c A + t has S_b = c^2 S_a, which commutes with S_a: (S_a^{1/2} S_b S_a^{1/2})^{1/2} = c S_a, so
  // d^2 = |m_b - m_a|^2 + tr S_a (1 + c^2 - 2c).
  Rng rng(5);
  const int d = 8;
  const Tensor A = correlated(300, d, rng);
  for (const float c : {0.25f, 1.f, 2.f}) {
    Tensor B = A;
    for (int i = 0; i < B.rows(); ++i)
      for (int j = 0; j < d; ++j) B(i, j) = c * A(i, j) + (j % 2 ? 1.f : -0.5f);
    double shift2 = 0;
    for (int j = 0; j < d; ++j) shift2 += std::pow(column_mean(B, j) - column_mean(A, j), 2);
    const double expected = shift2 + (1.0 - c) * (1.0 - c) * cov_trace(A);
    CAPTURE(c);
    CHECK(frechet_distance(A, B) == doctest::Approx(expected).epsilon(2e-3).scale(1.0));
    CHECK(frechet_distance(B, A) == doctest::Approx(expected).epsilon(2e-3).scale(1.0));  // symmetric
  }
}

TEST_CASE("frechet_distance is unchanged by a rotation of both sets, and separates different covariances") {
  Rng rng(7);
  const int d = 6;
  const Tensor A = correlated(500, d, rng), B = correlated(500, d, rng);
  const Tensor Q = qr(rng.normal_tensor(d, d)).Q;  // orthogonal
  const double d_ab = frechet_distance(A, B);
  CHECK(d_ab > 0.1 * cov_trace(A));  // two different mixing matrices: clearly apart
  CHECK(frechet_distance(matmul(A, Q), matmul(B, Q)) == doctest::Approx(d_ab).epsilon(1e-3));
}

TEST_CASE("frechet_distance rejects mismatched widths and sets too small to fit") {
  Rng rng(9);
  CHECK_THROWS_AS(frechet_distance(rng.normal_tensor(10, 3), rng.normal_tensor(10, 4)), std::invalid_argument);
  CHECK_THROWS_AS(frechet_distance(rng.normal_tensor(1, 3), rng.normal_tensor(10, 3)), std::invalid_argument);
  CHECK_THROWS_AS(frechet_distance(rng.normal_tensor(10, 3), Tensor(0, 3)), std::invalid_argument);
}
