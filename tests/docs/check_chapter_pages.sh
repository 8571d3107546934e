#!/bin/sh
# Does every chapter page read like the chapter? Headless Chromium opens the built page of each chapter README, lets
# MathJax run (offline, from html/mathjax), and the page it ends with must have
#   - every formula typeset: at least as many typeset formulas as the README has LaTeX spans ($..$, $$..$$, ```math
#     blocks, counted in the Markdown source outside code, a span broken over two lines included);
#   - no MathJax error (a TeX error such as an undefined macro, or a crash of MathJax);
#   - no "*" left as raw text (doxygen 1.9 renders no bold or italic span holding a formula over a line break);
#   - no table row left as raw text (a paragraph line starting with "|": a `|` inside a code span splits a row, on
#     GitHub as in doxygen), and as many tables as the README has;
# and the README itself must have no `|` inside a code span on a table row (the cause of such raw rows).
#   usage:  check_chapter_pages.sh HTML_DIR SOURCE_DIR [README.md ...]
#           (default: every SOURCE_DIR/chapters/*/README.md; a README given is read as the source of the chapter
#           page of the same folder name, so a planted copy can be checked against its page)
#   prints: one line per page: formulas typeset / LaTeX spans, tables rendered / tables in the source
#   exit:   0 passed, 1 failed, 77 skipped (no chromium; or no pages because doxygen or libjs-mathjax is missing)
# Environment: CHROMIUM overrides the browser; AE_MATHJAX_DIR is where libjs-mathjax should be (for the skip).
# Uses only sh, grep, sed, perl (perl-base is part of every Debian system) and chromium.
set -u
html=${1:?usage: check_chapter_pages.sh HTML_DIR SOURCE_DIR [README.md ...]}
src=${2:?usage: check_chapter_pages.sh HTML_DIR SOURCE_DIR [README.md ...]}
shift 2

browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ]; then
  echo "SKIPPED: chromium is not installed (apt-get install chromium)"
  exit 77
fi
if [ ! -f "$html/index.html" ]; then
  if ! command -v doxygen > /dev/null || [ ! -f "${AE_MATHJAX_DIR:-/usr/share/javascript/mathjax}/MathJax.js" ]; then
    echo "SKIPPED: doxygen or libjs-mathjax is not installed, so there are no pages to check"
    exit 77
  fi
  echo "FAIL: $html/index.html is missing; build the documentation first (cmake --build BUILD --target docs)"
  exit 1
