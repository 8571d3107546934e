// Deep Learning, section 14.3: representational power, layer size and depth.
//
// An encoder with one hidden layer can already approximate any map from x to h, but depth can cost exponentially
// fewer units for some functions, and deep autoencoders compress better than shallow ones (Hinton and
// Salakhutdinov 2006). Training them used to rely on greedy layer-wise pretraining: a stack of shallow
// autoencoders, each trained on the codes of the one below, unrolled and fine-tuned end to end. The program shows:
//   1. Depth at a fixed parameter count: autoencoders with 1 .. --max-depth hidden layers in the encoder (and the
//      mirrored decoder), all with the same number of parameters and the same training budget, minimizing
//      ||g(f(x)) - x||^2 (summed over the D pixels, averaged over the batch).
//   2. Greedy layer-wise pretraining of the --deep network, unrolled and fine-tuned, against the same network from
//      a random initialization with the same fine-tuning budget (whichever wins is reported as it is).
//   3. The pretrained encoder as the lower layers of a classifier trained on only --labels labelled images: a
//      softmax layer on the frozen code, then everything fine-tuned, against softmax regression on raw pixels.
// Shapes: x (N, D), D = 784; hidden layers (N, w_i); code h (N, c); encoder weights W_i (w_{i-1}, w_i).
// Run:    ch14_3_depth --quick          (under a minute)     or without --quick for the full run
// Writes: OUT/14_3_depth, 14_3_pretraining, 14_3_filters (.png + .gp + .dat) and the metrics printed at the end.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "classifier.hpp"
#include "data/datasets.hpp"
#include "depth.hpp"
#include "image/image.hpp"
#include "plot/plot.hpp"
#include "pretrain.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/metrics.hpp"

using namespace ae;
using namespace ae::ch14_3;

namespace {

std::string sizes_text(const std::vector<int>& s) {
  std::string t;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i) t += '-';
    t += std::to_string(s[i]);
  }
  return t;
}

/// The first `count` filters of a first layer W (D, w), one per row, each mapped to gray around 0.
Tensor first_layer_filters(const Linear& layer, int count) {
  const Tensor& W = layer.W.value();
  count = std::min(count, W.cols());
  Tensor f(count, W.rows());
  for (int j = 0; j < count; ++j) {
    Tensor col(1, W.rows());
    for (int i = 0; i < W.rows(); ++i) col[i] = W(i, j);
    const Tensor g = signed_to_gray(col);
    std::copy(g.begin(), g.end(), f.row(j));
  }
  return f;
}

/// The encoder without its code layer, ending in `act`: the features a softmax layer replaces the code with.
Mlp hidden_layers(Mlp encoder, Act act) {
  encoder.layers.pop_back();
  encoder.output = act;
  return encoder;
}

}  // namespace

