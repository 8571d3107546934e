#!/usr/bin/env bash
# checkpoint_corrupt.sh PROG ARGS... -- FOREIGN_ARGS...: a damaged or foreign checkpoint given to --resume.
#
# Runs PROG ARGS briefly (SIGINT as soon as the first *.ckpt appears under --out: the program saves a checkpoint
# and exits 130), then replaces that checkpoint by damaged copies and by a checkpoint of another architecture
# (from PROG FOREIGN_ARGS, stopped the same way), and reruns PROG ARGS --resume on each. Every case must:
#   - exit with status 1 (never a signal, a crash, a hang or 0),
#   - print exactly one error line, and it names the checkpoint file,
#   - write nothing: no metrics file, no new or changed file under --out, the bad checkpoint left as it was.
# Example: checkpoint_corrupt.sh ch14_9_applications --task reduce --quick -- --task hash --quick --bits 8
set -u
prog=$1
shift
args=() foreign=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
[ $# -gt 0 ] && shift
foreign=("$@")
[ ${#foreign[@]} -gt 0 ] || { echo "usage: $0 PROG ARGS... -- FOREIGN_ARGS..."; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# first_checkpoint OUT ARGS...: starts PROG ARGS --out OUT, stops it with SIGINT once a checkpoint exists, and
# prints the checkpoint's path.
first_checkpoint() {
  local out=$1
  shift
  "$prog" "$@" --threads 1 --out "$out" > "$out.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 1200); do
    if [ -n "$(find "$out" -name '*.ckpt' 2>/dev/null | head -1)" ] || ! kill -0 $pid 2>/dev/null; then break; fi
    sleep 0.1
  done
  kill -INT $pid 2>/dev/null
  wait $pid
  local status=$?
  [ $status -eq 130 ] || { tail -3 "$out.log"; fail "the run to make a checkpoint exited $status, expected 130: ${*}"; }
  find "$out" -name '*.ckpt' | sort | head -1
}

victim=$(first_checkpoint "$work/run" "${args[@]}") || exit 1
other=$(first_checkpoint "$work/foreign" "${foreign[@]}") || exit 1
[ -s "$victim" ] && [ -s "$other" ] || fail "no checkpoint was written (victim '$victim', foreign '$other')"
cp "$victim" "$work/good.ckpt"
size=$(stat -c %s "$work/good.ckpt")
echo "checkpoint: $victim ($size bytes); foreign: $other ($(stat -c %s "$other") bytes)"

# The damaged versions.
make_case() {
  local kind=$1 file=$2
  cp "$work/good.ckpt" "$file"
  case $kind in
    flipped)     # 16 bytes in the middle of the parameters inverted
      python3 - "$file" "$((size / 2))" <<'PY'
import sys
path, at = sys.argv[1], int(sys.argv[2])
b = bytearray(open(path, 'rb').read())
for i in range(at, at + 16): b[i] ^= 0xFF
open(path, 'wb').write(bytes(b))
PY
      ;;
    last_byte)   # one bit of the stored checksum
      python3 - "$file" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read()); b[-1] ^= 0x01
open(sys.argv[1], 'wb').write(bytes(b))
PY
      ;;
    truncated)   truncate -s $((size / 2)) "$file" ;;
    short)       truncate -s 6 "$file" ;;  # shorter than the magic
    empty)       : > "$file" ;;
    magic)       printf 'XXCKPT01' | dd of="$file" bs=1 seek=0 conv=notrunc status=none ;;
    appended)    printf 'trailing garbage' >> "$file" ;;
    foreign)     cp "$other" "$file" ;;
  esac
}

cases="flipped last_byte truncated short empty magic appended foreign"
for kind in $cases; do
  make_case "$kind" "$victim"
  cp "$victim" "$work/bad.ckpt"
  (cd "$work/run" && find . -type f ! -name '*.ckpt' -exec md5sum {} + | sort) > "$work/before.txt"
  rm -f "$work/metrics.txt"
  out=$(timeout 120 "$prog" "${args[@]}" --threads 1 --out "$work/run" --metrics "$work/metrics.txt" --resume 2>&1)
  status=$?
  echo "[$kind] exit $status: $(echo "$out" | grep -i 'error' | head -2)"
  [ $status -eq 1 ] || { echo "$out" | tail -5; fail "$kind: exit status $status, expected 1"; }
  errors=$(echo "$out" | grep -ci 'error')
  [ "$errors" -eq 1 ] || { echo "$out" | tail -5; fail "$kind: $errors error lines, expected exactly one"; }
  echo "$out" | grep -i 'error' | grep -qF -- "$victim" || fail "$kind: the error does not name the checkpoint $victim"
  echo "$out" | grep -qiE 'segmentation|core dumped|terminate called|sanitizer|abort' && fail "$kind: crashed"
  [ -e "$work/metrics.txt" ] && fail "$kind: a metrics file was written"
  (cd "$work/run" && find . -type f ! -name '*.ckpt' -exec md5sum {} + | sort) > "$work/after.txt"
  diff "$work/before.txt" "$work/after.txt" > /dev/null || fail "$kind: files under --out were written or changed"
  find "$work/run" -name '*.tmp*' | grep -q . && fail "$kind: a temporary file was left behind"
  cmp -s "$victim" "$work/bad.ckpt" || fail "$kind: the bad checkpoint was overwritten"
done
echo "ok: $(echo $cases | wc -w) damaged or foreign checkpoints, each refused: exit 1, one message naming the file"
