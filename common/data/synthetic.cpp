#include "data/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ae {

namespace {
constexpr double kPi = 3.14159265358979323846;
}

Points spiral(int n, double noise, Rng& rng, double turns) {
  Points p{Tensor(n, 2), {}};
  for (int i = 0; i < n; ++i) {
    const double t = 0.1 + 0.9 * rng.uniform(), a = 2 * kPi * turns * t;
    p.x(i, 0) = static_cast<float>(t * std::cos(a) + noise * rng.normal());
    p.x(i, 1) = static_cast<float>(t * std::sin(a) + noise * rng.normal());
    p.t.push_back(t);
  }
  return p;
}

Points circle(int n, double noise, Rng& rng, double radius) {
  Points p{Tensor(n, 2), {}};
  for (int i = 0; i < n; ++i) {
    const double a = 2 * kPi * rng.uniform();
    p.x(i, 0) = static_cast<float>(radius * std::cos(a) + noise * rng.normal());
    p.x(i, 1) = static_cast<float>(radius * std::sin(a) + noise * rng.normal());
    p.t.push_back(a);
  }
  return p;
}

Points two_moons(int n, double noise, Rng& rng) {
  Points p{Tensor(n, 2), {}};
  for (int i = 0; i < n; ++i) {
    const int c = i % 2;
    const double a = kPi * rng.uniform();
    const double x = c == 0 ? std::cos(a) : 1 - std::cos(a), y = c == 0 ? std::sin(a) : 0.5 - std::sin(a);
    p.x(i, 0) = static_cast<float>(x + noise * rng.normal());
    p.x(i, 1) = static_cast<float>(y + noise * rng.normal());
    p.t.push_back(c);
  }
  return p;
}

Points swiss_roll(int n, double noise, Rng& rng) {
  Points p{Tensor(n, 3), {}};
  for (int i = 0; i < n; ++i) {
    const double t = 1.5 * kPi * (1 + 2 * rng.uniform()), h = 10 * rng.uniform();
    p.x(i, 0) = static_cast<float>(t * std::cos(t) + noise * rng.normal());
    p.x(i, 1) = static_cast<float>(h + noise * rng.normal());
    p.x(i, 2) = static_cast<float>(t * std::sin(t) + noise * rng.normal());
    p.t.push_back(t);
  }
  return p;
}

Points GaussianMixture::sample(int n, Rng& rng) const {
  const int d = dim();
  Points p{Tensor(n, d), {}};
  for (int i = 0; i < n; ++i) {
    double u = rng.uniform();
    std::size_t k = 0;
    while (k + 1 < weights.size() && u >= weights[k]) u -= weights[k++];
    for (int j = 0; j < d; ++j) p.x(i, j) = static_cast<float>(means[k][j] + sigmas[k] * rng.normal());
    p.t.push_back(static_cast<double>(k));
  }
  return p;
}

namespace {
// log(pi_k N(x; mu_k, sigma_k^2 I)) for every component k.
std::vector<double> component_logs(const GaussianMixture& g, const double* x) {
  const int d = g.dim();
  std::vector<double> logs;
  for (std::size_t k = 0; k < g.means.size(); ++k) {
    double r2 = 0;
    for (int j = 0; j < d; ++j) r2 += (x[j] - g.means[k][j]) * (x[j] - g.means[k][j]);
    const double s2 = g.sigmas[k] * g.sigmas[k];
    logs.push_back(std::log(g.weights[k]) - 0.5 * d * std::log(2 * kPi * s2) - 0.5 * r2 / s2);
  }
  return logs;
}
}  // namespace

double GaussianMixture::log_density(const double* x) const {
  const std::vector<double> logs = component_logs(*this, x);
  const double m = *std::max_element(logs.begin(), logs.end());
  double s = 0;
  for (double l : logs) s += std::exp(l - m);
  return m + std::log(s);
}

