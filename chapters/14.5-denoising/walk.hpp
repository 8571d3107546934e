// Section 14.5: walking the learned field. Repeating x <- x + step * (r(x) - x) + noise moves points up the
// estimated score, sigma^2 grad log p_sigma, towards the data; with step = 1 it is the "denoise, then corrupt"
// Markov chain of generalized denoising autoencoders (Bengio et al. 2013; section 20.11).
#pragma once

#include <vector>

#include "nn/layers.hpp"
#include "rng.hpp"
#include "tensor.hpp"

namespace ch14_5 {

/// The noiseless spiral of data/synthetic.hpp, x = t (cos 2 pi turns t, sin 2 pi turns t), at n values of t
/// evenly spaced in [0.1, 1]: (n, 2).
ae::Tensor spiral_curve(int n, double turns = 1.5);

/// For each row of X (N, 2), the distance to the nearest row of `curve` (a densely sampled curve).
std::vector<double> distance_to_curve(const ae::Tensor& X, const ae::Tensor& curve);

/// Runs `steps` updates x <- x + step * (r(x) - x) + noise * eps on every row of X0 (N, 2) and returns the
/// positions after each update: history[s] is (N, 2), history[0] = X0, history.back() the end.
std::vector<ae::Tensor> walk_field(const ae::Autoencoder& dae, const ae::Tensor& X0, int steps, float step,
                                   float noise, ae::Rng& rng);

/// The median of `v` (which is copied).
double median(std::vector<double> v);

}  // namespace ch14_5
