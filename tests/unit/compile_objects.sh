# Sourced by the scripts that build parts of the library outside CMake (tsan_check.sh, avx512_check.sh,
# tests/bench/neon_check.sh). Needs ROOT (the repository), OUT (the folder for objects), CXX and the array FLAGS set
# by the caller.

# isa_flags FILE.cpp: the instruction-set flags common/gemm/isa_flags.cmake gives that file, one per line, read from
# it so that the two cannot drift apart; nothing for a file without flags of its own, or when the objects are not
# for x86-64 (TARGET_ARCH, set by a cross build; default: this machine's).
isa_flags() {
  [ "${TARGET_ARCH:-$(uname -m)}" = x86_64 ] || return 0
  sed -n "s|.*/$1 PROPERTIES COMPILE_OPTIONS \"\([^\"]*\)\".*|\1|p" "$ROOT/common/gemm/isa_flags.cmake" | tr ';' '\n'
}

# compile_objects [--without-isa-flags FILE.cpp] SOURCE...: compiles each source with FLAGS and its isa_flags (not
# FILE's) to OUT/<folder>_<name>.o, two at a time, and leaves the objects' paths in the array `objects`. Under
# set -e the script stops at the first compile that fails.
compile_objects() {
  local skip="" src obj running=0
  local -a extra
  if [ "$1" = --without-isa-flags ]; then skip=$2; shift 2; fi
  objects=()
  for src in "$@"; do
    extra=()
    [ "$(basename "$src")" = "$skip" ] || mapfile -t extra < <(isa_flags "$(basename "$src")")
    obj="$OUT/$(basename "$(dirname "$src")")_$(basename "$src" .cpp).o"
    "$CXX" "${FLAGS[@]}" "${extra[@]}" -c "$src" -o "$obj" &
    objects+=("$obj")
    running=$((running + 1))
    # As soon as either compile ends, start the next (wait -n returns the status of the one that ended).
    if [ $running -ge 2 ]; then wait -n; running=$((running - 1)); fi
  done
  while [ $running -gt 0 ]; do wait -n; running=$((running - 1)); done
}
