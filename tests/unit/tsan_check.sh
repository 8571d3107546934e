#!/usr/bin/env bash
# The GEMM's threads under ThreadSanitizer: builds common/gemm (each micro-kernel file with its instruction-set flags,
# read from isa_flags.cmake) with the GEMM and thread-pool unit tests, -fsanitize=thread, and runs them; then the
# autodiff tests, whose ops and losses share their elementwise work over the GEMM's threads (gemm/parallel.hpp).
# Any data race ThreadSanitizer sees fails the test.
#   tests/unit/tsan_check.sh [OUT_DIR]     exit 0: passed, 1: failed, 77: skipped (compiler without -fsanitize=thread)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-${TMPDIR:-/tmp}/ae_tsan_check}
CXX=${CXX:-g++}
source "$ROOT/tests/unit/compile_objects.sh"
FLAGS=(-std=c++20 -O1 -g -fsanitize=thread -pthread -Wall -Wextra -Werror -I "$ROOT/common")
mkdir -p "$OUT"

echo 'int main() {}' > "$OUT/probe.cpp"
"$CXX" -fsanitize=thread "$OUT/probe.cpp" -o "$OUT/probe" 2>/dev/null && "$OUT/probe" ||
  { echo "tsan_check: skipped, $CXX cannot build or run with -fsanitize=thread"; exit 77; }

echo "== building test_gemm and test_thread_pool with -fsanitize=thread"
# The slowest to compile first, so that the two compilers stay busy to the end.
compile_objects "$ROOT"/tests/unit/{test_gemm,doctest_main,test_thread_pool}.cpp "$ROOT"/common/gemm/*.cpp \
  "$ROOT"/common/util/fp_mode.cpp
"$CXX" "${FLAGS[@]}" "${objects[@]}" -o "$OUT/test_gemm_tsan"
echo "== running"
TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$OUT/test_gemm_tsan"

echo "== building test_autodiff with -fsanitize=thread"
gemm_objects=()
for o in "${objects[@]}"; do [[ $o == */unit_test_* ]] || gemm_objects+=("$o"); done  # the library and main()
# vmath.cpp picks its SIMD path through ifunc resolvers (target_clones), which the dynamic loader runs before
# ThreadSanitizer's runtime is up: instrumented, they crash at start-up. It has no threads of its own, so it is
# compiled without -fsanitize=thread.
autodiff=()
for src in "$ROOT"/common/autodiff/*.cpp; do [ "$(basename "$src")" = vmath.cpp ] || autodiff+=("$src"); done
compile_objects "$ROOT"/tests/unit/test_autodiff.cpp "${autodiff[@]}" "$ROOT"/common/tensor.cpp \
  "$ROOT"/common/util/errors.cpp
plain=()
for f in "${FLAGS[@]}"; do [ "$f" = -fsanitize=thread ] || plain+=("$f"); done
"$CXX" "${plain[@]}" -c "$ROOT/common/autodiff/vmath.cpp" -o "$OUT/autodiff_vmath.o"
"$CXX" "${FLAGS[@]}" "${objects[@]}" "$OUT/autodiff_vmath.o" "${gemm_objects[@]}" -o "$OUT/test_autodiff_tsan"
echo "== running"
TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$OUT/test_autodiff_tsan"
