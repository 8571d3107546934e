// Deep Learning, section 14.2: regularized autoencoders.
//
// An autoencoder whose code is as large as its input (or larger) can learn to copy. Regularized autoencoders
// add a second goal that copying does not meet, and keep the code size free:
//   14.2.1 sparse:       L(x, g(f(x))) + Omega(h),  Omega = lambda sum_i |h_i| (a Laplace prior on h, read as MAP),
//                        or beta sum_j KL(rho || rho_hat_j), or a hard top-k code
//   14.2.2 denoising:    L(x, g(f(x_tilde))),       x_tilde ~ C(x_tilde | x): Gaussian, masking, salt-and-pepper
//   14.2.3 contractive:  L(x, g(f(x))) + lambda sum_i ||grad_x h_i||^2, exact for a sigmoid encoder
//   and weight decay read as a prior: MAP with p(W) = N(0, sigma_w^2 I) is decay with lambda = sigma_D^2 / sigma_w^2
// L(x, r) = ||x - r||^2, summed over pixels and averaged over the batch. Every model has one code layer of H
// units: h = f(x) = act(x W_e + b_e), r = g(h) = sigmoid(h W_d + b_d).
// Shapes: X (N, D) images, D = 784; h (N, H); W_e (D, H), W_d (H, D).
// Run:    ch14_2_regularized --variant all --quick      (--variant sparse|denoising|contractive for one of them)
// Writes: OUT/14_2_sparse_*, 14_2_denoising, 14_2_contractive_spectrum (.png + .gp + .dat) and the metrics printed
//         at the end.
#include <iostream>
#include <string>

#include "autodiff/losses.hpp"
#include "data/datasets.hpp"
#include "models.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "map_prior.hpp"
#include "util/metrics.hpp"
#include "variants.hpp"

using namespace ae;
using namespace ch14_2;

int main(int argc, char** argv) {
  return run_program("ch14_2_regularized", [&] {
    Cli cli("ch14_2_regularized", "Section 14.2: sparse, denoising and contractive autoencoders.");
    std::string variant = "all", dataset = "mnist";
    int hidden = 256, train_size = 0, test_size = 0, batch = 32;
    float lr = 5e-3f, weight_decay = 0.f;
    SparseSettings sparse;
    DenoisingSettings denoising;
    float contractive_lambda = 0.3f;
    cli.add_choice("--variant", variant, {"sparse", "denoising", "contractive", "map", "all"}, "which regularizer");
    cli.add_choice("--dataset", dataset, {"mnist", "fashion"}, "image set");
    cli.add("--hidden", hidden, "code size H", 1, 4096);
    cli.add("--train-size", train_size, "training images (0: 4000 with --quick, all otherwise)", 0);
    cli.add("--test-size", test_size, "test images (0: 1000 with --quick, all otherwise)", 0);
    cli.add("--batch", batch, "minibatch size", 1, 65536);
    cli.add("--lr", lr, "Adam's initial learning rate (cosine-decayed)", 1e-6, 1);
    cli.add("--weight-decay", weight_decay, "L2 weight decay of every model", 0, 1);
    cli.add("--lambda", sparse.lambda, "weight of the L1 penalty (the Laplace prior's lambda)", 1e-6, 1e3);
    cli.add("--nu", sparse.nu, "degrees of freedom of the Student-t prior", 1e-3, 1e6);
    cli.add("--rho", sparse.rho, "target mean activation of the KL penalty", 1e-3, 0.999);
    cli.add("--beta", sparse.beta, "weight of the KL penalty", 0, 1e4);
    cli.add("--top-k", sparse.top_k, "active units per example in the k-sparse autoencoder", 1, 4096);
    cli.add("--sigma", denoising.sigma, "Gaussian corruption: standard deviation", 0, 10);
    cli.add("--mask-p", denoising.mask_p, "masking corruption: probability a pixel is zeroed", 0, 1);
    cli.add("--salt-pepper-p", denoising.salt_pepper_p, "salt-and-pepper corruption: probability", 0, 1);
    cli.add("--contractive-lambda", contractive_lambda, "weight of the contractive penalty", 0, 1e4);
    const CommonOptions& opt = cli.parse(argc, argv);
    if (sparse.top_k > hidden) throw UsageError("--top-k must be at most --hidden");
    Rng rng(opt.seed);
    Metrics m;

    // The data: images as rows in [0, 1].
    const ImageData data = load_images(dataset, opt);
    Context ctx;
    // --slides: the quick sizes, trained twice as long (the filters show clearer strokes).
    ctx.X = data.train.head(train_size ? train_size : opt.pick(4000, 4000, data.train.n)).all();
    ctx.X_test = data.test.head(test_size ? test_size : opt.pick(1000, 1000, data.test.n)).all();
    ctx.img_h = data.train.h;
    ctx.img_w = data.train.w;
    ctx.hidden = hidden;
    ctx.epochs = opt.epochs_or(4, 8, 20);
    ctx.batch = batch;
    ctx.lr = lr;
    ctx.weight_decay = weight_decay;
    ctx.quick = opt.preset() != ae::Preset::full;
    ctx.out = {opt.out, opt.format};
    const bool all = variant == "all";
    std::cout << "train " << ctx.X.rows() << " images, test " << ctx.X_test.rows() << ", H = " << hidden << ", "
              << ctx.epochs << " epochs per model\n";

    // The baseline every regularizer is measured against: the same ReLU autoencoder with nothing added.
    Autoencoder plain = make_autoencoder(ctx.X.cols(), hidden, Act::relu, rng);
    if (all || variant == "sparse" || variant == "denoising") {
      fit(plain, ctx, "plain AE", rng, [&](const Var& x, Rng&) { return squared_error(plain.reconstruct(x), x); });
      m.set("plain_sqerr", sqerr_per_image(plain.reconstruct(ctx.X_test), ctx.X_test),
            "unregularized AE: squared error per test image");
    }

    // 14.2.1 Sparse autoencoders: a penalty on the code, and what prior it stands for.
    if (all || variant == "sparse") run_sparse(ctx, sparse, plain, rng, m);

    // 14.2.2 Denoising autoencoders: reconstruct x from a corrupted x_tilde.
    if (all || variant == "denoising") run_denoising(ctx, denoising, plain, rng, m);

    // 14.2.3 Penalizing derivatives: a code that changes little when x changes little.
    if (all || variant == "contractive") run_contractive(ctx, contractive_lambda, rng, m);

    // Weight decay is MAP with a Gaussian prior on the weights: the same minimizer, lambda = sigma_D^2 / sigma_w^2.
    if (all || variant == "map") run_map_prior(ctx, {.steps = opt.pick(400, 1000, 3000)}, rng, m);

    m.report(opt.metrics);
    return 0;
  });
}
