#!/usr/bin/env bash
# run_fuzzers.sh [SECONDS] [BUILD_DIR]: builds the libFuzzer harnesses with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer on) and runs each for SECONDS (default 30) from its seed corpus in tests/fuzz/corpus/.
# A crash leaves crash-* files in BUILD_DIR/fuzz: copy them into the corpus as regression tests. Exit 77 (skipped)
# when clang or libFuzzer is missing.
set -euo pipefail
SECONDS_EACH=${1:-30}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${2:-$ROOT/build-fuzz}
if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "SKIPPED: clang++ with libFuzzer (packages clang, libclang-rt-dev) is not installed"
  exit 77
fi
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAE_FUZZ=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target fuzz_idx fuzz_checkpoint fuzz_mnist_json fuzz_cli >/dev/null
status=0
for h in idx checkpoint mnist_json cli; do
  work=$(mktemp -d)
  cp "$HERE/corpus/$h"/* "$work"/ 2>/dev/null || true
  echo "== fuzz_$h for ${SECONDS_EACH}s"
  rm -f "$BUILD/fuzz"/crash-* "$BUILD/fuzz"/leak-* "$BUILD/fuzz"/timeout-* "$BUILD/fuzz"/oom-*
  if (cd "$BUILD/fuzz" && ./fuzz_$h -max_total_time="$SECONDS_EACH" -rss_limit_mb=1024 -print_final_stats=1 \
        "$work" "$HERE/corpus/$h" > "$BUILD/fuzz/fuzz_$h.log" 2>&1); then
    grep -E "stat::number_of_executed_units" "$BUILD/fuzz/fuzz_$h.log" || true
  else
    echo "FAIL: fuzz_$h found a problem (log: $BUILD/fuzz/fuzz_$h.log):"
    grep -E "ERROR|SUMMARY|Test unit written" "$BUILD/fuzz/fuzz_$h.log" | head -5
    status=1
  fi
  rm -rf "$work"
done
exit $status
