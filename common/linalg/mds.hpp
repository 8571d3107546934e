/// \file
/// \brief Classical multidimensional scaling and geodesic distances on a k-nearest-neighbour graph: the two
/// halves of Isomap (Tenenbaum, de Silva and Langford 2000), the nonparametric manifold learner that section 14.6
/// contrasts with autoencoders.
///
/// Classical MDS (Torgerson 1952): given squared distances \f$D^{(2)}_{ij} = \|y_i - y_j\|^2\f$ of unknown centred
/// points \f$y_i\f$, the Gram matrix is recovered by double centering,
/// \f[ B = -\tfrac12 J D^{(2)} J, \qquad J = I - \tfrac1n \mathbf{1}\mathbf{1}^\top, \qquad B_{ij} = y_i^\top y_j, \f]
/// and the embedding is \f$Y = V_d \Lambda_d^{1/2}\f$ from the top d eigenpairs of B. For Euclidean distances
/// this recovers the points up to a rotation, reflection and translation; for geodesic distances it is Isomap.
#pragma once

#include <vector>

#include "tensor.hpp"

namespace ae {

/// \brief Embeds n points in `dims` dimensions from their squared distances.
/// \param D2 (n * n) row-major squared distances \f$D^{(2)}_{ij}\f$ (symmetrized internally)
/// \param n the number of points
/// \param dims the dimension of the embedding, in [1, n]
/// \return Y (n, dims): row i is point i; column c is \f$\sqrt{\lambda_c}\,v_c\f$ (0 where \f$\lambda_c \le 0\f$,
///         i.e. the distances are not Euclidean in that direction).
/// \throws std::invalid_argument if D2.size() != n * n, dims is outside [1, n], or an entry is NaN or infinite
///         (an infinite geodesic distance means the neighbour graph is disconnected: raise k).
Tensor classical_mds(const std::vector<double>& D2, int n, int dims);

/// \brief All-pairs geodesic distances along the symmetrized k-nearest-neighbour graph of the rows of X (n, D).
///
/// Edge i - j (weight \f$\|x_i - x_j\|\f$) if j is among the k nearest neighbours of i or i among those of j;
/// then Dijkstra from every node, \f$O(n \cdot nk \log n)\f$ after the \f$O(n^2 D)\f$ neighbour search.
/// \return (n * n) row-major distances, \f$+\infty\f$ between nodes in different components.
/// \throws std::invalid_argument if k is outside [1, n - 1] or X has a NaN or infinite entry.
std::vector<double> shortest_paths_knn(const Tensor& X, int k);

/// \brief Isomap: classical_mds on the squared geodesic distances of shortest_paths_knn. X (n, D) to Y (n, dims).
Tensor isomap(const Tensor& X, int k, int dims);

}  // namespace ae
