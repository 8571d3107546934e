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

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
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

  const Tensor& value() const;  ///< the node's forward value
  Tensor& value();              ///< the node's forward value (parameters are updated through it)
  /// \f$\partial L / \partial v\f$, allocated as zeros on first use.
  Tensor& grad() const;
  /// \brief For backward closures: the gradient's storage, and in `accumulate` whether it holds a value to add to.
  /// When `accumulate` comes back false the entries are unspecified and the caller must assign every one of them
  /// (e.g. a GEMM with beta = 0): a gradient is never zero-filled just to be overwritten.
  Tensor& grad_storage(bool& accumulate) const;
  /// Marks the gradient as zero without touching its memory (the next writer overwrites instead of adding).
  void zero_grad() const;
  bool has_grad() const;                       ///< whether grad() has been allocated
  bool requires_grad() const;                  ///< whether backward() computes a gradient for this node
  int rows() const { return value().rows(); }  ///< rows of the value
  int cols() const { return value().cols(); }  ///< columns of the value
  /// The scalar value of a (1, 1) Var.
  float item() const;
  explicit operator bool() const { return node_ != nullptr; }  ///< false for a default-constructed (empty) Var
  Node* node() const { return node_.get(); }                   ///< the shared node (nullptr when empty)

 private:
  friend Var detail_record(Tensor&&, const Var*, std::size_t);
  friend void backward(const Var&);
  std::shared_ptr<Node> node_;
};

/// \brief A node's backward closure: a type-erased callable `void(const Tensor& y, const Tensor& dy)` stored
/// inside the node (no heap allocation for closures up to kInline bytes, which covers every op in the library).
class BackwardFn {
 public:
  static constexpr std::size_t kInline = 96;  ///< bytes of closure stored in place
  BackwardFn() = default;
  BackwardFn(const BackwardFn&) = delete;
  BackwardFn& operator=(const BackwardFn&) = delete;
  ~BackwardFn() { reset(); }
  /// Stores f (moved or copied), replacing any previous closure.
  template <class F>
  void emplace(F&& f) {
    using Fn = std::decay_t<F>;
    reset();
    if constexpr (sizeof(Fn) <= kInline && alignof(Fn) <= alignof(std::max_align_t)) {
      obj_ = ::new (static_cast<void*>(buf_)) Fn(std::forward<F>(f));
      destroy_ = [](void* o) { static_cast<Fn*>(o)->~Fn(); };
    } else {
      obj_ = new Fn(std::forward<F>(f));  // a large closure: the one case that allocates
      destroy_ = [](void* o) { delete static_cast<Fn*>(o); };
    }
    call_ = [](void* o, const Tensor& y, const Tensor& dy) { (*static_cast<Fn*>(o))(y, dy); };
  }
  /// Calls the closure with (y, dy).
  void operator()(const Tensor& y, const Tensor& dy) const { call_(obj_, y, dy); }
  /// Whether a closure is stored.
  explicit operator bool() const { return call_ != nullptr; }
  /// Destroys the stored closure, if any.
  void reset() {
    if (destroy_) destroy_(obj_);
    obj_ = nullptr;
    call_ = nullptr;
    destroy_ = nullptr;
  }

 private:
  alignas(std::max_align_t) unsigned char buf_[kInline];
  void* obj_ = nullptr;
  void (*call_)(void*, const Tensor&, const Tensor&) = nullptr;
  void (*destroy_)(void*) = nullptr;
};

/// A node: value, gradient, parents, and the backward closure.
struct Node {
  Tensor value;                ///< the forward value
  Tensor grad;                 ///< \f$\partial L / \partial v\f$, empty until first used
  bool requires_grad = false;  ///< whether the backward pass visits this node
  bool grad_is_zero = false;   ///< grad has its shape but is logically zero (its entries are stale)
  std::uint64_t mark = 0;      ///< visit stamp of the last backward pass that reached this node
  /// The op's inputs (storage recycled through the tensor buffer pool: no system allocation after warm-up).
  std::vector<Var, AlignedAllocator<Var>> parents;
  /// Called with (y, dy): this node's value and gradient; adds to the parents' gradients.
  BackwardFn backward;
};

/// Creates the output node of an op (the non-template part of record); returns it, requiring a gradient or not.
Var detail_record(Tensor&& value, const Var* parents, std::size_t count);

/// \brief Records an op's output. If a parent requires a gradient (and recording is on), the output does too,
/// and `backward(y, dy)` will be called during the backward pass; otherwise the closure is dropped.
/// The closure is any callable `void(const Tensor& y, const Tensor& dy)`; it is stored inside the node.
template <class F>
Var record(Tensor value, const Var* parents, std::size_t count, F&& backward) {
  Var out = detail_record(std::move(value), parents, count);
  if (out.requires_grad()) out.node()->backward.emplace(std::forward<F>(backward));
  return out;
}
/// The same with the parents in a braced list.
template <class F>
Var record(Tensor value, std::initializer_list<Var> parents, F&& backward) {
  return record(std::move(value), parents.begin(), parents.size(), std::forward<F>(backward));
}
/// The same with the parents in a vector.
template <class F>
Var record(Tensor value, const std::vector<Var>& parents, F&& backward) {
  return record(std::move(value), parents.data(), parents.size(), std::forward<F>(backward));
}

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
