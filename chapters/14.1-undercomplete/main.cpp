// Deep Learning, section 14.1: undercomplete autoencoders.
//
// An autoencoder with code h = f(x) of dimension k < D and reconstruction r = g(h) is trained to minimize the
// reconstruction error L(x, g(f(x))) = ||x - g(f(x))||^2 (summed over the D pixels, averaged over the batch).
// With a linear decoder and this squared error it learns the same subspace as PCA: the best rank-k affine
// reconstruction is the projection onto the top-k principal subspace (Eckart-Young), so PCA's error is the
// floor for every linear autoencoder, and a nonlinear f and g can go below it. The program shows, in order:
//   1. PCA from our own symmetric eigensolver: W (D, k) = top-k eigenvectors of the covariance, r = mu + (x-mu) W W^T.
//   2. A linear autoencoder h = x W_e + b_e, r = h W_d + b_d trained by minibatch gradient descent (Adam):
//      the principal angles between span(W_d^T) and span(W) go to 0, and its error goes to PCA's.
//   3. The same linear autoencoder trained by recirculation (Hinton and McClelland 1988), without backprop.
//   4. A nonlinear undercomplete autoencoder with the same k (D -> H -> k -> H -> D) beating PCA.
//   5. An overcomplete linear autoencoder (k >= D) on low-dimensional data: it learns W_e W_d = I, copying
//      anything, even noise, and so extracts nothing.
//   6. The opposite failure: a deep autoencoder with a one-dimensional code memorizes a small training set, each
//      image an index on the code axis (memorize.hpp).
// Shapes: X (N, D) images, one per row, D = 784; codes (N, k); W_e (D, k), W_d (k, D).
// Run:    ch14_1_undercomplete --quick        (about half a minute)   or without --quick for the full run
// Writes: OUT/14_1_principal_angles, 14_1_reconstructions, 14_1_loss, 14_1_overcomplete_map,
//         14_1_overcomplete_encoder (.png + .gp + .dat) and the metrics printed at the end.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "autodiff/losses.hpp"
#include "data/datasets.hpp"
#include "diagram.hpp"
#include "experiment.hpp"
#include "linalg/pca.hpp"
#include "linalg/subspace.hpp"
#include "memorize.hpp"
#include "nn/layers.hpp"
#include "nn/optim.hpp"
#include "nn/train.hpp"
#include "plot/plot.hpp"
#include "recirculation.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/metrics.hpp"

using namespace ae;
using namespace ch14_1;

