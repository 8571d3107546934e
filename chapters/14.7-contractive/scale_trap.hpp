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
};

/// Trains a linear autoencoder of code size H with penalty lambda ||W||_F^2 on X (N, D) and measures it on
/// X_test after every epoch.
TrapHistory train_linear_cae(const ae::Tensor& X, const ae::Tensor& X_test, int H, float lambda, bool tied,
                             int epochs, float lr, ae::Rng& rng);

}  // namespace ch14_7
