// Section 14.7: the scale trap. With a linear encoder h = x W + b (D, H) the Jacobian is W^T everywhere, so the
// contractive penalty is lambda ||W||_F^2. If the decoder r = h V + c has its own weights V (H, D), then
// W -> eps W, V -> V / eps leaves every reconstruction unchanged and multiplies the penalty by eps^2: training
// can drive the penalty towards zero without learning anything about the data. Tying V = W^T removes that
// direction: shrinking W now shrinks the reconstruction too.
// Loss per example: squared error summed over pixels plus lambda ||W||_F^2, averaged over the batch.
#pragma once

#include <vector>

#include "data/datasets.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ch14_7 {

/// Per-epoch record of one linear contractive autoencoder.
struct TrapHistory {
  std::vector<double> penalty;  ///< ||W||_F^2 at the end of each epoch (the per-example penalty / lambda)
  std::vector<double> sqerr;    ///< squared reconstruction error per example on held-out images
  double w_norm = 0, v_norm = 0;  ///< final ||W||_F and ||V||_F (V = W^T when tied)
  bool tied = true;
  ae::Tensor W, b, V, c;          ///< the trained parameters: W (D, H), b (1, H), V (H, D) = W^T when tied, c (1, D)
};

/// The trap made explicit on a trained model: W -> eps W and b -> eps b (the encoder multiplies its code by
/// eps) and, untied, V -> V / eps (the decoder divides by eps). Tied, V = W^T follows W and shrinks with it.
struct RescaleCurve {
  std::vector<double> eps;      ///< the scale factors tried
  std::vector<double> penalty;  ///< ||J||_F^2 = eps^2 ||W||_F^2 of the rescaled model
  std::vector<double> sqerr;    ///< its squared reconstruction error per example on the held-out images
};

/// Penalty and reconstruction error of `model` rescaled by each factor in `eps`, measured on X_test.
RescaleCurve rescale_sweep(const TrapHistory& model, const ae::Tensor& X_test, const std::vector<double>& eps);

/// Trains a linear autoencoder of code size H with penalty lambda ||W||_F^2 on X (N, D) and measures it on
/// X_test after every epoch.
TrapHistory train_linear_cae(const ae::Tensor& X, const ae::Tensor& X_test, int H, float lambda, bool tied,
                             int epochs, float lr, ae::Rng& rng);

}  // namespace ch14_7
