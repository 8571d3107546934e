// Choosing the micro-kernel: once, at first use, from the CPU's features (or AE_GEMM_KERNEL), into a pointer
// that every product then follows; nothing in the loops asks the CPU again. Also the tuning overrides.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "gemm/gemm.hpp"
#include "gemm/kernel.hpp"

namespace ae {

namespace gemm_detail {

namespace {

// Compiled in (the ukernel file had its instruction set) and runnable on this CPU (and its OS saves the
// registers: __builtin_cpu_supports checks XCR0 too).
const Kernel* kernel_if_usable(const char* name) {
  if (std::strcmp(name, "scalar") == 0) return scalar_kernel();
  if (std::strcmp(name, "neon") == 0) return neon_kernel();
#if defined(__x86_64__) || defined(__i386__)
  if (std::strcmp(name, "avx2") == 0)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? avx2_kernel() : nullptr;
  if (std::strcmp(name, "avx512") == 0) return __builtin_cpu_supports("avx512f") ? avx512_kernel() : nullptr;
#endif
  return nullptr;
}

const char* const kPreference[] = {"avx512", "avx2", "neon", "scalar"};

const Kernel* best_kernel() {
  for (const char* name : kPreference)
    if (const Kernel* k = kernel_if_usable(name)) return k;
  return scalar_kernel();
}

const Kernel* startup_kernel() {
  static const Kernel* const chosen = [] {
    const Kernel* best = best_kernel();
    const char* forced = std::getenv("AE_GEMM_KERNEL");
    if (!forced || !*forced || std::strcmp(forced, "auto") == 0) return best;
    if (const Kernel* k = kernel_if_usable(forced)) return k;
    std::fprintf(stderr, "ae::gemm: AE_GEMM_KERNEL=%s is not available on this CPU (choose from:", forced);
    for (const char* name : kPreference)
      if (kernel_if_usable(name)) std::fprintf(stderr, " %s", name);
    std::fprintf(stderr, "); using %s\n", best->name);
    return best;
  }();
  return chosen;
}

std::atomic<const Kernel*> g_forced{nullptr};
std::atomic<int> g_mc{0}, g_kc{0}, g_nc{0};

int round_up(int x, int multiple) { return (x + multiple - 1) / multiple * multiple; }

std::atomic<int> g_path{0};
std::atomic<double> g_min_flops_per_thread{-1};
std::atomic<bool> g_simd_packing{true};
std::atomic<bool> g_b_in_place{true};
std::atomic<double> g_pool_spin_us{-1};

}  // namespace

GemmPath tuned_path() { return static_cast<GemmPath>(g_path.load(std::memory_order_relaxed)); }
double tuned_min_flops_per_thread() { return g_min_flops_per_thread.load(std::memory_order_relaxed); }
bool tuned_simd_packing() { return g_simd_packing.load(std::memory_order_relaxed); }
bool tuned_b_in_place() { return g_b_in_place.load(std::memory_order_relaxed); }
double tuned_pool_spin_us() { return g_pool_spin_us.load(std::memory_order_relaxed); }

const Kernel& active_kernel() {
  const Kernel* forced = g_forced.load(std::memory_order_acquire);
  return forced ? *forced : *startup_kernel();
}

BlockSizes active_blocks(const Kernel& kernel) {
  BlockSizes b = blocks_for_caches(kernel.blocks, kernel.tuned_on, cpu_cache_sizes());
  if (const int mc = g_mc.load(std::memory_order_relaxed); mc > 0) b.MC = round_up(mc, b.MR);
  if (const int kc = g_kc.load(std::memory_order_relaxed); kc > 0) b.KC = kc;
  if (const int nc = g_nc.load(std::memory_order_relaxed); nc > 0) b.NC = round_up(nc, b.NR);
  return b;
}

}  // namespace gemm_detail

using namespace gemm_detail;

const char* gemm_kernel_name() { return active_kernel().name; }

SimdLevel simd_level() { return active_kernel().level; }

bool gemm_kernel_available(const char* name) { return name && kernel_if_usable(name) != nullptr; }

bool gemm_set_kernel(const char* name) {
  if (name && std::strcmp(name, "auto") == 0) {
    g_forced.store(nullptr, std::memory_order_release);
    return true;
  }
  const Kernel* k = name ? kernel_if_usable(name) : nullptr;
  if (k) g_forced.store(k, std::memory_order_release);
  return k != nullptr;
}

GemmBlocking gemm_blocking() {
  const BlockSizes b = active_blocks(active_kernel());
  return {b.MR, b.NR, b.MC, b.KC, b.NC};
}

void gemm_set_tuning(const GemmTuning& tuning) {
  g_mc.store(tuning.MC, std::memory_order_relaxed);
  g_kc.store(tuning.KC, std::memory_order_relaxed);
  g_nc.store(tuning.NC, std::memory_order_relaxed);
  g_path.store(static_cast<int>(tuning.path), std::memory_order_relaxed);
  g_min_flops_per_thread.store(tuning.min_flops_per_thread, std::memory_order_relaxed);
  g_simd_packing.store(tuning.simd_packing, std::memory_order_relaxed);
  g_b_in_place.store(tuning.b_in_place, std::memory_order_relaxed);
  g_pool_spin_us.store(tuning.pool_spin_us, std::memory_order_relaxed);
}

}  // namespace ae
