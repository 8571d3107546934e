#include <doctest/doctest.h>

#include <cstdint>

#include "autodiff/ops.hpp"
#include "tensor.hpp"

using namespace ae;

TEST_CASE("tensor storage is 64-byte aligned and row-major") {
  Tensor t(3, 5);
  CHECK(reinterpret_cast<std::uintptr_t>(t.data()) % 64 == 0);
  t(1, 2) = 7.f;
  CHECK(t[1 * 5 + 2] == 7.f);
  CHECK(t.shape_str() == "(3, 5)");
}

TEST_CASE("shape errors name the operation and both shapes") {
  Tensor a(2, 3), b(3, 2);
  try {
    (void)(a + b);
    FAIL("no exception");
  } catch (const ShapeError& e) {
    CHECK(std::string(e.what()).find("(2, 3)") != std::string::npos);
    CHECK(std::string(e.what()).find("(3, 2)") != std::string::npos);
  }
  CHECK_THROWS_AS(matmul(a, a), ShapeError);
  CHECK_THROWS_AS(Tensor(2, 2, {1.f, 2.f, 3.f}), ShapeError);
  CHECK_THROWS_AS(a.rows_slice(1, 3), ShapeError);
  CHECK_THROWS_AS(add_row(Var(a), Var(Tensor(1, 2))), ShapeError);
  CHECK_THROWS_AS(reshape(Var(a), 4, 2), ShapeError);
}

TEST_CASE("matmul with transposes agrees with explicit transposes") {
  Tensor A(2, 3, {1, 2, 3, 4, 5, 6}), B(3, 2, {1, 0, 0, 1, 1, 1});
  Tensor C = matmul(A, B);
  CHECK(C(0, 0) == 4.f);
  CHECK(C(1, 1) == 11.f);
  CHECK(max_abs_diff(matmul(transpose(A), transpose(B), true, true), C) == 0.f);
  CHECK(max_abs_diff(matmul(A, transpose(B), false, true), C) == 0.f);
}
