#!/usr/bin/env bash
# checkpoint_corrupt.sh PROG ARGS... -- FOREIGN_ARGS...: a damaged or foreign checkpoint given to --resume.
#
# Runs PROG ARGS briefly (SIGINT as soon as the first *.ckpt appears under --out: the program saves a checkpoint
# and exits 130), then replaces that checkpoint by damaged copies and by a checkpoint of another architecture
# (from PROG FOREIGN_ARGS, stopped the same way) and by crafted ones with a valid checksum and one hostile field
# (Adam's step count of shape 0 x 0, next_batch 2^32 - 1 or 10^6, a NaN loss sum or moment), and reruns PROG ARGS --resume on each. Every case must:
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
  "$prog" "$@" --threads 1 --out "$out" --checkpoints "$out/checkpoints" > "$out.log" 2>&1 &
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
    # Crafted: one field hostile, the checksum recomputed so that the file passes the parser.
    adam_t_empty | next_batch_max | next_batch_big | loss_nan | moment_nan) python3 - "$file" "$kind" <<'PY' || exit 1
import struct, sys, zlib
path, kind = sys.argv[1], sys.argv[2]
b = open(path, 'rb').read()
p = 16  # magic, version, tensor count
def u32():
    global p
    v, = struct.unpack_from('<I', b, p); p += 4; return v
def name():
    global p
    n = u32(); s = b[p:p + n].decode(); p += n; return s
out = bytearray(b[:16])
for _ in range(struct.unpack_from('<I', b, 12)[0]):
    nm = name(); r, c = struct.unpack_from('<ii', b, p); p += 8; data = b[p:p + 4 * r * c]; p += 4 * r * c
    if kind == 'adam_t_empty' and nm == 'opt.adam.t': r, c, data = 0, 0, b''
    if kind == 'moment_nan' and nm == 'opt.adam.v0': data = struct.pack('<f', float('nan')) + data[4:]
    out += struct.pack('<I', len(nm)) + nm.encode() + struct.pack('<ii', r, c) + data
ni = u32(); out += struct.pack('<I', ni)
for _ in range(ni):
    nm = name(); v, = struct.unpack_from('<Q', b, p); p += 8
    if kind == 'next_batch_max' and nm == 'next_batch': v = 0xFFFFFFFF
    if kind == 'next_batch_big' and nm == 'next_batch': v = 10**6
    if kind == 'loss_nan' and nm == 'epoch_loss_sum_bits': v = struct.unpack('<Q', struct.pack('<d', float('nan')))[0]
    out += struct.pack('<I', len(nm)) + nm.encode() + struct.pack('<Q', v)
out += b[p:len(b) - 4]
out += struct.pack('<I', zlib.crc32(bytes(out)) & 0xffffffff)
open(path, 'wb').write(bytes(out))
PY
      ;;
  esac
}

cases="flipped last_byte truncated short empty magic appended foreign adam_t_empty next_batch_max next_batch_big loss_nan
  moment_nan"
for kind in $cases; do
  make_case "$kind" "$victim"
  cp "$victim" "$work/bad.ckpt"
  (cd "$work/run" && find . -type f ! -name '*.ckpt' -exec md5sum {} + | sort) > "$work/before.txt"
  rm -f "$work/metrics.txt"
  out=$(timeout 120 "$prog" "${args[@]}" --threads 1 --out "$work/run" --checkpoints "$work/run/checkpoints" \
    --metrics "$work/metrics.txt" --resume 2>&1)
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
