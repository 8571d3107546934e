// Section 14.2.1: a sparsity penalty read as a prior. Training with L(x, g(h)) + Omega(h) is MAP inference of h
// in a model p(x, h) = p(h) p(x | h) whose prior gives -log p(h) = Omega(h) + const:
//   Laplace prior    p(h_i) = (lambda / 2) exp(-lambda |h_i|)
//                    -log p(h) = lambda sum_i |h_i| + H log(2 / lambda)              (the L1 penalty)
//   Student-t prior  p(h_i) = Gamma((nu+1)/2) / (sqrt(nu pi) Gamma(nu/2)) (1 + h_i^2 / nu)^(-(nu+1)/2)
//                    -log p(h) = (nu+1)/2 sum_i log(1 + h_i^2 / nu) + H log Z(nu)   (a log penalty, not L1)
// with Z(nu) = sqrt(nu pi) Gamma(nu/2) / Gamma((nu+1)/2). The constants depend only on lambda or nu, never on h,
// so they do not change the minimizer. The functions below evaluate -log p(h) from the densities themselves and
// the penalties and constants separately, so that the program can check the identities numerically.
#pragma once

namespace ch14_2 {

/// -log p(h) = -sum_i log p(h_i) for the Laplace prior, evaluated from the density values p(h_i), in double.
double laplace_neg_log_prior(const float* h, int H, double lambda);
/// The constant H log(2 / lambda) of the Laplace prior.
double laplace_constant(int H, double lambda);

/// -log p(h) for the Student-t prior with nu degrees of freedom, from the density values.
double student_t_neg_log_prior(const float* h, int H, double nu);
/// Its penalty (nu + 1)/2 sum_i log(1 + h_i^2 / nu).
double student_t_penalty(const float* h, int H, double nu);
/// Its constant H log Z(nu).
double student_t_constant(int H, double nu);

}  // namespace ch14_2
