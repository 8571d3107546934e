/// \file
/// \brief Tensor: a dense float32 matrix, row-major, 64-byte aligned. Everything in chapter 14 is a matrix:
/// a minibatch X is (N, D), a code H is (N, H), a weight W is (D, H), a bias b is (1, H).
///
/// Shapes are checked on every operation; a mismatch throws ae::ShapeError naming the operation and both shapes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ae {

/// Thrown when operands do not have the shapes an operation needs.
struct ShapeError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// \brief 64-byte-aligned buffers, recycled: a freed buffer is kept (up to a budget) and handed out again for the
/// next request of the same size. Training allocates the same shapes every step, so after the first step no
/// memory is obtained from the system (no page faults, no zeroing by the kernel).
void* buffer_acquire(std::size_t bytes);
/// Returns a buffer obtained from buffer_acquire.
void buffer_release(void* p, std::size_t bytes) noexcept;
/// How many times buffer_acquire has had to ask the system for memory (pool misses), since the program started.
/// Tests use it to check that a training step, once warmed up, allocates nothing.
std::size_t buffer_system_allocations();

/// Allocator that aligns storage to 64 bytes (one cache line, one AVX-512 register) and recycles buffers. Its
/// default construction of elements leaves floats uninitialized: Tensor fills explicitly when it must.
template <class T>
struct AlignedAllocator {
  using value_type = T;  ///< the element type (std::allocator_traits requirement)
  AlignedAllocator() = default;
  /// Rebinding copy: allocators of any element type are interchangeable (they share the recycling pool).
  template <class U>
  AlignedAllocator(const AlignedAllocator<U>&) {}
  /// Storage for n elements, 64-byte aligned, through buffer_acquire.
  T* allocate(std::size_t n) { return static_cast<T*>(buffer_acquire(n * sizeof(T))); }
  /// Gives storage from allocate(n) back to the pool.
  void deallocate(T* p, std::size_t n) noexcept { buffer_release(p, n * sizeof(T)); }
  /// Constructs a U at p; without arguments it default-initializes (a float is left unset, not zeroed).
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) == 0)
      ::new (static_cast<void*>(p)) U;  // default-initialize: no zeroing
    else
      ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  /// Always equal: memory from one can be released through any other.
  template <class U>
  bool operator==(const AlignedAllocator<U>&) const { return true; }
};

/// Tag for constructing a Tensor whose entries the caller will overwrite (skips the fill).
struct Uninit {};
/// The tag value: `Tensor y(rows, cols, uninit);`
inline constexpr Uninit uninit{};

/// \brief A (rows, cols) matrix of floats with value semantics (copies are deep).
class Tensor {
 public:
  Tensor() = default;
  /// A (rows, cols) tensor filled with `fill`.
  Tensor(int rows, int cols, float fill = 0.f);
  /// A (rows, cols) tensor with unspecified entries, for outputs that are about to be overwritten.
  Tensor(int rows, int cols, Uninit);
  /// A (rows, cols) tensor from values in row-major order; throws ShapeError if the count differs.
  Tensor(int rows, int cols, std::initializer_list<float> values);
  /// The same from a vector of rows * cols values in row-major order; throws ShapeError if the count differs.
  static Tensor from_vector(int rows, int cols, const std::vector<float>& values);

  int rows() const { return rows_; }                ///< number of rows
  int cols() const { return cols_; }                ///< number of columns
  std::size_t size() const { return data_.size(); }  ///< number of entries, rows * cols
  bool empty() const { return data_.empty(); }      ///< true when there are no entries
  float* data() { return data_.data(); }              ///< the entries, row-major, 64-byte aligned
  const float* data() const { return data_.data(); }  ///< the entries, row-major, 64-byte aligned
  /// Start of row i (cols entries).
  float* row(int i) { return data_.data() + static_cast<std::size_t>(i) * cols_; }
  /// Start of row i (cols entries).
  const float* row(int i) const { return data_.data() + static_cast<std::size_t>(i) * cols_; }
  /// Entry (i, j), unchecked.
  float& operator()(int i, int j) { return data_[static_cast<std::size_t>(i) * cols_ + j]; }
  /// Entry (i, j), unchecked.
  float operator()(int i, int j) const { return data_[static_cast<std::size_t>(i) * cols_ + j]; }
  float& operator[](std::size_t k) { return data_[k]; }        ///< entry k in row-major order, unchecked
  float operator[](std::size_t k) const { return data_[k]; }   ///< entry k in row-major order, unchecked
  float* begin() { return data(); }                            ///< iteration over all entries, row-major
  float* end() { return data() + size(); }                     ///< end of the entries
  const float* begin() const { return data(); }                ///< iteration over all entries, row-major
  const float* end() const { return data() + size(); }         ///< end of the entries

