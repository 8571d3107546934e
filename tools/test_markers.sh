#!/usr/bin/env bash
# make_handout on small made-up repositories: what it writes for good markers, and a clear message with exit
# status 2 for each kind of bad one (unbalanced, repeated, uncommented stub, bad name, a stub that does not compile).
# Usage: test_markers.sh MAKE_HANDOUT
set -u
MH=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# new_repo NAME: an empty repository folder with the NotImplemented header and a CMake project whose `exercises`
# target compiles every .cpp of its top folder.
new_repo() {
  local r=$T/$1
  mkdir -p "$r/util"
  printf '#pragma once\n#include <stdexcept>\nnamespace ae { struct NotImplemented : std::logic_error {\n  explicit NotImplemented(const char* n) : std::logic_error(n) {} }; }\n' >"$r/util/not_implemented.hpp"
  cat >"$r/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.22)
project(fixture LANGUAGES CXX)
file(GLOB srcs ${CMAKE_SOURCE_DIR}/*.cpp)
add_library(fixture STATIC ${srcs})
target_include_directories(fixture PUBLIC ${CMAKE_SOURCE_DIR})
add_custom_target(exercises)
add_dependencies(exercises fixture)
EOF
  echo "$r"
}

# expect_error REPO MESSAGE [ARGS...]: make_handout exits 2 and prints MESSAGE.
expect_error() {
  local repo=$1 msg=$2
  shift 2
  local out
  out=$("$MH" --source "$repo" "$T/out_$RANDOM" "$@" 2>&1)
  local rc=$?
  [[ $rc == 2 ]] || fail "$(basename "$repo"): exit status $rc, expected 2 (output: $out)"
  grep -qF -- "$msg" <<<"$out" || fail "$(basename "$repo"): no '$msg' in: $out"
}

# A good repository: two regions in one file, one in another.
good=$(new_repo good)
cat >"$good/a.cpp" <<'EOF'
#include <cmath>

double f(double x) {
  // BEGIN EXERCISE 14.2-square-plus-one
  const double result_of_the_solution = x * x + 1.0;
  return result_of_the_solution;
  // ELSE
  // (void)x;
  // throw ae::NotImplemented("14.2-square-plus-one");
  // END EXERCISE
}

double g(double x) {
  // BEGIN EXERCISE 14.2-cube
  return x * x * x + 0.0 * std::sqrt(2.0);
  // ELSE
  // return 0 * x;  // stub: returns a value the tests reject
  // END EXERCISE
}
EOF
cat >"$good/b.cpp" <<'EOF'
int h(int v) {
  // BEGIN EXERCISE common-twice
  return v + v;  // the solution of common-twice
  // ELSE
  // throw ae::NotImplemented("common-twice");
  // END EXERCISE
}
EOF
printf '# Fixture\n\n## Exercises\n\n1. **Squares.** Write x^2 + 1.\n   Second line of the exercise.\n2. **Other.**\n\n- Code it: `14.2-square-plus-one` (exercise 1).\n' >"$good/README.md"
mkdir -p "$good/.git" && echo secret >"$good/.git/HEAD"

out=$T/handout
"$MH" --source "$good" "$out" >/dev/null || fail "good repository: make_handout failed"
grep -q 'throw ae::NotImplemented("14.2-square-plus-one");' "$out/a.cpp" || fail "stub not uncommented in a.cpp"
grep -q '^  return 0 \* x;  // stub' "$out/a.cpp" || fail "a value-returning stub lost its indentation"
grep -q 'result_of_the_solution\|x \* x \* x' "$out/a.cpp" && fail "a solution is left in the handout's a.cpp"
grep -q '// ELSE' "$out/a.cpp" && fail "ELSE marker left in the handout"
[[ $(grep -c '// BEGIN EXERCISE' "$out/a.cpp") == 2 ]] || fail "the handout must keep a BEGIN marker per region"
grep -q '#include "util/not_implemented.hpp"' "$out/a.cpp" || fail "the NotImplemented include was not added"
[[ $(sed -n 2p "$out/a.cpp") == '#include "util/not_implemented.hpp"' ]] || fail "include not after the first one"
head -1 "$out/b.cpp" | grep -q 'not_implemented.hpp' || fail "a file without includes gets the include first"
[[ -e $out/.git ]] && fail ".git copied into the handout"
grep -q '### `14.2-square-plus-one`' "$out/HANDOUT.md" || fail "HANDOUT.md does not list 14.2-square-plus-one"
grep -q 'Second line of the exercise' "$out/HANDOUT.md" || fail "HANDOUT.md lacks the README exercise it names"
grep -q 'build/bin/grade common-twice' "$out/HANDOUT.md" || fail "HANDOUT.md lacks a grading command"
grep -q 'a.cpp`, line 5\.' "$out/HANDOUT.md" || fail "HANDOUT.md gives the wrong line for 14.2-square-plus-one"
"$MH" --source "$good" "$out" >/dev/null 2>&1
[[ $? == 2 ]] || fail "an existing OUT must be refused without --force"

# Only the named regions: the others keep their solutions, without markers.
"$MH" --source "$good" "$T/one" common-twice >/dev/null || fail "make_handout with a name failed"
grep -q 'result_of_the_solution' "$T/one/a.cpp" || fail "an unnamed region must keep its solution"
grep -q 'BEGIN EXERCISE' "$T/one/a.cpp" && fail "an unnamed region must lose its markers"
grep -q 'NotImplemented("common-twice")' "$T/one/b.cpp" || fail "the named region must be stubbed"
grep -q '14.2-cube' "$T/one/HANDOUT.md" && fail "HANDOUT.md lists an exercise that is not in the handout"

# A tarball holds the same, under one folder.
"$MH" --source "$good" --tar "$T/kit.tar.gz" >/dev/null || fail "--tar failed"
tar -tzf "$T/kit.tar.gz" | grep -q '^kit/HANDOUT.md$' || fail "the tarball has no kit/HANDOUT.md"
mkdir -p "$T/x" && tar -xzf "$T/kit.tar.gz" -C "$T/x"
grep -rq 'result_of_the_solution' "$T/x" && fail "a solution is in the tarball"
[[ -e $T/x/kit/.git ]] && fail ".git in the tarball"

# The stubs compile (--check-build), and a stub that does not is named, with exit status 2.
"$MH" --source "$good" --check-build "$T/built" >/dev/null 2>&1 || fail "--check-build failed on good stubs"
broken=$(new_repo broken)
cp "$good/a.cpp" "$broken/a.cpp"
sed 's|// return 0 \* x;  // stub.*|// return 0 * undeclared_name;|' "$good/a.cpp" >"$broken/a.cpp"
expect_error "$broken" "the stub of exercise 14.2-cube (a.cpp:" --check-build
expect_error "$broken" "does not compile" --check-build

# Bad markers, each a clear message and exit status 2.
bad() {  # bad NAME FILE-TEXT: a repository holding a.cpp with that text
  local r
  r=$(new_repo "$1")
  printf '%s\n' "$2" >"$r/a.cpp"
  echo "$r"
}
expect_error "$(bad no_end $'int f() {\n  // BEGIN EXERCISE 14.1-a\n  return 1;\n  // ELSE\n  // return 0;')" \
  "a.cpp:2: exercise 14.1-a has no END EXERCISE"
expect_error "$(bad end_only $'int f() {\n  return 1;\n  // END EXERCISE\n}')" "a.cpp:3: END EXERCISE without BEGIN"
expect_error "$(bad else_only $'int f() {\n  // ELSE\n  return 1;\n}')" "a.cpp:2: ELSE outside any exercise"
expect_error "$(bad nested $'// BEGIN EXERCISE 14.1-a\nint x;\n// BEGIN EXERCISE 14.1-b\n// ELSE\n// END EXERCISE')" \
  "a.cpp:3: BEGIN EXERCISE inside exercise 14.1-a"
expect_error "$(bad no_else $'// BEGIN EXERCISE 14.1-a\nint x;\n// END EXERCISE')" "exercise 14.1-a has no ELSE"
expect_error "$(bad empty_stub $'// BEGIN EXERCISE 14.1-a\nint x;\n// ELSE\n// END EXERCISE')" \
  "exercise 14.1-a has an empty stub"
expect_error "$(bad plain_stub $'// BEGIN EXERCISE 14.1-a\nint x;\n// ELSE\nint y;\n// END EXERCISE')" \
  "a.cpp:4: the stub of exercise 14.1-a must be commented out"
expect_error "$(bad bad_name $'// BEGIN EXERCISE Laplace prior\nint x;\n// ELSE\n// int y;\n// END EXERCISE')" \
  "bad exercise name 'Laplace prior'"
rep=$(bad repeated $'// BEGIN EXERCISE 14.1-a\nint x;\n// ELSE\n// int x;\n// END EXERCISE')
printf '// BEGIN EXERCISE 14.1-a\nint z;\n// ELSE\n// int z;\n// END EXERCISE\n' >"$rep/b.cpp"
expect_error "$rep" "b.cpp:1: exercise 14.1-a is defined twice (first at a.cpp:1)"
expect_error "$good" "no exercise named 14.9-nothing" 14.9-nothing
# A stub whose hint hands out the solution.
expect_error "$(bad leak $'int f() {\n  // BEGIN EXERCISE 14.1-a\n  return 40 + 2;  // the answer\n  // ELSE\n  // return 0;  // hint: return 40 + 2;  // the answer\n  // END EXERCISE\n}')" \
  "the solution of exercise 14.1-a would be left in the handout's a.cpp"

if ((fails)); then
  echo "$fails check(s) failed"
  exit 1
fi
echo "make_handout: every marker check passed"