int main(int argc, char** argv) {
  return run_program("ch14_3_depth", [&] {
    Cli cli("ch14_3_depth", "Section 14.3: depth at a fixed parameter count; greedy layer-wise pretraining.");
    std::string dataset = "mnist", act_name = "relu";
    int code = 4, shallow_hidden = 256, max_depth = 4, deep = 3, batch = 64, labels = 1000, train_images = 0;
    int test_images = 0, pretrain_epochs = 0, classifier_epochs = 0, val_labels = 200, pretrain_center = 1;
    float lr = 1e-3f, pretrain_noise = 0.f, pretrain_lr = 0.f;
    cli.add_choice("--dataset", dataset, {"mnist", "fashion"}, "image set");
    cli.add_choice("--act", act_name, {"sigmoid", "tanh", "relu", "softplus"}, "hidden activation");
    cli.add("--code", code, "code size c", 1, 784);
    cli.add("--shallow-hidden", shallow_hidden, "hidden width of the depth-1 network (sets the parameter budget)", 1,
            8192);
    cli.add("--max-depth", max_depth, "deepest encoder compared (hidden layers before the code)", 1, 8);
    cli.add("--deep", deep, "depth of the deep network (compared with depth 1, and pretrained)", 2, 8);
    cli.add("--batch", batch, "minibatch size", 1, 65536);
    cli.add("--lr", lr, "Adam learning rate", 1e-7, 1.0);
    cli.add("--pretrain-epochs", pretrain_epochs, "epochs per pretrained layer (0: 20, or 3 with --quick)", 0, 100000);
    cli.add("--pretrain-lr", pretrain_lr, "Adam learning rate of the greedy pretraining (0: --lr)", 0.0, 1.0);
    cli.add("--pretrain-center", pretrain_center, "1: start each pretrained layer's bias at -mean(input) W", 0, 1);
    cli.add("--pretrain-noise", pretrain_noise, "masking noise of the pretraining (0: plain autoencoders)", 0.0, 0.99);
    cli.add("--labels", labels, "labelled training images for the classifiers", 10);
    cli.add("--classifier-epochs", classifier_epochs, "epochs of each classifier (0: 100, or 40 with --quick)", 0,
            100000);
    cli.add("--val-labels", val_labels, "labelled images held out to pick epochs and weight decay", 1);
    cli.add("--train-images", train_images, "training images (0: all, or 2000 with --quick)", 0);
    cli.add("--test-images", test_images, "test images (0: all, or 1000 with --quick)", 0);
    const CommonOptions& opt = cli.parse(argc, argv);
    if (val_labels >= labels)
      throw UsageError("--val-labels " + std::to_string(val_labels) + " leaves no labels to fit with --labels " +
                       std::to_string(labels));
    if (deep > max_depth)
      throw UsageError("--deep " + std::to_string(deep) + " exceeds --max-depth " + std::to_string(max_depth));
    const Act act = parse_act(act_name);
    // --slides: the quick sizes (the figures are already fit for a slide at that size).
    const int epochs = opt.epochs_or(10, 10, 50);
    if (!pretrain_epochs) pretrain_epochs = opt.pick(3, 3, 20);
    if (!classifier_epochs) classifier_epochs = opt.pick(40, 40, 100);
    Rng rng(opt.seed);
    plot::Output out{opt.out, opt.format};
    Metrics m;

    const ImageData data = load_images(dataset, opt);
    const ImageSet train_set = data.train.head(train_images ? train_images : opt.pick(2000, 2000, data.train.n));
    const ImageSet test_set = data.test.head(test_images ? test_images : opt.pick(1000, 1000, data.test.n));
    const int D = train_set.dim();
    std::cout << "train " << train_set.n << " images, test " << test_set.n << ", D = " << D << ", code " << code
              << "\n";

    // 1. Depth at a fixed parameter count: the depth-1 network D-w-c-w-D sets the budget; every deeper one gets
    //    the same number of parameters, arranged in more, narrower layers, and the same training budget.
    const std::size_t budget = autoencoder_params({D, shallow_hidden, code});
    const AeTraining ae_cfg{.epochs = epochs, .batch = batch, .lr = lr};
    std::vector<double> depth_axis, depth_sqerr, depth_train_sqerr;
    const ImageSet train_probe = train_set.head(test_set.n);  // training error on as many images as the test set
    std::vector<double> random_curve;  // the --deep network's test error per epoch, for section 2
    Autoencoder random_deep;
    double max_param_gap = 0;
    std::vector<int> deep_sizes;
    for (int depth = 1; depth <= max_depth; ++depth) {
      const std::vector<int> sizes = sizes_for_budget(D, depth, code, budget);
      const std::size_t n_params = autoencoder_params(sizes);
      max_param_gap = std::max(max_param_gap, std::fabs(static_cast<double>(n_params) - budget) / budget);
      std::cout << "depth " << depth << ": encoder " << sizes_text(sizes) << ", " << n_params << " parameters\n";
      Autoencoder net = make_autoencoder(sizes, act, rng);
      AeTraining c = ae_cfg;
      c.label = "depth " + std::to_string(depth) + " (" + sizes_text(sizes) + ")";
      const std::vector<double> curve = train_autoencoder(net, train_set, test_set, c, rng);
      depth_axis.push_back(depth);
      depth_sqerr.push_back(curve.back());
      depth_train_sqerr.push_back(test_sqerr(net, train_probe));
      m.set("depth_" + std::to_string(depth) + "_sqerr", curve.back(),
            "test ||r - x||^2 per image, encoder " + sizes_text(sizes));
      m.set("depth_" + std::to_string(depth) + "_train_sqerr", depth_train_sqerr.back(), "the same on training images");
      if (depth == deep) random_curve = curve, random_deep = net, deep_sizes = sizes;
    }
    m.set("depth_param_count_max_rel_diff", max_param_gap, "largest |params - budget| / budget over the depths");
    m.set("deep_to_shallow_sqerr_ratio", depth_sqerr[deep - 1] / depth_sqerr[0],
          "test error of depth --deep / depth 1, same parameter count and budget");
    plot::lines(out, {.name = "14_3_depth", .title = "Test error at a fixed parameter count (" +
                      std::to_string(budget / 1000) + "k), " + std::to_string(epochs) + " epochs each",
                      .xlabel = "hidden layers in the encoder", .ylabel = "‖r − x‖² per image",
                      .caption = "Test error against encoder depth at a fixed parameter count", .xtics = 1},
                {{.label = "test", .x = depth_axis, .y = depth_sqerr, .style = "linespoints"},
                 {.label = "train", .x = depth_axis, .y = depth_train_sqerr, .style = "linespoints", .dashed = true}});

    // 2. Greedy layer-wise pretraining of the --deep network, unrolled, then fine-tuned end to end with the same
    //    budget the randomly initialized network just had.
    const PretrainConfig pre_cfg{.epochs = pretrain_epochs, .batch = batch, .lr = pretrain_lr > 0 ? pretrain_lr : lr,
                                 .noise = pretrain_noise, .center = pretrain_center != 0};
    const std::vector<StackLayer> stack = pretrain_greedy(deep_sizes, act, train_set, pre_cfg, rng);
    Autoencoder pretrained = unroll(stack, act);
    AeTraining fine_cfg = ae_cfg;
    fine_cfg.label = "fine-tuning the unrolled stack";
    const std::vector<double> pretrained_curve = train_autoencoder(pretrained, train_set, test_set, fine_cfg, rng);
    m.set("unrolled_stack_sqerr", pretrained_curve.front(), "test error of the unrolled stack before fine-tuning");
    m.set("pretrained_sqerr", pretrained_curve.back(), "test error after fine-tuning");
    m.set("pretrained_to_random_sqerr_ratio", pretrained_curve.back() / random_curve.back(),
          "pretrained + fine-tuned / random init, same network and budget (< 1: pretraining wins)");
    {
      std::vector<double> x;
      for (std::size_t e = 0; e < random_curve.size(); ++e) x.push_back(static_cast<double>(e));
      // A linear axis from just below the best error to a few times the final one: the first epochs drop off it.
      const double lo = std::min(*std::min_element(pretrained_curve.begin(), pretrained_curve.end()),
                                 *std::min_element(random_curve.begin(), random_curve.end()));
      const double hi = 2 * std::max(pretrained_curve.back(), random_curve.back());
      plot::lines(out, {.name = "14_3_pretraining", .title = sizes_text(deep_sizes) + ": pretrained vs random init",
                        .xlabel = "fine-tuning epoch", .ylabel = "test ‖r − x‖² per image",
                        .yrange = plot::Range{0.9 * lo, hi}},
                  {{.label = "greedy pretraining + fine-tuning", .x = x, .y = pretrained_curve},
                   {.label = "random initialization", .x = x, .y = random_curve}});
    }

    // 3. The stacked autoencoder as a classifier with few labels: a softmax layer replaces the code layer on top
    //    of the pretrained hidden layers; trained first with them frozen, then with everything fine-tuned. Against
    //    softmax regression on the raw pixels and the same network trained from random weights, all on the same
    //    labelled images. The last --val-labels of them are held out for model selection (the epoch kept by early
    //    stopping, the learning rate and the weight decay, picked from the same grid for every classifier); the
    //    test set is only used for the final numbers.
    const ImageSet labelled = train_set.head(labels);
    const ImageSet fit = labelled.slice(0, labelled.n - val_labels), val = labelled.slice(fit.n, labelled.n);
    const int features = deep_sizes[deep_sizes.size() - 2];
    const std::vector<float> lr_grid = {3 * lr, lr, lr / 3}, wd_grid = {1e-4f, 1e-3f, 1e-2f};
    ClassifierTraining cls_cfg{.epochs = classifier_epochs, .batch = batch, .lr = lr};
    Classifier raw(Mlp(), D, 10, rng);
    cls_cfg.label = "softmax regression on pixels";
    const FitReport raw_fit = select_and_train(raw, fit, val, lr_grid, wd_grid, cls_cfg, rng);
    m.set("raw_pixels_accuracy", accuracy(raw, test_set), "softmax regression on raw pixels, test accuracy");

    Classifier stacked(hidden_layers(stacked_encoder(stack, act), act), features, 10, rng);
    cls_cfg.train_encoder = false;
    cls_cfg.label = "softmax on frozen pretrained layers";
    const FitReport frozen_fit = select_and_train(stacked, fit, val, lr_grid, wd_grid, cls_cfg, rng);
    m.set("frozen_features_accuracy", accuracy(stacked, test_set), "softmax layer on the frozen pretrained layers");
    cls_cfg.train_encoder = true;
    cls_cfg.label = "fine-tuning encoder + softmax";
    const FitReport fine_fit = select_and_train(stacked, fit, val, lr_grid, wd_grid, cls_cfg, rng);
    m.set("finetuned_accuracy", accuracy(stacked, test_set), "pretrained layers + softmax, all fine-tuned");

    Classifier scratch(hidden_layers(make_autoencoder(deep_sizes, act, rng).encoder, act), features, 10, rng);
    cls_cfg.label = "same network from random init";
    const FitReport scratch_fit = select_and_train(scratch, fit, val, lr_grid, wd_grid, cls_cfg, rng);
    m.set("random_init_accuracy", accuracy(scratch, test_set), "the same network trained on the labels alone");
    m.set("labelled_images", labelled.n, "labelled training images used by the classifiers");
    for (const auto& [name, r] : {std::pair{"raw_pixels", raw_fit}, {"frozen_features", frozen_fit},
                                  {"finetuned", fine_fit}, {"random_init", scratch_fit}}) {
      m.set(std::string(name) + "_val_accuracy", r.val_accuracy, "accuracy on the held-out labelled images");
      m.set(std::string(name) + "_weight_decay", r.weight_decay, "weight decay picked on the held-out labels");
      m.set(std::string(name) + "_lr", r.lr, "learning rate picked on the held-out labels");
      m.set(std::string(name) + "_best_epoch", r.best_epoch, "epoch kept by early stopping");
    }

    // First-layer filters after each stage, the same hidden units in the first three rows (the AE and the
    // classifier were both fine-tuned from the pretrained stack).
    {
      const int n = 12;
      const Linear* stages[] = {&stack[0].enc, &pretrained.encoder.layers[0], &stacked.encoder.layers[0],
                                &random_deep.encoder.layers[0]};
      Tensor grid(4 * n, D);
      for (int s = 0; s < 4; ++s) {
        const Tensor f = first_layer_filters(*stages[s], n);
        std::copy(f.begin(), f.end(), grid.row(s * n));
      }
      plot::image_grid(out, {.name = "14_3_filters", .title = "First-layer filters (columns of W₁), gray = 0",
                             .width = 1000, .height = 460},
                       grid, train_set.h, train_set.w, n,
                       {"greedy pretraining", "→ AE fine-tuned", "→ classifier fine-tuned",
                        "from random init"});
    }

    m.report(opt.metrics);
    return 0;
  });
}
