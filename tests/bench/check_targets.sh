#!/usr/bin/env bash
# check_targets.sh: judges the speed and memory targets of the GEMM and of training on the machine it runs on.
#
#   tests/bench/check_targets.sh BIN_DIR [--reps R] [--epochs E] [--limit N] [--data DIR] [--blas LIB]
#                                [--coretype NAME] [--cpu-time]
#
# BIN_DIR holds bench_gemm and bench_train (build/bin). Every target is relative to this machine, so that it holds
# on any x86-64 or aarch64 CPU: a share of the single-core FMA peak measured here, or a ratio to OpenBLAS at its
# best kernel for this CPU, timed in turns with ours in the same process. Runs
#   bench_gemm --table --threads 1 --blas LIB    (1024^3, the 13 layer shapes, the training step; 2-thread rows)
#   bench_train --model ae|vae --threads 1|2 --epochs E
# and prints the CPU (model, the flags that matter, core count), the peak, the OpenBLAS kernel, and one Markdown
# row per target: the target, the measured value, the verdict. The targets (one thread unless said):
#   ours / OpenBLAS >= 1.05 on every row of the table;
#   >= 80% of the peak at 1024^3 and every layer shape with K >= 250; >= 75% over the training step's products;
#   bench_train --model ae: the epoch >= 75% of the peak, the time outside the products <= 8% of the epoch;
#   bench_train --model vae (the 14.4 VAE): the epoch >= 50% of the peak;
#   two threads >= 1.8 x one thread: 1024^3, the training step, both bench_train models (judged with 2+ cores);
#   bench_train peak memory <= 250 MB and 0 heap allocations per step (minibatch copy included), both models.
# OpenBLAS runs at its best kernel for this CPU: each kernel the CPU can run (SkylakeX where AVX-512 F, BW, VL and
# DQ are present, Cooperlake with BF16 too, SapphireRapids with AMX as well; Haswell and Zen with AVX2 and FMA)
# times 1024^3 once, and the fastest is the one compared with. OpenBLAS's own detection misnames new CPUs, and a
# machine's environment may name a slower kernel: an OPENBLAS_CORETYPE already set is one more candidate, not a
# choice. --coretype NAME compares with NAME alone; on aarch64 and older x86 OpenBLAS detects the core itself.
# LIB defaults to libopenblas.so.0 when the dynamic loader knows it; without it (or with --blas none) the ratio
# targets are not judged, and the report says so. --cpu-time times the one-thread runs of both programs by CPU
# time (a busy machine; the two-thread speed-ups are then not judged, having no common clock). --limit N trains on
# the first N images only (a quick try: the shares still judge, on fewer steps). AE_CPUINFO names another cpuinfo
# file (the tests' stand-in machines).
#
# Exit status: 0 every target judged was met; 1 a target missed, or a measurement failed; 2 usage error.
set -uo pipefail

usage() {
  sed -n '4,5p' "$0" | sed 's/^# \{0,1\}//' >&2
  echo "check_targets: $1" >&2
  exit 2
}
[ $# -ge 1 ] || usage "BIN_DIR missing"
case "$1" in -h | --help) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
bin=$1
shift
reps=() train_flags=() epochs=2 blas=auto cpu_time=() forced_core=""
while [ $# -gt 0 ]; do
  case "$1" in
    --reps | --data | --limit | --epochs | --blas | --coretype) [ $# -ge 2 ] || usage "$1 needs a value" ;;
    --cpu-time) cpu_time=(--cpu-time); shift; continue ;;
    *) usage "unknown flag $1" ;;
  esac
  case "$1" in
    --reps) reps=(--reps "$2") ;;
    --data) train_flags+=(--data "$2") ;;
    --limit) train_flags+=(--limit "$2") ;;
    --epochs) epochs=$2 ;;
    --blas) blas=$2 ;;
    --coretype) forced_core=$2 ;;
  esac
  shift 2
done
for prog in bench_gemm bench_train; do
  [ -x "$bin/$prog" ] || { echo "check_targets: no executable $bin/$prog (build it first)" >&2; exit 1; }
done

