// Exercises in the shared library: the sigmoid's backward pass and the GEMM's generic micro-kernel.
#include "autodiff/ops.hpp"
#include "autodiff/vmath.hpp"
#include "exercise.hpp"
#include "gemm/kernel.hpp"

using namespace ae;

TEST_CASE("common-sigmoid-backward") {
  Rng rng(3);
  const Tensor x = rng.uniform_tensor(4, 9, -4.f, 4.f);
  const double err = test::grad_check([](const std::vector<Var>& v) { return sigmoid(v[0]); }, {x}).max_rel_err;
  CHECK_MESSAGE(err < 2e-2, "sigmoid's gradient differs from central differences (relative error " << err << ")");
  // Both modes of the kernel, against the derivative of 1 / (1 + e^-x) by central differences in double.
  const int n = 37;
  std::vector<float> xs(n), y(n), dy(n), dx(n), acc(n, 1.f);
  for (int k = 0; k < n; ++k) xs[k] = float(-6 + 12.0 * k / (n - 1)), dy[k] = float(rng.normal());
  vmath::sigmoid(xs.data(), y.data(), n);
  vmath::sigmoid_backward(y.data(), dy.data(), dx.data(), n, false);
  vmath::sigmoid_backward(y.data(), dy.data(), acc.data(), n, true);
  double worst = 0, worst_acc = 0;
  for (int k = 0; k < n; ++k) {
    auto s = [](double v) { return 1 / (1 + std::exp(-v)); };
    const double d = (s(xs[k] + 1e-5) - s(xs[k] - 1e-5)) / 2e-5 * dy[k];
    worst = std::max(worst, std::fabs(dx[k] - d));
    worst_acc = std::max(worst_acc, std::fabs(acc[k] - 1 - d));
  }
  CHECK_MESSAGE(worst < 1e-5, "dx = dy * dsigma/dx is off by " << worst);
  CHECK_MESSAGE(worst_acc < 1e-5, "with accumulate, dx += dy * dsigma/dx is off by " << worst_acc);
}

TEST_CASE("common-gemm-microkernel") {
  const gemm_detail::Kernel* K = gemm_detail::scalar_kernel();
  const int MR = K->blocks.MR, NR = K->blocks.NR;
  Rng rng(5);
  for (int k : {1, 2, 7, 33}) {
    std::vector<float> a(static_cast<std::size_t>(MR) * k), b(static_cast<std::size_t>(k) * NR);
    for (float& v : a) v = float(rng.normal());
    for (float& v : b) v = float(rng.normal());
    // Packed panels: A(i, p) = a[p MR + i], B(p, j) = b[p NR + j]; C (MR, NR) with ldc = NR + 3.
    const int ldc = NR + 3;
    for (float beta : {0.f, 0.5f}) {
      std::vector<float> c(static_cast<std::size_t>(MR) * ldc), c0;
      for (float& v : c) v = beta == 0.f ? NAN : float(rng.normal());  // beta = 0: C must not be read
      c0 = c;
      K->ukernel(k, 1.5f, a.data(), b.data(), NR, beta, c.data(), ldc);
      double worst = 0;
      for (int i = 0; i < MR; ++i)
        for (int j = 0; j < NR; ++j) {
          double s = 0;
          for (int p = 0; p < k; ++p) s += double(a[p * MR + i]) * b[p * NR + j];
          const double want = 1.5 * s + (beta == 0.f ? 0.0 : beta * c0[i * ldc + j]);
          worst = std::max(worst, std::fabs(c[i * ldc + j] - want) / (1 + std::fabs(want)));
        }
      CAPTURE(k);
      CAPTURE(beta);
      CHECK_MESSAGE(worst < 1e-5, "C_tile := beta C_tile + alpha A_panel B_panel is off by " << worst);
    }
  }
}
