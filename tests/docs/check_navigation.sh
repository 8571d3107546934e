#!/bin/sh
# Is the site's navigation in reading order? In the tree of the built pages (html/navtreedata.js, after the main
# page) the nine sections come first, 14.1 to 14.9 in order, each chapters/*/README.md with its page; then the
# library guides: the GEMM (common/gemm), the data, the figures. The order is the INPUT order of the Doxyfile.
#   usage:  check_navigation.sh HTML_DIR SOURCE_DIR
#   exit:   0 passed, 1 failed, 77 skipped (no pages because doxygen or libjs-mathjax is missing)
set -u
html=${1:?usage: check_navigation.sh HTML_DIR SOURCE_DIR}
src=${2:?usage: check_navigation.sh HTML_DIR SOURCE_DIR}
if [ ! -f "$html/index.html" ]; then
  if ! command -v doxygen > /dev/null || [ ! -f "${AE_MATHJAX_DIR:-/usr/share/javascript/mathjax}/MathJax.js" ]; then
    echo "SKIPPED: doxygen or libjs-mathjax is not installed, so there are no pages to check"
    exit 77
  fi
  echo "FAIL: $html/index.html is missing; build the documentation first (cmake --build BUILD --target docs)"
  exit 1
fi
if [ ! -f "$html/navtreedata.js" ]; then
  echo "FAIL: $html/navtreedata.js is missing (GENERATE_TREEVIEW = YES in the Doxyfile)"
  exit 1
fi
# The pages of the tree's first level, in order (its entries are indented by four spaces).
got=$(sed -n 's/^    \[ "[^"]*", "\(md_[^"#]*\.html\)".*/\1/p' "$html/navtreedata.js" | tr '\n' ' ')
want=""
for readme in $(ls "$src"/chapters/*/README.md | sort -t . -k 2,2n); do
  want="$want$(echo "md_chapters_$(basename "$(dirname "$readme")")" | sed 's/[^A-Za-z0-9]/_/g')_README.html "
done
want="${want}md_common_gemm_README.html md_data_README.html md_figures_README.html "
# Guides added later (any other page) may follow; everything listed above must come first, in this order.
case $got in
"$want"*)
  echo "ok: the navigation lists $(echo "$want" | wc -w) pages in reading order: the nine sections, then the guides"
  exit 0
  ;;
esac
echo "FAIL: the navigation's pages are not in reading order (the INPUT order of the Doxyfile)"
echo "  expected first: $want"
echo "  found:          $got"
exit 1
