#!/usr/bin/env bash
# make_bad_data.sh DIR KIND: a data folder with DIR/fashion and DIR/mnist whose IDX files have one defect of
# KIND: truncated | magic | absurd | count_mismatch | label_255 (one training label 255) | size_56 (56 x 56 images)
# | few (3 training images) | fifo (the training images a FIFO). The other files are copies of the committed sample.
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
    label_255) { gzip -dc "$src/train-labels-idx1-ubyte.gz" | head -c 8; printf '\xff';
                 gzip -dc "$src/train-labels-idx1-ubyte.gz" | tail -c +10; } | gzip > "$dir/$name/train-labels-idx1-ubyte.gz" ;;
    size_56)   # the same bytes read as a quarter as many 56 x 56 images, with a quarter as many labels
      n=$(gzip -dc "$src/train-labels-idx1-ubyte.gz" | tail -c +9 | wc -c); q=$((n / 4))
      { printf '\x00\x00\x08\x03'; printf "%08x" $q | xxd -r -p; printf '\x00\x00\x00\x38\x00\x00\x00\x38';
        gzip -dc "$src/train-images-idx3-ubyte.gz" | tail -c +17 | head -c $((q * 3136)); } | gzip > "$f"
      { printf '\x00\x00\x08\x01'; printf "%08x" $q | xxd -r -p;
        gzip -dc "$src/train-labels-idx1-ubyte.gz" | tail -c +9 | head -c $q; } | gzip > "$dir/$name/train-labels-idx1-ubyte.gz" ;;
    few)
      { printf '\x00\x00\x08\x03\x00\x00\x00\x03\x00\x00\x00\x1c\x00\x00\x00\x1c';
        gzip -dc "$src/train-images-idx3-ubyte.gz" | tail -c +17 | head -c $((3 * 784)); } | gzip > "$f"
      { printf '\x00\x00\x08\x01\x00\x00\x00\x03';
        gzip -dc "$src/train-labels-idx1-ubyte.gz" | tail -c +9 | head -c 3; } | gzip > "$dir/$name/train-labels-idx1-ubyte.gz" ;;
    fifo) rm "$f"; mkfifo "$f" ;;
    *) echo "unknown kind $kind" >&2; exit 2 ;;
  esac
done
