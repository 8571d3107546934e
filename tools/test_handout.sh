#!/usr/bin/env bash
# The handout end to end: make_handout writes one into a temporary folder and builds its exercise tests
# (--check-build, with ccache when installed); there every exercise fails and in the repository every one
# passes; the handout holds no solution; filled back in, one exercise passes alone, then two.
# Usage: test_handout.sh MAKE_HANDOUT SOURCE_DIR BUILD_DIR   (KEEP=1 keeps the handout and prints where)
set -u
MH=$1 SRC=$2 BUILD=$3
T=$(mktemp -d "${TMPDIR:-/tmp}/handout_test.XXXXXX")
[[ ${KEEP:-0} == 1 ]] && echo "handout in $T/handout" || trap 'rm -rf "$T"' EXIT
H=$T/handout
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
finish() {
  ((fails)) && { echo "$fails check(s) failed"; exit 1; }
  echo "make_handout: the handout builds, fails every exercise, and passes the ones filled back in"
  exit 0
}

[[ -x $BUILD/bin/grade ]] || { echo "FAIL: no $BUILD/bin/grade (cmake --build build --target exercises)"; exit 1; }
mapfile -t names < <("$MH" --source "$SRC" --list | cut -d' ' -f1)
n=${#names[@]}
((n >= 18)) || fail "only $n exercises (at least two per section 14.1-14.9)"
for s in 1 2 3 4 5 6 7 8 9; do
  c=$(printf '%s\n' "${names[@]}" | grep -c "^14\.$s-")
  ((c >= 2)) || fail "section 14.$s has $c exercise(s)"
done

# The test set matches the regions: one exercise test per region, and no other.
mapfile -t tests < <(ctest --test-dir "$BUILD" -N -L exercise | sed -n 's/.*Test *#[0-9]*: exercise\.//p' | sort)
[[ "$(printf '%s\n' "${tests[@]}")" == "$(printf '%s\n' "${names[@]}" | sort)" ]] ||
  fail "the exercise tests (${tests[*]}) are not the regions (${names[*]})"

# In the repository every exercise passes.
repo=$("$BUILD/bin/grade" --build-dir "$BUILD")
grep -q "^$n passed, 0 failed$" <<<"$repo" || fail "the repository does not pass every exercise: $repo"

# The handout builds with its stubs.
"$MH" --source "$SRC" --check-build "$H" || { fail "the handout does not build"; finish; }
[[ -e $H/.git ]] && fail "the handout has a .git"
# No solution left: each region's longest solution line, where it occurs once in the repository (in the
# region), occurs nowhere in the handout.
# solution NAME: the solution lines of NAME in the repository, trimmed.
solution() {
  local name=$1 file
  file=$("$MH" --source "$SRC" --list | awk -v n="$name" '$1 == n { sub(/:[0-9]+$/, "", $2); print $2 }')
  awk -v name="$name" 'function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
    trim($0) == "// BEGIN EXERCISE " name { on = 1; next }
    on && trim($0) == "// ELSE" { exit }
    on { print trim($0) }' "$SRC/$file"
}
checked=0
for name in "${names[@]}"; do
  longest=$(solution "$name" | awk 'length > length(best) { best = $0 } END { print best }')
  count=$(cd "$SRC" && git ls-files -z | xargs -0 grep -F -c -- "$longest" 2>/dev/null | awk -F: '{ s += $NF } END { print s + 0 }')
  [[ $count == 1 ]] || continue
  checked=$((checked + 1))
  grep -rqF --exclude-dir=build -- "$longest" "$H" && fail "the handout still holds the solution of $name: '$longest'"
done
echo "looked for $checked of the $n solutions in the handout (the others share their longest line with other code)"
((checked >= n / 2)) || fail "only $checked of $n solutions could be looked for in the handout"

# In the handout every exercise fails, each because its own stub throws.
out=$("$H/build/bin/grade")
grep -q "^0 passed, $n failed$" <<<"$out" || fail "the handout passes some exercises: $out"
[[ $(grep -c ': not implemented (the stub still throws' <<<"$out") == "$n" ]] ||
  fail "some exercise fails for another reason than its stub: $out"

# fill NAME: puts the repository's solution of NAME back into the handout, between its markers.
fill() {
  local name=$1 file
  file=$("$MH" --source "$SRC" --list | awk -v n="$name" '$1 == n { sub(/:[0-9]+$/, "", $2); print $2 }')
  awk -v name="$name" -v src="$SRC/$file" '
    function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
    BEGIN {
      while ((getline l < src) > 0) {
        if (trim(l) == "// BEGIN EXERCISE " name) { on = 1; continue }
        if (on && trim(l) == "// ELSE") break
        if (on) sol = sol l "\n"
      }
    }
    trim($0) == "// BEGIN EXERCISE " name { print; printf "%s", sol; skip = 1; next }
    skip && trim($0) == "// END EXERCISE" { skip = 0 }
    !skip { print }' "$H/$file" >"$H/$file.new" && mv "$H/$file.new" "$H/$file"
  CCACHE_BASEDIR=$H cmake --build "$H/build" -j2 --target exercises >"$T/rebuild.log" 2>&1 ||
    fail "the handout does not build with $name filled back in (see $T/rebuild.log)"
}

fill 14.2-laplace-prior
out=$("$H/build/bin/grade")
grep -q "^1 passed, $((n - 1)) failed$" <<<"$out" || fail "with 14.2-laplace-prior filled in: $out"
grep -q "^PASS  14.2-laplace-prior$" <<<"$out" || fail "14.2-laplace-prior does not pass once filled in: $out"

fill 14.9-hamming-ball
out=$("$H/build/bin/grade")
echo "grade, in a handout with 14.2-laplace-prior and 14.9-hamming-ball solved:"
echo "$out"
grep -q "^2 passed, $((n - 2)) failed$" <<<"$out" || fail "with two exercises filled in: $out"
json=$("$H/build/bin/grade" --json)
grep -q '"passed": 2, "failed": '"$((n - 2))"'}$' <<<"$json" || fail "--json: $json"
grep -q '{"name": "14.9-hamming-ball", "passed": true, "reason": ""}' <<<"$json" || fail "--json: $json"
"$H/build/bin/grade" --junit "$T/junit.xml" >/dev/null
grep -q '<testcase name="exercise.14.9-hamming-ball"' "$T/junit.xml" || fail "--junit wrote no test case"
finish
