// The image ops (autodiff/conv.hpp): the im2col + GEMM convolution against a direct seven-loop reference, and every
// op's gradient against central differences, at odd sizes, stride 1 and 2, padding 0 and 1, one and several
// channels; then the convolutional autoencoder and its U-Net variant end to end.
#include <doctest/doctest.h>

#include <cmath>

#include "autodiff/conv.hpp"
#include "autodiff/losses.hpp"
#include "autodiff/ops.hpp"
#include "gradcheck.hpp"
#include "nn/conv_layers.hpp"

using namespace ae;
using ae::test::grad_check;

namespace {

constexpr double kTol = 2e-2;

Tensor randn(int r, int c, std::uint64_t seed) {
  Rng rng(seed);
  return rng.normal_tensor(r, c);
}

// The specification: y(n, o, i, j) = b_o + sum_{c,u,v} W(o, (c u v)) x(n, c, s i + u - p, s j + v - p), each
// output entry summed directly in double, no column matrix, no GEMM.
Tensor conv2d_direct(const Tensor& x, const ImageShape& in, const Tensor& W, const Tensor& b, const ConvGeometry& g) {
  const int Cout = W.rows();
  const int Ho = (in.H + 2 * g.pad - g.k) / g.stride + 1, Wo = (in.W + 2 * g.pad - g.k) / g.stride + 1;
  Tensor y(x.rows(), Cout * Ho * Wo);
  for (int n = 0; n < x.rows(); ++n)
    for (int o = 0; o < Cout; ++o)
      for (int i = 0; i < Ho; ++i)
        for (int j = 0; j < Wo; ++j) {
          double s = b(0, o);
          for (int c = 0; c < in.C; ++c)
            for (int u = 0; u < g.k; ++u)
              for (int v = 0; v < g.k; ++v) {
                const int yy = g.stride * i + u - g.pad, xx = g.stride * j + v - g.pad;
                if (yy < 0 || yy >= in.H || xx < 0 || xx >= in.W) continue;
                s += static_cast<double>(W(o, (c * g.k + u) * g.k + v)) * x(n, (c * in.H + yy) * in.W + xx);
              }
          y(n, (o * Ho + i) * Wo + j) = static_cast<float>(s);
        }
  return y;
}

struct ConvCase {
  ImageShape in;
  int out_channels;
  ConvGeometry g;
};

// Odd and even sizes, non-square images, stride 1 and 2, padding 0 and 1, kernels 1, 3 and 5, 1 and several channels.
const ConvCase kCases[] = {
    {{1, 5, 5}, 1, {3, 1, 0}}, {{1, 5, 7}, 2, {3, 1, 1}}, {{3, 7, 5}, 4, {3, 2, 1}}, {{2, 6, 6}, 3, {3, 2, 0}},
    {{3, 5, 5}, 2, {1, 1, 0}}, {{2, 9, 7}, 3, {5, 2, 2}}, {{1, 4, 4}, 2, {5, 1, 1}},
};

}  // namespace

TEST_CASE("conv2d (im2col + GEMM) matches the direct reference") {
  for (const ConvCase& c : kCases) {
    CAPTURE(c.in.str());
    CAPTURE(c.g.k);
    CAPTURE(c.g.stride);
    CAPTURE(c.g.pad);
    const ImageShape out = conv_output_shape(c.in, c.out_channels, c.g);
    const Tensor x = randn(3, c.in.size(), 1), W = randn(c.out_channels, c.in.C * c.g.k * c.g.k, 2),
                 b = randn(1, c.out_channels, 3);
    const Tensor y = conv2d(Var(x), c.in, Var(W), Var(b), c.g).value();
    REQUIRE(y.rows() == 3);
    REQUIRE(y.cols() == out.size());
    const Tensor ref = conv2d_direct(x, c.in, W, b, c.g);
    CHECK(max_abs_diff(y, ref) < 1e-4f * (1 + c.in.C * c.g.k * c.g.k));
  }
  SUBCASE("a batch large enough for several threads and GEMM blocks") {
    const ImageShape in{4, 14, 14};
    const ConvGeometry g{3, 1, 1};
    const Tensor x = randn(40, in.size(), 4), W = randn(8, 36, 5), b = randn(1, 8, 6);
    CHECK(max_abs_diff(conv2d(Var(x), in, Var(W), Var(b), g).value(), conv2d_direct(x, in, W, b, g)) < 1e-3f);
  }
}

