#!/usr/bin/env bash
# bench_gemm's comparison with a BLAS computes what ae::gemm computes: for each transpose combination, at sizes
# that cross block edges, with 1 and 2 threads, the two products must agree to a relative 1e-5 (float rounding
# over K <= 300 terms is far below it; a wrong transpose or leading dimension in the CBLAS call is far above it).
#   tests/bench/blas_check.sh BENCH_GEMM     exit 0: agreed, 1: differed, 77: skipped (no CBLAS library found)
# The libraries tried, in order: OpenBLAS, BLIS, Debian's reference BLAS (libblas3, which includes CBLAS).
set -uo pipefail
BENCH=$1
lib=""
for candidate in libopenblas.so.0 libblis.so.4 libblas.so.3; do
  if "$BENCH" --m 2 --k 2 --n 2 --reps 1 --blas "$candidate" >/dev/null 2>&1; then lib=$candidate; break; fi
done
[ -n "$lib" ] || { echo "blas_check: skipped, no CBLAS library (apt-get install libopenblas0-pthread)"; exit 77; }
echo "blas_check: comparing with $lib"
status=0
for threads in 1 2; do
  for shape in "37 53 29" "131 300 47" "7 260 161"; do
    read -r m k n <<<"$shape"
    for flags in "" "--ta" "--tb" "--ta --tb"; do
      # shellcheck disable=SC2086
      out=$("$BENCH" --m "$m" --k "$k" --n "$n" $flags --threads "$threads" --reps 1 --blas "$lib" 2>&1)
      rc=$?
      diff=$(echo "$out" | awk '$1 == "max_rel_diff_to_blas" { print $2 }')
      if [ "$rc" -ne 0 ] || [ -z "$diff" ] || ! awk -v d="$diff" 'BEGIN { exit !(d < 1e-5) }'; then
        echo "FAIL: ${m}x${k}x${n} $flags threads $threads: exit $rc, max_rel_diff_to_blas '${diff}'"
        echo "$out" | tail -5
        status=1
      else
        echo "ok: ${m}x${k}x${n} $flags threads $threads: $diff"
      fi
    done
  done
done
exit $status
