#!/usr/bin/env bash
# Tests of check_targets.sh's judgement, which must not depend on the machine it runs on: stand-ins for bench_gemm
# and bench_train print chosen numbers in the real programs' formats, stand-in cpuinfo files describe the machine
# (AVX-512, AVX2 only, aarch64, one core), and each case checks the exit status and a line of the report. A last
# case runs the real programs briefly (--reps 3 --limit 512 --epochs 1) and checks only that every row of the
# report has a measured number, so that a change to the benchmarks' output cannot break the check unseen; it never
# judges this machine's speed.
#   tests/bench/check_targets_test.sh BIN_DIR      (BIN_DIR: the real bench_gemm and bench_train)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
check=$here/check_targets.sh
real_bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# The stand-ins read their numbers from the environment. bench_gemm: PEAK, RATE (GFLOP/s of every row), SLOW_SHAPE
# and SLOW_RATE (one row's own rate), RATIO (ours / the BLAS on every row), RATIO_SHAPE and RATIO_SLOW (one row's
# own), RATE2 (both 2-thread rows), DROP_SHAPE (a row left out), BROKEN=1 (something else entirely).
# bench_gemm --peak: LATE_PEAK (default PEAK). bench_gemm --m (one product): BLAS_<core type> (OpenBLAS's rate
# with that OPENBLAS_CORETYPE, default 100; "fail": the run fails). bench_train: TRAIN_PEAK (its own peak, default
# 120), SHARE_AE, SHARE_VAE (share of its own peak), OTHER_AE (share of the epoch outside the products), SPEEDUP
# (epoch time on one thread over two), RSS_AE, RSS_VAE, ALLOCS_VAE, IMAGES.
mkdir -p "$work/bin"
cat >"$work/bin/bench_gemm" <<'EOF'
#!/usr/bin/env bash
if [ "$1" = --m ]; then  # one product (check_targets's kernel choice): OpenBLAS's rate is BLAS_<core type>
  v="BLAS_${OPENBLAS_CORETYPE:-auto}" && blas_rate=${!v:-100}
  [ "$blas_rate" = fail ] && exit 1
  printf 'blas_gflops %s\ngflops %s\n' "$blas_rate" "$RATE"
  exit 0
fi
[ "${BROKEN:-0}" = 1 ] && { echo "something else entirely"; exit 0; }
blas=0
for a in "$@"; do [ "$a" = --blas ] && blas=1; done
for a in "$@"; do [ "$a" = --peak ] && { echo "peak_gflops ${LATE_PEAK:-$PEAK}"; exit 0; }; done
echo "measured single-core avx512 FMA peak: $PEAK GFLOP/s"
[ $blas = 1 ] && echo "compared with libfake.so (kernels for ${OPENBLAS_CORETYPE:-auto-detected}), 1 thread(s), taking turns"
echo
echo "| M x K x N | product | kernel | threads | GFLOP/s | % peak | best | undisturbed |$([ $blas = 1 ] && echo ' BLAS | ours/BLAS |')"
echo "|---|---|---|---|---|---|---|---|$([ $blas = 1 ] && echo '---|---|')"
for shape in 1024x1024x1024 256x784x1000 256x1000x500 256x500x250 256x250x30 "784x256x1000 tA" "1000x256x500 tA" \
             "500x256x250 tA" "250x256x30 tA" "256x1000x784 tB" "256x500x1000 tB" "256x250x500 tB" "256x30x250 tB" \
             "training step"; do
  [ "$shape" = "${DROP_SHAPE:-}" ] && continue
  rate=$RATE ratio=$RATIO
  [ "$shape" = "${SLOW_SHAPE:-}" ] && rate=$SLOW_RATE
  [ "$shape" = "${RATIO_SHAPE:-}" ] && ratio=$RATIO_SLOW
  extra=""
  [ $blas = 1 ] && extra=$(awk -v r="$rate" -v q="$ratio" 'BEGIN { printf " %.1f | %.2f |", r / q, q }')
  echo "| $shape | some product | avx512 | 1 | $rate | 90.0% | $rate | 51/51 |$extra"
done
echo "| 1024x1024x1024 | square | avx2 | 1 | 1.0 | 1.0% | 1.0 | 51/51 |$([ $blas = 1 ] && echo ' - | - |')"
echo "| 1024x1024x1024 | square | avx512 | 2 | $RATE2 | 90.0% | $RATE2 | 51/51 |$([ $blas = 1 ] && echo ' - | - |')"
echo "| training step | all 23 of one step | avx512 | 2 | $RATE2 | 90.0% | $RATE2 | 5/5 |$([ $blas = 1 ] && echo ' - | - |')"
EOF
cat >"$work/bin/bench_train" <<'EOF'
#!/usr/bin/env bash
model=ae threads=1
while [ $# -gt 0 ]; do
  case "$1" in --model) model=$2 ;; --threads) threads=$2 ;; esac
  shift
