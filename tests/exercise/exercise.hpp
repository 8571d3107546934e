// Shared by the exercise tests: each TEST_CASE is named after its exercise region (tools/make_handout) and is run
// alone by CTest as exercise.NAME; build/bin/grade prints its verdict. The tests check what the code does, with
// references computed another way (finite differences, brute force, a property the book states).
#pragma once

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "gradcheck.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ae::exercise {

/// max_ij |a_ij - b_ij| / (1 + max_ij |b_ij|)
inline double rel_diff(const Tensor& a, const Tensor& b) {
  REQUIRE_MESSAGE(a.same_shape(b), "shapes differ: " << a.shape_str() << " and " << b.shape_str());
  double d = 0, m = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    d = std::max(d, std::fabs(double(a[k]) - b[k]));
    m = std::max(m, std::fabs(double(b[k])));
  }
  return d / (1 + m);
}

}  // namespace ae::exercise
