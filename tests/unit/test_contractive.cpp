#include <doctest/doctest.h>

#include "autodiff/losses.hpp"
#include "data/corrupt.hpp"
#include "gradcheck.hpp"
#include "nn/contractive.hpp"

using namespace ae;

TEST_CASE("the factorized contractive penalty equals the squared Frobenius norm of the exact Jacobian") {
  Rng rng(2);
  Linear enc(6, 4, rng);
  const Tensor X = rng.normal_tensor(3, 6);
  double direct = 0;
  for (int i = 0; i < 3; ++i) {
    // Finite-difference Jacobian, column by column: the definition, independent of the formula.
    const Tensor x = X.rows_slice(i, i + 1);
    for (int d = 0; d < 6; ++d) {
      Tensor xp = x, xm = x;
      xp[d] += 1e-2f;
      xm[d] -= 1e-2f;
      NoGrad ng;
      const Tensor hp = sigmoid(enc(Var(xp))).value(), hm = sigmoid(enc(Var(xm))).value();
      for (int j = 0; j < 4; ++j) direct += std::pow((hp[j] - hm[j]) / 2e-2, 2);
    }
  }
  double exact = 0;
  for (int i = 0; i < 3; ++i) exact += sq_norm(sigmoid_encoder_jacobian(enc, X.rows_slice(i, i + 1)));
  CHECK(exact / 3 == doctest::Approx(direct / 3).epsilon(1e-3));
  Var h = sigmoid(enc(Var(X)));
  CHECK(contractive_penalty(h, enc.W).item() == doctest::Approx(direct / 3).epsilon(1e-3));
}

TEST_CASE("contractive penalty gradient matches central differences") {
  Rng rng(4);
  const Tensor X = rng.normal_tensor(3, 5);
  auto f = [&X](const std::vector<Var>& v) {
    return contractive_penalty(sigmoid(add_row(matmul(Var(X), v[0]), v[1])), v[0]);
  };
  CHECK(ae::test::grad_check(f, {rng.normal_tensor(5, 4, 0, 0.5f), rng.normal_tensor(1, 4, 0, 0.5f)}).max_rel_err <
        2e-2);
}

TEST_CASE("corruptions change what they should") {
  Rng rng(1);
  Tensor x(100, 100, 0.5f);
  CHECK(corrupt::psnr_db(x, x) > 150);
  Tensor m = corrupt::masking(x, 0.3f, rng);
  int zeros = 0;
  for (float v : m) zeros += v == 0.f;
  CHECK(zeros == doctest::Approx(3000).epsilon(0.1));
  Tensor g = corrupt::gaussian(x, 0.3f, rng);
  CHECK(corrupt::psnr_db(x, g) == doctest::Approx(10 * std::log10(1 / 0.09)).epsilon(0.02));
  CHECK_THROWS(corrupt::apply("blur", x, 0.1f, rng));
}
