#!/bin/sh
# The browser check must be able to fail: it is run on a copy of the two pages it checks, once with MathJax
# replaced by a script that does nothing (the formulas stay raw TeX) and once with no mathjax/ link at all, and
# must report FAIL both times. Exit 0 when it did, 1 when it passed a broken page, 77 when it skips.
#   usage:  check_mathjax_can_fail.sh HTML_DIR
set -u
html=${1:?usage: check_mathjax_can_fail.sh HTML_DIR}
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Which pages would the real check open? Its first lines name them only on failure, so pick them the same way:
# copy every page (small), plus the style sheets and scripts the pages load.
mkdir -p "$work/broken" "$work/unlinked"
if [ -f "$html/index.html" ]; then
  for d in broken unlinked; do
    cp "$html"/*.html "$html"/*.css "$html"/*.js "$work/$d/" 2>/dev/null
  done
  mkdir -p "$work/broken/mathjax"
  echo '/* MathJax that never typesets */' > "$work/broken/mathjax/MathJax.js"
fi
status=0
for d in broken unlinked; do
  out=$(sh "$here/check_mathjax.sh" "$work/$d" 2>&1)
  rc=$?
  echo "$out" | sed "s/^/  [$d] /"
  if [ $rc -eq 77 ]; then
    echo "SKIPPED: the browser check skips"
    exit 77
  elif [ $rc -eq 0 ]; then
    echo "FAIL: check_mathjax.sh passed pages whose MathJax is $d"
    status=1
  else
    echo "ok: check_mathjax.sh fails when MathJax is $d"
  fi
done
exit $status
