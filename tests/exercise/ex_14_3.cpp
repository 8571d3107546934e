// Section 14.3's exercises: counting a deep autoencoder's parameters, and the centred biases of greedy pretraining.
#include "depth.hpp"
#include "exercise.hpp"
#include "pretrain.hpp"

using namespace ae;

TEST_CASE("14.3-param-count") {
  Rng rng(21);
  for (const std::vector<int>& s : std::vector<std::vector<int>>{{784, 32}, {784, 203, 32}, {784, 177, 177, 32},
                                                                 {10, 7, 5, 3}}) {
    const Autoencoder net = ch14_3::make_autoencoder(s, Act::relu, rng);
    const std::size_t counted = net.encoder.num_params() + net.decoder.num_params();
    CAPTURE(s.size());
    CHECK_MESSAGE(ch14_3::autoencoder_params(s) == counted, "autoencoder_params says "
                                                              << ch14_3::autoencoder_params(s) << ", the network has "
                                                              << counted << " weights and biases");
  }
}

TEST_CASE("14.3-centered-bias") {
  Rng rng(22);
  ImageSet train;
  train.n = 80;
  train.h = train.w = 4;
  for (int i = 0; i < train.n * 16; ++i) train.pixels.push_back(static_cast<std::uint8_t>(rng.below(256)));
  train.labels.assign(static_cast<std::size_t>(train.n), 0);
  ch14_3::PretrainConfig cfg;
  cfg.epochs = 0;  // the initialization alone
  cfg.center = true;
  const std::vector<ch14_3::StackLayer> stack = ch14_3::pretrain_greedy({16, 12, 6}, Act::relu, train, cfg, rng);
  REQUIRE(stack.size() == 2);
  // Every unit's pre-activation h_{l-1} W_l + b_l has mean 0 over the training set, in both layers.
  Tensor input = train.all();
  for (std::size_t l = 0; l < stack.size(); ++l) {
    const Tensor a = affine(Var(input), Var(stack[l].enc.W.value()), Var(stack[l].enc.b.value())).value();
    double worst = 0, scale = 0;
    for (int j = 0; j < a.cols(); ++j) {
      double m = 0;
      for (int i = 0; i < a.rows(); ++i) m += a(i, j) / a.rows(), scale = std::max(scale, double(std::fabs(a(i, j))));
      worst = std::max(worst, std::fabs(m));
    }
    CAPTURE(l + 1);
    CHECK_MESSAGE(worst < 1e-4 * (1 + scale), "layer " << l + 1 << ": a unit's mean pre-activation is " << worst);
    input = activate(a, stack[l].code_act);
  }
}