fi
[ $# -eq 0 ] && set -- "$src"/chapters/*/README.md

# The Markdown source, outside fenced code blocks and code spans: prints "SPANS TABLES PIPES", the LaTeX spans, the
# tables (their |---|---| lines) and the table rows with a `|` inside a code span.
source_counts() {
  perl -0777 -ne '
    my ($spans, $tables, $pipes) = (0, 0, 0);
    # ```math blocks are formulas; other fenced blocks are code.
    $spans += () = /^[ ]*```math[ ]*\n.*?^[ ]*```[ ]*$/gms;
    s/^[ ]*```.*?^[ ]*```[ ]*$//gms;
    for my $line (split /\n/) {
      next unless $line =~ /^\s*\|/;
      $tables++ if $line =~ /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$/;
      my $code = join "", $line =~ /`([^`]*)`/g;
      $pipes++ if $code =~ /\|/;
    }
    s/`(?:[^`\n]|\n(?![ \t]*\n))*`//g;              # code spans (over a line break, never over a blank line)
    $spans += () = /\$\$.+?\$\$/gs;                 # display math, in a line or between two $$ lines
    s/\$\$.+?\$\$//gs;
    $spans += () = /\$[^\s\$](?:[^\$]*?[^\s\$])?\$/gs;   # inline math, no space just inside the dollars
    print "$spans $tables $pipes\n";' "$1"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for readme in "$@"; do
  section=$(basename "$(dirname "$readme")")
  # Doxygen names the page of chapters/14.1-undercomplete/README.md md_chapters_14_1_undercomplete_README.html.
  page=$html/md_chapters_$(echo "$section" | sed 's/[^A-Za-z0-9]/_/g')_README.html
  read -r spans tables pipes <<EOF
$(source_counts "$readme")
EOF
  if [ ! -f "$page" ]; then
    echo "FAIL $section: no page $(basename "$page") (is chapters/$section in the INPUT of the Doxyfile?)"
    status=1
    continue
  fi
  # A fresh profile each time; no network, no background services; virtual time lets MathJax finish.
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" --virtual-time-budget=15000 \
    --dump-dom "file://$(realpath "$page")" > "$work/dom.html" 2> "$work/browser.log"
  rc=$?
  if [ $rc -ne 0 ] || [ ! -s "$work/dom.html" ]; then
    echo "FAIL $section: chromium exited with status $rc"
    tail -n 5 "$work/browser.log"
    status=1
    continue
  fi
  # MathJax 2 (SVG output) puts one <span class="MathJax_SVG"> before the <script type="math/tex"> of each formula
  # it typeset; at start-up it adds <div id="MathJax_Message">.
  started=$(grep -c 'id="MathJax_Message"' "$work/dom.html")
  typeset=$(grep -o 'class="MathJax_SVG"' "$work/dom.html" | wc -l)
  # A TeX error is typeset in red on yellow (MathJax's merror) with a message such as "Undefined control sequence
  # \foo"; a crash of MathJax itself shows "[Math Processing Error]".
  errors=$(grep -o -E 'Math Processing Error|class="merror"|fill="rgb\(204, 0, 0\)"|Undefined control sequence' \
    "$work/dom.html" | wc -l)
  rendered=$(grep -o '<table class="markdownTable"' "$work/dom.html" | wc -l)
  # A raw row: a paragraph with a line starting with "|" once the tags are gone (code and scripts dropped first).
  raw=$(perl -0777 -ne 's{<(script|style|pre)\b.*?</\1>}{}gs; my $n = 0;
    while (m{<p\b[^>]*>(.*?)</p>}gs) { my $t = $1; $t =~ s{<br\s*/?>}{\n}g; $t =~ s{<[^>]*>}{}g;
      $n += () = $t =~ /^\s*\|/mg; } print "$n\n"' "$work/dom.html")
  # Emphasis doxygen did not understand: a "*" left in the text (bold or italics holding a formula over a line
  # break; a product inside a formula is \ast or \cdot, so no "*" belongs in the text).
  stars=$(perl -0777 -ne 's{<(script|style|pre|code)\b.*?</\1>}{}gs; s{<[^>]*>}{}g; my $n = () = /\*/g;
    print "$n\n"' "$work/dom.html")
  line="$typeset/$spans formulas typeset, $rendered/$tables tables"
  why=""
  [ "$started" -eq 0 ] && why="$why; MathJax did not start"
  [ "$typeset" -lt "$spans" ] && why="$why; $((spans - typeset)) of the $spans LaTeX spans not typeset"
  [ "$errors" -ne 0 ] && why="$why; $errors MathJax error marks"
  [ "$raw" -ne 0 ] && why="$why; $raw raw table rows (a paragraph starting with |)"
  [ "$rendered" -lt "$tables" ] && why="$why; $((tables - rendered)) tables not rendered as tables"
  [ "$stars" -ne 0 ] && why="$why; $stars raw * left in the text (emphasis that doxygen did not render)"
  [ "$spans" -eq 0 ] && why="$why; the README has no LaTeX formula (\$...\$), so nothing is typeset"
  [ "$pipes" -ne 0 ] && why="$why; $pipes table rows of the README with a | inside a code span"
  if [ -n "$why" ]; then
    echo "FAIL $section: $line${why}"
    grep -o -E 'Math Processing Error|Undefined control sequence [^<]*|Missing [^<]*' "$work/dom.html" |
      sort -u | head -n 5 | sed 's/^/  MathJax: /'
    status=1
  else
    echo "ok $section: $line, no MathJax error, no raw table row, no raw *"
  fi
done
exit $status
