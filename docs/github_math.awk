# GitHub's math syntax to doxygen's: a ```math block or lines between two $$ lines become \f[ .. \f], $$x$$ in a
# line becomes \f[x\f], and $x$ (no space just inside the dollars) becomes \f$x\f$. Code is left alone: fenced
# blocks, indented blocks and `code spans`.
function convert(seg,    res, m) {
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
    res = res substr(seg, 1, RSTART - 1) "\\f$" m "\\f$"
    seg = substr(seg, RSTART + RLENGTH)
  }
  return res seg
}
function inline(s,    out, n, i, parts) {
  n = split(s, parts, "`")
  out = ""
  for (i = 1; i <= n; i++) out = out (i > 1 ? "`" : "") (i % 2 == 1 ? convert(parts[i]) : parts[i])
  return out
}
/^[ ]*```/ {
  blank = 0
  if (fence == "" && $0 ~ /^[ ]*```math[ ]*$/) { fence = "math"; print "\\f["; next }
  if (fence == "math") { fence = ""; print "\\f]"; next }
  fence = (fence == "" ? "code" : ""); print; next
}
fence != "" { print; next }
/^[ ]*\$\$[ ]*$/ { display = !display; print (display ? "\\f[" : "\\f]"); next }
display { print; next }
{
  indented = ($0 ~ /^    / && (blank || indented))
  blank = ($0 ~ /^[ ]*$/)
  print (indented ? $0 : inline($0))
}
