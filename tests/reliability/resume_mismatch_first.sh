#!/usr/bin/env bash
# resume_mismatch_first.sh PROG ARGS...: a --resume with another --seed than the checkpoints were saved with is
# refused with exit status 2 naming the flag, before any training (no progress line is printed).
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$@" --threads 1 --out "$work/out" --checkpoints "$work/ckpt" >/dev/null 2>&1 || { echo "FAIL: the first run failed"; exit 1; }
"$@" --threads 1 --out "$work/out" --checkpoints "$work/ckpt" --resume --seed 5 > "$work/log" 2>&1
status=$?
cat "$work/log" | grep -v '%)' | tail -3
if [ $status -ne 2 ] || ! grep -q -- "--seed" "$work/log"; then
  echo "FAIL: expected exit status 2 naming --seed, got $status"
  exit 1
fi
if grep -q '%)' "$work/log"; then
  echo "FAIL: the program trained before refusing the checkpoint:"
  grep '%)' "$work/log" | head -2
  exit 1
fi
echo "ok: refused before any training"
