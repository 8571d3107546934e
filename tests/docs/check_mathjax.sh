#!/bin/sh
# Do the formulas of the documentation really render? Headless Chromium opens built pages, lets MathJax run
# (offline, from html/mathjax), and the DOM it ends with must show that MathJax started, typeset every formula
# of the page, reported no error, and left no raw TeX behind.
#   usage:  check_mathjax.sh HTML_DIR [PAGE.html ...]
#   pages:  by default two: the chapter page (md_chapters_*.html) with the most formulas, and the API page
#           (class, struct, namespace or header page of common/) with the most formulas
#   exit:   0 passed, 1 failed, 77 skipped (no chromium; or no pages because doxygen or libjs-mathjax is missing)
# Environment: CHROMIUM overrides the browser; AE_MATHJAX_DIR is where libjs-mathjax should be (for the skip).
# Uses only sh, grep, sed, perl (perl-base is part of every Debian system) and chromium.
set -u
html=${1:?usage: check_mathjax.sh HTML_DIR [PAGE.html ...]}
shift

browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ]; then
  echo "SKIPPED: chromium is not installed (apt-get install chromium)"
  exit 77
fi
if [ ! -f "$html/index.html" ]; then
  if ! command -v doxygen > /dev/null; then
    echo "SKIPPED: doxygen is not installed, so there are no pages to check"
    exit 77
  fi
  if [ ! -f "${AE_MATHJAX_DIR:-/usr/share/javascript/mathjax}/MathJax.js" ]; then
    echo "SKIPPED: libjs-mathjax is not installed, so the docs target builds no pages"
    exit 77
  fi
  echo "FAIL: $html/index.html is missing; build the documentation first (cmake --build BUILD --target docs)"
  exit 1
fi

# Doxygen writes an inline formula \f$..\f$ as \( .. \) and a displayed one \f[..\f] as \[ .. \].
formulas() { grep -o -F -e '\(' -e '\[' "$1" | wc -l; }
# The page with the most formulas among the files given (the first one if none has any); prints "COUNT PATH".
most_formulas() {
  for f in "$@"; do [ -f "$f" ] && echo "$(formulas "$f") $f"; done | sort -k1,1nr -k2,2 | head -n 1
}
if [ $# -eq 0 ]; then
  chapter=$(most_formulas "$html"/md_chapters_*.html)
  api=$(most_formulas "$html"/class*.html "$html"/struct*.html "$html"/namespace*.html "$html"/*_8hpp.html)
  if [ -z "$chapter" ]; then
    echo "FAIL: no chapter page (md_chapters_*.html) in $html"
    exit 1
  fi
  if [ -z "$api" ] || [ "${api%% *}" -eq 0 ]; then
    echo "FAIL: no page of the common/ API in $html has a formula"
    exit 1
  fi
  if [ "${chapter%% *}" -eq 0 ]; then
    echo "note: no chapter page has a formula yet; $(basename "${chapter#* }") is checked for MathJax" \
      "starting and no raw TeX"
  fi
  set -- "${chapter#* }" "${api#* }"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for page in "$@"; do
  name=$(basename "$page")
  expected=$(formulas "$page")
  if ! grep -q 'src="mathjax/MathJax.js' "$page"; then
    echo "FAIL $name: does not load the local mathjax/MathJax.js (MATHJAX_RELPATH in the Doxyfile)"
    status=1
    continue
  fi
  if [ ! -f "$(dirname "$page")/mathjax/MathJax.js" ]; then
    echo "FAIL $name: $(dirname "$page")/mathjax/MathJax.js does not exist (libjs-mathjax; the docs target links it)"
    status=1
    continue
  fi
  # A fresh profile each time; no network, no background services; virtual time lets MathJax finish.
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" --virtual-time-budget=15000 \
    --dump-dom "file://$(realpath "$page")" > "$work/dom.html" 2> "$work/browser.log"
  rc=$?
  # MathJax 2 replaces each formula by a <script type="math/tex"> holding the TeX and, before it, one rendered
  # element (class MathJax_SVG for the SVG output; MathJax_CHTML or MathJax for the HTML outputs). At start-up
  # it adds a hidden <div id="MathJax_Message">, also on a page without formulas.
  started=$(grep -c 'id="MathJax_Message"' "$work/dom.html")
  scripts=$(grep -o '<script type="math/tex' "$work/dom.html" | wc -l)
  rendered=$(grep -o -E 'class="(MathJax_SVG|MathJax_CHTML|MathJax)"' "$work/dom.html" | wc -l)
  # A TeX error is typeset in red on yellow (MathJax's merror style: #CC0000 on #FFFF88) with a message such as
  # "Undefined control sequence \foo"; a crash of MathJax itself shows "[Math Processing Error]".
  errors=$(grep -o -E 'Math Processing Error|class="merror"|fill="rgb\(204, 0, 0\)"|Undefined control sequence' \
    "$work/dom.html" | wc -l)
  # Raw TeX left in the text (outside scripts): formulas MathJax did not typeset, or \f$ doxygen did not convert.
  raw=$(perl -0777 -ne 's{<(script|style)\b.*?</\1>}{}gs; s{<[^>]*>}{}g; my $n = () = /\\f[\$\[\]\(\)]|\\\(|\\\[/g;
    print "$n\n"' "$work/dom.html")
  if [ $rc -ne 0 ] || [ ! -s "$work/dom.html" ]; then
    echo "FAIL $name: chromium exited with status $rc"
    tail -n 5 "$work/browser.log"
    status=1
  elif [ "$started" -eq 0 ] || [ "$scripts" -lt "$expected" ] || [ "$rendered" -lt "$expected" ] ||
    [ "$rendered" -lt "$scripts" ] || [ "$errors" -ne 0 ] || [ "$raw" -ne 0 ]; then
    echo "FAIL $name: MathJax started: $([ "$started" -gt 0 ] && echo yes || echo no); $expected formulas in" \
      "the page, $scripts found by MathJax, $rendered typeset, $errors error marks, $raw raw TeX left"
    grep -o -E 'Math Processing Error|Undefined control sequence [^<]*|Missing [^<]*' "$work/dom.html" |
      sort -u | head -n 5
    status=1
  else
    echo "ok $name: MathJax started; $rendered of $expected formulas typeset, no errors, no raw TeX left"
  fi
done
exit $status