TEST_CASE("conv2d's gradients (input, filters, bias) match central differences") {
  for (const ConvCase& c : kCases) {
    CAPTURE(c.in.str());
    CAPTURE(c.g.k);
    CAPTURE(c.g.stride);
    CAPTURE(c.g.pad);
    const std::vector<Tensor> in{randn(2, c.in.size(), 7), randn(c.out_channels, c.in.C * c.g.k * c.g.k, 8),
                                 randn(1, c.out_channels, 9)};
    const auto r = grad_check([&](auto& v) { return conv2d(v[0], c.in, v[1], v[2], c.g); }, in);
    CAPTURE(r.worst_input);
    CHECK(r.max_rel_err < kTol);
  }
}

TEST_CASE("a conv2d output used twice, and a conv2d input used twice, accumulate their gradients") {
  const ImageShape in{2, 5, 5};
  const ConvGeometry g{3, 1, 1};
  const auto r = grad_check(
      [&](auto& v) {
        const Var y = conv2d(v[0], in, v[1], v[2], g);
        return add(y, mul(y, conv2d(v[0], in, v[1], v[2], g)));
      },
      {randn(2, in.size(), 10), randn(2, 18, 11), randn(1, 2, 12)});
  CHECK(r.max_rel_err < kTol);
}

TEST_CASE("max_pool, upsample_nearest and concat_channels match central differences") {
  SUBCASE("max_pool, even and odd sizes (the last row and column of an odd image are dropped)") {
    for (const ImageShape in : {ImageShape{1, 4, 4}, ImageShape{3, 5, 7}, ImageShape{2, 6, 9}}) {
      CAPTURE(in.str());
      for (int f : {2, 3}) {
        if (in.H < f || in.W < f) continue;
        CAPTURE(f);
        // Distinct values (a permutation scaled by 0.1): no two entries of a window within the step h of each other.
        Rng rng(13);
        Tensor x(2, in.size());
        for (std::size_t k = 0; k < x.size(); ++k) x[k] = 0.1f * static_cast<float>(k);
        for (std::size_t k = x.size(); k > 1; --k) std::swap(x[k - 1], x[static_cast<std::size_t>(rng.uniform() * k)]);
        const auto r = grad_check([&](auto& v) { return max_pool(v[0], in, f); }, {x}, 1e-2);
        CHECK(r.max_rel_err < kTol);
        CHECK(max_pool(Var(x), in, f).cols() == pool_output_shape(in, f).size());
      }
    }
  }
  SUBCASE("upsample_nearest") {
    for (const ImageShape in : {ImageShape{1, 3, 3}, ImageShape{3, 2, 5}})
      for (int f : {1, 2, 3}) {
        CAPTURE(in.str());
        CAPTURE(f);
        const auto r = grad_check([&](auto& v) { return upsample_nearest(v[0], in, f); }, {randn(2, in.size(), 14)});
        CHECK(r.max_rel_err < kTol);
      }
  }
  SUBCASE("concat_channels") {
    const ImageShape sa{1, 3, 5}, sb{2, 3, 5};
    const auto r = grad_check([&](auto& v) { return concat_channels(v[0], sa, v[1], sb); },
                              {randn(2, sa.size(), 15), randn(2, sb.size(), 16)});
    CHECK(r.max_rel_err < kTol);
  }
}

TEST_CASE("the image ops' forward values") {
  // 1 x 2 x 4 image [[1 5 2 0], [3 4 8 7]]: max pool 2 -> [5 8]; upsampling repeats each value in a 2 x 2 block.
  const Tensor x(1, 8, {1, 5, 2, 0, 3, 4, 8, 7});
  const Tensor p = max_pool(Var(x), {1, 2, 4}, 2).value();
  REQUIRE(p.cols() == 2);
  CHECK(p[0] == 5.f);
  CHECK(p[1] == 8.f);
  const Tensor u = upsample_nearest(Var(p), {1, 1, 2}, 2).value();
  CHECK(max_abs_diff(u, Tensor(1, 8, {5, 5, 8, 8, 5, 5, 8, 8})) == 0.f);
  const Tensor c = concat_channels(Var(p), {1, 1, 2}, Var(Tensor(1, 2, {-1, -2})), {1, 1, 2}).value();
  CHECK(max_abs_diff(c, Tensor(1, 4, {5, 8, -1, -2})) == 0.f);
}

