# GitHub's math syntax to doxygen's: a ```math block or lines between two $$ lines become \f[ .. \f], $$x$$ in a
# line becomes \f[x\f], and $x$ (no space just inside the dollars) becomes \f$x\f$. Code is left alone: fenced
# blocks, indented blocks and `code spans`.
#
# Doxygen 1.9 writes one space before every inline formula, so `top-$k$` would read "top- k". Where the source has
# no space before the formula, a WORD JOINER (U+2060) goes in front of \f$; docs/doxygen_postprocess.sh then removes
# it together with the space doxygen added (and without the post-processing it is invisible).
function convert(seg, before,    res, m, prev) {
  res = ""
  while (match(seg, /\$\$[^$]+\$\$/)) {
    res = res substr(seg, 1, RSTART - 1) "\\f[" substr(seg, RSTART + 2, RLENGTH - 4) "\\f]"
    seg = substr(seg, RSTART + RLENGTH)
  }
  seg = res seg
  res = ""
  while (match(seg, /\$[^ $]([^$]*[^ $])?\$/)) {
    m = substr(seg, RSTART + 1, RLENGTH - 2)
    if (substr(seg, RSTART - 2, 2) == "\\f") {  # the \f[ .. \f] just written holds no $; \f$ is doxygen's own
      res = res substr(seg, 1, RSTART + RLENGTH - 2); seg = substr(seg, RSTART + RLENGTH - 1); continue
    }
    res = res substr(seg, 1, RSTART - 1)
    prev = (res != "" ? substr(res, length(res), 1) : before)
    res = res (prev != "" && prev !~ /[ \t]/ ? JOINER : "") "\\f$" m "\\f$"
    seg = substr(seg, RSTART + RLENGTH)
  }
  return res seg
}
# A code span may go on over a line break (never over a blank line): `incode` carries that state to the next line.
function inline(s,    out, n, i, parts) {
  n = split(s, parts, "`")
  if (n == 0) return s
  out = ""
  for (i = 1; i <= n; i++)
    out = out (i > 1 ? "`" : "") ((i - 1 + incode) % 2 == 0 ? convert(parts[i], i > 1 ? "`" : "") : parts[i])
  incode = (incode + n - 1) % 2
  return out
}
# Doxygen 1.9 leaves **bold text** holding a formula as raw asterisks (and *italics* too), so a bold span within
# one line that holds a formula becomes <b>..</b>. tests/docs/check_chapter_pages.sh fails on any * left in a
# page (a bold span over a line break, italics with a formula: write them as <b>..</b>, <em>..</em>).
function bold(s,    res, m) {
  res = ""
  while (match(s, /\*\*[^* ][^*]*\*\*/)) {
    m = substr(s, RSTART + 2, RLENGTH - 4)
    res = res substr(s, 1, RSTART - 1) (index(m, "\\f$") ? "<b>" m "</b>" : "**" m "**")
    s = substr(s, RSTART + RLENGTH)
  }
  return res s
}
function count_dd(s,    t) { t = s; return gsub(/\$\$/, "", t) }
BEGIN { JOINER = "\342\201\240" }
/^[ ]*```/ {
  blank = 0
  if (fence == "" && $0 ~ /^[ ]*```math[ ]*$/) { fence = "math"; print "\\f["; next }
  if (fence == "math") { fence = ""; print "\\f]"; next }
  fence = (fence == "" ? "code" : ""); print; next
}
fence != "" { print; next }
/^[ ]*\$\$[ ]*$/ { display = !display; print (display ? "\\f[" : "\\f]"); next }
# A display may also open on its first line of math and close at the end of its last: $$a =\n b$$.
!display && /^[ ]*\$\$/ && count_dd($0) % 2 == 1 {
  display = 1; line = $0; sub(/^[ ]*\$\$/, "", line); print "\\f["; print line; next
}
display && /\$\$[ ]*$/ { line = $0; sub(/\$\$[ ]*$/, "", line); print line; print "\\f]"; display = 0; next }
display { print; next }
{
  indented = ($0 ~ /^    / && (blank || indented))
  blank = ($0 ~ /^[ ]*$/)
  if (blank) incode = 0
  print (indented ? $0 : bold(inline($0)))
}
