#!/usr/bin/env bash
# run_fuzzers.sh [SECONDS] [BUILD_DIR]: builds the libFuzzer harnesses with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer on) and runs each for SECONDS (default 30) from its seed corpus in tests/fuzz/corpus/.
# A crash leaves fuzz_NAME-crash-* files in BUILD_DIR/fuzz: copy them into the corpus as regression tests.
# Exit 77 (skipped) when clang or libFuzzer is missing.
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
# One harness: SECONDS_EACH seconds from its seed corpus; its crash, leak, timeout or oom inputs are written to
# BUILD/fuzz as fuzz_NAME-crash-* etc. Exit 0 if it found nothing.
run_one() {
  local h=$1 work
  work=$(mktemp -d)
  cp "$HERE/corpus/$h"/* "$work"/ 2>/dev/null || true
  rm -f "$BUILD/fuzz/fuzz_$h"-crash-* "$BUILD/fuzz/fuzz_$h"-leak-* "$BUILD/fuzz/fuzz_$h"-timeout-* \
    "$BUILD/fuzz/fuzz_$h"-oom-*
  local rc=0
  (cd "$BUILD/fuzz" && ./fuzz_$h -max_total_time="$SECONDS_EACH" -rss_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$BUILD/fuzz/fuzz_$h-" "$work" "$HERE/corpus/$h" > "$BUILD/fuzz/fuzz_$h.log" 2>&1) || rc=$?
  rm -rf "$work"
  return $rc
}
# The harnesses are single-threaded: run as many at once as there are cores (the test runs alone, RUN_SERIAL).
harnesses=(idx checkpoint mnist_json cli)
at_once=$(nproc)
status=0
for ((i = 0; i < ${#harnesses[@]}; i += at_once)); do
  batch=("${harnesses[@]:i:at_once}")
  pids=()
  for h in "${batch[@]}"; do
    echo "== fuzz_$h for ${SECONDS_EACH}s"
    run_one "$h" &
    pids+=($!)
  done
  for j in "${!batch[@]}"; do
    h=${batch[$j]}
    if wait "${pids[$j]}"; then
      echo "fuzz_$h: $(grep -E "stat::number_of_executed_units" "$BUILD/fuzz/fuzz_$h.log" || true)"
    else
      echo "FAIL: fuzz_$h found a problem (log: $BUILD/fuzz/fuzz_$h.log):"
      grep -E "ERROR|SUMMARY|Test unit written" "$BUILD/fuzz/fuzz_$h.log" | head -5
      status=1
    fi
  done
done
exit $status
