#!/usr/bin/env bash
# claim_check's verdicts on made-up metrics files: a claim that holds (0), one that does not (1), a missing metric
# (1), and --needs-full-data on a run made on the committed sample (77, skipped, with the reason) or on the full
# data (judged as usual). usage: claim_check_test.sh CLAIM_CHECK
set -u
check=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'a 0.5\nb 2\ndata_is_sample 1\n' > "$dir/sample.metrics"
printf 'a 0.5\nb 2\ndata_is_sample 0\n' > "$dir/full.metrics"
fails=0
expect() {  # expect STATUS ARGS...
  local want=$1; shift
  out=$("$check" "$@" 2>&1); got=$?
  if [ "$got" != "$want" ]; then echo "FAIL: claim_check $* exited $got, expected $want: $out"; fails=$((fails + 1)); fi
}
expect 0 "$dir/full.metrics" "a<b"
expect 1 "$dir/full.metrics" "a>b"
expect 1 "$dir/full.metrics" "c<1"
expect 77 --needs-full-data "$dir/sample.metrics" "a>b"
expect 1 --needs-full-data "$dir/full.metrics" "a>b"
expect 0 --needs-full-data "$dir/full.metrics" "a<b"
"$check" --needs-full-data "$dir/sample.metrics" "a>b" | grep -q "needs the full datasets" ||
  { echo "FAIL: a skipped claim does not say why"; fails=$((fails + 1)); }
[ $fails -eq 0 ] && echo "claim_check: 7 verdicts as expected"
exit $((fails > 0))
