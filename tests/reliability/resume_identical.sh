#!/usr/bin/env bash
# resume_identical.sh "STEPS" PROG ARGS...: an interrupted and resumed run ends exactly where an uninterrupted run
# ends. For --threads 1 and 2: one uninterrupted run; then, for each step N in STEPS (counted over the program's
# checkpointed training runs), a run stopped after step N as Ctrl-C would stop it (AE_INTERRUPT_AFTER_STEPS=N:
# finish the step, save the checkpoint, exit 130), then the same command with --resume. The resumed run's metrics
# (timings aside) and its final checkpoints (parameters, optimizer state, random stream, history) must be
# bit-identical to the uninterrupted run's.
# Example: resume_identical.sh "3 8 13" ch14_5_denoising --train-size 200 --epochs 2 --hidden 32
set -u
steps=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
timing='(_us|_seconds|_speedup|_ms) '
for threads in 1 2; do
  ref=$work/ref$threads
  "$@" --threads $threads --out "$ref/out" --checkpoints "$ref/ckpt" --metrics "$ref/metrics.txt" > "$ref.log" 2>&1 ||
    { tail -3 "$ref.log"; fail "the uninterrupted run failed (--threads $threads)"; }
  [ -n "$(ls "$ref/ckpt")" ] || fail "the program wrote no checkpoint: nothing to resume"
  for n in $steps; do
    run=$work/cut${threads}_$n
    AE_INTERRUPT_AFTER_STEPS=$n "$@" --threads $threads --out "$run/out" --checkpoints "$run/ckpt" \
      --metrics "$run/metrics.txt" > "$run.log" 2>&1
    status=$?
    [ $status -eq 130 ] || { tail -3 "$run.log"; fail "stopped after step $n: exit $status, expected 130"; }
    [ -e "$run/metrics.txt" ] && fail "stopped after step $n: a metrics file was written"
    "$@" --threads $threads --out "$run/out" --checkpoints "$run/ckpt" --metrics "$run/metrics.txt" --resume \
      > "$run.resume.log" 2>&1 || { tail -3 "$run.resume.log"; fail "resumed after step $n: the run failed"; }
    grep -q "resuming from" "$run.resume.log" || fail "resumed after step $n: no checkpoint was resumed from"
    diff <(grep -vE "$timing" "$ref/metrics.txt") <(grep -vE "$timing" "$run/metrics.txt") ||
      fail "--threads $threads, stopped after step $n: the resumed run's metrics differ"
    for f in "$ref"/ckpt/*; do
      cmp -s "$f" "$run/ckpt/$(basename "$f")" ||
        fail "--threads $threads, stopped after step $n: $(basename "$f") differs from the uninterrupted run's"
    done
    echo "ok: --threads $threads, stopped after step $n: metrics and $(ls "$ref/ckpt" | wc -l) checkpoints identical"
  done
done
echo "ok: every interrupted and resumed run is bit-identical to the uninterrupted one"
