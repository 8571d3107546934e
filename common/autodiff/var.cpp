#include "autodiff/var.hpp"

#include <stdexcept>
#include <unordered_set>

namespace ae {

namespace {
thread_local bool g_grad_enabled = true;
}

Var::Var(Tensor value, bool requires_grad) : node_(std::make_shared<Node>()) {
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
  Tensor& g = node_->grad;
  if (!g.same_shape(node_->value)) {
    g.resize(node_->value.rows(), node_->value.cols());
    g.zero();
  }
  return g;
}
bool Var::has_grad() const { return node_ && node_->grad.same_shape(node_->value) && !node_->grad.empty(); }
bool Var::requires_grad() const { return node_ && node_->requires_grad; }
float Var::item() const {
  check_shape(value().rows() == 1 && value().cols() == 1, "item: expected a (1, 1) value, got " + value().shape_str());
  return value()[0];
}

Var record(Tensor value, std::vector<Var> parents, std::function<void(const Tensor&, const Tensor&)> backward) {
  Var out(std::move(value), false);
  if (!g_grad_enabled) return out;
  for (const Var& p : parents)
    if (p.requires_grad()) out.node_->requires_grad = true;
  if (out.node_->requires_grad) {
    out.node_->parents = std::move(parents);
    out.node_->backward = std::move(backward);
  }
  return out;
}

void backward(const Var& loss) {
  check_shape(loss.value().rows() == 1 && loss.value().cols() == 1,
              "backward: the loss must be (1, 1), got " + loss.value().shape_str());
  if (!loss.requires_grad()) return;
  // Reverse topological order by an iterative depth-first search (deep graphs must not overflow the stack).
  std::vector<Node*> order;
  std::unordered_set<Node*> seen;
  std::vector<std::pair<Node*, std::size_t>> stack{{loss.node(), 0}};
  seen.insert(loss.node());
  while (!stack.empty()) {
    auto& [n, next] = stack.back();
    if (next < n->parents.size()) {
      Node* p = n->parents[next++].node();
      if (p->requires_grad && seen.insert(p).second) stack.emplace_back(p, 0);
    } else {
      order.push_back(n);
      stack.pop_back();
    }
  }
  loss.grad().fill(1.f);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Node* n = *it;
    if (n->backward && !n->grad.empty()) n->backward(n->value, n->grad);
  }
}

NoGrad::NoGrad() : previous_(g_grad_enabled) { g_grad_enabled = false; }
NoGrad::~NoGrad() { g_grad_enabled = previous_; }
bool grad_enabled() { return g_grad_enabled; }

}  // namespace ae
