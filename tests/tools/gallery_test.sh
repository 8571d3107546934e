#!/usr/bin/env bash
# The gallery (figures/out/index.html) in headless Chromium: every thumbnail loads, and every picture in the folder
# (NAME.png, .svg, .pdf, NAME_grid.png) is on the page. Runs on whatever FIGURES holds (after ./setup.sh, the
# tour's figures); when it holds no figure, on a small folder of its own from one quick program run. Then the
# check must fail on a planted defect: a copy of a few figures with one picture deleted after the page was written
# (a thumbnail that cannot load) and one added (a figure missing from the page).
#   usage:  gallery_test.sh GALLERY FIGURES QUICK_PROGRAM
#   exit:   0 passed, 1 failed, 77 skipped (no chromium)
# Environment: CHROMIUM overrides the browser.
set -u
gallery=$1 figures=$2 program=$3
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ]; then
  echo "SKIPPED: chromium is not installed (apt-get install chromium)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# check DIR: prints one line per problem of DIR/index.html and returns 1 if there is any.
check() {
  local dir=$1 problems=0
  if [ ! -f "$dir/index.html" ]; then
    echo "  no $dir/index.html"
    return 1
  fi
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" --allow-file-access-from-files --virtual-time-budget=20000 \
    --dump-dom "file://$(realpath "$dir/index.html")" > "$work/dom.html" 2> "$work/browser.log"
  local rc=$?
  if [ $rc -ne 0 ] || [ ! -s "$work/dom.html" ]; then
    echo "  chromium exited with status $rc"
    tail -n 5 "$work/browser.log"
    return 1
  fi
  local loaded broken thumbs
  loaded=$(grep -o 'data-images-loaded="[0-9]*"' "$work/dom.html" | grep -o '[0-9]*')
  broken=$(grep -o 'data-images-broken="[0-9]*"' "$work/dom.html" | grep -o '[0-9]*')
  thumbs=$(grep -o '<img ' "$work/dom.html" | wc -l)
  if [ -z "$loaded" ] || [ -z "$broken" ]; then
    echo "  the page's check did not run (no data-images-loaded on <body>)"
    return 1
  fi
  if [ "$broken" -ne 0 ] || [ "$loaded" -ne "$thumbs" ]; then
    echo "  $broken of $thumbs thumbnails did not load:"
    grep -o 'title="did not load: [^"]*"' "$work/dom.html" | sed 's/^/    /'
    problems=1
  fi
  if [ "$thumbs" -eq 0 ]; then
    echo "  no thumbnail on the page"
    problems=1
  fi
  local f name
  for f in "$dir"/*.png "$dir"/*.svg "$dir"/*.pdf; do
    [ -f "$f" ] || continue
    name=$(basename "$f")
    case "$name" in *.tmp*) continue ;; esac
    if ! grep -q -F "href=\"$name\"" "$work/dom.html"; then
      echo "  $name is not on the page"
      problems=1
    fi
  done
  [ $problems -eq 0 ] && echo "  ok: $loaded thumbnails loaded, every picture of $dir on the page"
  return $problems
}

status=0
dir=$figures
if ! compgen -G "$dir/*.png" > /dev/null && ! compgen -G "$dir/*.svg" > /dev/null &&
  ! compgen -G "$dir/*.pdf" > /dev/null; then
  dir=$work/quick
  echo "$figures holds no figure; drawing some: $program --quick --out $dir"
  if ! "$program" --quick --out "$dir" > "$work/program.log" 2>&1; then
    echo "FAIL: $program --quick failed"
    tail -n 5 "$work/program.log"
    exit 1
  fi
fi
echo "gallery of $dir:"
if ! "$gallery" "$dir" > /dev/null; then
  echo "FAIL: gallery $dir failed"
  exit 1
fi
check "$dir" || { echo "FAIL: the gallery of $dir"; status=1; }

# The planted defect: the check must fail on it, naming both problems.
planted=$work/planted
mkdir -p "$planted"
# Three thumbnails (PNG or SVG, not bare grids) with their scripts and data.
mapfile -t some < <(ls "$dir"/*.png "$dir"/*.svg 2> /dev/null | grep -v '_grid\.png$' | head -n 3)
if [ ${#some[@]} -lt 2 ]; then
  echo "FAIL: fewer than two thumbnails in $dir to plant a defect in"
  exit 1
fi
for f in "${some[@]}"; do cp "${f%.*}".* "$planted"/ 2> /dev/null; done
"$gallery" "$planted" > /dev/null
gone=$(basename "${some[0]}")
extra=extra_figure.${some[1]##*.}
rm "$planted/$gone"
cp "${some[1]}" "$planted/$extra"
echo "planted defect: $gone deleted after the page was written, $extra added"
if out=$(check "$planted"); then
  echo "FAIL: the check passed on the planted defect"
  status=1
elif ! grep -q "did not load" <<< "$out" || ! grep -q "$extra is not on the page" <<< "$out"; then
  echo "FAIL: the check failed on the planted defect, but did not name both problems:"
  echo "$out"
  status=1
else
  echo "  failed as it must:"
  echo "$out"
fi
[ $status -eq 0 ] && echo "passed"
exit $status
