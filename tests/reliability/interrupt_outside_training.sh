#!/usr/bin/env bash
# interrupt_outside_training.sh MARKER PROG ARGS...: Ctrl-C outside training is honoured at once. Runs PROG, waits
# until a line of its output matches the extended regex MARKER (the end of a training run, after which the
# program evaluates), sends SIGINT, and expects exit status 130 within one second and no training begun after it.
set -u
marker=$1
shift
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
"$@" --threads 1 --out "$work/out" > "$work/log" 2>&1 &
pid=$!
found=0
for _ in $(seq 1 3000); do
  if grep -qE -- "$marker" "$work/log" 2>/dev/null; then found=1; break; fi
  kill -0 $pid 2>/dev/null || break
  sleep 0.02
done
if [ $found -ne 1 ]; then
  echo "FAIL: the program ended (or 60 s passed) before printing a line matching: $marker"
  tail -3 "$work/log"
  exit 1
fi
lines_at_signal=$(wc -l < "$work/log")
start=$(date +%s%N)
kill -INT $pid
wait $pid
status=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "exit status $status, $ms ms after SIGINT"
if [ $status -ne 130 ]; then
  echo "FAIL: expected exit status 130 after Ctrl-C outside training, got $status"
  tail -3 "$work/log"
  exit 1
fi
if [ $ms -gt 1000 ]; then
  echo "FAIL: Ctrl-C took $ms ms to act (more than a second)"
  exit 1
fi
if tail -n +"$((lines_at_signal + 1))" "$work/log" | grep -q '%)'; then
  echo "FAIL: a training run started after the Ctrl-C:"
  tail -n +"$((lines_at_signal + 1))" "$work/log" | grep '%)' | head -2
  exit 1
fi
echo "ok: Ctrl-C outside training exited 130 in $ms ms"
