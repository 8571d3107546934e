/// \file
/// \brief Reverse-mode automatic differentiation: a Var is a node of the computation graph, holding its value,
/// its gradient \f$\partial L / \partial v\f$, its parents and the closure that sends its gradient to them.
///
/// The graph is recorded as the forward pass runs (define-by-run). `backward(loss)` visits the nodes in reverse
/// topological order and calls each closure once; closures accumulate (`+=`) into their parents' gradients, so a
/// value used twice receives the sum of both contributions. Nodes that no parameter depends on record nothing.
///
/// \code
///   Var W(rng.normal_tensor(784, 30, 0, 0.05f), /*requires_grad=*/true);
///   Var loss = squared_error(sigmoid(matmul(Var(X), W)), Var(X));
///   backward(loss);          // W.grad() now holds dL/dW
/// \endcode
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "tensor.hpp"

namespace ae {

struct Node;

/// \brief A handle to a graph node (cheap to copy; copies share the node).
class Var {
 public:
  Var() = default;
  /// A leaf. Parameters are leaves with requires_grad = true; data and targets are leaves without.
  explicit Var(Tensor value, bool requires_grad = false);

  const Tensor& value() const;
  Tensor& value();
  /// \f$\partial L / \partial v\f$, allocated as zeros on first use.
  Tensor& grad() const;
  bool has_grad() const;
  bool requires_grad() const;
  int rows() const { return value().rows(); }
  int cols() const { return value().cols(); }
  /// The scalar value of a (1, 1) Var.
  float item() const;
  explicit operator bool() const { return node_ != nullptr; }
  Node* node() const { return node_.get(); }

 private:
  friend Var record(Tensor, std::vector<Var>, std::function<void(const Tensor&, const Tensor&)>);
  friend void backward(const Var&);
  std::shared_ptr<Node> node_;
};

/// A node: value, gradient, parents, and the backward closure.
struct Node {
  Tensor value;
  Tensor grad;
  bool requires_grad = false;
  std::vector<Var> parents;
  /// Called with (y, dy): this node's value and gradient; adds to the parents' gradients.
  std::function<void(const Tensor&, const Tensor&)> backward;
};

/// \brief Records an op's output. If a parent requires a gradient (and recording is on), the output does too,
/// and `backward(y, dy)` will be called during the backward pass; otherwise the closure is dropped.
Var record(Tensor value, std::vector<Var> parents, std::function<void(const Tensor& y, const Tensor& dy)> backward);

/// \brief Backpropagates from a (1, 1) loss: seeds \f$\partial L/\partial L = 1\f$ and runs every closure once,
/// in reverse topological order. Gradients accumulate into leaves; call Optimizer::zero_grad between steps.
void backward(const Var& loss);

/// \brief While alive, ops record nothing (evaluation, inference): outputs are plain values.
class NoGrad {
 public:
  NoGrad();
  ~NoGrad();
  NoGrad(const NoGrad&) = delete;
  NoGrad& operator=(const NoGrad&) = delete;

 private:
  bool previous_;
};

/// True unless a NoGrad guard is alive on this thread.
bool grad_enabled();

}  // namespace ae