# The CPU: its name, its features, its cores (from cpuinfo: "flags" on x86-64, "Features" on aarch64).
cpuinfo=${AE_CPUINFO:-/proc/cpuinfo}
[ -r "$cpuinfo" ] || { echo "check_targets: cannot read $cpuinfo" >&2; exit 1; }
field() { awk -F': *' -v k="$1" '$1 ~ "^"k"[ \t]*$" { print $2; exit }' "$cpuinfo"; }
flags=" $(field flags) "
cores=$(grep -c '^processor' "$cpuinfo")
has() { case "$flags" in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
if [ "$flags" != "  " ]; then
  arch=x86-64
  model="$(field 'model name') (family $(field 'cpu family') model $(field model), $(field vendor_id))"
  shown=$(for f in sse4_2 avx avx2 fma avx512f avx512dq avx512bw avx512vl avx512_vnni avx512_bf16 amx_tile; do
    has "$f" && printf '%s ' "$f"; done)
  # The OpenBLAS kernels this CPU can run, timed in this order (a tie goes to the first: Zen on AMD, as before).
  cores_to_try="" why=""
  if has avx512f && has avx512bw && has avx512vl && has avx512dq; then
    cores_to_try="SkylakeX"
    has avx512_bf16 && cores_to_try="$cores_to_try Cooperlake"
    has avx512_bf16 && has amx_tile && cores_to_try="$cores_to_try SapphireRapids"
  fi
  if has avx2 && has fma; then
    if [ "$(field vendor_id)" = AuthenticAMD ]; then cores_to_try="$cores_to_try Zen Haswell"
    else cores_to_try="$cores_to_try Haswell Zen"; fi
  fi
  [ -z "$cores_to_try" ] && why="no AVX2"
else
  arch=aarch64
  flags=" $(field Features) "
  model="implementer $(field 'CPU implementer') part $(field 'CPU part')"
  shown=$(for f in asimd fphp asimdhp sve sve2 bf16 i8mm; do has "$f" && printf '%s ' "$f"; done)
  cores_to_try="" why="aarch64"
fi
inherited=${OPENBLAS_CORETYPE:-}
if [ -n "$inherited" ]; then
  case " $cores_to_try " in *" $inherited "*) ;; *) cores_to_try="$cores_to_try $inherited" ;; esac
fi
[ -n "$forced_core" ] && cores_to_try=$forced_core
cores_to_try=$(echo $cores_to_try)

# The BLAS to compare with.
if [ "$blas" = auto ]; then
  blas=none
  # grep reads to the end (no -q): under pipefail, ldconfig killed by SIGPIPE after an early match would count as
  # 'not found' in some runs.
  if ldconfig -p 2>/dev/null | grep 'libopenblas\.so\.0 ' >/dev/null; then blas=libopenblas.so.0; fi
fi
blas_flags=()
[ "$blas" != none ] && blas_flags=(--blas "$blas")

