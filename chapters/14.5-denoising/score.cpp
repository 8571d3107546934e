#include "score.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "dae2d.hpp"

namespace ch14_5 {

using namespace ae;

Tensor learned_score(const Autoencoder& dae, const Tensor& X, float sigma) {
  // BEGIN EXERCISE 14.5-dae-score
  return displacement(dae, X) * (1.f / (sigma * sigma));
  // ELSE
  // (void)dae, (void)X, (void)sigma;
  // throw ae::NotImplemented("14.5-dae-score");  // the DAE's estimate of grad log p_sigma at each row of X (14.5.1)
  // END EXERCISE
}

Tensor exact_score(const GaussianMixture& p, const Tensor& X) {
  const int d = X.cols();
  Tensor S(X.rows(), d);
  std::vector<double> x(d), g(d);
  for (int i = 0; i < X.rows(); ++i) {
    for (int j = 0; j < d; ++j) x[j] = X(i, j);
    p.score(x.data(), g.data());
    for (int j = 0; j < d; ++j) S(i, j) = static_cast<float>(g[j]);
  }
  return S;
}

FieldAgreement compare_fields(const Tensor& S, const Tensor& T) {
  check_same_shape(S, T, "compare_fields");
  FieldAgreement a;
  std::vector<double> ratios;
  double cos_sum = 0;
  int counted = 0;
  for (int i = 0; i < S.rows(); ++i) {
    double st = 0, ss = 0, tt = 0;
    for (int j = 0; j < S.cols(); ++j) {
      st += double(S(i, j)) * T(i, j);
      ss += double(S(i, j)) * S(i, j);
      tt += double(T(i, j)) * T(i, j);
    }
    if (ss == 0 || tt == 0) continue;  // a direction is undefined: skip (probability zero for sampled points)
    cos_sum += st / std::sqrt(ss * tt);
    ratios.push_back(std::sqrt(ss / tt));
    ++counted;
  }
  if (counted == 0) return a;
  a.cosine_mean = cos_sum / counted;
  std::nth_element(ratios.begin(), ratios.begin() + ratios.size() / 2, ratios.end());
  a.norm_ratio_median = ratios[ratios.size() / 2];
  return a;
}

}  // namespace ch14_5
