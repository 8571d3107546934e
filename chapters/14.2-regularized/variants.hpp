// The three regularized autoencoders of section 14.2, one function each (sparse.cpp, denoising.cpp,
// contractive.cpp). Each trains its models on ctx.X, measures them on ctx.X_test, adds its metrics to `m` and
// writes its figures to ctx.out.
#pragma once

#include "models.hpp"

namespace ch14_2 {

/// Settings of the sparse autoencoders (14.2.1).
struct SparseSettings {
  float lambda = 0.06f;  ///< weight of the L1 penalty lambda sum_i |h_i| (also the Laplace prior's lambda)
  double nu = 1.0;      ///< Student-t degrees of freedom for the prior comparison
  float rho = 0.05f;    ///< target mean activation of the KL penalty
  float beta = 6.f;     ///< weight of the KL penalty
  int top_k = 25;       ///< active units per example in the k-sparse autoencoder
};

/// 14.2.1: L1 penalty (with the Laplace and Student-t prior identities), KL sparsity, and the k-sparse code.
/// `plain` is the unregularized ReLU autoencoder of the same size.
void run_sparse(const Context& ctx, const SparseSettings& s, const ae::Autoencoder& plain, ae::Rng& rng,
                ae::Metrics& m);

/// Noise levels of the three corruption processes (14.2.2).
struct DenoisingSettings {
  float sigma = 0.5f;        ///< Gaussian: x_tilde = x + sigma eps
  float mask_p = 0.5f;       ///< masking: each pixel set to 0 with this probability
  float salt_pepper_p = 0.3f;  ///< salt-and-pepper: each pixel set to 0 or 1 with this probability
};

/// 14.2.2: one denoising autoencoder per corruption, compared with `plain` on the same corrupted test images.
void run_denoising(const Context& ctx, const DenoisingSettings& s, const ae::Autoencoder& plain, ae::Rng& rng,
                   ae::Metrics& m);

/// 14.2.3: a sigmoid autoencoder with the contractive penalty lambda ||df/dx||_F^2 against the same model without.
void run_contractive(const Context& ctx, float lambda, ae::Rng& rng, ae::Metrics& m);

}  // namespace ch14_2
