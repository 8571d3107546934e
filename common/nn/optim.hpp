/// \file
/// \brief Optimizers: stochastic gradient descent with momentum, and Adam. Both update parameters in place and
/// allocate nothing per step (their state is allocated once, at construction).
///
/// Weight decay here is the gradient of the penalty \f$\frac{\lambda}{2}\|\theta\|^2\f$: it adds
/// \f$\lambda\theta\f$ to the gradient before the update.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "autodiff/var.hpp"

namespace ae {

/// Common interface: a list of parameters, step(), zero_grad(), and state for checkpoints.
class Optimizer {
 public:
  /// Optimizes `params` (leaves with requires_grad).
  explicit Optimizer(std::vector<Var> params) : params_(std::move(params)) {}
  virtual ~Optimizer() = default;
  /// One update from the gradients currently held by the parameters.
  virtual void step() = 0;
  /// Sets every parameter's gradient to zero (keeps the storage).
  void zero_grad();
  /// The parameters being optimized.
  const std::vector<Var>& params() const { return params_; }
  /// The optimizer's state (moments, step count) as named tensors, for checkpoints.
  virtual std::vector<std::pair<std::string, Tensor>> state() const = 0;
  /// Restores state(); throws std::runtime_error if names or shapes differ.
  virtual void load_state(const std::vector<std::pair<std::string, Tensor>>& s) = 0;
  /// \brief The index in params() of the first parameter whose gradient held a NaN or an infinity at the last
  /// step(), or -1. The update found it in its own pass over the gradient; it has already applied it, so the
  /// parameters are no longer usable: stop training (ae::train throws DivergenceError).
  int nonfinite_gradient() const { return nonfinite_; }
  float lr = 1e-3f;          ///< the learning rate \f$\epsilon\f$
  float weight_decay = 0.f;  ///< \f$\lambda\f$: adds \f$\lambda\theta\f$ to each gradient

 protected:
  std::vector<Var> params_;  ///< the parameters being optimized
  int nonfinite_ = -1;       ///< what nonfinite_gradient() returns, set by each step()
};

/// \brief \f$v \leftarrow \mu v - \epsilon g\f$, \f$\theta \leftarrow \theta + v\f$.
class Sgd : public Optimizer {
 public:
  /// SGD with learning rate `lr`, momentum \f$\mu\f$ and weight decay \f$\lambda\f$.
  Sgd(std::vector<Var> params, float lr, float momentum = 0.f, float weight_decay = 0.f);
  void step() override;
  std::vector<std::pair<std::string, Tensor>> state() const override;
  void load_state(const std::vector<std::pair<std::string, Tensor>>& s) override;
  float momentum;  ///< \f$\mu\f$ in [0, 1): 0 is plain SGD

 private:
  std::vector<Tensor> velocity_;
};

/// \brief Adam (Kingma and Ba): \f$m \leftarrow \beta_1 m + (1-\beta_1) g\f$, \f$v \leftarrow \beta_2 v +
/// (1-\beta_2) g^2\f$, \f$\theta \leftarrow \theta - \epsilon\, \hat m / (\sqrt{\hat v} + \delta)\f$ with bias
/// corrections \f$\hat m = m / (1-\beta_1^t)\f$, \f$\hat v = v / (1-\beta_2^t)\f$; one fused pass per tensor.
class Adam : public Optimizer {
 public:
  /// Adam with learning rate \f$\epsilon\f$ = `lr`, decay rates \f$\beta_1, \beta_2\f$, \f$\delta\f$ = `eps`.
  Adam(std::vector<Var> params, float lr = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f,
       float weight_decay = 0.f);
  void step() override;
  std::vector<std::pair<std::string, Tensor>> state() const override;
  void load_state(const std::vector<std::pair<std::string, Tensor>>& s) override;
  /** \name Hyperparameters */
  ///@{
  float beta1, beta2, eps;  ///< \f$\beta_1\f$, \f$\beta_2\f$ and \f$\delta\f$
  ///@}
  std::int64_t t = 0;  ///< steps taken, for the bias corrections

 private:
  std::vector<Tensor> m_, v_;
  std::vector<float*> grads_;  // each step: every parameter's gradient storage (nullptr: none), read before splitting
  std::vector<std::atomic<int>> bad_;  // each step: 1 where some thread's slice of that gradient was not finite
};

}  // namespace ae
