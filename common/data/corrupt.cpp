#include "data/corrupt.hpp"

#include <cmath>
#include <stdexcept>

namespace ae::corrupt {

Tensor gaussian(const Tensor& x, float sigma, Rng& rng) {
  Tensor y = x;
  for (float& v : y) v += static_cast<float>(sigma * rng.normal());
  return y;
}

Tensor masking(const Tensor& x, float p, Rng& rng) {
  Tensor y = x;
  for (float& v : y)
    if (rng.uniform() < p) v = 0.f;
  return y;
}

Tensor salt_and_pepper(const Tensor& x, float p, Rng& rng) {
  Tensor y = x;
  for (float& v : y)
    if (rng.uniform() < p) v = rng.uniform() < 0.5 ? 0.f : 1.f;
  return y;
}

Tensor apply(const std::string& kind, const Tensor& x, float level, Rng& rng) {
  if (kind == "gaussian") return gaussian(x, level, rng);
  if (kind == "masking") return masking(x, level, rng);
  if (kind == "salt_pepper") return salt_and_pepper(x, level, rng);
  throw std::invalid_argument("unknown corruption '" + kind + "' (gaussian, masking, salt_pepper)");
}

double psnr_db(const Tensor& clean, const Tensor& other) {
  const double mse = sq_norm(clean - other) / static_cast<double>(clean.size());
  return 10.0 * std::log10(1.0 / std::max(mse, 1e-20));
}

}  // namespace ae::corrupt
