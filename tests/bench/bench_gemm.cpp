// bench_gemm: GFLOP/s of ae::gemm, and the single-core FMA peak they are compared with.
//
//   bench_gemm --m M --k K --n N [--ta] [--tb] [--threads T] [--kernel NAME] [--reps R]
//       C (M, N) := op(A) (M, K) op(B) (K, N); prints the median GFLOP/s of R timed runs, last line `gflops <v>`
//   bench_gemm --peak     independent FMA chains on one core (AVX-512 if present); last line `peak_gflops <v>`
//   bench_gemm --table    the README table: 1024^3 and the MNIST autoencoder's layer shapes, forward and backward,
//                         and the 23 products of one training step; then 1024^3 with the AVX2 kernel, and 1024^3
//                         and the training step on two threads
//   --blas LIB            also times a CBLAS library (cblas.hpp) on the same products, and checks they agree
//   --reference           times the specification, ae::gemm_reference (the triple loop), instead of ae::gemm
//   bench_gemm --ladder   common/gemm/README.md's ladder for this machine: from the triple loop to both cores
//   --mc, --kc, --nc      override the kernel's cache blocks (ae::gemm_set_tuning), to see what blocking buys
// Threads default to 1 (the peak is a single core's); the kernel defaults to the one the library picks.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cblas.hpp"
#include "fma_peak.hpp"
#include "gemm/gemm.hpp"
#include "gemm_timing.hpp"
#include "kernel_loads.hpp"
#include "util/errors.hpp"

