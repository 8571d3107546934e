#!/bin/sh
# The Markdown math filter (docs/github_math.awk, run by docs/doxygen_filter.sh on every page) on a page of edge
# cases: LaTeX in the text becomes doxygen's \f$..\f$ and \f[..\f], and nothing inside code changes (the dollar
# signs of shell code must survive). Needs only sh and awk, so it runs without doxygen or a browser.
#   usage:  check_math_filter.sh SOURCE_DIR
#   exit:   0 passed, 1 failed
set -u
src=${1:?usage: check_math_filter.sh SOURCE_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wj=$(printf '\342\201\240')  # the word joiner the filter puts before a formula glued to the previous character

cat > "$work/in.md" <<'EOF'
Inline $h = f(x)$, glued top-$k$ and ($D$), display $$a + b$$ in a line.
A price of $ 5 and $ 6 stays text, so does `echo $HOME` and `$x$`.
A `code span <
1e-3` over a line break, then $y$ after it.
**Bold with $x$ in it** and **plain bold**.

$$
\sum_i x_i
$$

```math
E = m c^2
```

```sh
for f in $(ls); do echo "$f costs $5"; done   # $x$ in a comment
```

    indented code: $z$ and $$w$$
EOF
cat > "$work/want.md" <<EOF
Inline \\f\$h = f(x)\\f\$, glued top-$wj\\f\$k\\f\$ and ($wj\\f\$D\\f\$), display \\f[a + b\\f] in a line.
A price of \$ 5 and \$ 6 stays text, so does \`echo \$HOME\` and \`\$x\$\`.
A \`code span <
1e-3\` over a line break, then \\f\$y\\f\$ after it.
<b>Bold with \\f\$x\\f\$ in it</b> and **plain bold**.

\\f[
\\sum_i x_i
\\f]

\\f[
E = m c^2
\\f]

\`\`\`sh
for f in \$(ls); do echo "\$f costs \$5"; done   # \$x\$ in a comment
\`\`\`

    indented code: \$z\$ and \$\$w\$\$
EOF
sh "$src/docs/doxygen_filter.sh" "$work/in.md" > "$work/got.md"
if cmp -s "$work/want.md" "$work/got.md"; then
  echo "ok: $(grep -c . "$work/in.md") lines of edge cases filtered as expected (code untouched)"
  exit 0
fi
echo "FAIL: docs/doxygen_filter.sh changed the edge cases differently from the expected page (- expected, + got):"
diff -u "$work/want.md" "$work/got.md" | tail -n +3
exit 1
