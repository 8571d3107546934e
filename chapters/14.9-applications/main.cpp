// Deep Learning, section 14.9: applications of autoencoders — dimensionality reduction and semantic hashing.
//
// Dimensionality reduction (--task reduce). The deep autoencoder of Hinton and Salakhutdinov (2006): an encoder
// f: 784-1000-500-250-c (tanh hidden layers by default, linear code h of c = 30 or 2 units) and its mirror
// g: c-250-500-1000-784 ending in a sigmoid. It minimizes the cross-entropy of the pixels,
//     L = -(1/N) sum_n sum_d [ x_nd log r_nd + (1 - x_nd) log(1 - r_nd) ],   r = g(f(x)),
// summed over pixels and averaged over the batch, with Adam, end to end from a random start (the paper needed
// RBM pretraining for its logistic units; centered inputs, tanh units and Adam do without). It is compared with
// PCA, the best *linear* code (section 14.1): h = W^T (x - mu), r = W h + mu, W (784, c) the top-c eigenvectors of
// the covariance. Both are scored as in the paper, by the average squared error per test image
// E = (1/N) sum_n ||r_n - x_n||^2 (pixels in [0, 1]), and with c = 2 by a k-nearest-neighbour vote in the code.
//
// Semantic hashing (--task hash). An autoencoder 784-500-500-b whose code is b sigmoid units (--bits, default 32).
// During training the code is h = sigmoid(a(x) + s(t) eps), eps ~ N(0, I), with s(t) raised from 0 to --noise: to
// get information through the noise the units must saturate, so that thresholding h at 1/2 loses little. The bits
// c(x) = [a(x) > 0] are a memory address: a hash table from code to images retrieves everything within Hamming
// distance r of a query by probing the sum_{d<=r} C(b, d) addresses with at most r bits flipped, a cost that does
// not grow with the number of images stored; the k nearest come from balls of growing radius (a ranked list by
// Hamming distance). Baselines: random-hyperplane LSH, c_j(x) = [w_j^T (x - mu) > 0] with w_j ~ N(0, I), in the
// same table, and the exact nearest neighbours in pixel space by a linear scan.
//
// Shapes: N images, D = 784 pixels, c code units, b bits (b <= 64, one integer per code).
// Run:    ch14_9_applications --quick                      (both tasks, Fashion-MNIST, 3,000 training images)
//         ch14_9_applications --task reduce [--resume]     (full: Fashion-MNIST 60,000 images and the MNIST subset)
//         ch14_9_applications --task hash --bits 32
// Writes: --out/14_9_*.png (+ .gp, .dat), a checkpoint per model in --out/checkpoints/ after every epoch, and the
//         metrics below. With --resume every checkpoint is checked before any work: a damaged or foreign one
//         stops the program with exit status 1 and a message naming the file.
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "deep_autoencoder.hpp"
#include "figures.hpp"
#include "hashing.hpp"
#include "linalg/pca.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/files.hpp"
#include "util/metrics.hpp"