namespace {

// The timing types (gemm_timing.hpp) by their short names; its functions keep the bench:: prefix.
using bench::Measured;
using bench::Rate;
using bench::Shape;

// One row of the table; with a BLAS, two more columns: its GFLOP/s and ours over its.
void print_row(const Shape& s, const char* kernel, int threads, const Measured& m, double peak, bool with_blas) {
  char shape[64];
  if (s.K == 0)
    std::snprintf(shape, sizeof shape, "training step");
  else
    std::snprintf(shape, sizeof shape, "%dx%dx%d%s%s", s.M, s.K, s.N, s.ta ? " tA" : "", s.tb ? " tB" : "");
  const Rate& r = m.ours;
  char runs[32];
  std::snprintf(runs, sizeof runs, "%d/%d", r.undisturbed, r.samples);
  std::printf("| %-18s | %-20s | %-6s | %7d | %8.1f | %6.1f%% | %8.1f | %11s |", shape, s.what, kernel, threads,
              r.median, 100.0 * r.median / (peak * threads), r.best, runs);
  if (with_blas && m.blas.samples)
    std::printf(" %8.1f | %9.2f |", m.blas.median, r.median / m.blas.median);
  else if (with_blas)
    std::printf(" %8s | %9s |", "-", "-");
  std::printf("\n");
}

int table(int threads, int reps, const bench::Cblas* blas) {
  const char* isa = "";
  const double peak = bench::measure_peak(&isa);
  std::printf("measured single-core %s FMA peak: %.1f GFLOP/s%s\n", isa, peak,
              bench::g_cpu_time ? " (timed by CPU time, except the 2-thread row)" : "");
  if (blas)
    std::printf("compared with %s, %d thread(s), taking turns %s\n", blas->about.c_str(), threads,
                threads == 1 ? "sample by sample" : "in blocks, pausing before ours");
  std::printf("\n| %-18s | %-20s | %-6s | %7s | %8s | %7s | %8s | %11s |", "M x K x N", "product", "kernel",
              "threads", "GFLOP/s", "% peak", "best", "undisturbed");
  if (blas) std::printf(" %8s | %9s |", "BLAS", "ours/BLAS");
  std::printf("\n|%s|%s|%s|%s|%s|%s|%s|%s|", std::string(20, '-').c_str(), std::string(22, '-').c_str(),
              std::string(8, '-').c_str(), std::string(9, '-').c_str(), std::string(10, '-').c_str(),
              std::string(9, '-').c_str(), std::string(10, '-').c_str(), std::string(13, '-').c_str());
  if (blas) std::printf("%s|%s|", std::string(10, '-').c_str(), std::string(11, '-').c_str());
  std::printf("\n");
  const int layers[][2] = {{784, 1000}, {1000, 500}, {500, 250}, {250, 30}};  // (in, out) of 256 x in -> 256 x out
  std::vector<Shape> shapes{{1024, 1024, 1024, false, false, "square"}};
  for (auto [in, out] : layers) shapes.push_back({256, in, out, false, false, "forward Y = X W"});
  for (auto [in, out] : layers) shapes.push_back({in, 256, out, true, false, "backward dW = X^T dY"});
  for (auto [in, out] : layers) shapes.push_back({256, out, in, false, true, "backward dX = dY W^T"});
  ae::gemm_set_threads(threads);
  const bool with_blas = blas != nullptr;
  for (const Shape& s : shapes)
    print_row(s, ae::gemm_kernel_name(), threads, bench::measure_gemm(s, reps, blas), peak, with_blas);
  const Shape step{256, 0, 0, false, false, "all 23 of one step"};
  print_row(step, ae::gemm_kernel_name(), threads, bench::measure_step(std::max(5, reps / 5), blas), peak, with_blas);
  // The two comparison rows (ours only: the BLAS's thread count is fixed when it loads): the AVX2 kernel, and both
  // cores.
  const std::string chosen = ae::gemm_kernel_name();
  if (chosen != "avx2" && ae::gemm_kernel_available("avx2")) {
    ae::gemm_set_kernel("avx2");
    print_row(shapes[0], "avx2", threads, bench::measure_gemm(shapes[0], reps), peak, with_blas);
    ae::gemm_set_kernel(chosen.c_str());
  }
  if (threads != 2) {
    print_row(shapes[0], ae::gemm_kernel_name(), 2, bench::measure_gemm_on(2, shapes[0], reps), peak, with_blas);
    print_row(step, ae::gemm_kernel_name(), 2, bench::measure_step_on(2, std::max(5, reps / 5)), peak, with_blas);
  }
  return 0;
}

// GFLOP/s of kernel_loads.cpp's loop with the loads `which` keeps (kc = 256, operands in L1), sampled as the
// micro-kernel alone is; 0 without AVX-512.
double loads_rate(bench::KernelLoads which, int reps) {
  constexpr int kc = 256, MR = bench::kKernelLoadsMR, NR = bench::kKernelLoadsNR;
  alignas(64) static float a[kc * MR], b[kc * NR], c[MR * NR];  // 64-byte aligned, as the packed buffers are
  std::fill(std::begin(a), std::end(a), 0.5f);
  std::fill(std::begin(b), std::end(b), 0.25f);
  if (!bench::kernel_loads_tile(which, kc, a, b, c)) return 0;
  return bench::measure_call([&] { bench::kernel_loads_tile(which, kc, a, b, c); }, 2.0 * MR * NR * kc, reps).median;
}

// --ladder: the table of common/gemm/README.md for this machine, one idea added per rung, at n x n x n.
int ladder(int n, int reps) {
  const char* isa = "";
  const double peak = bench::measure_peak(&isa);
  const std::string best = ae::gemm_kernel_name();
  std::printf("%d x %d x %d, single-core %s FMA peak %.1f GFLOP/s\n\n", n, n, n, isa, peak);
  std::printf("| rung | GFLOP/s | %% of peak |\n|---|---|---|\n");
  const Shape s{n, n, n, false, false, "square"};
  const auto rung = [&](const std::string& what, int threads, const ae::GemmTuning& tuning, bool reference) {
    ae::gemm_set_tuning(tuning);
    const double rate = bench::measure_gemm_on(threads, s, reference ? std::min(reps, 3) : reps, reference).ours.median;
    std::printf("| %s | %.1f | %.1f%s |\n", what.c_str(), rate, 100.0 * rate / (peak * threads),
                threads > 1 ? " of two cores" : "");
    std::fflush(stdout);
  };
  ae::GemmTuning shallow, one_block;
  shallow.KC = 16;
  one_block.MC = one_block.KC = one_block.NC = n;
  rung("the triple loop (gemm_reference)", 1, {}, true);
  ae::gemm_set_kernel("scalar");
  rung("packing and blocking, plain C++ kernel (scalar)", 1, {}, false);
  ae::gemm_set_kernel(best.c_str());
  rung(best + " kernel, KC = 16", 1, shallow, false);
  rung(best + " kernel, one block of each operand (no cache blocking)", 1, one_block, false);
  rung(best + " kernel, its cache blocks", 1, {}, false);
  ae::gemm_set_threads(1);
  const double ceiling = bench::measure_ukernel(std::max(reps, 5)).median;
  std::printf("| %s micro-kernel alone, operands in L1 (the ceiling) | %.1f | %.1f |\n", best.c_str(), ceiling,
              100.0 * ceiling / peak);
  if (std::thread::hardware_concurrency() > 1) rung(best + " kernel, its cache blocks, two threads", 2, {}, false);
  // What the ceiling loses to the peak: the same loop with its loads, and with some of them replaced by values
  // held in registers (kernel_loads.hpp). Where none of these reaches the peak either, the FMAs are the limit.
  const int MR = bench::kKernelLoadsMR, NV = bench::kKernelLoadsNR / 16;
  const std::string loop = "the AVX-512 " + std::to_string(MR) + " x " + std::to_string(16 * NV) + " loop alone";
  const std::pair<bench::KernelLoads, std::string> variants[] = {
      {bench::KernelLoads::all, "every load: " + std::to_string(NV) + " of B~ and " + std::to_string(MR) +
                                    " broadcasts of A~ per " + std::to_string(MR * NV) + " FMAs"},
      {bench::KernelLoads::no_b, "B~ held in registers: the " + std::to_string(MR) + " broadcasts alone"},
      {bench::KernelLoads::no_a, "A~ held in registers: the " + std::to_string(NV) + " loads of B~ alone"},
      {bench::KernelLoads::none, "no loads"}};
  for (const auto& [which, what] : variants) {
    const double rate = loads_rate(which, std::max(reps, 5));
    if (rate == 0) break;  // no AVX-512 here
    std::printf("| %s (kc = 256), %s | %.1f | %.1f |\n", loop.c_str(), what.c_str(), rate, 100.0 * rate / peak);
  }
  return 0;
}

void usage(std::FILE* out) {
  std::fprintf(
      out,
      "usage: bench_gemm --m M --k K --n N [--ta] [--tb] [--threads T] [--kernel NAME] [--reps R] [--cpu-time]\n"
      "                  [--blas LIB] [--reference] [--mc MC] [--kc KC] [--nc NC] [--path packed|small|auto]\n"
      "                  [--pack-b]\n"
      "       bench_gemm --peak [--cpu-time]\n"
      "       bench_gemm --ladder [--size N] [--reps R] [--cpu-time]\n"
      "       bench_gemm --table [--threads T] [--kernel NAME] [--reps R] [--cpu-time] [--blas LIB]\n"
      "                  [--mc MC] [--kc KC] [--nc NC]\n"
      "  C (M, N) := op(A) (M, K) op(B) (K, N); --ta / --tb store A / B transposed.\n"
      "  Prints the median GFLOP/s of R runs (default 51, of >= 1 ms each; with 1 thread, of those not\n"
      "  interrupted by a context switch if there are 5 or more) as the last line: gflops <value>.\n"
      "  With T > 1 each shape first runs 0.2 s of untimed products, while the threads spread over the cores.\n"
      "  --peak: single-core FMA peak (AVX-512 if present), last line: peak_gflops <value>.\n"
      "  --table: 1024^3 and the layer shapes 784-1000-500-250-30 (batch 256), forward and backward, and all\n"
      "    23 products of one training step; then (ours only) 1024^3 with the AVX2 kernel and, with one\n"
      "    thread, 1024^3 and the training step on two.\n"
      "  --threads defaults to 1; --kernel is one of scalar, avx2, avx512, neon (default: the CPU's best).\n"
      "  --cpu-time: time by the thread's CPU time, not the wall clock (a machine busy with other jobs).\n"
      "  --blas LIB: also time the CBLAS library LIB (opened at run time, e.g. libopenblas.so.0 or libblis.so.4,\n"
      "    with T threads), taking turns (sample by sample; with T > 1 in blocks of 10 ms samples, pausing before\n"
      "    ours); prints max_rel_diff_to_blas (the two products' largest difference over the largest |C|),\n"
      "    blas_gflops and ratio_to_blas before gflops.\n"
      "  --ladder: the ladder of common/gemm/README.md for this machine, at N x N x N (default 1024): the\n"
      "    triple loop, then packing and blocking, the SIMD kernel with KC = 16, without cache blocking, with its\n"
      "    blocks, the micro-kernel alone on operands in L1 (the ceiling of the rungs before it), and on two\n"
      "    threads; with AVX-512, the kernel's loop with some of its loads replaced by registers (what its\n"
      "    loads cost); a Markdown table of GFLOP/s and %% of the measured peak.\n"
      "  --reference: time the specification instead, ae::gemm_reference: the plain triple loop (one thread,\n"
      "    no blocking, packing or SIMD), to see what all of them buy together.\n"
      "  --mc, --kc, --nc: cache blocks instead of the kernel's (MC rows of op(A), KC deep, NC columns of op(B);\n"
      "    MC and NC rounded up to the register tile), to see what blocking buys. The blocks in force are\n"
      "    printed; a product cuts each dimension into near-equal blocks no larger (K = 784 as 4 x 196).\n"
      "  --path: force the packed BLIS loops or the small-product path that reads op(A) in place (default: auto,\n"
      "    the library's choice by shape). --pack-b: always pack op(B), never read it in place.\n");
}

bool parse_int(const char* text, int& out) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (!*text || *end || v < 1 || v > 1'000'000) return false;
  out = static_cast<int>(v);
  return true;
}