# OpenBLAS's kernel: the fastest of the candidates at 1024^3 (one run each, in turns with ours), or the only one.
core=""
case "$cores_to_try" in
  "") ;;
  *" "*)
    if [ "$blas" != none ]; then
      tried=""
      try_reps=("${reps[@]}")
      [ ${#try_reps[@]} -eq 0 ] && try_reps=(--reps 11)
      for c in $cores_to_try; do
        echo "check_targets: OPENBLAS_CORETYPE=$c bench_gemm --m 1024 --k 1024 --n 1024 ${try_reps[*]} --blas $blas" >&2
        rate=$(env OPENBLAS_CORETYPE="$c" "$bin/bench_gemm" --m 1024 --k 1024 --n 1024 "${try_reps[@]}" \
          "${cpu_time[@]}" "${blas_flags[@]}" 2>/dev/null | awk '$1 == "blas_gflops" { print $2 }' | tail -1)
        tried="$tried, $c ${rate:-failed}"
        [ -z "$rate" ] && continue
        if [ -z "$core" ] || awk -v a="$rate" -v b="$best" 'BEGIN { exit !(a > b) }'; then core=$c best=$rate; fi
      done
      why="the fastest at 1024^3 of ${tried#, } GFLOP/s"
      [ -n "$inherited" ] && why="$why; OPENBLAS_CORETYPE=$inherited was in the environment"
      [ -z "$core" ] && { echo "check_targets: OpenBLAS failed with every kernel tried (${tried#, })" >&2; exit 1; }
    fi
    ;;
  *)
    core=$cores_to_try why="the only kernel this CPU runs"
    [ "$core" = "$inherited" ] && why="given in the environment"
    [ -n "$forced_core" ] && why="--coretype"
    ;;
esac

core_env=()
[ -n "$core" ] && core_env=(OPENBLAS_CORETYPE="$core")
echo "check_targets: ${core_env[*]} bench_gemm --table --threads 1 ${reps[*]} ${cpu_time[*]} ${blas_flags[*]}" >&2
table=$(env "${core_env[@]}" "$bin/bench_gemm" --table --threads 1 "${reps[@]}" "${cpu_time[@]}" "${blas_flags[@]}") ||
  { echo "check_targets: bench_gemm failed" >&2; exit 1; }
# train MODEL THREADS: bench_train's output for that run, in variable train_MODEL_THREADS.
for model_name in ae vae; do
  for t in 1 2; do
    clock=()
    [ "$t" = 1 ] && clock=("${cpu_time[@]}")
    echo "check_targets: bench_train --model $model_name --threads $t --epochs $epochs ${train_flags[*]} ${clock[*]}" >&2
    out=$("$bin/bench_train" --model "$model_name" --threads "$t" --epochs "$epochs" "${train_flags[@]}" "${clock[@]}") ||
      { echo "check_targets: bench_train --model $model_name --threads $t failed" >&2; exit 1; }
    printf -v "train_${model_name}_$t" '%s' "$out"
  done
done

# One more measurement of the peak, after the others: with the table's and each bench_train run's, the peak is
# the highest of them. A machine shared with other work can only make a measurement low, never high, and one low
# peak would make every share above it look better than it is (shares above 100% on a busy machine).
echo "check_targets: bench_gemm --peak" >&2
late_peak=$("$bin/bench_gemm" --peak | awk '$1 == "peak_gflops" { print $2 }' | tail -1)

# The table's peak line and its rows, as "shape kernel threads gflops ratio" (the shape's spaces joined by _).
table_peak=$(echo "$table" | sed -n 's/^measured single-core [a-z0-9]* FMA peak: \([0-9.]*\) GFLOP\/s.*/\1/p')
about=$(echo "$table" | sed -n 's/^compared with \(.*\), [0-9]* thread(s).*/\1/p')
rows=$(echo "$table" | awk -F'|' 'NF > 8 && $6 ~ /[0-9]/ {
  shape = $2; gsub(/^ +| +$/, "", shape); gsub(/ +/, "_", shape)
  kernel = $4; gsub(/ /, "", kernel); threads = $5; gsub(/ /, "", threads); rate = $6; gsub(/ /, "", rate)
  ratio = NF > 11 ? $11 : "-"; gsub(/ /, "", ratio)
  print shape, kernel, threads, rate, ratio }')
[ -n "$table_peak" ] && [ -n "$rows" ] ||
  { echo "check_targets: could not read bench_gemm's output (has its format changed?)" >&2; exit 1; }
kernel=$(echo "$rows" | awk '$1 == "1024x1024x1024" && $3 == 1 { print $2; exit }')
# column SHAPE THREADS N: field N (4 GFLOP/s, 5 ratio) of our kernel's row.
column() { echo "$rows" | awk -v s="$1" -v t="$2" -v k="$kernel" -v n="$3" '$1 == s && $3 == t && $2 == k { print $n; exit }'; }
# value MODEL THREADS NAME: a `name value` line of that bench_train run.
value() {
  local v="train_$1_$2"
  echo "${!v}" | awk -v k="$3" '$1 == k { print $2 }' | tail -1
}
calc() { awk "BEGIN { v = $1; printf \"%.3g\\n\", v }" 2>/dev/null; }
peaks="$table_peak $late_peak"
for m in ae vae; do peaks="$peaks $(value $m 1 peak_gflops)"; done
peak=$(echo $peaks | tr ' ' '\n' | sort -g | tail -1)

missed=0 judged=0 unjudged=0
# row WHAT OP TARGET MEASURED [NOTE]: one line of the report; MEASURED empty is "not measured" (a miss); NOTE, when
# not a number, is shown instead of a verdict and the row is not judged.
row() {
  local what=$1 op=$2 target=$3 measured=$4 note=${5:-} result
  if [ -n "$note" ]; then
    result="not judged: $note"
    unjudged=$((unjudged + 1))
  elif [ -z "$measured" ] || [ "$measured" = - ]; then
    result="missed: not measured"
    missed=1
  else
    result=$(awk -v m="$measured" -v op="$op" -v t="$target" \
      'BEGIN { ok = op == ">=" ? m >= t : op == "<=" ? m <= t : m == t; print ok ? "met" : "missed" }')
    judged=$((judged + 1))
    [ "$result" = missed ] && missed=1
  fi
  printf '| %s | %s %s | %s | %s |\n' "$what" "$op" "$target" "${measured:--}" "$result"
}

shapes="1024x1024x1024 256x784x1000 256x1000x500 256x500x250 256x250x30 784x256x1000_tA 1000x256x500_tA \
500x256x250_tA 250x256x30_tA 256x1000x784_tB 256x500x1000_tB 256x250x500_tB 256x30x250_tB training_step"
no_blas=""
[ "$blas" = none ] && no_blas="no OpenBLAS"
one_core="" mixed_clocks=""
[ "$cores" -lt 2 ] && one_core="one core"
# With --cpu-time the one-thread runs are timed by CPU time and the two-thread runs by the wall clock: no ratio.
[ ${#cpu_time[@]} -gt 0 ] && mixed_clocks="--cpu-time (1 thread timed by CPU time, 2 by the wall clock)"

echo "CPU: $model, $arch, $cores logical cores; flags: ${shown:-none of note}"
echo "measured single-core FMA peak: $peak GFLOP/s, the highest of $(echo $peaks | wc -w) measurements ($peaks); our kernel: ${kernel:-unknown}"
if [ "$blas" = none ]; then
  echo "OpenBLAS: not found (or --blas none): the ratio targets are not judged, the peak targets alone"
else
  echo "OpenBLAS: ${about:-$blas}, OPENBLAS_CORETYPE=${core:-unset (OpenBLAS detects the core)} ($why)"
fi
echo
echo "| target | required | measured | verdict |"
echo "|---|---|---|---|"
for shape in $shapes; do
  row "ours / OpenBLAS, ${shape//_/ }" ">=" 1.05 "$( [ -z "$no_blas" ] && column "$shape" 1 5)" "$no_blas"
done
for shape in $shapes; do
  k=$(echo "$shape" | awk -F'[x_]' '{ print $2 }')
  [ "$shape" != training_step ] && [ "$k" -lt 250 ] && continue
  target=80
  [ "$shape" = training_step ] && target=75
  rate=$(column "$shape" 1 4)
  row "% of peak, ${shape//_/ }" ">=" "$target" "${rate:+$(calc "100 * $rate / $peak")}"
done
# A run's share of the peak, rescaled from the peak it measured itself to the common one.
share() {
  local s own
  s=$(value "$1" 1 share_of_peak) own=$(value "$1" 1 peak_gflops)
  [ -n "$s" ] && [ -n "$own" ] && calc "100 * $s * $own / $peak"
}
images=$(value ae 1 images)
row "% of peak, bench_train --model ae epoch ($images images)" ">=" 75 "$(share ae)"
ae_gemm=$(value ae 1 gemm_seconds_per_epoch) ae_other=$(value ae 1 other_seconds_per_epoch)
row "% of the ae epoch outside the products" "<=" 8 \
  "$([ -n "$ae_gemm" ] && [ -n "$ae_other" ] && calc "100 * $ae_other / ($ae_gemm + $ae_other)")"
row "% of peak, bench_train --model vae epoch ($(value vae 1 images) images)" ">=" 50 "$(share vae)"
speedup() { local a=$1 b=$2; [ -n "$a" ] && [ -n "$b" ] && calc "$a / $b"; }
row "2 threads / 1, 1024x1024x1024" ">=" 1.8 "$(speedup "$(column 1024x1024x1024 2 4)" "$(column 1024x1024x1024 1 4)")" \
  "${one_core:-$mixed_clocks}"
row "2 threads / 1, training step" ">=" 1.8 "$(speedup "$(column training_step 2 4)" "$(column training_step 1 4)")" \
  "${one_core:-$mixed_clocks}"
for m in ae vae; do
  row "2 threads / 1, bench_train --model $m epoch" ">=" 1.8 \
    "$(speedup "$(value $m 1 seconds_per_epoch)" "$(value $m 2 seconds_per_epoch)")" "${one_core:-$mixed_clocks}"
done
for m in ae vae; do
  rss=$(for t in 1 2; do value $m $t peak_rss_mb; done | sort -g | tail -1)
  rss=${rss:+$(calc "$rss")}
  row "bench_train --model $m peak memory, MB" "<=" 250 "$rss"
  allocs=$(for t in 1 2; do
    a=$(value $m $t heap_allocations_per_step) b=$(value $m $t heap_allocations_per_batch_copy)
    [ -n "$a" ] && [ -n "$b" ] && calc "$a + $b"; done | sort -g | tail -1)
  row "bench_train --model $m heap allocations per step" "==" 0 "$allocs"
done
echo
if [ "$missed" = 1 ]; then
  echo "check_targets: a target was missed ($judged judged, $unjudged not judged)"
  exit 1
fi
echo "check_targets: all $judged targets judged were met ($unjudged not judged)"
exit 0