done
share=$SHARE_AE other=$OTHER_AE rss=${RSS_AE:-170} allocs=0
[ "$model" = vae ] && share=$SHARE_VAE other=0.3 rss=${RSS_VAE:-80} allocs=${ALLOCS_VAE:-0}
seconds=10
[ "$threads" = 2 ] && seconds=$(awk -v s="$SPEEDUP" 'BEGIN { print 10 / s }')
printf 'model %s\nthreads %s\nimages %s\n' "$model" "$threads" "${IMAGES:-60000}"
printf 'heap_allocations_per_step %s\nheap_allocations_per_batch_copy 0\n' "$allocs"
printf 'gemm_seconds_per_epoch %s\n' "$(awk -v s="$seconds" -v o="$other" 'BEGIN { print s * (1 - o) }')"
printf 'other_seconds_per_epoch %s\n' "$(awk -v s="$seconds" -v o="$other" 'BEGIN { print s * o }')"
printf 'peak_gflops %s (avx512, one core)\nshare_of_peak %s\nseconds_per_epoch %s\npeak_rss_mb %s\n' "${TRAIN_PEAK:-120}" "$share" \
  "$seconds" "$rss"
EOF
chmod +x "$work/bin/bench_gemm" "$work/bin/bench_train"

# Stand-in machines, as /proc/cpuinfo describes them.
cpu() {  # cpu FILE CORES VENDOR FLAGS
  for ((i = 0; i < $2; i++)); do
    printf 'processor\t: %d\nvendor_id\t: %s\ncpu family\t: 25\nmodel\t\t: 17\nmodel name\t: Stand-in CPU\n' "$i" "$3"
    printf 'flags\t\t: fpu sse sse2 %s\n\n' "$4"
  done >"$work/$1"
}
cpu avx512 2 AuthenticAMD "avx avx2 fma avx512f avx512dq avx512bw avx512vl avx512_bf16"
cpu avx2_amd 2 AuthenticAMD "avx avx2 fma"
cpu avx2_intel 2 GenuineIntel "avx avx2 fma"
cpu one_core 1 GenuineIntel "avx avx2 fma avx512f avx512dq avx512bw avx512vl"
printf 'processor\t: 0\nFeatures\t: fp asimd evtstrm sve\nCPU implementer\t: 0x41\nCPU part\t: 0xd40\n\n' >"$work/arm"
printf 'processor\t: 1\nFeatures\t: fp asimd evtstrm sve\nCPU implementer\t: 0x41\nCPU part\t: 0xd40\n' >>"$work/arm"

