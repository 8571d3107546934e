// Section 14.5: the denoising autoencoder's reconstruction field against the exact score of the smoothed density.
//
// With corruption x_tilde = x + sigma * eps and squared error, the best possible reconstruction is the posterior
// mean r*(x_tilde) = E[x | x_tilde], and Tweedie's formula (Robbins 1956; Efron 2011) says
//     E[x | x_tilde] = x_tilde + sigma^2 * grad log p_sigma(x_tilde),      p_sigma = p_data * N(0, sigma^2 I),
// so (r(x) - x) / sigma^2 estimates the score of the noise-smoothed density, exactly at the optimum and for any
// sigma. As sigma -> 0, p_sigma -> p_data (Alain and Bengio 2013), the result the book quotes.
#pragma once

#include "data/synthetic.hpp"
#include "nn/layers.hpp"
#include "tensor.hpp"

namespace ch14_5 {

/// (r(x) - x) / sigma^2 at the rows of X (N, 2): the DAE's estimate of grad log p_sigma.
ae::Tensor learned_score(const ae::Autoencoder& dae, const ae::Tensor& X, float sigma);

/// grad log p(x) of a Gaussian mixture at the rows of X (N, d), exactly.
ae::Tensor exact_score(const ae::GaussianMixture& p, const ae::Tensor& X);

/// How well one field S (N, d) matches a reference field T (N, d), row by row.
struct FieldAgreement {
  double cosine_mean = 0;        ///< mean over rows of cos(S_i, T_i)
  double norm_ratio_median = 0;  ///< median over rows of |S_i| / |T_i|
};
FieldAgreement compare_fields(const ae::Tensor& S, const ae::Tensor& T);

}  // namespace ch14_5
