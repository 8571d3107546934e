// Section 14.7's exercises: the contractive penalty (its value and, through autodiff, its gradient), and the
// Jacobian of one layer of an encoder.
#include "exercise.hpp"
#include "nn/contractive.hpp"

using namespace ae;

TEST_CASE("14.7-contractive-penalty") {
  Rng rng(61);
  const Linear enc(5, 4, rng);
  const Tensor X = rng.normal_tensor(3, 5);
  // ||dh/dx||_F^2 by central differences of h = sigmoid(x W + b), in double, averaged over the rows.
  double want = 0;
  for (int i = 0; i < 3; ++i)
    for (int a = 0; a < 5; ++a)
      for (int j = 0; j < 4; ++j) {
        auto h = [&](double dx) {
          double z = enc.b.value()[j];
          for (int q = 0; q < 5; ++q) z += (X(i, q) + (q == a ? dx : 0.0)) * enc.W.value()(q, j);
          return 1 / (1 + std::exp(-z));
        };
        want += std::pow((h(1e-5) - h(-1e-5)) / 2e-5, 2) / 3;
      }
  const Var h = sigmoid(enc(Var(X)));
  const double got = contractive_penalty(h, enc.W).value()[0];
  CHECK_MESSAGE(std::fabs(got - want) < 1e-4 * (1 + want),
                "the penalty must be the mean of ||dh/dx||_F^2: got " << got << ", want " << want);
  // Its gradient, through h and W, as the contractive autoencoder's training computes it.
  const Tensor b = enc.b.value();
  const double err = test::grad_check(
                         [&b](const std::vector<Var>& v) {
                           return contractive_penalty(sigmoid(affine(v[0], v[1], Var(b))), v[1]);
                         },
                         {X, enc.W.value()}, 1e-3)
                         .max_rel_err;
  CHECK_MESSAGE(err < 2e-2, "the penalty's gradient differs from central differences (relative error " << err << ")");
}

TEST_CASE("14.7-layer-jacobian") {
  Rng rng(62);
  for (Act hidden : {Act::tanh, Act::sigmoid, Act::softplus}) {
    const Mlp net({4, 6, 3}, hidden, Act::sigmoid, rng);
    const Tensor x = rng.normal_tensor(1, 4);
    const Tensor J = mlp_jacobian(net, x);
    REQUIRE_MESSAGE((J.rows() == 3 && J.cols() == 4), "J must be (out, in) = (3, 4), got " << J.shape_str());
    Tensor fd(3, 4);
    for (int i = 0; i < 4; ++i) {
      Tensor a = x, b = x;
      a[i] += 1e-2f, b[i] -= 1e-2f;
      const Tensor ya = net(Var(a)).value(), yb = net(Var(b)).value();
      for (int o = 0; o < 3; ++o) fd(o, i) = (ya[o] - yb[o]) / (a[i] - b[i]);
    }
    CAPTURE(static_cast<int>(hidden));
    CHECK_MESSAGE(exercise::rel_diff(J, fd) < 1e-3, "the encoder's Jacobian differs from central differences");
  }
}
