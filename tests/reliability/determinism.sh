#!/usr/bin/env bash
# determinism.sh TOL PROG ARGS...: with --threads 1 the same seed gives bit-identical metrics on every run; with
# --threads 2 every metric agrees with the 1-thread run to relative tolerance TOL. Metrics that are timings
# (names ending in _us, _seconds or _speedup) are exempt.
set -eu
tol=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for run in a b; do
  "$@" --threads 1 --out "$work/out_$run" --metrics "$work/$run.txt" >/dev/null 2>&1 || { echo "FAIL: run $run: $*"; exit 1; }
done
"$@" --threads 2 --out "$work/out_c" --metrics "$work/c.txt" >/dev/null 2>&1 || { echo "FAIL: 2-thread run: $*"; exit 1; }
timing='(_us|_seconds|_speedup) '
grep -vE "$timing" "$work/a.txt" > "$work/a.det" || true
grep -vE "$timing" "$work/b.txt" > "$work/b.det" || true
if ! diff "$work/a.det" "$work/b.det"; then
  echo "FAIL: two 1-thread runs with the same seed gave different metrics"
  exit 1
fi
echo "ok: two 1-thread runs gave bit-identical metrics ($(wc -l < "$work/a.det") metrics)"
awk -v tol="$tol" -v re="(_us|_seconds|_speedup)$" '
  NR == FNR { a[$1] = $2; next }
  $1 ~ re { next }
  ($1 in a) {
    d = $2 - a[$1]; if (d < 0) d = -d
    s = (a[$1] < 0 ? -a[$1] : a[$1]); if (s < 1e-12) s = 1e-12
    if (d / s > tol) { printf "FAIL: %s: 1 thread %s, 2 threads %s\n", $1, a[$1], $2; bad = 1 }
  }
  END { exit bad }' "$work/a.txt" "$work/c.txt"
echo "ok: 2-thread metrics agree with 1-thread metrics within relative tolerance $tol"
