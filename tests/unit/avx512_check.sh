#!/usr/bin/env bash
# The AVX-512 paths on a CPU without AVX-512: builds the GEMM (common/gemm), Adam (common/nn/optim.cpp, with the
# tensor and autodiff it needs) and their unit tests (test_gemm, test_rng_optim) with AVX-512F emulated in plain C++
# (tests/unit/avx512_emulation.hpp), checks that no object holds a real AVX-512 instruction, and runs the tests:
# the emulated "avx512" kernel, its packing and its Adam are then tested against the references like every other
# path. Built with AddressSanitizer and UndefinedBehaviorSanitizer, so a masked load or store that strays outside
# its buffer is caught. On a CPU with AVX-512 the real instructions are tested by the ordinary unit tests.
#   tests/unit/avx512_check.sh [OUT_DIR]     exit 0: passed, 1: failed, 77: skipped (not x86-64, or no objdump)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-${TMPDIR:-/tmp}/ae_avx512_check}
CXX=${CXX:-g++}
source "$ROOT/tests/unit/compile_objects.sh"
[ "$(uname -m)" = x86_64 ] || { echo "avx512_check: skipped, not an x86-64 machine"; exit 77; }
command -v objdump >/dev/null || { echo "avx512_check: skipped, no objdump (apt-get install binutils)"; exit 77; }
FLAGS=(-std=c++20 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -pthread -Wall -Wextra -Werror
  -I "$ROOT/common" -include "$ROOT/tests/unit/avx512_emulation.hpp" -DAE_TARGET_AVX512=)
mkdir -p "$OUT"

# The slowest to compile first, so that the two compilers stay busy to the end.
sources=("$ROOT"/tests/unit/{test_gemm,doctest_main,test_rng_optim}.cpp "$ROOT"/common/gemm/*.cpp
  "$ROOT"/common/nn/optim.cpp "$ROOT"/common/util/fp_mode.cpp "$ROOT"/common/tensor.cpp "$ROOT"/common/autodiff/*.cpp)
# The other kernels keep their real instructions (the AVX2 one its isa_flags.cmake flags).
compile_objects --without-isa-flags ukernel_avx512.cpp "${sources[@]}"

# The paths simd_level() steers (the GEMM's and Adam's) must hold no real AVX-512 instruction: none may start with
# the EVEX prefix, byte 0x62 (in 64-bit code only AVX-512 instructions do; a segment or address-size prefix may come
# first). Registers are not enough to tell: EVEX forms of moves on xmm0..15 show nothing else. (autodiff/vmath.cpp's
# target_clones are left alone: the loader picks their version from the real CPU's features.)
echo "== checking that the GEMM and Adam hold no AVX-512 instruction (EVEX prefix)"
evex='^ *[0-9a-f]+:\s+(6[4-7] )?62 '
found=$(objdump -d --insn-width=16 "$OUT"/gemm_*.o "$OUT"/nn_optim.o | { grep -E "$evex" || true; })
if [ -n "$found" ]; then
  echo "$found" | head -5
  echo "avx512_check: FAILED, the emulation build holds $(echo "$found" | wc -l) real AVX-512 instructions"
  exit 1
fi

echo "== linking test_gemm and test_rng_optim, on emulated AVX-512F"
"$CXX" "${FLAGS[@]}" "${objects[@]}" -o "$OUT/test_avx512_emulated"
echo "== running (the avx512 kernel is the default here; the tests force every kernel in turn)"
"$OUT/test_avx512_emulated"
