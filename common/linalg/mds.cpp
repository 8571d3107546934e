// Classical MDS by double centering + eigen_sym, and kNN-graph geodesics by Dijkstra from every node.
#include "linalg/mds.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <stdexcept>
#include <string>
#include <utility>

#include "linalg/eigen_sym.hpp"
#include "linalg/matrix_d.hpp"

namespace ae {

Tensor classical_mds(const std::vector<double>& D2, int n, int dims) {
  if (n < 1 || D2.size() != static_cast<std::size_t>(n) * n)
    throw std::invalid_argument("classical_mds: D2 has " + std::to_string(D2.size()) + " entries, expected n * n = " +
                                std::to_string(static_cast<long long>(n) * n));
  if (dims < 1 || dims > n)
    throw std::invalid_argument("classical_mds: dims = " + std::to_string(dims) + " outside [1, n = " +
                                std::to_string(n) + "]");
  for (double v : D2)
    if (!std::isfinite(v))
      throw std::invalid_argument("classical_mds: a distance is NaN or infinite (disconnected kNN graph?)");

  // B_ij = -1/2 (D2_ij - rowmean_i - colmean_j + grandmean): the same as -1/2 J D2 J, in O(n^2).
  // BEGIN EXERCISE 14.6-mds-centering
  MatrixD B(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      B(i, j) = 0.5 * (D2[static_cast<std::size_t>(i) * n + j] + D2[static_cast<std::size_t>(j) * n + i]);
  std::vector<double> row_mean(static_cast<std::size_t>(n), 0.0);
  double grand_mean = 0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) row_mean[i] += B(i, j);
    row_mean[i] /= n;
    grand_mean += row_mean[i];
  }
  grand_mean /= n;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) B(i, j) = -0.5 * (B(i, j) - row_mean[i] - row_mean[j] + grand_mean);
  // ELSE
  // throw ae::NotImplemented("14.6-mds-centering");  // B: the centred Gram matrix
  // MatrixD B(n, n);
  // END EXERCISE

  EigenSym eig = eigen_sym_top(B, dims);
  Tensor Y = std::move(eig.vectors);  // (n, dims), then column c scaled by sqrt(lambda_c)
  for (int c = 0; c < dims; ++c) {
    const float scale = static_cast<float>(std::sqrt(std::max(eig.values[c], 0.0)));
    for (int i = 0; i < n; ++i) Y(i, c) *= scale;
  }
  return Y;
}

std::vector<double> shortest_paths_knn(const Tensor& X, int k) {
  const int n = X.rows(), D = X.cols();
  if (k < 1 || k > n - 1)
    throw std::invalid_argument("shortest_paths_knn: k = " + std::to_string(k) + " outside [1, n - 1 = " +
                                std::to_string(n - 1) + "]");
  require_finite(X, "shortest_paths_knn");

  // All pairwise Euclidean distances, in double (n^2 doubles: fine for the few thousand points Isomap uses).
  std::vector<double> dist(static_cast<std::size_t>(n) * n, 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      double s = 0;
      const float* xi = X.row(i);
      const float* xj = X.row(j);
      for (int t = 0; t < D; ++t) {
        const double diff = static_cast<double>(xi[t]) - xj[t];
        s += diff * diff;
      }
      dist[static_cast<std::size_t>(i) * n + j] = dist[static_cast<std::size_t>(j) * n + i] = std::sqrt(s);
    }

  // The symmetrized kNN graph as adjacency lists (duplicates are harmless to Dijkstra).
  std::vector<std::vector<std::pair<int, double>>> adj(static_cast<std::size_t>(n));
  std::vector<int> others(static_cast<std::size_t>(n - 1));
  for (int i = 0; i < n; ++i) {
    const double* di = dist.data() + static_cast<std::size_t>(i) * n;
    int t = 0;
    for (int j = 0; j < n; ++j)
      if (j != i) others[t++] = j;
    std::nth_element(others.begin(), others.begin() + (k - 1), others.end(), [&](int a, int b) {
      return di[a] < di[b] || (di[a] == di[b] && a < b);
    });
    for (int r = 0; r < k; ++r) {
      const int j = others[r];
      adj[i].push_back({j, di[j]});
      adj[j].push_back({i, di[j]});
    }
  }

  // Dijkstra from every source with a binary heap of (distance, node).
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> geo(static_cast<std::size_t>(n) * n, inf);
  using Item = std::pair<double, int>;
  for (int src = 0; src < n; ++src) {
    double* g = geo.data() + static_cast<std::size_t>(src) * n;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
    g[src] = 0;
    heap.push({0.0, src});
    while (!heap.empty()) {
      const auto [du, u] = heap.top();
      heap.pop();
      if (du > g[u]) continue;  // a stale entry
      for (const auto& [v, w] : adj[u])
        if (du + w < g[v]) {
          g[v] = du + w;
          heap.push({g[v], v});
        }
    }
  }
  return geo;
}

Tensor isomap(const Tensor& X, int k, int dims) {
  std::vector<double> geo = shortest_paths_knn(X, k);
  for (double& d : geo) d *= d;
  return classical_mds(geo, X.rows(), dims);
}

}  // namespace ae
