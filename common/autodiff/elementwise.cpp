// Elementwise ops. Each op: the forward map, then the local derivative it multiplies dy by.
#include <algorithm>
#include <cmath>

#include "autodiff/ops.hpp"
#include "autodiff/vmath.hpp"
#include "gemm/parallel.hpp"

namespace ae {

namespace {

/// y = f(x) elementwise; backward: dx += dy * dfdx(x, y).
template <class F, class DF>
Var unary(const Var& x, F f, DF dfdx) {
  const Tensor& xv = x.value();
  Tensor y(xv.rows(), xv.cols(), uninit);
  for (std::size_t k = 0; k < xv.size(); ++k) y[k] = f(xv[k]);
  return record(std::move(y), {x}, [x, dfdx](const Tensor& y, const Tensor& dy) {
    if (!x.requires_grad()) return;
    const Tensor& xv = x.value();
    bool acc = false;
    Tensor& dx = x.grad_storage(acc);  // a fresh gradient is assigned, not zero-filled and added to
    if (acc)
      for (std::size_t k = 0; k < dy.size(); ++k) dx[k] += dy[k] * dfdx(xv[k], y[k]);
    else
      for (std::size_t k = 0; k < dy.size(); ++k) dx[k] = dy[k] * dfdx(xv[k], y[k]);
  });
}

}  // namespace

Var add(const Var& a, const Var& b) {
  return record(a.value() + b.value(), {a, b}, [a, b](const Tensor&, const Tensor& dy) {
    if (a.requires_grad()) a.grad() += dy;  // d(a+b)/da = 1
    if (b.requires_grad()) b.grad() += dy;  // d(a+b)/db = 1
  });
}

Var sub(const Var& a, const Var& b) {
  return record(a.value() - b.value(), {a, b}, [a, b](const Tensor&, const Tensor& dy) {
    if (a.requires_grad()) a.grad() += dy;  // d(a-b)/da = 1
    if (b.requires_grad()) b.grad() -= dy;  // d(a-b)/db = -1
  });
}

Var mul(const Var& a, const Var& b) {
  return record(a.value() * b.value(), {a, b}, [a, b](const Tensor&, const Tensor& dy) {
    if (a.requires_grad()) a.grad() += dy * b.value();  // d(ab)/da = b
    if (b.requires_grad()) b.grad() += dy * a.value();  // d(ab)/db = a
  });
}

Var div(const Var& a, const Var& b) {
  check_same_shape(a.value(), b.value(), "div");
  Tensor y(a.rows(), a.cols(), uninit);
  for (std::size_t k = 0; k < y.size(); ++k) y[k] = a.value()[k] / b.value()[k];
  return record(std::move(y), {a, b}, [a, b](const Tensor& y, const Tensor& dy) {
    const Tensor& bv = b.value();
    if (a.requires_grad()) {
      Tensor& da = a.grad();
      for (std::size_t k = 0; k < dy.size(); ++k) da[k] += dy[k] / bv[k];  // d(a/b)/da = 1/b
    }
    if (b.requires_grad()) {
      Tensor& db = b.grad();
      for (std::size_t k = 0; k < dy.size(); ++k) db[k] -= dy[k] * y[k] / bv[k];  // d(a/b)/db = -a/b^2
    }
  });
}

Var scale(const Var& x, float s) {
  return unary(x, [s](float v) { return s * v; }, [s](float, float) { return s; });
}

Var add_scalar(const Var& x, float s) {
  return unary(x, [s](float v) { return v + s; }, [](float, float) { return 1.f; });
}

Var neg(const Var& x) { return scale(x, -1.f); }

Var exp(const Var& x) {
  return unary(x, [](float v) { return std::exp(v); }, [](float, float y) { return y; });  // (e^x)' = e^x
}

Var log(const Var& x) {
  return unary(x, [](float v) { return std::log(v); }, [](float v, float) { return 1.f / v; });  // (ln x)' = 1/x
}

Var square(const Var& x) {
  return unary(x, [](float v) { return v * v; }, [](float v, float) { return 2.f * v; });  // (x^2)' = 2x
}

Var sqrt(const Var& x) {
  return unary(x, [](float v) { return std::sqrt(v); }, [](float, float y) { return 0.5f / y; });  // 1/(2 sqrt x)
}

Var abs(const Var& x) {
  return unary(x, [](float v) { return std::fabs(v); },
               [](float v, float) { return v > 0.f ? 1.f : (v < 0.f ? -1.f : 0.f); });  // sign(x); 0 at the kink
}

Var relu(const Var& x) {
  // The hidden layers' activation: like the sigmoid, vectorized loops (vmath.hpp) shared over the GEMM's threads.
  // Forward max(x, 0); backward dx (+)= dy where x > 0, else 0.
  const Tensor& xv = x.value();
  Tensor y(xv.rows(), xv.cols(), uninit);
  parallel_slices(xv.size(), kMinEntriesPerThread,
                  [&](std::size_t b, std::size_t e) { vmath::relu(xv.data() + b, y.data() + b, e - b); });
  return record(std::move(y), {x}, [x](const Tensor&, const Tensor& dy) {
    if (!x.requires_grad()) return;
    bool acc = false;
    Tensor& dx = x.grad_storage(acc);
    const Tensor& xv = x.value();
    parallel_slices(dy.size(), kMinEntriesPerThread, [&](std::size_t b, std::size_t e) {
      vmath::relu_backward(xv.data() + b, dy.data() + b, dx.data() + b, e - b, acc);
    });
  });
}

Var sigmoid(const Var& x) {
  // The hot activation of chapter 14: forward and backward run as vectorized loops (vmath.hpp), with an
  // exponential accurate to a few float ulps, shared over the GEMM's threads (parallel.hpp).
  const Tensor& xv = x.value();
  Tensor y(xv.rows(), xv.cols(), uninit);
  parallel_slices(xv.size(), kMinEntriesPerThread,
                  [&](std::size_t b, std::size_t e) { vmath::sigmoid(xv.data() + b, y.data() + b, e - b); });
  return record(std::move(y), {x}, [x](const Tensor& y, const Tensor& dy) {
    if (!x.requires_grad()) return;
    bool acc = false;
    Tensor& dx = x.grad_storage(acc);
    parallel_slices(dy.size(), kMinEntriesPerThread, [&](std::size_t b, std::size_t e) {
      vmath::sigmoid_backward(y.data() + b, dy.data() + b, dx.data() + b, e - b, acc);  // sigma' = sigma (1 - sigma)
    });
  });
}

Var tanh(const Var& x) {
  return unary(x, [](float v) { return std::tanh(v); }, [](float, float y) { return 1.f - y * y; });  // 1 - tanh^2
}

Var softplus(const Var& x) {
  // zeta(x) = max(x, 0) + log1p(e^{-|x|}) never overflows; zeta'(x) = sigma(x).
  return unary(x, [](float v) { return std::max(v, 0.f) + std::log1p(std::exp(-std::fabs(v))); },
               [](float v, float) { return 1.f / (1.f + std::exp(-v)); });
}

}  // namespace ae