void GaussianMixture::score(const double* x, double* grad) const {
  // grad log p = sum_k w_k(x) (mu_k - x) / sigma_k^2 with responsibilities w_k(x) = pi_k N_k(x) / p(x).
  // BEGIN EXERCISE 14.5-mixture-score
  const int d = dim();
  std::vector<double> logs = component_logs(*this, x);
  const double m = *std::max_element(logs.begin(), logs.end());
  double z = 0;
  for (double& l : logs) z += (l = std::exp(l - m));
  for (int j = 0; j < d; ++j) grad[j] = 0;
  for (std::size_t k = 0; k < means.size(); ++k)
    for (int j = 0; j < d; ++j) grad[j] += logs[k] / z * (means[k][j] - x[j]) / (sigmas[k] * sigmas[k]);
  // ELSE
  // (void)x, (void)grad;
  // throw ae::NotImplemented("14.5-mixture-score");  // grad[j] = d log p(x) / dx_j for the mixture
  // END EXERCISE
}

GaussianMixture GaussianMixture::smoothed(double s) const {
  GaussianMixture g = *this;
  for (double& sk : g.sigmas) sk = std::sqrt(sk * sk + s * s);
  return g;
}

GaussianMixture ring_mixture(int k, double radius, double sigma) {
  GaussianMixture g;
  for (int i = 0; i < k; ++i) {
    const double a = 2 * kPi * i / k;
    g.means.push_back({radius * std::cos(a), radius * std::sin(a)});
    g.sigmas.push_back(sigma);
    g.weights.push_back(1.0 / k);
  }
  return g;
}

Tensor base_image(int size) {
  Tensor img(1, size * size);
  const double c = (size - 1) / 2.0;
  for (int i = 0; i < size; ++i)
    for (int j = 0; j < size; ++j) {
      const double y = (i - c) / size, x = (j - c) / size;
      const double blob = std::exp(-(x * x / 0.02 + y * y / 0.035));                   // an elliptic body
      const double stroke = std::exp(-std::pow(x - 0.6 * y - 0.12, 2) / 0.002) * (y > -0.3 && y < 0.3);  // a bar
      img(0, i * size + j) = static_cast<float>(std::min(1.0, 0.8 * blob + 0.6 * stroke));
    }
  return img;
}

Tensor translate_image(const Tensor& image, int size, double dy, double dx) {
  if (image.size() != static_cast<std::size_t>(size) * size)
    throw ShapeError("translate_image: image is not " + std::to_string(size) + " x " + std::to_string(size));
  Tensor out(1, size * size);
  auto at = [&](int i, int j) -> double {
    return (i < 0 || j < 0 || i >= size || j >= size) ? 0.0 : image[static_cast<std::size_t>(i) * size + j];
  };
  for (int i = 0; i < size; ++i)
    for (int j = 0; j < size; ++j) {
      const double sy = i - dy, sx = j - dx;  // the source position that lands on (i, j)
      const int y0 = static_cast<int>(std::floor(sy)), x0 = static_cast<int>(std::floor(sx));
      const double fy = sy - y0, fx = sx - x0;
      out(0, i * size + j) = static_cast<float>((1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) +
                                                fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1)));
    }
  return out;
}

Points translated_images(const Tensor& image, int size, int n, double t0, double t1) {
  Points p{Tensor(n, size * size), {}};
  for (int i = 0; i < n; ++i) {
    const double t = n == 1 ? t0 : t0 + (t1 - t0) * i / (n - 1);
    Tensor im = translate_image(image, size, t, 0.0);
    std::copy(im.begin(), im.end(), p.x.row(i));
    p.t.push_back(t);
  }
  return p;
}

std::vector<std::vector<int>> minibatches(int n, int batch, Rng& rng) {
  if (batch <= 0) throw std::invalid_argument("minibatches: batch size must be positive");
  std::vector<int> perm = rng.permutation(n);
  std::vector<std::vector<int>> out;
  for (int s = 0; s < n; s += batch) out.emplace_back(perm.begin() + s, perm.begin() + std::min(n, s + batch));
  return out;
}

}  // namespace ae
