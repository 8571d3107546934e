#include "autodiff/var.hpp"

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

namespace ae {

namespace {
thread_local bool g_grad_enabled = true;
}

// Nodes (with their shared_ptr control block) come from the tensor buffer pool: a training step that builds the
// same graph every time reuses the same blocks instead of calling the system allocator.
Var::Var(Tensor value, bool requires_grad) : node_(std::allocate_shared<Node>(AlignedAllocator<Node>())) {
  node_->value = std::move(value);
  node_->requires_grad = requires_grad;
}

const Tensor& Var::value() const {
  if (!node_) throw std::logic_error("Var: use of an empty Var");
  return node_->value;
}
Tensor& Var::value() {
  if (!node_) throw std::logic_error("Var: use of an empty Var");
  return node_->value;
}
Tensor& Var::grad() const {
  bool accumulate = false;
  Tensor& g = grad_storage(accumulate);
  if (!accumulate) g.zero();  // a fresh or zero-marked gradient, made real zeros for callers that add to it
  return g;
}
Tensor& Var::grad_storage(bool& accumulate) const {
  Tensor& g = node_->grad;
  if (!g.same_shape(node_->value)) {
    g.resize(node_->value.rows(), node_->value.cols());
    accumulate = false;
  } else {
    accumulate = !node_->grad_is_zero;
  }
  node_->grad_is_zero = false;
  return g;
}
void Var::zero_grad() const {
  if (node_ && !node_->grad.empty()) node_->grad_is_zero = true;
}
bool Var::has_grad() const { return node_ && node_->grad.same_shape(node_->value) && !node_->grad.empty(); }
bool Var::requires_grad() const { return node_ && node_->requires_grad; }
float Var::item() const {
  if (value().rows() != 1 || value().cols() != 1)
    throw ShapeError("item: expected a (1, 1) value, got " + value().shape_str());
  return value()[0];
}

Var detail_record(Tensor&& value, const Var* parents, std::size_t count) {
  Var out(std::move(value), false);
  if (!g_grad_enabled) return out;
  for (std::size_t i = 0; i < count; ++i)
    if (parents[i].requires_grad()) out.node_->requires_grad = true;
  if (out.node_->requires_grad) out.node_->parents.assign(parents, parents + count);
  return out;
}

namespace {
/// Scratch of one backward pass, kept between calls so that a training step allocates nothing. A closure may run
/// a backward pass of its own (a nested graph), so there is one workspace per nesting depth.
struct BackwardWork {
  std::vector<Node*> order;
  std::vector<std::pair<Node*, std::size_t>> stack;
};
thread_local std::vector<std::unique_ptr<BackwardWork>> t_work;
thread_local std::size_t t_depth = 0;
std::atomic<std::uint64_t> g_pass{0};
}  // namespace

void backward(const Var& loss) {
  if (loss.value().rows() != 1 || loss.value().cols() != 1)
    throw ShapeError("backward: the loss must be (1, 1), got " + loss.value().shape_str());
  if (!loss.requires_grad()) return;
  if (t_work.size() <= t_depth) t_work.push_back(std::make_unique<BackwardWork>());
  BackwardWork& w = *t_work[t_depth];
  struct Depth {
    Depth() { ++t_depth; }
    ~Depth() { --t_depth; }
  } depth;
  // Reverse topological order by an iterative depth-first search (deep graphs must not overflow the stack). A node
  // is marked with this pass's stamp when first seen.
  const std::uint64_t pass = ++g_pass;
  w.order.clear();
  w.stack.clear();
  w.stack.emplace_back(loss.node(), 0);
  loss.node()->mark = pass;
  while (!w.stack.empty()) {
    auto& [n, next] = w.stack.back();
    if (next < n->parents.size()) {
      Node* p = n->parents[next++].node();
      if (p->requires_grad && p->mark != pass) {
        p->mark = pass;
        w.stack.emplace_back(p, 0);
      }
    } else {
      w.order.push_back(n);
      w.stack.pop_back();
    }
  }
  loss.grad().fill(1.f);
  for (auto it = w.order.rbegin(); it != w.order.rend(); ++it) {
    Node* n = *it;
    if (!n->backward || n->grad.empty()) continue;
    if (n->grad_is_zero) {  // marked zero by zero_grad: materialize before the closure reads it
      n->grad.zero();
      n->grad_is_zero = false;
    }
    n->backward(n->value, n->grad);
  }
}

NoGrad::NoGrad() : previous_(g_grad_enabled) { g_grad_enabled = false; }
NoGrad::~NoGrad() { g_grad_enabled = previous_; }
bool grad_enabled() { return g_grad_enabled; }

}  // namespace ae
