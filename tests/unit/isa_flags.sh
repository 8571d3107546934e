# Sourced by the scripts that build common/gemm outside CMake (tsan_check.sh, avx512_check.sh): the instruction-set
# flags that common/gemm/isa_flags.cmake gives one source file, read from that file, so that the two cannot drift.
#   isa_flags FILE.cpp    prints the flags one per line; nothing for a file without flags of its own, or off x86-64
# Needs ROOT (the repository) set by the caller.
isa_flags() {
  [ "$(uname -m)" = x86_64 ] || return 0
  sed -n "s|.*/$1 PROPERTIES COMPILE_OPTIONS \"\([^\"]*\)\".*|\1|p" "$ROOT/common/gemm/isa_flags.cmake" | tr ';' '\n'
}