namespace {

// Cosine decay of the learning rate over `epochs` epochs, to 2% of lr0: small steps at the end average out the
// minibatch noise, which is what lets the slowest directions (between eigenvalues k and k+1) settle.
float cosine_lr(float lr0, int epoch_done, int epochs) {
  const float t = static_cast<float>(epoch_done) / static_cast<float>(epochs);
  return lr0 * (0.02f + 0.98f * 0.5f * (1.f + std::cos(3.14159265f * t)));
}

// Epochs to train: --epochs if given, else the quick or full default, raised if needed so that a small training
// set (the committed 2,000-image sample) still gets at least `min_steps` minibatch steps.
int epochs_for(const CommonOptions& opt, int quick_epochs, int full_epochs, int n, int batch, int min_steps) {
  if (opt.epochs > 0) return opt.epochs;
  const int steps_per_epoch = std::max(1, (n + batch - 1) / batch);
  return std::max(opt.quick ? quick_epochs : full_epochs, (min_steps + steps_per_epoch - 1) / steps_per_epoch);
}

std::vector<double> range_1_to(int n) {
  std::vector<double> v;
  for (int i = 1; i <= n; ++i) v.push_back(i);
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  return run_program("ch14_1_undercomplete", [&] {
    Cli cli("ch14_1_undercomplete", "Section 14.1: undercomplete autoencoders, PCA and recirculation.");
    std::string dataset = "mnist";
    int k = 16, train_size = 0, test_size = 0, hidden = 256;
    cli.add_choice("--dataset", dataset, {"fashion", "mnist"}, "image set");
    cli.add("--k", k, "code size k (and number of principal components)", 1, 784);
    cli.add("--train-size", train_size, "training images (0: at most 8000 with --quick, all otherwise)", 0);
    cli.add("--test-size", test_size, "test images (0: at most 2000 with --quick, all otherwise)", 0);
    cli.add("--hidden", hidden, "hidden width of the nonlinear autoencoder", 1, 8192);
    const CommonOptions& opt = cli.parse(argc, argv);
    Rng rng(opt.seed);
    plot::Output out{opt.out, opt.format};
    Metrics m;
    plot_fig14_1(out);  // figure 14.1: the structure every autoencoder of this chapter shares

    // The data: images as rows of X (N, D) in [0, 1].
    const ImageData data = load_images(dataset, opt);
    const ImageSet train_set = data.train.head(train_size ? train_size : (opt.quick ? 8000 : data.train.n));
    const ImageSet test_set = data.test.head(test_size ? test_size : (opt.quick ? 2000 : data.test.n));
    const Tensor X = train_set.all(), X_test = test_set.all();
    const int D = X.cols();
    if (k >= D) throw UsageError("--k must be smaller than the input dimension " + std::to_string(D));
    const int epochs_linear = epochs_for(opt, 6, 30, X.rows(), 32, opt.quick ? 2500 : 7500);
    const int epochs_nonlinear = epochs_for(opt, 5, 50, X.rows(), 64, opt.quick ? 625 : 6250);
    std::cout << "train " << X.rows() << " images, test " << X_test.rows() << ", D = " << D << ", k = " << k << "; "
              << epochs_linear << " epochs (linear), " << epochs_nonlinear << " (nonlinear)\n";

    // 1. PCA: the optimal linear encoder-decoder pair with k code units (Eckart-Young).
    // One component more than k, for the eigengap lambda_k - lambda_{k+1}: the smaller it is, the flatter the error
    // along the direction that mixes components k and k+1, and the slower gradient descent finds the subspace.
    const Pca pca_k1 = pca_fit(X, k + 1);
    Pca pca = pca_k1;
    pca.components = pca_k1.components.cols_slice(0, k);
    pca.variances.resize(static_cast<std::size_t>(k));
    const Tensor R_pca = pca_reconstruct(pca, X_test);
    const double pca_sqerr = sqerr_per_image(R_pca, X_test);
    const double pca_train_sqerr = sqerr_per_image(pca_reconstruct(pca, X), X);
    m.set("pca_sqerr", pca_sqerr, "PCA squared error per test image (summed over pixels)");
    m.set("pca_explained_variance", pca.explained_variance_ratio(), "fraction of the training variance kept");
    double discarded = pca.total_variance;  // sum of the eigenvalues after the k-th
    for (double v : pca.variances) discarded -= v;
    m.set("pca_train_sqerr", pca_train_sqerr, "PCA squared error per training image");
    m.set("pca_discarded_variance", discarded * (X.rows() - 1) / X.rows(),
          "(N-1)/N sum_{i>k} lambda_i: equals pca_train_sqerr (exercise 3)");
    m.set("pca_relative_eigengap", (pca_k1.variances[k - 1] - pca_k1.variances[k]) / pca_k1.variances[0],
          "(lambda_k - lambda_k+1) / lambda_1: how well the subspace is determined");

    // 2. A linear autoencoder trained by gradient descent on the squared error. Its decoder's column space
    //    should turn into the principal subspace: we follow all k principal angles after every epoch. Like
    //    PCA it sees centered images x - mu (its biases could learn mu, but that slows the descent: exercise 2).
    const Tensor X_c = shift_rows(X, pca.mean, -1.f), X_test_c = shift_rows(X_test, pca.mean, -1.f);
    Autoencoder linear({D, k}, Act::identity, Act::identity, Act::identity, rng);
    std::vector<std::vector<double>> angles;  // [epoch][i], ascending
    std::vector<double> linear_loss;
    {
      Adam adam(linear.params(), 2e-3f);
      const float lr0 = adam.lr;
      auto loss = [&](const std::vector<int>& idx, Rng&) {
        Var x(gather_rows(X_c, idx));
        return squared_error(linear.reconstruct(x), x);  // ||r - x||^2 summed over pixels, mean over the batch
      };
      auto on_epoch = [&](int e, double) {
        adam.lr = cosine_lr(lr0, e + 1, epochs_linear);
        angles.push_back(principal_angles_deg(decoder_basis(linear), pca.components));
      };
      linear_loss = train(train_config(epochs_linear, 32, "linear AE (backprop)"), X.rows(),
                          linear.named_params(), adam, rng, loss, on_epoch).epoch_loss;
    }
    const Tensor R_linear = shift_rows(linear.reconstruct(X_test_c), pca.mean, 1.f);
    m.set("linear_ae_sqerr_ratio_to_pca", sqerr_per_image(R_linear, X_test) / pca_sqerr,
          "linear AE test error / PCA's (>= 1 up to sampling: PCA is optimal)");
    m.set("linear_ae_max_principal_angle_deg", angles.back().back(),
          "largest principal angle between span(W_d^T) and the PCA subspace");

    // 3. Recirculation: the same linear autoencoder, trained by comparing the activities on the input and on
    //    its reconstruction instead of backpropagating. The shared loop applies the update through SGD.
    RecirculationAe recirc(D, k, Act::identity, Act::identity, 0.75f, rng);
    std::vector<double> recirc_angle, recirc_loss;
    {
      Sgd sgd(vars_of(recirc.named_params()), 0.02f, 0.9f);
      const float lr0 = sgd.lr;
      auto update = [&](const std::vector<int>& idx, Rng&) {
        return Var(Tensor(1, 1, recirc.compute_update(gather_rows(X_c, idx))));  // a value only: no graph
      };
      auto on_epoch = [&](int e, double) {
        sgd.lr = cosine_lr(lr0, e + 1, epochs_linear);
        recirc_angle.push_back(max_principal_angle_deg(transpose(recirc.dec.W.value()), pca.components));
      };
      recirc_loss = train(train_config(epochs_linear, 32, "linear AE (recirculation)"), X.rows(),
                          recirc.named_params(), sgd, rng, update, on_epoch).epoch_loss;
    }
    const Tensor R_recirc = shift_rows(recirc.reconstruct(X_test_c), pca.mean, 1.f);
    m.set("recirculation_sqerr_ratio_to_pca", sqerr_per_image(R_recirc, X_test) / pca_sqerr,
          "recirculation-trained linear AE test error / PCA's");
    m.set("recirculation_max_principal_angle_deg", recirc_angle.back(),
          "largest principal angle, recirculation decoder vs PCA");

    // 4. A nonlinear undercomplete autoencoder with the same code size: D -> H -> k -> H -> D, ReLU hidden
    //    layers, linear code, sigmoid output. Not limited to a subspace, it goes below PCA's error.
    Autoencoder nonlinear({D, hidden, k}, Act::relu, Act::identity, Act::sigmoid, rng);
    std::vector<double> nonlinear_loss;
    {
      Adam adam(nonlinear.params(), 2e-3f);
      const float lr0 = adam.lr;
      auto loss = [&](const std::vector<int>& idx, Rng&) {
        Var x(gather_rows(X, idx));
        return squared_error(nonlinear.reconstruct(x), x);
      };
      auto on_epoch = [&](int e, double) { adam.lr = cosine_lr(lr0, e + 1, epochs_nonlinear); };
      nonlinear_loss = train(train_config(epochs_nonlinear, 64, "nonlinear AE"), X.rows(),
                             nonlinear.named_params(), adam, rng, loss, on_epoch).epoch_loss;
    }
    const Tensor R_nonlinear = nonlinear.reconstruct(X_test);
    m.set("nonlinear_ae_sqerr_ratio_to_pca", sqerr_per_image(R_nonlinear, X_test) / pca_sqerr,
          "nonlinear AE (same k) test error / PCA's");

    // 5. Overcomplete: k >= D on low-dimensional data. Nothing stops the linear autoencoder from learning the
    //    identity, W_e W_d = I, which reconstructs everything perfectly, noise included: it has learned nothing
    //    about the data. PCA with D/2 components, by contrast, cannot reconstruct noise.
    const int D_low = 8, k_over = 16;
    const Tensor X_low = low_dimensional_gaussian(4000, D_low, rng);
    const OvercompleteResult over = train_overcomplete(X_low, k_over, opt.epochs_or(20, 40), rng);
    m.set("overcomplete_map_max_abs_err", over.map_max_abs_err, "max |W_e W_d - I| of the k = 16 > D = 8 linear AE");
    m.set("overcomplete_noise_sqerr_ratio", over.noise_sqerr_ratio, "its ||r - x||^2 / ||x||^2 on pure noise inputs");
    {
      const Tensor noise = rng.normal_tensor(1000, D_low, 0.f, 3.f);
      const Pca half = pca_fit(X_low, D_low / 2);
      m.set("undercomplete_noise_sqerr_ratio", sqerr_per_image(pca_reconstruct(half, noise), noise) /
                                                   (sq_norm(noise) / noise.rows()),
            "the same for PCA with D/2 = 4 components");
    }

    // 6. Too much capacity: a deep encoder and decoder with a 1-D code on a few training images index them on the
    //    code axis. The training error goes far below PCA's with one component, test images come back as
    //    training images, and g swept along h steps through the training set.
    const int n_memo = 32;
    MemorizeConfig memo_cfg;
    memo_cfg.steps = opt.pick(4000, 8000, 12000);
    Rng memo_rng(opt.seed + 41);  // its own stream: the result does not hang on what ran before
    const MemorizeResult memo = memorize_with_1d_code(X.rows_slice(0, std::min(n_memo, X.rows())),
                                                      X_test.rows_slice(0, std::min(n_memo, X_test.rows())),
                                                      memo_cfg, memo_rng);
    m.set("memorize_train_sqerr_ratio_to_pca1", memo.train_sqerr / memo.pca1_train_sqerr,
          "1-D code deep AE training error / PCA with one component's, on " + std::to_string(n_memo) + " images");
    m.set("memorize_test_nearest_train_fraction", memo.test_nearest_train_fraction,
          "share of its test reconstructions closer to a training image than to their input");
    m.set("memorize_sweep_on_train_fraction", memo.sweep_on_train_fraction,
          "share of g(h) along the code axis that lands on a training image");

    // Figures.
    {
      std::vector<plot::Series> s;
      const std::vector<double> ep = range_1_to(static_cast<int>(angles.size()));
      for (int i = 0; i < k; ++i) {
        plot::Series c{.label = i == 0 ? "θ₁ (smallest)" : (i == k - 1 ? "θ_k (largest)" : ""), .x = ep};
        for (const auto& a : angles) c.y.push_back(std::max(1e-3, a[static_cast<std::size_t>(i)]));
        c.color = i == 0 ? 0 : (i == k - 1 ? 1 : 8);
        s.push_back(c);
      }
      plot::Series rc{.label = "largest angle, recirculation", .x = ep, .y = recirc_angle, .color = 2, .dashed = true};
      for (double& v : rc.y) v = std::max(1e-3, v);
      s.push_back(rc);
      plot::lines(out, {.name = "14_1_principal_angles", .title = "Linear AE decoder vs. PCA subspace (k = " +
                        std::to_string(k) + ")", .xlabel = "epoch", .ylabel = "principal angle (degrees)", .logy = true,
                        .legend = "bottom left"},
                  s);
    }
    {
      const int cols = std::min(10, X_test.rows());
      Tensor grid(5 * cols, D);
      const Tensor* rows[] = {&X_test, &R_pca, &R_linear, &R_recirc, &R_nonlinear};
      for (int r = 0; r < 5; ++r)
        for (int c = 0; c < cols; ++c)
          for (int j = 0; j < D; ++j) grid(r * cols + c, j) = std::clamp((*rows[r])(c, j), 0.f, 1.f);
      plot::image_grid(out, {.name = "14_1_reconstructions", .title = "Test images and reconstructions, k = " +
                             std::to_string(k), .width = 1000, .height = 560},
                       grid, test_set.h, test_set.w, cols,
                       {"test", "PCA", "linear AE", "recirculation", "nonlinear AE"});
    }
    {
      auto curve = [](const std::string& label, const std::vector<double>& y, int color, bool dashed = false) {
        return plot::Series{.label = label, .x = range_1_to(static_cast<int>(y.size())), .y = y, .color = color,
                            .dashed = dashed};
      };
      const int E = static_cast<int>(std::max(linear_loss.size(), nonlinear_loss.size()));
      plot::lines(out, {.name = "14_1_loss", .title = "Training loss", .xlabel = "epoch",
                        .ylabel = "squared error per image", .logy = true, .legend = "bottom left"},
                  {curve("linear AE, backprop", linear_loss, 0), curve("linear AE, recirculation", recirc_loss, 2),
                   curve("nonlinear AE", nonlinear_loss, 1),
                   curve("PCA (training set)", std::vector<double>(static_cast<std::size_t>(E), pca_train_sqerr), 7,
                         true)});
    }
    plot::heatmap(out, {.name = "14_1_overcomplete_map", .title = "Overcomplete linear AE: W_e W_d (D = 8, k = 16)",
                        .xlabel = "output unit", .ylabel = "input unit", .equal_axes = true, .zlabel = "weight"},
                  over.map, 1, D_low, 1, D_low);
    plot::heatmap(out, {.name = "14_1_overcomplete_encoder", .title = "Its encoder weights W_e (D = 8, k = 16)",
                        .xlabel = "code unit", .ylabel = "input unit", .zlabel = "weight"},
                  over.encoder_W, 1, k_over, 1, D_low);

    {
      Tensor sweep = memo.sweep_images;
      for (float& v : sweep) v = std::clamp(v, 0.f, 1.f);
      plot::image_grid(out, {.name = "14_1_memorize_sweep", .title = "A 1-D code memorizes: g(h) for h along the "
                             "code axis (" + std::to_string(n_memo) + " training images)", .width = 1000,
                             .caption = "The decoder of a deep autoencoder with a one-dimensional code, swept from "
                             "the smallest to the largest training code: it steps from one training image to the next"},
                       sweep, test_set.h, test_set.w, 10);
    }
    m.report(opt.metrics);
    return 0;
  });
}
