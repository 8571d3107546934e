#!/usr/bin/env bash
# The NEON micro-kernel, tested on an x86 machine: cross-compiles the GEMM (common/gemm/*.cpp) and its unit test
# (tests/unit/test_gemm.cpp, which forces every kernel the CPU offers: here scalar and neon) for aarch64, and runs
# the test under qemu.
#   tests/bench/neon_check.sh [OUT_DIR]     exit 0: passed, 1: failed, 77: skipped (no cross compiler or qemu)
# Needs:  apt-get install g++-aarch64-linux-gnu qemu-user     (doctest is header-only: /usr/include/doctest)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-${TMPDIR:-/tmp}/ae_neon_check}
CXX=${AE_AARCH64_CXX:-aarch64-linux-gnu-g++}
QEMU=${AE_QEMU_AARCH64:-qemu-aarch64}

command -v "$CXX" >/dev/null || { echo "neon_check: skipped, no $CXX (apt-get install g++-aarch64-linux-gnu)"; exit 77; }
command -v "$QEMU" >/dev/null || { echo "neon_check: skipped, no $QEMU (apt-get install qemu-user)"; exit 77; }
[ -f /usr/include/doctest/doctest.h ] || { echo "neon_check: skipped, no /usr/include/doctest/doctest.h"; exit 77; }

# Only doctest from the host's /usr/include: adding all of it would mix x86 glibc headers into the cross build.
mkdir -p "$OUT/include"
ln -sfn /usr/include/doctest "$OUT/include/doctest"

echo "== cross-compiling common/gemm and tests/unit/test_gemm.cpp for aarch64"
source "$ROOT/tests/unit/compile_objects.sh"
TARGET_ARCH=aarch64  # no x86 flags from isa_flags.cmake
FLAGS=(-std=c++20 -O2 -Wall -Wextra -Werror -pthread -I "$ROOT/common" -I "$OUT/include")
# The slowest to compile first, so that the two compilers stay busy to the end.
compile_objects "$ROOT"/tests/unit/{test_gemm,doctest_main}.cpp "$ROOT"/common/gemm/*.cpp \
  "$ROOT"/common/util/fp_mode.cpp
"$CXX" "${FLAGS[@]}" -static "${objects[@]}" -o "$OUT/test_gemm_aarch64"

echo "== running under $QEMU"
"$QEMU" "$OUT/test_gemm_aarch64"
