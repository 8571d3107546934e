#include "tensor.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <unordered_map>

#include "gemm/gemm.hpp"

namespace ae {

namespace {

/// The recycling pool behind buffer_acquire: free buffers by size, within a budget of cached bytes.
struct BufferPool {
  std::mutex mutex;
  std::unordered_map<std::size_t, std::vector<void*>> free;
  std::size_t cached = 0;
  std::size_t misses = 0;  // buffers obtained from the system
  static constexpr std::size_t kBudget = std::size_t(512) << 20;
  ~BufferPool() {
    for (auto& [bytes, list] : free)
      for (void* p : list) std::free(p);
  }
};

BufferPool& pool() {
  static BufferPool* p = new BufferPool;  // never destroyed: tensors in static storage may outlive main
  return *p;
}

std::size_t rounded(std::size_t bytes) { return bytes == 0 ? 64 : (bytes + 63) / 64 * 64; }

}  // namespace

void* buffer_acquire(std::size_t bytes) {
  const std::size_t b = rounded(bytes);
  BufferPool& P = pool();
  {
    std::lock_guard<std::mutex> lock(P.mutex);
    auto it = P.free.find(b);
    if (it != P.free.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      P.cached -= b;
      return p;
    }
  }
  void* p = std::aligned_alloc(64, b);
  if (!p) throw std::bad_alloc();
  {
    std::lock_guard<std::mutex> lock(P.mutex);
    ++P.misses;
  }
  return p;
}

std::size_t buffer_system_allocations() {
  BufferPool& P = pool();
  std::lock_guard<std::mutex> lock(P.mutex);
  return P.misses;
}

void buffer_release(void* p, std::size_t bytes) noexcept {
  if (!p) return;
  const std::size_t b = rounded(bytes);
  BufferPool& P = pool();
  std::lock_guard<std::mutex> lock(P.mutex);
  if (P.cached + b <= BufferPool::kBudget) {
    try {
      P.free[b].push_back(p);
      P.cached += b;
      return;
    } catch (...) {
    }
  }
  std::free(p);
}

namespace {
// The message is built only on failure: constructing a tensor never allocates a string.
void require_shape(int rows, int cols) {
  if (rows < 0 || cols < 0)
    throw ShapeError("Tensor: negative shape (" + std::to_string(rows) + ", " + std::to_string(cols) + ")");
}
}  // namespace

Tensor::Tensor(int rows, int cols, float fill) {
  require_shape(rows, cols);
  rows_ = rows;
  cols_ = cols;
  data_.assign(static_cast<std::size_t>(rows) * cols, fill);
}

Tensor::Tensor(int rows, int cols, Uninit) {
  require_shape(rows, cols);
  rows_ = rows;
  cols_ = cols;
  data_.resize(static_cast<std::size_t>(rows) * cols);  // default-initialized by AlignedAllocator: no fill
}

Tensor::Tensor(int rows, int cols, std::initializer_list<float> values) : Tensor(rows, cols) {
  if (values.size() != size())
    throw ShapeError("Tensor: " + std::to_string(values.size()) + " values for shape " + shape_str());
  std::copy(values.begin(), values.end(), data_.begin());
}

Tensor Tensor::from_vector(int rows, int cols, const std::vector<float>& values) {
  Tensor t(rows, cols);
  if (values.size() != t.size())
    throw ShapeError("Tensor: " + std::to_string(values.size()) + " values for shape " + t.shape_str());
  std::copy(values.begin(), values.end(), t.data_.begin());
  return t;
}

std::string Tensor::shape_str() const {
  std::string s = "(";  // built by appending: GCC 12 warns falsely (-Wrestrict) on "(" + std::to_string(...)
  s += std::to_string(rows_);
  s += ", ";
  s += std::to_string(cols_);
  s += ")";
  return s;
}

void Tensor::resize(int rows, int cols) {
  if (rows == rows_ && cols == cols_) return;
  require_shape(rows, cols);
  rows_ = rows;
  cols_ = cols;
  data_.resize(static_cast<std::size_t>(rows) * cols);
}

void Tensor::fill(float v) { std::fill(data_.begin(), data_.end(), v); }

Tensor& Tensor::operator+=(const Tensor& o) {
  check_same_shape(*this, o, "+=");
  for (std::size_t k = 0; k < size(); ++k) data_[k] += o.data_[k];
  return *this;
}
Tensor& Tensor::operator-=(const Tensor& o) {
  check_same_shape(*this, o, "-=");
  for (std::size_t k = 0; k < size(); ++k) data_[k] -= o.data_[k];
  return *this;
}
Tensor& Tensor::operator*=(const Tensor& o) {
  check_same_shape(*this, o, "*=");
  for (std::size_t k = 0; k < size(); ++k) data_[k] *= o.data_[k];
  return *this;
}
Tensor& Tensor::operator*=(float s) {
  for (float& v : data_) v *= s;
  return *this;
}
Tensor& Tensor::add_scaled(const Tensor& o, float s) {
  check_same_shape(*this, o, "add_scaled");
  for (std::size_t k = 0; k < size(); ++k) data_[k] += s * o.data_[k];
  return *this;
}

Tensor Tensor::rows_slice(int begin, int end) const {
  if (!(0 <= begin && begin <= end && end <= rows_))
    throw ShapeError("rows_slice: [" + std::to_string(begin) + ", " + std::to_string(end) + ") out of " + shape_str());
  Tensor t(end - begin, cols_, uninit);
  std::copy(row(begin), row(begin) + t.size(), t.data());
  return t;
}

Tensor Tensor::cols_slice(int begin, int end) const {
  if (!(0 <= begin && begin <= end && end <= cols_))
    throw ShapeError("cols_slice: [" + std::to_string(begin) + ", " + std::to_string(end) + ") out of " + shape_str());
  Tensor t(rows_, end - begin, uninit);
  for (int i = 0; i < rows_; ++i) std::copy(row(i) + begin, row(i) + end, t.row(i));
  return t;
}

void check_same_shape(const Tensor& a, const Tensor& b, const char* op) {
  if (!a.same_shape(b))
    throw ShapeError(std::string(op) + ": shapes " + a.shape_str() + " and " + b.shape_str() + " differ");
}

Tensor operator+(const Tensor& a, const Tensor& b) { Tensor c = a; return c += b; }
Tensor operator-(const Tensor& a, const Tensor& b) { Tensor c = a; return c -= b; }
Tensor operator*(const Tensor& a, const Tensor& b) { Tensor c = a; return c *= b; }
Tensor operator*(const Tensor& a, float s) { Tensor c = a; return c *= s; }
Tensor operator*(float s, const Tensor& a) { return a * s; }

Tensor map(const Tensor& x, const std::function<float(float)>& f) {
  Tensor y(x.rows(), x.cols(), uninit);
  for (std::size_t k = 0; k < x.size(); ++k) y[k] = f(x[k]);
  return y;
}

Tensor matmul(const Tensor& A, const Tensor& B, bool transA, bool transB) {
  const int M = transA ? A.cols() : A.rows(), K = transA ? A.rows() : A.cols();
  const int KB = transB ? B.cols() : B.rows(), N = transB ? B.rows() : B.cols();
  if (K != KB)
    throw ShapeError("matmul: inner dimensions differ: op(A) is (" + std::to_string(M) + ", " + std::to_string(K) +
                     "), op(B) is (" + std::to_string(KB) + ", " + std::to_string(N) + ")");
  Tensor C(M, N, uninit);
  if (M && N && K == 0) C.zero();
  if (M && N)
    gemm(transA, transB, M, N, K, 1.f, A.data(), std::max(1, A.cols()), B.data(), std::max(1, B.cols()), 0.f, C.data(),
         N);
  return C;
}

Tensor transpose(const Tensor& A) {
  Tensor T(A.cols(), A.rows());
  for (int i = 0; i < A.rows(); ++i)
    for (int j = 0; j < A.cols(); ++j) T(j, i) = A(i, j);
  return T;
}

double sum(const Tensor& a) {
  double s = 0;
  for (float v : a) s += v;
  return s;
}

double dot(const Tensor& a, const Tensor& b) {
  check_same_shape(a, b, "dot");
  double s = 0;
  for (std::size_t k = 0; k < a.size(); ++k) s += static_cast<double>(a[k]) * b[k];
  return s;
}

double sq_norm(const Tensor& a) { return dot(a, a); }

double sqerr_per_image(const Tensor& R, const Tensor& X) {
  check_same_shape(R, X, "sqerr_per_image");
  double s = 0;
  for (std::size_t k = 0; k < X.size(); ++k) {
    const double d = static_cast<double>(R[k]) - X[k];
    s += d * d;
  }
  return X.rows() ? s / X.rows() : 0.0;
}

float max_abs_diff(const Tensor& a, const Tensor& b) {
  check_same_shape(a, b, "max_abs_diff");
  float m = 0;
  for (std::size_t k = 0; k < a.size(); ++k) m = std::max(m, std::fabs(a[k] - b[k]));
  return m;
}

Tensor gather_rows(const Tensor& a, const std::vector<int>& idx) {
  Tensor t(static_cast<int>(idx.size()), a.cols(), uninit);
  for (std::size_t r = 0; r < idx.size(); ++r) {
    if (idx[r] < 0 || idx[r] >= a.rows())
      throw ShapeError("gather_rows: row " + std::to_string(idx[r]) + " out of " + a.shape_str());
    std::copy(a.row(idx[r]), a.row(idx[r]) + a.cols(), t.row(static_cast<int>(r)));
  }
  return t;
}

Tensor hcat(const Tensor& a, const Tensor& b) {
  if (a.rows() != b.rows()) throw ShapeError("hcat: row counts differ: " + a.shape_str() + " and " + b.shape_str());
  Tensor t(a.rows(), a.cols() + b.cols(), uninit);
  for (int i = 0; i < a.rows(); ++i) {
    std::copy(a.row(i), a.row(i) + a.cols(), t.row(i));
    std::copy(b.row(i), b.row(i) + b.cols(), t.row(i) + a.cols());
  }
  return t;
}

}  // namespace ae
