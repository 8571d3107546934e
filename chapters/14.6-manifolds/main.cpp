// Deep Learning, section 14.6: learning manifolds with autoencoders.
//
// Data such as images concentrate near a low-dimensional manifold of pixel space. At a point x, the tangent
// plane is spanned by the directions in which x can change while staying on the manifold; an autoencoder that
// captures the manifold must reconstruct variations along the tangent plane (r(x) follows the data) and be
// insensitive to the orthogonal ones (r(x) is flat across the manifold). The program shows, in order:
//   1. Fig. 14.6: an image translated vertically by sub-pixel steps t traces a 1-D manifold x(t) in pixel
//      space; its 2-D PCA projection; its tangent dx/dt as an image, exact and estimated by local PCA.
//   2. Fig. 14.7: a 1-D denoising autoencoder trained on three points: r(x) crosses the identity at the
//      points, is flat there and steep between them; r(x) - x points to the nearest point.
//   3. Fig. 14.8: nonparametric manifold learning. A k-nearest-neighbour graph over images of one object
//      under translation; Isomap (shortest paths along the graph approximate geodesic distances, classical MDS
//      turns them into coordinates) recovers the shift, where linear PCA cannot.
//   4. Fig. 14.9: local PCA. Around each point the k nearest neighbours give a Gaussian "pancake" flattened
//      along the tangent; their mixture is a density concentrated on the manifold. Tangent accuracy against k
//      and noise: too few neighbours are dominated by noise, too many by curvature.
// Shapes: images (N, 784) in [0, 1]; 2-D points (N, 2); tangents (D, d) with orthonormal columns.
// Run:    ch14_6_manifolds --quick   (about ten seconds)   or without --quick for the full run
// Writes: OUT/14_6_translation_pca, 14_6_translation_tangent, 14_6_toy1d, 14_6_knn_graph, 14_6_isomap,
//         14_6_isomap_thumbnails.png, 14_6_pancakes, 14_6_pancake_density, 14_6_tangent_angle (.png + .gp +
//         .dat) and the metrics printed at the end.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "isomap_study.hpp"
#include "pancakes.hpp"
#include "plot/plot.hpp"
#include "toy1d.hpp"
#include "translation.hpp"
#include "util/cli.hpp"
#include "util/errors.hpp"
#include "util/metrics.hpp"

using namespace ae;
using namespace ch14_6;

int main(int argc, char** argv) {
  return run_program("ch14_6_manifolds", [&] {
    Cli cli("ch14_6_manifolds", "Section 14.6: learning manifolds with autoencoders.");
    int image_index = 0, k_graph = 8, k_pca = 10;
    float toy_sigma = 0.25f;
    cli.add("--image", image_index, "which Fashion-MNIST test image to translate", 0, 9999);
    cli.add("--k-graph", k_graph, "neighbours per node of the Isomap graph", 2, 100);
    cli.add("--k-pca", k_pca, "neighbours of each local PCA", 2, 1000);
    cli.add("--toy-sigma", toy_sigma, "corruption sigma of the 1-D denoising autoencoder", 0.01, 1.0);
    const CommonOptions& opt = cli.parse(argc, argv);
    const bool quick = opt.quick;
    Rng rng(opt.seed);
    plot::Output out{opt.out, opt.format};
    Metrics m;

    // The object: one Fashion-MNIST test image (the committed sample has it too).
    const ImageData data = load_images("fashion", opt);
    if (image_index >= data.test.n)
      throw UsageError("--image must be below the " + std::to_string(data.test.n) + " test images loaded");
    const Tensor image = data.test.rows(image_index, image_index + 1);
    const int n_pancakes = quick ? 200 : 400, n_isomap = quick ? 400 : 1200;
    if (k_pca >= n_pancakes) throw UsageError("--k-pca must be below " + std::to_string(n_pancakes));
    if (k_graph >= n_isomap) throw UsageError("--k-graph must be below " + std::to_string(n_isomap));

    // 1. Fig. 14.6: translation by t in [-3, 3] pixels is a smooth curve x(t) in R^784. Its tangent, the image
    //    derivative dx/dt, brightens the pixels the object moves into and darkens those it leaves.
    const TranslationStudy tr = translation_manifold(out, image, quick ? 61 : 241, 3.0, 5);
    m.set("translation_tangent_angle_deg", tr.tangent_angle_deg,
          "angle between the local-PCA tangent and exact dx/dt at t = 0, 5 neighbours");
    m.set("translation_pca2_variance", tr.pca2_variance, "fraction of the curve's variance in 2 principal components");

    // 2. Fig. 14.7: three points on a line; the DAE must send a sigma-neighbourhood of each onto it, so
    //    r'(x_i) ~ 0 and r(x_i) ~ x_i: the reconstruction is insensitive to every direction (0-D manifolds).
    const Toy1dResult toy = toy_autoencoder_1d(out, {-1.0, 0.0, 1.0}, toy_sigma, 32,
                                               opt.epochs_or(100, 200), 64, rng);
    m.set("toy1d_max_slope_at_data", toy.max_slope_at_data, "max_i mean |r'| over x_i +- sigma/2");
    m.set("toy1d_max_pointwise_slope", toy.max_pointwise_slope, "max_i |r'(x_i)| exactly at the points");
    m.set("toy1d_max_fixed_point_err", toy.max_fixed_point_err, "max |r(x_i) - x_i| at the three training points");

    // 3. Fig. 14.8: Isomap on images of the object shifted by up to 6 pixels sideways and 2 up or down.
    const IsomapResult iso =
        isomap_study(out, image, {.n = n_isomap, .dx_max = 6, .dy_max = 2, .k = k_graph}, rng);
    m.set("isomap_spearman", iso.isomap_spearman, "|rank correlation| of Isomap coordinate 1 with the shift");
    m.set("pca_spearman", iso.pca_spearman, "|rank correlation| of the first principal component with the shift");

    // 4. Fig. 14.9: local PCA on the spiral of data/synthetic.hpp. The headline number is on the noiseless
    //    curve, where only curvature bends the estimate.
    const int n_curve = quick ? 400 : 1000;
    m.set("local_pca_tangent_angle_deg_median", median(tangent_angles_deg(n_curve, 0.0, k_pca, rng)),
          "median angle between local-PCA and exact tangents, noiseless spiral");
    m.set("local_pca_tangent_angle_deg_median_noisy", median(tangent_angles_deg(n_curve, 0.02, k_pca, rng)),
          "the same with noise 0.02 on every point");
    plot_pancakes(out, n_pancakes, 0.02, k_pca, 0.02, quick ? 8 : 10, quick ? 121 : 241, rng);
    plot_angle_vs_k(out, n_curve, {3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96}, {0.0, 0.005, 0.02, 0.05}, rng);

    m.report(opt.metrics);
    return 0;
  });
}
