#!/bin/sh
# check_chapter_pages.sh must be able to fail, each of its checks for its own reason. The site is built again (the
# same Doxyfile, filter and post-processing as cmake/docs.cmake) from a copy of the sources in which three chapter
# READMEs carry a planted defect:
#   14.1  a table row gets a code span holding a `|` (how the Metrics tables once came out as raw "| ... |" text)
#   14.2  a formula with an undefined TeX macro (MathJax typesets an error)
#   14.4  an inline formula broken over two lines (the filter converts a formula within one line, so it stays raw
#         "$...$" text that MathJax never typesets)
#   14.5  a bold span holding a formula over a line break (doxygen 1.9 leaves its ** as raw text)
# The check must fail on each of the four pages, naming that defect, and pass on an untouched page (14.3), so a
# failure is not just a broken copy. Exit 0 when it did, 1 when it did not, 77 when it skips.
#   usage:  check_chapter_pages_can_fail.sh SOURCE_DIR
# Environment: AE_MATHJAX_DIR (default /usr/share/javascript/mathjax), CHROMIUM as for check_chapter_pages.sh.
set -u
src=${1:?usage: check_chapter_pages_can_fail.sh SOURCE_DIR}
here=$(dirname "$0")
mathjax=${AE_MATHJAX_DIR:-/usr/share/javascript/mathjax}
if ! command -v doxygen > /dev/null || [ ! -f "$mathjax/MathJax.js" ]; then
  echo "SKIPPED: doxygen or libjs-mathjax is not installed"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

copy=$work/src
mkdir -p "$copy/data" "$copy/figures"
cp -R "$src/Doxyfile" "$src/README.md" "$src/chapters" "$src/common" "$src/docs" "$copy/"
cp "$src/data/README.md" "$copy/data/"
cp -R "$src/figures/README.md" "$src/figures/reference" "$copy/figures/"
# The copy's pages are checked by the browser, not by doxygen's warnings (the main page may link files not copied).
printf 'WARN_AS_ERROR = NO\nQUIET = YES\nWARNINGS = NO\n' >> "$copy/Doxyfile"

plant() {  # plant SECTION PERL-PROGRAM: edit chapters/SECTION*/README.md of the copy
  readme=$(ls "$copy"/chapters/"$1"-*/README.md)
  perl -0777 -pi -e "$2" "$readme" || exit 1
  echo "$readme"
}
# The first table body row (the line after the first |---| line): its second cell starts with a code span holding |.
r1=$(plant 14.1 's/^(\s*\|[-:| ]+\|\s*\n\|[^|\n]*\|)/$1 `max |W|` |/m or die "no table in 14.1\n"')
r2=$(plant 14.2 's/\z/\nA planted formula \$\\plantedUndefinedMacro{x}\$ with an undefined macro.\n/')
r4=$(plant 14.4 's/\z/\nA planted formula \$a +\nb\$ broken over two lines.\n/')
r5=$(plant 14.5 's/\z/\n**A planted bold \$x\$\nover two lines.**\n/')
r3=$(ls "$copy"/chapters/14.3-*/README.md)

html=$work/out/html
mkdir -p "$html"
ln -s "$mathjax" "$html/mathjax"
(cd "$copy" && AE_DOCS_OUT=$work/out doxygen Doxyfile > "$work/doxygen.log" 2>&1) &&
  sh "$copy/docs/doxygen_postprocess.sh" "$html"
if [ ! -f "$html/index.html" ]; then
  echo "FAIL: doxygen built no pages from the planted copy"
  tail -n 5 "$work/doxygen.log"
  exit 1
fi

out=$(sh "$here/check_chapter_pages.sh" "$html" "$copy" "$r1" "$r2" "$r3" "$r4" "$r5" 2>&1)
rc=$?
if [ $rc -eq 77 ]; then
  echo "$out"
  exit 77
fi
echo "$out" | sed 's/^/  [planted] /'
status=0
expect() {  # expect SECTION-PREFIX WHAT REGEX
  if echo "$out" | grep -q "^FAIL $1-[^:]*:.*$3"; then
    echo "ok: the check fails on $1 with $2"
  else
    echo "FAIL: the check did not fail on $1 with $2"
    status=1
  fi
}
expect 14.1 "a raw table row" "raw table rows"
expect 14.2 "a MathJax error" "MathJax error marks"
expect 14.4 "an untypeset formula" "LaTeX spans not typeset"
expect 14.5 "raw bold markers" "raw \\* left in the text"
if echo "$out" | grep -q "^ok 14.3-"; then
  echo "ok: the untouched page 14.3 passes in the same copy"
else
  echo "FAIL: the untouched page 14.3 does not pass in the copy, so the failures above prove nothing"
  status=1
fi
[ $rc -eq 0 ] && { echo "FAIL: check_chapter_pages.sh exited 0 on planted pages"; status=1; }
exit $status
