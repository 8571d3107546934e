#!/bin/sh
# Doxygen input filter (FILTER_PATTERNS in the Doxyfile): rewrites what Doxygen PARSES, never the files, and never
# the source listings (FILTER_SOURCE_FILES = NO, so a listing shows the file exactly as it is).
#   usage: doxygen_filter.sh FILE          (Doxygen appends the file's path; output on stdout)
#
# chapters/SECTION/README.md   the chapter's page. Figures are written `![alt](../../figures/reference/NAME.png)`
#                              so that they show on GitHub; Doxygen finds NAME.png through IMAGE_PATH and
#                              copies it next to the page, so the link becomes `![alt](NAME.png)`. A "Source files"
#                              section is appended, linking every .hpp/.cpp of the folder (a new file appears
#                              without touching the README).
# chapters/SECTION/*.cpp|*.hpp the chapter's sources are not API documentation (the public API is common/), so
#                              Doxygen does not parse their code: each becomes a file page that shows the file's
#                              opening comment (the section and its equations, in our words) verbatim and links to
#                              the full, cross-referenced listing.
# every *.md                   math written for GitHub ($x$, $$..$$, ```math blocks) becomes doxygen's \f$x\f$ and
#                              \f[..\f], typeset by MathJax (docs/github_math.awk), so a README can hold formulas
#                              that render on GitHub and on the site alike; \f$..\f$ written directly works too.
# anything else                unchanged.
set -eu
f=$1
here=$(dirname "$0")

# What every page gets: GitHub math to doxygen's, and [`code`](link) to [code](link) (doxygen 1.9 would show the
# backticks of a code span in a link's text).
markdown() { sed 's/\[`\([^]`]*\)`\](/[\1](/g' | awk -f "$here/github_math.awk"; }

case $f in
*/chapters/*/README.md)
  dir=$(dirname "$f")
  section=$(basename "$dir")
  # The title loses its backticks (doxygen 1.9 would show a code span in the navigation tree as raw <tt>) and a
  # " — `program`" ending, which would crowd the tree; the program is then named below the title, unless the
  # README already has a "Program:" line.
  program=$(sed -n '1s/^#.* — `\([^`]*\)`[ ]*$/\1/p' "$f")
  if [ -n "$program" ] && ! grep -q '^Program: ' "$f"; then
    named="1a\\
\\
Program: \`$program\`."
  else
    named='1s/$//'
  fi
  sed -e '1s/ — `[^`]*`[ ]*$//' -e '1s/`//g' -e "$named" \
    -e 's|](\.\./\.\./figures/reference/\([^)/]*\))|](\1)|g' "$f" | markdown
  printf '\n## Source files\n\n'
  printf 'Each page shows the opening comment of the file and links to its full listing.\n\n'
  if [ -f "$dir/main.cpp" ]; then
    printf -- '- \\ref chapters/%s/main.cpp "main.cpp": the experiment, top to bottom\n' "$section"
  fi
  for stem in $(ls "$dir" | sed -n 's/\.[ch]pp$//p' | sort -u); do
    for ext in hpp cpp; do
      [ "$stem.$ext" = main.cpp ] && continue
      if [ -f "$dir/$stem.$ext" ]; then
        printf -- '- \\ref chapters/%s/%s "%s"\n' "$section" "$stem.$ext" "$stem.$ext"
      fi
    done
  done
  printf -- '\nThe claims that CTest checks on this program are in `chapters/%s/CMakeLists.txt`.\n' "$section"
  ;;
*/chapters/*/*.cpp | */chapters/*/*.hpp)
  dir=$(dirname "$f")
  # The opening comment: the lines starting with // before the first line that does not ("*/" would end ours).
  printf '/** \\file\n'
  if head -n 1 "$f" | grep -q '^//'; then
    printf '\\verbatim\n'
    awk '!/^\/\// { exit } { sub(/^\/\/ ?/, ""); gsub(/\*\//, "* /"); print }' "$f"
    printf '\\endverbatim\n'
  else
    printf 'Part of the program of section %s, %s.\n' "$(basename "$dir" | sed 's/-.*//')" \
      'explained in the opening comments of its headers and main program'
  fi
  printf '*/\n'
  ;;
*.md)
  markdown < "$f"
  ;;
*)
  cat "$f"
  ;;
esac
