#!/usr/bin/env bash
# write_faults.sh PROG ARGS...: what a program writes never replaces what it should write through, and a failed
# write never passes for a success:
#   - --metrics naming a symbolic link writes the file it names; the link stays a link;
#   - --metrics naming a FIFO writes into it (a reader gets the metrics); the FIFO stays a FIFO;
#   - standard output on a full device (> /dev/full) is exit 1, not 0;
#   - a write that fails after N bytes (AE_FAULT_WRITE_AFTER_BYTES=N, as on a full disk) is exit 1 naming the file,
#     and every file the earlier run wrote is as it was, with no temporary file left;
#   - as root, where a tmpfs can be mounted: --metrics on a full 64 KiB tmpfs is exit 1 naming the file, and the
#     old metrics file there is intact.
set -u
work=$(mktemp -d)
cleanup() {
  mountpoint -q "$work/full" 2>/dev/null && umount "$work/full"
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
run() { timeout 300 "$@" --out "$work/out" > "$work/log" 2>&1; }

run "$@" --metrics "$work/metrics.txt" || { tail -3 "$work/log"; fail "the plain run failed"; }
[ -s "$work/metrics.txt" ] || fail "no metrics written"

ln -s metrics.txt "$work/link"
run "$@" --metrics "$work/link" || fail "--metrics LINK failed"
[ -L "$work/link" ] || fail "--metrics LINK replaced the symbolic link by a file"
echo "ok: --metrics LINK wrote through the link, which is still a link"

mkfifo "$work/fifo"
cat "$work/fifo" > "$work/from_fifo" &
reader=$!
run "$@" --metrics "$work/fifo" || fail "--metrics FIFO failed"
wait $reader
[ -p "$work/fifo" ] || fail "--metrics FIFO replaced the FIFO by a file"
[ -s "$work/from_fifo" ] || fail "--metrics FIFO: the reader got nothing"
echo "ok: --metrics FIFO wrote into the FIFO, which is still a FIFO"

timeout 300 "$@" --out "$work/out" > /dev/full 2> "$work/log"
status=$?
[ $status -eq 1 ] || fail "standard output on /dev/full: exit $status, expected 1"
grep -q "standard output" "$work/log" || fail "standard output on /dev/full: no message naming it"
echo "ok: standard output on /dev/full is exit 1: $(tail -1 "$work/log")"

(cd "$work/out" && md5sum * | sort) > "$work/before.txt"
cp "$work/metrics.txt" "$work/metrics.old"
AE_FAULT_WRITE_AFTER_BYTES=100 timeout 300 "$@" --out "$work/out" --metrics "$work/metrics.txt" > "$work/log" 2>&1
status=$?
[ $status -eq 1 ] || fail "a write failing after 100 bytes: exit $status, expected 1"
grep -qE "cannot write $work/out/[^ ]+: write failed" "$work/log" || { tail -2 "$work/log"; fail "no message naming the file"; }
(cd "$work/out" && md5sum * | sort) > "$work/after.txt"
diff "$work/before.txt" "$work/after.txt" || fail "a failed write changed a file that was there"
cmp -s "$work/metrics.txt" "$work/metrics.old" || fail "a failed run changed the metrics file"
ls "$work/out" | grep -q '\.tmp' && fail "a temporary file was left behind"
echo "ok: a write failing after 100 bytes is exit 1: $(grep 'cannot write' "$work/log")"

mkdir -p "$work/full"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k tmpfs "$work/full" 2>/dev/null; then
  echo "old metrics" > "$work/full/metrics.txt"
  dd if=/dev/zero of="$work/full/filler" bs=4k 2>/dev/null
  run "$@" --metrics "$work/full/metrics.txt"
  status=$?
  [ $status -eq 1 ] || fail "--metrics on a full tmpfs: exit $status, expected 1"
  grep -q "cannot write $work/full/metrics.txt" "$work/log" || { tail -2 "$work/log"; fail "no message naming it"; }
  [ "$(cat "$work/full/metrics.txt")" = "old metrics" ] || fail "--metrics on a full tmpfs: the old file changed"
  ls "$work/full" | grep -q '\.tmp' && fail "a temporary file was left on the full tmpfs"
  echo "ok: --metrics on a full tmpfs is exit 1, the old file intact: $(grep 'cannot write' "$work/log")"
else
  echo "(no full-tmpfs case: needs root and a tmpfs mount)"
fi
echo "ok: every write fault is reported and nothing is replaced that should be written through"
