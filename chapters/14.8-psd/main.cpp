#include <chrono>
#include <iostream>
#include <numeric>
#include "data/datasets.hpp"
#include "psd.hpp"
#include "sparse_coding.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/metrics.hpp"

using namespace ch14_8;

int main(int argc, char** argv) {
  return ae::run_program("ch14_8_psd", [&] {
    ae::Cli cli("ch14_8_psd", "Section 14.8");
    int K = 128, ntrain = 3000, ntest = 200, steps = 10, sc_steps = 30, star_iters = 500;
    float lambda = 0.5f, gamma = 1.f, lr = 1e-3f;
    cli.add("--atoms", K, "");
    cli.add("--ntrain", ntrain, "");
    cli.add("--ntest", ntest, "");
    cli.add("--steps", steps, "");
    cli.add("--sc-steps", sc_steps, "");
    cli.add("--star-iters", star_iters, "");
    cli.add("--lambda", lambda, "");
    cli.add("--gamma", gamma, "");
    cli.add("--lr", lr, "");
    const auto& opt = cli.parse(argc, argv);
    auto data = ae::load_images("mnist", opt);
    ae::ImageSet train = data.train.head(ntrain);
    Tensor Xt = data.test.rows(0, ntest);
    ae::Metrics m;
    ae::Rng rng(opt.seed);
    PsdModel model(784, K, rng);
    PsdSpec s; s.lambda = lambda; s.gamma = gamma; s.inference_steps = steps; s.epochs = opt.epochs_or(5, 20); s.lr = lr; s.label = "psd";
    train_psd(model, train, s, rng);
    Dictionary dict(model.Wd.value());
    Problem sc{dict, Xt, lambda};
    Tensor Hstar = fista(sc, Tensor(ntest, K), star_iters);
    auto Fstar = objective(sc, Hstar);
    Tensor F = model.predict(Xt);
    m.set("psd_encoder_rel_err", sq_norm(F - Hstar) / sq_norm(Hstar));
    std::vector<double> c0, cf, ci;
    auto it0 = iterations_to_reach(sc, Tensor(ntest, K), Fstar, 0.01, 400, true, &c0);
    auto itf = iterations_to_reach(sc, F, Fstar, 0.01, 400, true, &cf);
    auto iti = iterations_to_reach(sc, Tensor(ntest, K), Fstar, 0.01, 400, false, &ci);
    auto mean = [](const std::vector<int>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / v.size(); };
    m.set("fista_iters_zero", mean(it0));
    m.set("fista_iters_f", mean(itf));
    m.set("ista_iters_zero", mean(iti));
    auto itif = iterations_to_reach(sc, F, Fstar, 0.01, 400, false);
    m.set("ista_iters_f", mean(itif));
    m.set("psd_warm_start_iter_ratio", mean(it0) / std::max(1.0, mean(itf)));
    long z = 0; for (float v : F) z += v == 0.f;
    m.set("psd_code_zero_fraction", double(z) / F.size());
    z = 0; for (float v : Hstar) z += v == 0.f;
    m.set("hstar_zero_fraction", double(z) / F.size());
    m.set("Fstar_mean", std::accumulate(Fstar.begin(), Fstar.end(), 0.0) / ntest);
    m.set("sqerr_star", sq_norm(Xt - matmul(Hstar, dict.Wd)) / ntest);
    m.set("sqerr_f", sq_norm(Xt - matmul(F, dict.Wd)) / ntest);
    m.set("gap_f", cf[0]);
    m.set("gap_star_check", c0.back());
    m.report(opt.metrics);
    return 0;
  });
}