# expect NAME STATUS PATTERN [VAR=VALUE ...] [-- ARG ...]: check_targets on the stand-ins, with the variables set
# (to numbers that meet every target unless given) and the arguments (default: the stand-ins' folder, with a BLAS).
expect() {
  local name=$1 want=$2 pattern=$3 out got vars=() args=("$work/bin" --blas libfake.so)
  shift 3
  while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
  [ $# -gt 0 ] && shift && args=("$@")
  out=$(env -u OPENBLAS_CORETYPE AE_CPUINFO="$work/avx512" PEAK=120 RATE=100 RATIO=1.1 RATE2=190 SHARE_AE=0.8 \
    SHARE_VAE=0.55 OTHER_AE=0.05 SPEEDUP=1.9 "${vars[@]}" "$check" "${args[@]}" 2>&1)
  got=$?
  if [ "$got" -ne "$want" ] || ! echo "$out" | grep -qE -- "$pattern"; then
    echo "FAIL: $name: exit $got (expected $want), output should match /$pattern/:"
    echo "$out" | sed 's/^/  /'
    failures=$((failures + 1))
  else
    echo "ok: $name"
  fi
}

expect "all met on AVX-512" 0 "all 38 targets judged were met \(0 not judged\)"
expect "the CPU is named" 0 "CPU: Stand-in CPU \(family 25 model 17, AuthenticAMD\), x86-64, 2 logical cores; flags: .*avx512f"
expect "AVX-512: the fastest kernel it can run" 0 \
  "OPENBLAS_CORETYPE=SkylakeX \(the fastest at 1024\^3 of SkylakeX 95, Cooperlake 90, Zen 40, Haswell 50 GFLOP/s\)$" \
  BLAS_SkylakeX=95 BLAS_Cooperlake=90 BLAS_Zen=40 BLAS_Haswell=50
expect "AVX2 on AMD: the faster of Zen and Haswell" 0 \
  "OPENBLAS_CORETYPE=Haswell \(the fastest at 1024\^3 of Zen 60, Haswell 70" \
  AE_CPUINFO="$work/avx2_amd" BLAS_Zen=60 BLAS_Haswell=70
expect "AVX2 elsewhere: the same two" 0 "OPENBLAS_CORETYPE=Zen \(the fastest at 1024\^3 of Haswell 60, Zen 70" \
  AE_CPUINFO="$work/avx2_intel" BLAS_Zen=70 BLAS_Haswell=60
expect "no AVX-512: the same targets, judged" 1 "% of peak, 256x784x1000 \| >= 80 \| 79.2 \| missed" \
  AE_CPUINFO="$work/avx2_intel" SLOW_SHAPE=256x784x1000 SLOW_RATE=95
expect "aarch64: OpenBLAS detects its core" 0 "OPENBLAS_CORETYPE=unset \(OpenBLAS detects the core\) \(aarch64\)" \
  AE_CPUINFO="$work/arm"
expect "aarch64: a core type in the environment is kept" 0 \
  "kernels for NEOVERSEN1\), OPENBLAS_CORETYPE=NEOVERSEN1 \(given in the environment\)" \
  AE_CPUINFO="$work/arm" OPENBLAS_CORETYPE=NEOVERSEN1
expect "a slower kernel named by the environment is not the one compared with" 0 \
  "OPENBLAS_CORETYPE=SkylakeX \(.*Haswell 50 GFLOP/s; OPENBLAS_CORETYPE=Haswell was in the environment\)" \
  OPENBLAS_CORETYPE=Haswell BLAS_Haswell=50
expect "a faster one is, even one not in the CPU's list" 0 \
  "kernels for SapphireRapids\), OPENBLAS_CORETYPE=SapphireRapids \(.*SapphireRapids 130 GFLOP/s; OPENBLAS" \
  OPENBLAS_CORETYPE=SapphireRapids BLAS_SapphireRapids=130
expect "a kernel that fails is passed over" 0 \
  "OPENBLAS_CORETYPE=Zen \(the fastest at 1024\^3 of SkylakeX failed, Cooperlake failed, Zen 70" \
  BLAS_SkylakeX=fail BLAS_Cooperlake=fail BLAS_Zen=70 BLAS_Haswell=60
expect "OpenBLAS failing with every kernel is a failed measurement" 1 "OpenBLAS failed with every kernel tried" \
  BLAS_SkylakeX=fail BLAS_Cooperlake=fail BLAS_Zen=fail BLAS_Haswell=fail
expect "--coretype: that kernel alone" 0 "kernels for Haswell\), OPENBLAS_CORETYPE=Haswell \(--coretype\)$" \
  BLAS_Haswell=fail -- "$work/bin" --blas libfake.so --coretype Haswell
expect "--coretype without a name" 2 "--coretype needs a value" -- "$work/bin" --coretype
expect "one row below 1.05 times OpenBLAS" 1 "ours / OpenBLAS, 256x1000x784 tB \| >= 1.05 \| 1.04 \| missed" \
  RATIO_SHAPE="256x1000x784 tB" RATIO_SLOW=1.04
expect "exactly 1.05 is enough" 0 "ours / OpenBLAS, training step \| >= 1.05 \| 1.05 \| met" \
  RATIO_SHAPE="training step" RATIO_SLOW=1.05
expect "no OpenBLAS: the peak targets alone" 0 "OpenBLAS: not found.*the peak targets alone" RATIO=0.5 -- "$work/bin" \
  --blas none
expect "no OpenBLAS: the ratios not judged" 0 "ours / OpenBLAS, 1024x1024x1024 \| >= 1.05 \| - \| not judged: no OpenBLAS" \
  -- "$work/bin" --blas none
expect "no OpenBLAS: the peak still judged" 1 "% of peak, 1024x1024x1024 \| >= 80 \| 79.2 \| missed" \
  SLOW_SHAPE=1024x1024x1024 SLOW_RATE=95 -- "$work/bin" --blas none
expect "the highest peak measured is the peak" 0 "FMA peak: 120 GFLOP/s, the highest of 4 measurements \(60 120 120 120\)" \
  PEAK=60 LATE_PEAK=120
expect "a low table peak does not flatter the table" 1 "% of peak, 1024x1024x1024 \| >= 80 \| 79.2 \| missed" \
  PEAK=60 LATE_PEAK=120 SLOW_SHAPE=1024x1024x1024 SLOW_RATE=95
expect "a low bench_train peak does not flatter its share" 1 "model ae epoch \(60000 images\) \| >= 75 \| 40 \| missed" \
  TRAIN_PEAK=60
expect "1024^3 at 79% of the peak" 1 "% of peak, 1024x1024x1024 \| >= 80 \| 79.2 \| missed" SLOW_SHAPE=1024x1024x1024 \
  SLOW_RATE=95
expect "K of 30 is not held to 80%" 0 "all 38 targets" SLOW_SHAPE="256x30x250 tB" SLOW_RATE=60
expect "K of 250 is" 1 "% of peak, 256x250x30 \| >= 80 \| 50 \| missed" SLOW_SHAPE=256x250x30 SLOW_RATE=60
expect "the training step at exactly 75%" 0 "% of peak, training step \| >= 75 \| 75 \| met" \
  SLOW_SHAPE="training step" SLOW_RATE=90
expect "the training step below 75%" 1 "% of peak, training step \| >= 75 \| 74.2 \| missed" \
  SLOW_SHAPE="training step" SLOW_RATE=89
expect "the ae epoch below 75%" 1 "bench_train --model ae epoch \(60000 images\) \| >= 75 \| 74 \| missed" SHARE_AE=0.74
expect "too much outside the products" 1 "outside the products \| <= 8 \| 9 \| missed" OTHER_AE=0.09
expect "the vae epoch at exactly 50%" 0 "bench_train --model vae epoch \(60000 images\) \| >= 50 \| 50 \| met" \
  SHARE_VAE=0.5
expect "the vae epoch below 50%" 1 "model vae epoch \(60000 images\) \| >= 50 \| 49 \| missed" SHARE_VAE=0.49
expect "part of the data, judged and said" 0 "model ae epoch \(1000 images\) \| >= 75 \| 80 \| met" IMAGES=1000
expect "two threads 1.79 times one" 1 "2 threads / 1, bench_train --model vae epoch \| >= 1.8 \| 1.79 \| missed" \
  SPEEDUP=1.79
expect "two threads on 1024^3" 1 "2 threads / 1, 1024x1024x1024 \| >= 1.8 \| 1.7 \| missed" RATE2=170
expect "one core: two threads not judged" 0 "2 threads / 1, training step \| >= 1.8 \| 1.7 \| not judged: one core" \
  AE_CPUINFO="$work/one_core" RATE2=170 SPEEDUP=1
expect "--cpu-time: the GEMM's thread ratio not judged" 0 "1024x1024x1024 \| >= 1.8 \| 1.9 \| not judged: --cpu-time" \
  -- "$work/bin" --blas libfake.so --cpu-time
expect "--cpu-time: nor the models'" 0 "all 34 targets judged were met \(4 not judged\)" \
  -- "$work/bin" --blas libfake.so --cpu-time
expect "251 MB is too much" 1 "model ae peak memory, MB \| <= 250 \| 251 \| missed" RSS_AE=251
expect "250 MB is not" 0 "model vae peak memory, MB \| <= 250 \| 250 \| met" RSS_VAE=250
expect "an allocation now and then" 1 "model vae heap allocations per step \| == 0 \| 0.002 \| missed" ALLOCS_VAE=0.002
expect "a row missing" 1 "ours / OpenBLAS, 256x500x250 \| >= 1.05 \| - \| missed: not measured" DROP_SHAPE=256x500x250
expect "unreadable output" 1 "could not read bench_gemm's output" BROKEN=1
expect "a bad flag" 2 "unknown flag --fast" -- "$work/bin" --fast
expect "a flag without its value" 2 "--reps needs a value" -- "$work/bin" --reps
expect "no programs" 1 "no executable /nonexistent/bench_gemm" -- /nonexistent

# The real programs, briefly: every row measured (a number in the third column), whatever the verdicts. Without an
# installed OpenBLAS the 14 ratio rows say "not judged" and have no number.
out=$("$check" "$real_bin" --reps 3 --limit 512 --epochs 1 2>&1)
got=$?
rows=$(echo "$out" | grep -cE '^\| (ours|%|2 threads|bench_train) ')
numbered=$(echo "$out" | awk -F'|' '/^\| (ours|%|2 threads|bench_train) / && $4 ~ /^ [0-9]/' | wc -l)
unjudged=$(echo "$out" | grep -c 'not judged: no OpenBLAS')
if { [ "$got" -ne 0 ] && [ "$got" -ne 1 ]; } || [ "$rows" -ne 38 ] || [ $((numbered + unjudged)) -ne 38 ]; then
  echo "FAIL: the real benchmarks: exit $got, $rows rows, $numbered with a measured number (expected 38 in all):"
  echo "$out" | sed 's/^/  /'
  failures=$((failures + 1))
else
  echo "ok: the real benchmarks give a measured number in every row (exit $got)"
fi
[ "$failures" -eq 0 ] || { echo "$failures case(s) failed"; exit 1; }
