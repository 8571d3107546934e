/// \file
/// \brief The Frechet distance between Gaussian fits of two point sets (as FID uses it to compare images).
///
/// Euclidean distance between images rewards blur: a dim gray average lies near many digits at once. A network
/// trained on the data maps an image to features \f$\phi(x)\f$ that say what it looks like; two sets of images
/// are compared by Gaussians \f$\mathcal N(m_1, S_1)\f$, \f$\mathcal N(m_2, S_2)\f$ fitted to their features:
/// \f[ d^2 = \lVert m_1 - m_2 \rVert^2 + \operatorname{tr}\bigl(S_1 + S_2 - 2 (S_1^{1/2} S_2 S_1^{1/2})^{1/2}\bigr), \f]
/// the squared 2-Wasserstein distance between the two Gaussians (0 for identical fits). The trace of the matrix
/// square root is the sum of the square roots of the eigenvalues of the symmetric \f$S_1^{1/2} S_2 S_1^{1/2}\f$
/// (eigen_sym.hpp); about \f$3 d^3\f$ flops for d features.
#pragma once

#include "tensor.hpp"

namespace ae {

/// \brief Squared Frechet distance between Gaussian fits (mean and full covariance) of the rows of A (n_a, d) and
/// of B (n_b, d).
/// \throws std::invalid_argument if the widths differ or a set has fewer than two rows.
double frechet_distance(const Tensor& A, const Tensor& B);

}  // namespace ae
