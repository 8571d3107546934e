#!/usr/bin/env bash
# tour_summary on a made-up manifest and metrics folder: a row per claim whose metrics the program wrote, each
# claim once, a cross and exit 1 when one fails, a full-data claim not judged on the sample, exit 0 when all hold.
# usage: tour_summary_test.sh TOUR_SUMMARY
set -u
summary=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
T=$'\t'
cat > "$dir/manifest.tsv" <<EOT
r1${T}prog_a${T}x<1${T}x is small${T}0
r2${T}prog_a${T}x<1${T}x is small${T}0
r1${T}prog_a${T}y>x${T}y beats x${T}0
r1${T}prog_a${T}z>0${T}a part the tour skips${T}0
r3${T}prog_b${T}w>=2${T}w needs all the data${T}1
r4${T}prog_c${T}v<1${T}a program that did not run${T}0
EOT
printf 'x 0.5\ny 0.7\n' > "$dir/prog_a.metrics"
printf 'w 1\ndata_is_sample 1\n' > "$dir/prog_b.metrics"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
out=$("$summary" "$dir/manifest.tsv" "$dir"); status=$?
[ $status -eq 0 ] || fail "all claims hold, but exit $status"
[ "$(grep -c 'x is small' <<< "$out")" -eq 1 ] || fail "a claim of two runs is not shown once"
grep -q 'y beats x .*0.7 .*> 0.5 .*✓' <<< "$out" || fail "a claim against another metric: no row 'y beats x 0.7 > 0.5 ✓'"
grep -q 'a part the tour skips\|did not run' <<< "$out" && fail "claims without metrics are shown"
grep -q 'w needs all the data.*not judged' <<< "$out" || fail "a full-data claim on the sample is judged"
grep -q '3 of 3 claims hold' <<< "$out" || fail "no count of claims"
printf 'x 2\ny 0.7\n' > "$dir/prog_a.metrics"
out=$("$summary" "$dir/manifest.tsv" "$dir"); status=$?
[ $status -eq 1 ] || fail "a claim fails, but exit $status"
grep -q 'x is small .*✗' <<< "$out" || fail "a failed claim has no cross"
"$summary" "$dir/manifest.tsv" > /dev/null 2>&1; [ $? -eq 2 ] || fail "a missing argument is not exit 2"
"$summary" "$dir/nothing.tsv" "$dir" > /dev/null 2>&1; [ $? -eq 2 ] || fail "an unreadable manifest is not exit 2"
[ $fails -eq 0 ] && echo "tour_summary: every case as expected"
exit $((fails > 0))