TEST_CASE("bad shapes are rejected with a ShapeError naming the op") {
  const Var x(Tensor(2, 25)), W(Tensor(3, 9)), b(Tensor(1, 3));
  CHECK_THROWS_AS(conv2d(x, {1, 5, 6}, W, b, {3, 1, 1}), ShapeError);  // 25 columns are not 1 x 5 x 6
  CHECK_THROWS_AS(conv2d(x, {1, 5, 5}, Var(Tensor(3, 8)), b, {3, 1, 1}), ShapeError);
  CHECK_THROWS_AS(conv2d(x, {1, 5, 5}, W, Var(Tensor(1, 2)), {3, 1, 1}), ShapeError);
  CHECK_THROWS_AS(conv2d(x, {1, 5, 5}, Var(Tensor(3, 81)), b, {9, 1, 1}), ShapeError);  // kernel larger than image
  CHECK_THROWS_AS(conv2d(x, {1, 5, 5}, W, b, {3, 0, 1}), ShapeError);
  CHECK_THROWS_AS(max_pool(x, {1, 5, 5}, 6), ShapeError);
  CHECK_THROWS_AS(upsample_nearest(x, {1, 5, 4}, 2), ShapeError);
  CHECK_THROWS_AS(concat_channels(x, {1, 5, 5}, Var(Tensor(2, 20)), {1, 4, 5}), ShapeError);
}

TEST_CASE("the convolutional autoencoder and its U-Net: shapes, names, gradients of the whole model") {
  for (bool unet : {false, true}) {
    CAPTURE(unet);
    Rng rng(17);
    const ConvAeSpec spec{.image = {1, 8, 8}, .c1 = 3, .c2 = 2, .k1 = 3, .unet = unet};
    ConvAutoencoder ae(spec, rng);
    CHECK(ae.code_size() == 2 * 2 * 2);
    const auto named = ae.named_params();
    REQUIRE(named.size() == 8);
    CHECK(named[0].first == (unet ? "unet_ae.conv1.W" : "conv_ae.conv1.W"));
    CHECK(named[7].first == (unet ? "unet_ae.conv4.b" : "conv_ae.conv4.b"));
    // The U-Net's decoder reads twice the channels: c1*9+c1, c2*c1*9+c2, 2*c2*c1*9+c1, 2*c1*9+1.
    CHECK(ae.num_params() == (unet ? 30u + 56u + 111u + 55u : 30u + 56u + 57u + 28u));
    const Tensor x = Rng(18).uniform_tensor(2, 64, 0.f, 1.f);
    CHECK(ae.reconstruct(x, 1).same_shape(x));
    // dL/dtheta through every op at once: the parameters perturbed one at a time, the loss the squared error. A
    // larger step (5e-3) crosses ReLU kinks and max-pool switches and fails; 1e-3 is still far above float noise.
    std::vector<Tensor> values;
    for (const auto& [name, v] : named) values.push_back(v.value());
    const auto r = grad_check(
        [&](const std::vector<Var>& v) {
          ConvAutoencoder m = ae;
          Conv2d* layers[] = {&m.conv1, &m.conv2, &m.conv3, &m.conv4};
          for (int l = 0; l < 4; ++l) {
            layers[l]->W = v[static_cast<std::size_t>(2 * l)];
            layers[l]->b = v[static_cast<std::size_t>(2 * l + 1)];
          }
          return squared_error(m.reconstruct(Var(x)), Var(x));
        },
        values, 1e-3, 7, 1e-2);  // a small step: ReLU and max-pool switches stay uncrossed
    CAPTURE(r.worst_input);
    CHECK(r.max_rel_err < 5e-2);
  }
}
