#!/usr/bin/env bash
# make_bad_data.sh DIR KIND: a data folder with DIR/fashion and DIR/mnist whose IDX files have one defect of
# KIND: truncated | magic | absurd | count_mismatch. The other files are copies of the committed sample.
set -eu
dir=$1 kind=$2
rm -rf "$dir"
for name in fashion mnist; do
  src=$(cd "$(dirname "$0")/../../data/sample/$name" && pwd)
  mkdir -p "$dir/$name"
  cp "$src"/*.gz "$dir/$name/"
  f="$dir/$name/train-images-idx3-ubyte.gz"
  case "$kind" in
    truncated) gzip -dc "$src/train-images-idx3-ubyte.gz" | head -c 100000 | gzip > "$f" ;;
    magic) { printf '\x12\x34\x08\x03'; gzip -dc "$src/train-images-idx3-ubyte.gz" | tail -c +5; } | gzip > "$f" ;;
    absurd) printf '\x00\x00\x08\x03\xff\xff\xff\xff\x00\x00\x00\x1c\x00\x00\x00\x1c' | gzip > "$f" ;;
    count_mismatch) cp "$src/t10k-labels-idx1-ubyte.gz" "$dir/$name/train-labels-idx1-ubyte.gz" ;;
    *) echo "unknown kind $kind" >&2; exit 2 ;;
  esac
done