// A command line the program refuses: the message, the usage, status 2.
int misuse(const std::string& message) {
  std::fprintf(stderr, "bench_gemm: %s\n", message.c_str());
  usage(stderr);
  return 2;
}

int bench_main(int argc, char** argv) {
  Shape s{0, 0, 0, false, false, ""};
  int threads = 1, reps = 51;
  bool peak = false, want_table = false, reference = false, want_ladder = false;
  int ladder_size = 1024;
  bool size_given = false, reps_given = false;
  ae::GemmTuning tuning;
  std::string kernel, blas_library;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](int& out) {
      if (i + 1 < argc && parse_int(argv[i + 1], out)) return ++i, true;
      return false;
    };
    bool ok = true;
    if (arg == "--help" || arg == "-h") return usage(stdout), 0;
    if (arg == "--m") ok = value(s.M);
    else if (arg == "--k") ok = value(s.K);
    else if (arg == "--n") ok = value(s.N);
    else if (arg == "--threads") ok = value(threads);
    else if (arg == "--reps") ok = reps_given = value(reps);
    else if (arg == "--ta") s.ta = true;
    else if (arg == "--tb") s.tb = true;
    else if (arg == "--peak") peak = true;
    else if (arg == "--table") want_table = true;
    else if (arg == "--cpu-time") bench::g_cpu_time = true;
    else if (arg == "--reference") reference = true;
    else if (arg == "--ladder") want_ladder = true;
    else if (arg == "--size") ok = size_given = value(ladder_size);
    else if (arg == "--mc") ok = value(tuning.MC);
    else if (arg == "--kc") ok = value(tuning.KC);
    else if (arg == "--nc") ok = value(tuning.NC);
    else if (arg == "--pack-b") tuning.b_in_place = false;
    else if (arg == "--path" && i + 1 < argc) {
      const std::string p = argv[++i];
      ok = p == "packed" || p == "small" || p == "auto";
      tuning.path = p == "packed" ? ae::GemmPath::packed : p == "small" ? ae::GemmPath::small : ae::GemmPath::automatic;
    } else if (arg == "--kernel" && i + 1 < argc) kernel = argv[++i];
    else if (arg == "--blas" && i + 1 < argc) blas_library = argv[++i];
    else ok = false;
    if (!ok) return misuse("bad argument '" + std::string(argv[i]) + "'");
  }
  if (bench::g_cpu_time && threads != 1) return misuse("--cpu-time needs --threads 1");
  const bool tuned = tuning.MC > 0 || tuning.KC > 0 || tuning.NC > 0 || tuning.path != ae::GemmPath::automatic ||
                     !tuning.b_in_place;
  const bool shape_given = s.M || s.K || s.N || s.ta || s.tb;
  if (want_ladder && (want_table || peak || reference || threads != 1 || !kernel.empty() || !blas_library.empty() ||
                      tuned || shape_given))
    return misuse("--ladder takes only --size, --reps and --cpu-time");
  if (want_ladder) return ladder(ladder_size, reps);
  if (size_given) return misuse("--size goes with --ladder (one shape: --m, --k, --n)");
  if (peak && (want_table || reference || threads != 1 || !kernel.empty() || !blas_library.empty() || tuned ||
               reps_given || shape_given))
    return misuse("--peak takes only --cpu-time");
  if (want_table && shape_given)
    return misuse("--table times its own shapes (one shape: --m, --k, --n without --table)");
  if (reference && (want_table || peak || threads != 1 || !kernel.empty() || tuned))
    return misuse("--reference times one shape on one thread, with no kernel or cache blocks");
  if (!kernel.empty() && !ae::gemm_set_kernel(kernel.c_str()))
    return misuse("kernel '" + kernel + "' is not available on this CPU");
  if (peak) {
    const char* isa = "";
    const double p = bench::measure_peak(&isa);
    std::printf("single-core %s FMA peak\npeak_gflops %.1f\n", isa, p);
    return 0;
  }
  if (!want_table && (s.M == 0 || s.K == 0 || s.N == 0)) return misuse("--m, --k and --n are required");
  bench::Cblas blas;
  if (!blas_library.empty()) {
    std::string error;
    if (!bench::open_cblas(blas_library, threads, blas, error)) {
      std::fprintf(stderr, "bench_gemm: --blas: %s\n", error.c_str());
      return 2;
    }
  }
  const bench::Cblas* compare = blas_library.empty() ? nullptr : &blas;
  ae::gemm_set_tuning(tuning);
  if (want_table) return table(threads, reps, compare);
  ae::gemm_set_threads(threads);
  const Measured m = bench::measure_gemm(s, reps, compare, reference);
  const Rate& r = m.ours;
  const ae::GemmBlocking b = ae::gemm_blocking();
  if (reference)
    std::printf("%dx%dx%d%s%s reference triple loop", s.M, s.K, s.N, s.ta ? " tA" : "", s.tb ? " tB" : "");
  else
    std::printf("%dx%dx%d%s%s kernel %s (MR x NR %d x %d, MC %d, KC %d, NC %d) threads %d", s.M, s.K, s.N,
                s.ta ? " tA" : "", s.tb ? " tB" : "", ae::gemm_kernel_name(), b.MR, b.NR, b.MC, b.KC, b.NC, threads);
  std::printf(": %d samples, %d undisturbed\n", r.samples, r.undisturbed);
  if (compare)
    std::printf("%s: %d samples, %d undisturbed, best %.1f\nmax_rel_diff_to_blas %.2g\nblas_gflops %.1f\n"
                "ratio_to_blas %.3f\n",
                blas.about.c_str(), m.blas.samples, m.blas.undisturbed, m.blas.best, m.max_diff, m.blas.median,
                r.median / m.blas.median);
  std::printf("best_gflops %.1f\ngflops %.1f\n", r.best, r.median);
  return 0;
}

}  // namespace

// An exception (say, a block-size table edited to a tile the packing has no case for) ends the program with its
// message and status 1, not a crash.
int main(int argc, char** argv) {
  return ae::run_program("bench_gemm", [&] { return bench_main(argc, argv); });
}