namespace {

using ae::Tensor;
using namespace ch14_9;

/// Everything the flags decide.
struct Config {
  ae::CommonOptions opt;
  std::string task = "all", dataset = "auto", hidden = "tanh";
  int bits = 32, radius = 2;
  float noise = 8.f, lr = 1e-3f;
  int train_size = 0, test_size = 0, queries = 0, knn_k = 5, batch = 32;
  int code30_epochs = 0, code2_epochs = 0, hash_epochs = 0;
  bool resume = false;
  /// The flags that shape every training run, and those only hashing has (recorded in the checkpoints).
  std::vector<std::pair<std::string, std::string>> settings, hash_settings;
  /// The datasets --task reduce runs on.
  std::vector<std::string> reduce_datasets() const {
    if (dataset == "both" || (dataset == "auto" && opt.preset() == ae::Preset::full)) return {"fashion", "mnist"};
    return {dataset == "mnist" ? "mnist" : "fashion"};
  }
  /// The dataset --task hash runs on.
  std::string hash_dataset() const { return dataset == "mnist" ? "mnist" : "fashion"; }
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// The checkpoint of one training run, under --checkpoints so that --resume finds it again.
std::string checkpoint_path(const Config& cfg, const std::string& what) {
  return ae::path_join(cfg.opt.checkpoints,
                       "14_9_" + what + (cfg.opt.quick ? "_quick" : cfg.opt.slides ? "_slides" : "") + ".ckpt");
}

DeepAeConfig deep_ae_config(const Config& cfg, std::vector<int> sizes, const std::string& what, int epochs) {
  DeepAeConfig c;
  c.sizes = std::move(sizes);
  c.hidden = ae::parse_act(cfg.hidden);
  c.epochs = epochs;
  c.lr = cfg.lr;
  c.batch = cfg.batch;
  c.label = what;
  c.checkpoint = checkpoint_path(cfg, what);
  c.resume = cfg.resume;
  c.settings = cfg.settings;
  return c;
}

/// The deep autoencoder 784-1000-500-250-`code` of Hinton and Salakhutdinov, for dataset `name`.
DeepAeConfig reduce_config(const Config& cfg, const std::string& name, int code) {
  return deep_ae_config(cfg, {784, 1000, 500, 250, code}, name + "_code" + std::to_string(code),
                        code == 2 ? cfg.code2_epochs : cfg.code30_epochs);
}

/// The semantic hashing autoencoder 784-500-500-bits, its code units sigmoids made binary by noise.
DeepAeConfig hash_config(const Config& cfg, const std::string& name) {
  DeepAeConfig c =
      deep_ae_config(cfg, {784, 500, 500, cfg.bits}, name + "_hash" + std::to_string(cfg.bits), cfg.hash_epochs);
  c.code = ae::Act::sigmoid;
  c.code_noise_max = cfg.noise;
  c.settings.insert(c.settings.end(), cfg.hash_settings.begin(), cfg.hash_settings.end());
  return c;
}

/// Every training run this invocation will make, in order.
std::vector<DeepAeConfig> planned_runs(const Config& cfg) {
  std::vector<DeepAeConfig> runs;
  if (cfg.task != "hash")
    for (const std::string& name : cfg.reduce_datasets()) {
      runs.push_back(reduce_config(cfg, name, 30));
      runs.push_back(reduce_config(cfg, name, 2));
    }
  if (cfg.task != "reduce") runs.push_back(hash_config(cfg, cfg.hash_dataset()));
  return runs;
}

// ---- Dimensionality reduction ------------------------------------------------------------------------------------
void dimensionality_reduction(const std::string& name, const Config& cfg, ae::Metrics& m) {
  const std::string suffix = name == "fashion" ? "" : "_" + name;  // Fashion-MNIST's names carry no suffix
  const ae::ImageData data = ae::load_images(name, cfg.opt);
  const ae::ImageSet train = data.train.head(cfg.train_size), test = data.test.head(cfg.test_size);
  std::cout << "reduce (" << name << "): " << train.n << " training images, " << test.n << " test images\n";
  const Tensor X_test = test.all();  // (N_test, 784)

  // PCA, the linear autoencoder in closed form. The first two of its 30 components are PCA to 2-D.
  Tensor Z_train_pca2;
  ae::Pca pca30;
  {
    const Tensor X_train = train.all();  // (N, 784): the only time the whole training set is held as floats
    pca30 = ae::pca_fit(X_train, 30);
    Z_train_pca2 = ae::pca_encode(pca30, X_train).cols_slice(0, 2);
  }
  const Tensor R_pca = ae::pca_reconstruct(pca30, X_test);
  const double pca30_sqerr = mean_sq_error(R_pca, test);

  // The deep autoencoder 784-1000-500-250-30 and its mirror, trained end to end.
  ae::Rng rng30(cfg.opt.seed, 30);
  const ae::Autoencoder deep30 = train_deep_autoencoder(train, reduce_config(cfg, name, 30), rng30);
  const Tensor R_deep = reconstruct_all(deep30, test);
  const double deep_sqerr = mean_sq_error(R_deep, test);
  m.set("deep_ae_sqerr" + suffix, deep_sqerr, name + ": squared error per test image, deep autoencoder, 30-D code");
  m.set("pca30_sqerr" + suffix, pca30_sqerr, name + ": squared error per test image, PCA with 30 components");
  m.set("deep_ae_sqerr_ratio_to_pca" + suffix, deep_sqerr / pca30_sqerr, name + ": deep autoencoder / PCA-30");

  // The paper's figure: test images, then the deep autoencoder's and PCA's reconstructions, one row each.
  ae::Rng pick(cfg.opt.seed, 7);
  reconstruction_rows(cfg.opt, "14_9_reconstructions_" + name, data.name, X_test, R_deep, R_pca, pick);

  // The same architecture with a 2-D code, against PCA to 2-D: which map keeps the classes apart?
  ae::Rng rng2(cfg.opt.seed, 2);
  const ae::Autoencoder deep2 = train_deep_autoencoder(train, reduce_config(cfg, name, 2), rng2);
  const Tensor Z_train_ae2 = encode_all(deep2, train), Z_test_ae2 = encode_all(deep2, test);
  const Tensor Z_test_pca2 = ae::pca_encode(pca30, X_test).cols_slice(0, 2);
  const std::vector<int> y_train = train.label_vector(0, train.n), y_test = test.label_vector(0, test.n);
  m.set("knn_acc_ae_2d" + suffix, knn_accuracy(Z_train_ae2, y_train, Z_test_ae2, y_test, cfg.knn_k),
        name + ": " + std::to_string(cfg.knn_k) + "-NN test accuracy in the autoencoder's 2-D code");
  m.set("knn_acc_pca_2d" + suffix, knn_accuracy(Z_train_pca2, y_train, Z_test_pca2, y_test, cfg.knn_k),
        name + ": " + std::to_string(cfg.knn_k) + "-NN test accuracy in PCA's 2-D code");
  m.set("deep_ae_2d_sqerr" + suffix, mean_sq_error(reconstruct_all(deep2, test), test),
        name + ": squared error per test image, 2-D deep autoencoder");
  code_scatters(cfg.opt, name, Z_test_ae2, Z_test_pca2, y_test);
}

// ---- Semantic hashing --------------------------------------------------------------------------------------------
void semantic_hashing(const std::string& name, const Config& cfg, ae::Metrics& m) {
  const ae::ImageData data = ae::load_images(name, cfg.opt);
  const ae::ImageSet db = data.train.head(cfg.train_size), queries = data.test.head(cfg.queries);
  std::cout << "hash (" << name << "): " << db.n << " images in the table, " << queries.n << " queries, " << cfg.bits
            << " bits\n";

  // An autoencoder whose b code units are pushed to 0 or 1 by noise added before their sigmoid.
  ae::Rng rng(cfg.opt.seed, 64);
  const ae::Autoencoder net = train_deep_autoencoder(db, hash_config(cfg, name), rng);

  // The hash table: each training image stored under its code c(x) = [a(x) > 0] = [h(x) > 1/2].
  const HashTable table(binary_codes(encode_all(net, db), 0.5f), cfg.bits);
  RandomHyperplanes lsh_planes(mean_image(db), cfg.bits, rng);
  const HashTable lsh_table(lsh_planes.codes(db), cfg.bits);

  // Queries, timed end to end: encode every query (one batch), then fetch its 100 nearest codes from the table.
  constexpr int k = 100;
  const std::vector<int> y_db = db.label_vector(0, db.n), y_q = queries.label_vector(0, queries.n);
  std::vector<std::vector<int>> hash_top(static_cast<std::size_t>(queries.n)), lsh_top(hash_top.size()),
      pixel_top(hash_top.size());
  auto t0 = std::chrono::steady_clock::now();
  const Tensor h_q = encode_all(net, queries);  // (N_q, b) sigmoid outputs, no noise
  const std::vector<Code> q_codes = binary_codes(h_q, 0.5f);
  for (int q = 0; q < queries.n; ++q)
    hash_top[static_cast<std::size_t>(q)] = table.nearest(q_codes[static_cast<std::size_t>(q)], k);
  const double hash_us = 1e6 * seconds_since(t0) / queries.n;
  t0 = std::chrono::steady_clock::now();
  const std::vector<Code> q_lsh = lsh_planes.codes(queries);
  for (int q = 0; q < queries.n; ++q)
    lsh_top[static_cast<std::size_t>(q)] = lsh_table.nearest(q_lsh[static_cast<std::size_t>(q)], k);
  const double lsh_us = 1e6 * seconds_since(t0) / queries.n;

  // The reference: exact nearest neighbours in pixel space, a scan of every stored image per query.
  PrecisionRecall pr_hash(y_db, 10), pr_lsh(y_db, 10), pr_pixel(y_db, 10);
  double scan_seconds = 0, tables_agree = 0;
  for (int q = 0; q < queries.n; ++q) {
    const std::size_t qi = static_cast<std::size_t>(q);
    t0 = std::chrono::steady_clock::now();
    const std::vector<std::int32_t> dist = pixel_distances(db, queries.pixels.data() + qi * queries.dim());
    pixel_top[qi] = smallest(dist, k);
    scan_seconds += seconds_since(t0);
    // Precision-recall over the whole ranked database (untimed), and a check of the table against a code scan.
    pr_pixel.add(smallest(dist), y_q[qi]);
    const std::vector<int> hash_ranking = hamming_ranking(table.codes(), q_codes[qi]);
    pr_hash.add(hash_ranking, y_q[qi]);
    pr_lsh.add(hamming_ranking(lsh_table.codes(), q_lsh[qi]), y_q[qi]);
    tables_agree += std::equal(hash_top[qi].begin(), hash_top[qi].end(), hash_ranking.begin());
  }

  m.set("hash_bits_saturated_fraction", saturated_fraction(h_q), "code outputs of test images below 0.1 or above 0.9");
  m.set("hash_precision_at_100", same_class_fraction(hash_top, y_db, y_q),
        "semantic hashing: same class among 100 retrieved");
  m.set("lsh_precision_at_100", same_class_fraction(lsh_top, y_db, y_q),
        "random-hyperplane LSH: same class among 100 retrieved");
  m.set("exact_precision_at_100", same_class_fraction(pixel_top, y_db, y_q), "exact pixel-space 100-NN: same class");
  m.set("hash_query_us", hash_us, "microseconds per query: encode + Hamming-ball look-ups");
  m.set("lsh_query_us", lsh_us, "microseconds per query: LSH code + Hamming-ball look-ups");
  m.set("linear_scan_query_us", 1e6 * scan_seconds / queries.n, "microseconds per query: exact scan of all pixels");
  m.set("hash_table_matches_scan", tables_agree / queries.n, "queries whose table answer equals a scan of all codes");

  // Retrieval by radius: every stored image whose code differs from the query's in at most r bits, found by
  // probing the sum_{d<=r} C(b, d) codes of the Hamming ball in the table.
  std::vector<std::vector<int>> ball(static_cast<std::size_t>(queries.n)), ball_nonempty;
  std::vector<int> y_nonempty;
  double ball_items = 0;
  for (int q = 0; q < queries.n; ++q) {
    const std::size_t qi = static_cast<std::size_t>(q);
    ball[qi] = table.within(q_codes[qi], cfg.radius);
    ball_items += static_cast<double>(ball[qi].size());
    if (!ball[qi].empty()) {
      ball_nonempty.push_back(ball[qi]);
      y_nonempty.push_back(y_q[qi]);
    }
  }
  const std::string r = std::to_string(cfg.radius);
  m.set("hash_ball_items", ball_items / queries.n, "images found per query within Hamming distance " + r);
  m.set("hash_ball_hit_fraction", static_cast<double>(ball_nonempty.size()) / queries.n,
        "queries with at least one image within Hamming distance " + r);
  m.set("hash_ball_precision", same_class_fraction(ball_nonempty, y_db, y_nonempty),
        "same class among the images within Hamming distance " + r + " (queries with any)");
  std::cout << "hash table: " << table.num_buckets() << " distinct codes for " << db.n
            << " images (LSH: " << lsh_table.num_buckets() << ")\n";

  precision_recall_figure(cfg.opt, "14_9_hash_precision_recall", cfg.bits, pr_hash, pr_lsh, pr_pixel);
  query_figure(cfg.opt, "14_9_hash_queries", db, queries, hash_top, lsh_top, pixel_top);
  code_histogram(cfg.opt, "14_9_hash_code_histogram", h_q);
}

}  // namespace

int main(int argc, char** argv) {
  return ae::run_program("ch14_9_applications", [&] {
    Config cfg;
    ae::Cli cli("ch14_9_applications",
                "Section 14.9: dimensionality reduction and semantic hashing with autoencoders.");
    cli.add_choice("--task", cfg.task, {"reduce", "hash", "all"}, "which application");
    cli.add_choice("--dataset", cfg.dataset, {"fashion", "mnist", "both", "auto"},
                   "datasets for --task reduce (auto: both, or fashion alone with --quick); hashing uses "
                   "Fashion-MNIST unless this is mnist");
    cli.add("--bits", cfg.bits, "bits of the semantic hashing code", 1, 64);
    cli.add("--radius", cfg.radius, "Hamming radius of the hash table's ball retrieval", 0, 64);
    cli.add("--noise", cfg.noise, "largest std of the noise added before the code sigmoids", 0.0, 100.0);
    cli.add_choice("--hidden", cfg.hidden, {"relu", "sigmoid", "tanh"}, "hidden units of the deep autoencoders");
    cli.add("--lr", cfg.lr, "Adam's initial step size", 1e-6, 1.0);
    cli.add("--batch", cfg.batch, "minibatch size", 1, 100000);
    cli.add("--train-size", cfg.train_size, "training images (0: 3,000 with --quick, else all)", 0, 1000000);
    cli.add("--test-size", cfg.test_size, "test images for --task reduce (0: 1,000 with --quick, else all)", 0,
            1000000);
    cli.add("--queries", cfg.queries, "hashing queries from the test set (0: 300 with --quick, else 1,000)", 0,
            1000000);
    cli.add("--knn-k", cfg.knn_k, "neighbours in the k-NN vote on 2-D codes", 1, 1000);
    cli.add_flag("--resume", cfg.resume, "continue training from the checkpoints in --checkpoints");
    cfg.opt = cli.parse(argc, argv);
    const bool quick = cfg.opt.preset() != ae::Preset::full;  // --slides: the quick sizes (the full run is long)
    if (cfg.train_size == 0) cfg.train_size = quick ? 3000 : 1000000;
    if (cfg.test_size == 0) cfg.test_size = quick ? 1000 : 1000000;
    if (cfg.queries == 0) cfg.queries = quick ? 300 : 1000;
    if (cfg.knn_k > cfg.train_size)  // checked now, not after the training
      throw ae::UsageError("--knn-k " + std::to_string(cfg.knn_k) + " is more than the " +
                           std::to_string(cfg.train_size) + " training images (--train-size)");
    // --quick trains the 30-D model longest: it is the one that has to overtake PCA.
    cfg.code30_epochs = cfg.opt.epochs_or(10, 10, 20);
    cfg.code2_epochs = cfg.opt.epochs_or(3, 3, 20);
    cfg.hash_epochs = cfg.opt.epochs_or(10, 10, 20);
    cfg.settings = cli.values({"--seed", "--batch", "--lr", "--train-size", "--hidden", "--epochs"});
    cfg.hash_settings = cli.values({"--noise", "--bits"});

    // With --resume, every checkpoint this run will continue from is checked first: a corrupt, truncated or
    // foreign one stops the program here, before anything is computed or written.
    for (const DeepAeConfig& run : planned_runs(cfg)) check_checkpoint(run);

    ae::Metrics m;
    if (cfg.task != "hash")
      for (const std::string& name : cfg.reduce_datasets()) dimensionality_reduction(name, cfg, m);
    if (cfg.task != "reduce") semantic_hashing(cfg.hash_dataset(), cfg, m);
    m.report(cfg.opt.metrics);
    return 0;
  });
}
