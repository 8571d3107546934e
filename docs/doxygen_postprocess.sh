#!/bin/sh
# Run on the built pages after doxygen (cmake/docs.cmake). Doxygen 1.9 writes a space before every inline formula;
# where the Markdown source had none (`top-$k$`, `($D$)`), docs/github_math.awk put a WORD JOINER (U+2060) in
# front of the formula, and here the joiner and doxygen's space go, so the page reads "top-k" and "(D)".
#   usage: doxygen_postprocess.sh HTML_DIR
set -eu
html=${1:?usage: doxygen_postprocess.sh HTML_DIR}
for page in "$html"/*.html; do
  if grep -q "$(printf '\342\201\240')" "$page"; then
    perl -pi -e 's/\xE2\x81\xA0 ?(?=\\\()//g' "$page"
  fi
done
