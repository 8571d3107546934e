#!/usr/bin/env bash
# expect.sh STATUS PATTERN CMD...: runs CMD (with a 120 s limit) and passes only if it exits with STATUS (never a
# signal, a crash or a hang) and prints PATTERN (an extended regex, case-insensitive) on stdout or stderr.
# Also checks that a failed run left no temporary (*.tmp*) files in the output folder named by AE_EXPECT_OUT.
set -u
want=$1 pattern=$2
shift 2
out=$(timeout 120 "$@" 2>&1)
got=$?
echo "$out" | tail -5
if [ "$got" -ne "$want" ]; then
  echo "FAIL: exit status $got, expected $want: $*"
  exit 1
fi
if ! echo "$out" | grep -qiE -- "$pattern"; then
  echo "FAIL: output does not mention /$pattern/: $*"
  exit 1
fi
if [ -n "${AE_EXPECT_OUT:-}" ] && ls "$AE_EXPECT_OUT"/*.tmp* >/dev/null 2>&1; then
  echo "FAIL: partly written files left in $AE_EXPECT_OUT"
  exit 1
fi
echo "ok: exit $got and /$pattern/"
