#include "nn/conv_layers.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ae {

Conv2d::Conv2d(const ImageShape& in_shape, int out_channels, const ConvGeometry& g, Rng& rng)
    : in(in_shape), geom(g) {
  conv_output_shape(in, out_channels, geom);  // throws on a bad geometry
  const int fan_in = in.C * geom.k * geom.k;
  const float a = std::sqrt(6.f / static_cast<float>(fan_in));
  W = Var(rng.uniform_tensor(out_channels, fan_in, -a, a), true);
  b = Var(Tensor(1, out_channels), true);
}

void Conv2d::add_named_params(const std::string& prefix, std::vector<NamedParam>& out) const {
  out.emplace_back(prefix + ".W", W);
  out.emplace_back(prefix + ".b", b);
}

ConvAutoencoder::ConvAutoencoder(const ConvAeSpec& s, Rng& rng) : spec(s) {
  const ImageShape& x = s.image;
  if (x.H % 4 != 0 || x.W % 4 != 0 || s.c1 <= 0 || s.c2 <= 0 || s.k1 <= 0 || s.k1 % 2 == 0)
    throw std::invalid_argument("ConvAutoencoder: images " + x.str() + " need H and W divisible by 4, and an odd k1");
  const ConvGeometry same3{3, 1, 1}, first{s.k1, 1, s.k1 / 2};
  conv1 = Conv2d(x, s.c1, first, rng);
  conv2 = Conv2d({s.c1, x.H / 2, x.W / 2}, s.c2, same3, rng);
  conv3 = Conv2d({s.unet ? 2 * s.c2 : s.c2, x.H / 2, x.W / 2}, s.c1, same3, rng);
  conv4 = Conv2d({s.unet ? 2 * s.c1 : s.c1, x.H, x.W}, x.C, same3, rng);
}

Var ConvAutoencoder::reconstruct(const Var& x) const {
  const ImageShape s1 = conv1.out(), s2 = conv2.out();
  const ImageShape p1 = pool_output_shape(s1), p2 = pool_output_shape(s2);
  const Var h1 = relu(conv1(x));                           // (c1, H, W)
  const Var h2 = relu(conv2(max_pool(h1, s1)));            // (c2, H/2, W/2)
  const Var h = max_pool(h2, s2);                          // (c2, H/4, W/4): the code
  Var u2 = upsample_nearest(h, p2);                        // (c2, H/2, W/2)
  if (spec.unet) u2 = concat_channels(u2, s2, h2, s2);     // skip at half resolution
  const Var g2 = relu(conv3(u2));                          // (c1, H/2, W/2)
  Var u1 = upsample_nearest(g2, p1);                       // (c1, H, W)
  if (spec.unet) u1 = concat_channels(u1, s1, h1, s1);     // skip at full resolution
  return sigmoid(conv4(u1));                               // (C, H, W) in (0, 1)
}

Tensor ConvAutoencoder::reconstruct(const Tensor& x, int batch) const {
  NoGrad no_grad;
  Tensor r(x.rows(), x.cols(), uninit);
  for (int i = 0; i < x.rows(); i += batch) {
    const int e = std::min(x.rows(), i + batch);
    const Tensor part = reconstruct(Var(x.rows_slice(i, e))).value();
    std::copy(part.begin(), part.end(), r.row(i));
  }
  return r;
}

std::vector<NamedParam> ConvAutoencoder::named_params() const {
  const std::string p = spec.unet ? "unet_ae" : "conv_ae";
  std::vector<NamedParam> out;
  conv1.add_named_params(p + ".conv1", out);
  conv2.add_named_params(p + ".conv2", out);
  conv3.add_named_params(p + ".conv3", out);
  conv4.add_named_params(p + ".conv4", out);
  return out;
}

std::size_t ConvAutoencoder::num_params() const {
  std::size_t n = 0;
  for (const auto& [name, v] : named_params()) n += v.value().size();
  return n;
}

double ConvAutoencoder::flops(int N) const { return conv1.flops(N) + conv2.flops(N) + conv3.flops(N) + conv4.flops(N); }

}  // namespace ae
