#!/usr/bin/env bash
# Tests of check_targets.sh's judgement, which must not depend on the machine it runs on: stand-ins for bench_gemm
# and bench_train print chosen numbers in the real programs' formats, and each case checks the exit status and a
# line of the report. A last case runs the real programs briefly (--reps 3 --limit 512) and checks only that every
# row of the report has a measured number, so that a change to the benchmarks' output cannot break the check
# unseen; it never judges this machine's speed.
#   tests/bench/check_targets_test.sh BIN_DIR      (BIN_DIR: the real bench_gemm and bench_train)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
check=$here/check_targets.sh
real_bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# The stand-ins read their numbers from the environment: KERNEL (the chosen kernel), RATE (GFLOP/s at every shape
# and kernel), SLOW_SHAPE and SLOW_RATE (one shape's own rate), DROP_SHAPE (a row left out), AVX2_RATE,
# SECONDS_PER_EPOCH, RSS and IMAGES; BROKEN=1 prints something else entirely.
mkdir -p "$work/bin"
cat >"$work/bin/bench_gemm" <<'EOF'
#!/usr/bin/env bash
[ "${BROKEN:-0}" = 1 ] && { echo "something else entirely"; exit 0; }
echo "measured single-core ${KERNEL} FMA peak: 230.0 GFLOP/s"
echo
echo "| M x K x N | product | kernel | threads | GFLOP/s | % peak | best | undisturbed |"
echo "|---|---|---|---|---|---|---|---|"
for shape in 1024x1024x1024 256x784x1000 256x1000x500 256x500x250 256x250x30 "784x256x1000 tA" "1000x256x500 tA" \
             "500x256x250 tA" "250x256x30 tA" "256x1000x784 tB" "256x500x1000 tB" "256x250x500 tB" "256x30x250 tB"; do
  [ "$shape" = "${DROP_SHAPE:-}" ] && continue
  rate=$RATE
  [ "$shape" = "${SLOW_SHAPE:-}" ] && rate=$SLOW_RATE
  echo "| $shape | some product | $KERNEL | 1 | $rate | 90.0% | $rate | 51/51 |"
done
echo "| training step | all 23 of one step | $KERNEL | 1 | $RATE | 90.0% | $RATE | 10/10 |"
[ "$KERNEL" != avx2 ] && echo "| 1024x1024x1024 | square | avx2 | 1 | $AVX2_RATE | 40.0% | $AVX2_RATE | 51/51 |"
echo "| 1024x1024x1024 | square | $KERNEL | 2 | 1.0 | 90.0% | 1.0 | 51/51 |"
EOF
cat >"$work/bin/bench_train" <<'EOF'
#!/usr/bin/env bash
printf 'images %s\nseconds_per_epoch %s\npeak_rss_mb %s\n' "${IMAGES:-60000}" "$SECONDS_PER_EPOCH" "${RSS:-170}"
EOF
chmod +x "$work/bin/bench_gemm" "$work/bin/bench_train"

# expect NAME STATUS PATTERN [VAR=VALUE ...] [-- ARG ...]: check_targets on the stand-ins, with the variables set
# (to numbers that meet every target unless given) and the arguments (default: the stand-ins' folder).
expect() {
  local name=$1 want=$2 pattern=$3 out got vars=() args=("$work/bin")
  shift 3
  while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
  [ $# -gt 0 ] && shift && args=("$@")
  out=$(env KERNEL=avx512 RATE=205 AVX2_RATE=99 SECONDS_PER_EPOCH=5.1 "${vars[@]}" "$check" "${args[@]}" 2>&1)
  got=$?
  if [ "$got" -ne "$want" ] || ! echo "$out" | grep -qE -- "$pattern"; then
    echo "FAIL: $name: exit $got (expected $want), output should match /$pattern/:"
    echo "$out" | sed 's/^/  /'
    failures=$((failures + 1))
  else
    echo "ok: $name"
  fi
}

expect "all met on AVX-512" 0 "all 16 targets judged were met"
expect "one layer shape below 200" 1 "256x1000x784 tB \| >= 200 GFLOP/s \| 195.7 \| missed" \
  SLOW_SHAPE="256x1000x784 tB" SLOW_RATE=195.7
expect "exactly 200 is enough" 0 "256x784x1000 \| >= 200 GFLOP/s \| 200 \| met" SLOW_SHAPE=256x784x1000 SLOW_RATE=200
expect "the code layer is held to 120" 0 "256x30x250 tB \(code layer\) \| >= 120 GFLOP/s \| 121 \| met" \
  SLOW_SHAPE="256x30x250 tB" SLOW_RATE=121
expect "the code layer below 120" 1 "250x256x30 tA \(code layer\) \| >= 120 GFLOP/s \| 119 \| missed" \
  SLOW_SHAPE="250x256x30 tA" SLOW_RATE=119
expect "the forced AVX2 kernel below 95" 1 "AVX2 kernel forced \| >= 95 GFLOP/s \| 94.9 \| missed" AVX2_RATE=94.9
expect "an epoch of 7 s is not under 7" 1 "seconds per epoch \| < 7 s \| 7 \| missed" SECONDS_PER_EPOCH=7
expect "250 MB is not under 250" 1 "peak RSS \| < 250 MB \| 250 \| missed" RSS=250
expect "no AVX-512: speed not judged" 3 \
  "1024x1024x1024 \| >= 200 GFLOP/s \| 95 \| n/a \(no AVX-512\); scaled to this peak: >= 204.4, missed" \
  KERNEL=avx2 RATE=95 SECONDS_PER_EPOCH=30
expect "no AVX-512: memory still judged" 1 "peak RSS \| < 250 MB \| 300 \| missed" KERNEL=avx2 RSS=300
expect "a part of the data: the epoch not judged" 0 "seconds per epoch \| < 7 s \| 9 s on 1000 images \| not judged" \
  IMAGES=1000 SECONDS_PER_EPOCH=9
expect "a row missing" 1 "256x500x250 \| >= 200 GFLOP/s \| - \| not measured" DROP_SHAPE=256x500x250
expect "unreadable output" 1 "could not read the benchmarks' output" BROKEN=1
expect "a bad flag" 2 "unknown flag --fast" -- "$work/bin" --fast
expect "a flag without its value" 2 "--reps needs a value" -- "$work/bin" --reps
expect "no programs" 1 "no executable /nonexistent/bench_gemm" -- /nonexistent

# The real programs, briefly: every row measured (a number in the third column), whatever the verdicts.
out=$("$check" "$real_bin" --reps 3 --limit 512 2>&1)
got=$?
rows=$(echo "$out" | grep -cE '^\| (GFLOP/s|bench_train) ')
numbered=$(echo "$out" | awk -F'|' '/^\| (GFLOP\/s|bench_train) / && $4 ~ /^ [0-9]/' | wc -l)
if { [ "$got" -ne 0 ] && [ "$got" -ne 1 ] && [ "$got" -ne 3 ]; } || [ "$rows" -ne 16 ] || [ "$numbered" -ne 16 ]; then
  echo "FAIL: the real benchmarks: exit $got, $rows rows, $numbered with a measured number (expected 16 and 16):"
  echo "$out" | sed 's/^/  /'
  failures=$((failures + 1))
else
  echo "ok: the real benchmarks give a measured number in every row (exit $got)"
fi
[ "$failures" -eq 0 ] || { echo "$failures case(s) failed"; exit 1; }
