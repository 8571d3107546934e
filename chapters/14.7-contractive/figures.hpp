// Section 14.7: the chapter's figures, written under --out with the prefix 14_7_.
#pragma once

#include <string>
#include <vector>

#include "plot/plot.hpp"
#include "scale_trap.hpp"
#include "shallow_ae.hpp"
#include "tangents.hpp"

namespace ch14_7 {

/// The mean sorted singular values of the encoder Jacobian, one curve per autoencoder (log scale).
void plot_spectra(const ae::plot::Output& out, const std::vector<std::string>& names,
                  const std::vector<std::vector<double>>& spectra);

/// The distribution of code values h over test images, one curve per autoencoder: saturated units pile up
/// near 0 and 1.
void plot_code_histograms(const ae::plot::Output& out, const std::vector<std::string>& names,
                          const std::vector<Tensor>& codes);

/// Figure 14.10: for each test image, the image and the leading right singular vectors of the CAE's Jacobian
/// on one row, the image and the local PCA directions of its nearest training images on the next.
void plot_tangent_images(const ae::plot::Output& out, const ShallowAe& cae, const Tensor& X_train,
                         const Tensor& X_show, int k_neighbours, int n_vectors);

/// The shifted object's true tangents (d x / d dy, d x / d dx) and their projections onto each estimated plane.
void plot_shift_tangents(const ae::plot::Output& out, const Tensor& x, const Tensor& T_true,
                         const std::vector<std::string>& names, const std::vector<Tensor>& planes);

/// Largest principal angle to the true tangent plane against the number of training images.
void plot_tangent_angles(const ae::plot::Output& out, const std::vector<TangentResult>& results);

/// The scale trap in four panels: penalty and reconstruction error of the trained untied and tied linear CAEs
/// rescaled by eps (top), and the same two quantities per training epoch (bottom).
void plot_scale_trap(const ae::plot::Output& out, const TrapHistory& untied, const TrapHistory& tied,
                     const RescaleCurve& untied_rescaled, const RescaleCurve& tied_rescaled);

}  // namespace ch14_7
