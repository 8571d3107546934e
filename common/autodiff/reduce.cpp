// Reductions: sums and means over everything, over each row, over each column. Their backward spreads dy back
// over the entries that were summed (times 1/count for means).
#include "autodiff/ops.hpp"

namespace ae {

Var sum(const Var& x) {
  Tensor y(1, 1, static_cast<float>(ae::sum(x.value())));
  return record(std::move(y), {x}, [x](const Tensor&, const Tensor& dy) {
    if (!x.requires_grad()) return;
    Tensor& dx = x.grad();
    for (float& g : dx) g += dy[0];  // d(sum x)/dx_ij = 1
  });
}

Var mean(const Var& x) {
  const float n = static_cast<float>(x.value().size());
  return scale(sum(x), 1.f / n);
}

Var row_sums(const Var& x) {
  const Tensor& xv = x.value();
  Tensor y(xv.rows(), 1);
  for (int i = 0; i < xv.rows(); ++i) {
    double s = 0;
    for (int j = 0; j < xv.cols(); ++j) s += xv(i, j);
    y(i, 0) = static_cast<float>(s);
  }
  return record(std::move(y), {x}, [x](const Tensor&, const Tensor& dy) {
    if (!x.requires_grad()) return;
    Tensor& dx = x.grad();
    for (int i = 0; i < dx.rows(); ++i)
      for (int j = 0; j < dx.cols(); ++j) dx(i, j) += dy(i, 0);
  });
}

Var row_means(const Var& x) { return scale(row_sums(x), 1.f / static_cast<float>(x.cols())); }

Var col_sums(const Var& x) {
  const Tensor& xv = x.value();
  Tensor y(1, xv.cols());
  for (int i = 0; i < xv.rows(); ++i)
    for (int j = 0; j < xv.cols(); ++j) y(0, j) += xv(i, j);
  return record(std::move(y), {x}, [x](const Tensor&, const Tensor& dy) {
    if (!x.requires_grad()) return;
    Tensor& dx = x.grad();
    for (int i = 0; i < dx.rows(); ++i)
      for (int j = 0; j < dx.cols(); ++j) dx(i, j) += dy(0, j);
  });
}

Var col_means(const Var& x) { return scale(col_sums(x), 1.f / static_cast<float>(x.rows())); }

}  // namespace ae
