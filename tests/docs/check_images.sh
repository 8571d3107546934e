#!/bin/sh
# Does every image of the documentation show? Every <img src="..."> of the built pages must name a file that
# exists next to them. Doxygen copies a figure into html/ only when it finds it in IMAGE_PATH (figures/reference/), so a
# chapter README that embeds ../../figures/reference/NAME.png before NAME.png is committed fails here, naming the figure.
#   usage:  check_images.sh HTML_DIR
#   exit:   0 passed, 1 failed, 77 skipped (no pages because doxygen or libjs-mathjax is missing)
set -u
html=${1:?usage: check_images.sh HTML_DIR}
if [ ! -f "$html/index.html" ]; then
  if ! command -v doxygen > /dev/null || [ ! -f "${AE_MATHJAX_DIR:-/usr/share/javascript/mathjax}/MathJax.js" ]; then
    echo "SKIPPED: doxygen or libjs-mathjax is not installed, so there are no pages to check"
    exit 77
  fi
  echo "FAIL: $html/index.html is missing; build the documentation first (cmake --build BUILD --target docs)"
  exit 1
fi
status=0
pages=0
images=0
for page in "$html"/*.html; do
  pages=$((pages + 1))
  for src in $(grep -o '<img [^>]*src="[^"]*"' "$page" | sed 's/.*src="\([^"]*\)"/\1/' | sort -u); do
    case $src in http://* | https://* | data:*) continue ;; esac
    images=$((images + 1))
    if [ ! -f "$html/$src" ]; then
      echo "FAIL $(basename "$page"): image $src does not exist (is figures/reference/$(basename "$src") committed?)"
      status=1
    fi
  done
done
[ $status -eq 0 ] && echo "ok: $images images on $pages pages, all present"
exit $status