  /// True when o has the same (rows, cols).
  bool same_shape(const Tensor& o) const { return rows_ == o.rows_ && cols_ == o.cols_; }
  /// "(rows, cols)", for messages.
  std::string shape_str() const;
  /// Resize without preserving contents when the shape changes (no allocation when the size is unchanged).
  void resize(int rows, int cols);
  void fill(float v);          ///< sets every entry to v
  void zero() { fill(0.f); }   ///< sets every entry to 0

  Tensor& operator+=(const Tensor& o);  ///< elementwise; throws ShapeError unless the shapes match
  Tensor& operator-=(const Tensor& o);  ///< elementwise; throws ShapeError unless the shapes match
  Tensor& operator*=(const Tensor& o);  ///< elementwise
  Tensor& operator*=(float s);          ///< multiplies every entry by s
  /// this += s * o (axpy).
  Tensor& add_scaled(const Tensor& o, float s);

  /// Rows [begin, end) as a new tensor.
  Tensor rows_slice(int begin, int end) const;
  /// Columns [begin, end) as a new tensor.
  Tensor cols_slice(int begin, int end) const;

 private:
  int rows_ = 0, cols_ = 0;
  std::vector<float, AlignedAllocator<float>> data_;
};

/// Throws ShapeError "op: shapes (a) and (b) differ" unless a and b have the same shape.
void check_same_shape(const Tensor& a, const Tensor& b, const char* op);

Tensor operator+(const Tensor& a, const Tensor& b);  ///< a + b (same shape)
Tensor operator-(const Tensor& a, const Tensor& b);  ///< a - b (same shape)
Tensor operator*(const Tensor& a, const Tensor& b);  ///< elementwise (Hadamard)
Tensor operator*(const Tensor& a, float s);          ///< s a
Tensor operator*(float s, const Tensor& a);          ///< s a
/// Elementwise f(x).
Tensor map(const Tensor& x, const std::function<float(float)>& f);
/// \f$\mathrm{op}(A)\,\mathrm{op}(B)\f$ through ae::gemm.
Tensor matmul(const Tensor& A, const Tensor& B, bool transA = false, bool transB = false);
/// \f$A^\top\f$ as a new tensor.
Tensor transpose(const Tensor& A);
/// Sum of all entries (accumulated in double).
double sum(const Tensor& a);
/// \f$\sum_{ij} a_{ij} b_{ij}\f$ (same shape; accumulated in double).
double dot(const Tensor& a, const Tensor& b);
/// Squared Frobenius norm \f$\sum_{ij} a_{ij}^2\f$.
double sq_norm(const Tensor& a);
/// Squared error per example (per row), summed over columns and averaged over rows, in double:
/// \f$\frac1N \sum_n \lVert r_n - x_n \rVert^2\f$ (0 for no rows). The chapters' reconstruction error: introduced
/// in section 14.1 (chapters/14.1-undercomplete), shared with 14.2.
double sqerr_per_image(const Tensor& R, const Tensor& X);
/// Largest |a - b| over entries.
float max_abs_diff(const Tensor& a, const Tensor& b);
/// Gather rows `idx` of `a` into a new (idx.size(), cols) tensor.
Tensor gather_rows(const Tensor& a, const std::vector<int>& idx);
/// Stack columns [a | b].
Tensor hcat(const Tensor& a, const Tensor& b);

}  // namespace ae
