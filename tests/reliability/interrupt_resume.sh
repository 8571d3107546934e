#!/usr/bin/env bash
# interrupt_resume.sh PROG ARGS...: Ctrl-C during training finishes the step, saves a checkpoint and exits 130;
# rerunning with --resume finishes and reaches the same metrics as an uninterrupted run with the same seed
# (timings exempt). SIGINT is sent as soon as the first checkpoint (*.ckpt under --out) appears.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$@" --threads 1 --out "$work/full" --checkpoints "$work/full/ckpt" --metrics "$work/full.txt" >/dev/null 2>&1 || { echo "FAIL: uninterrupted run failed"; exit 1; }
"$@" --threads 1 --out "$work/cut" --checkpoints "$work/cut/ckpt" --metrics "$work/cut.txt" > "$work/cut.log" 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
  if [ -n "$(find "$work/cut" -name '*.ckpt' 2>/dev/null | head -1)" ] || ! kill -0 $pid 2>/dev/null; then break; fi
  sleep 0.1
done
kill -INT $pid 2>/dev/null
wait $pid
status=$?
tail -3 "$work/cut.log"
if [ $status -ne 130 ]; then
  echo "FAIL: interrupted run exited with $status, expected 130 (did it finish before the first checkpoint?)"
  exit 1
fi
echo "ok: interrupted run exited 130 with checkpoint(s): $(find "$work/cut" -name '*.ckpt' | wc -l)"
"$@" --threads 1 --out "$work/cut" --checkpoints "$work/cut/ckpt" --metrics "$work/cut.txt" --resume >/dev/null 2>&1 || { echo "FAIL: resumed run failed"; exit 1; }
timing='(_us|_seconds|_speedup) '
if ! diff <(grep -vE "$timing" "$work/full.txt") <(grep -vE "$timing" "$work/cut.txt"); then
  echo "FAIL: the resumed run's metrics differ from the uninterrupted run's"
  exit 1
fi
echo "ok: resumed run reached the uninterrupted run's metrics exactly"
