#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Checks rtpsec the way an embedder meets it, from outside the source tree:
#  1. a static build installed into a temporary prefix: the programs run, man
#     finds their pages, examples/ builds and runs as an outside project with
#     find_package(rtpsec), and a one-file program with pkg-config;
#  2. rtpsec as a subproject, with add_subdirectory and with FetchContent:
#     only the libraries get configured (no tests, programs or benchmarks);
#  3. a BUILD_SHARED_LIBS=ON build: its tests (the shared libraries export only
#     rtpsec symbols, the programs' tests, the examples), an install whose
#     programs find their libraries through RPATH, the examples against it;
#  4. `cpack -G DEB` of the shared build, inspected with dpkg-deb; with
#     CI=true the packages are installed with apt-get, used (a call, man, an
#     example built against /usr) and removed again.
# Trees are built with -O1 -g0: this checks packaging, not speed.
#
# usage: scripts/check-package.sh [WORK_DIR]   (default: build-package/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$root/build-package}
jobs=$(nproc)
mkdir -p "$work"
work=$(cd "$work" && pwd)
export CTEST_OUTPUT_ON_FAILURE=1

quick=(-DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -g0" "-DCMAKE_C_FLAGS_RELEASE=-O1 -g0")
quick_cxx=(-DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -g0")  # C++-only projects
step() { echo "== package: $*"; }
# Progress lines off; the compiler's and linker's errors still show (stderr).
build() { cmake --build "$1" -j"$jobs" "${@:2}" >/dev/null; }
# ctest, quiet unless a test fails (then its whole output, CTEST_OUTPUT_ON_FAILURE).
run_tests() {
  local out
  if ! out=$(ctest --test-dir "$@" 2>&1); then echo "$out" >&2; fail "tests failed in $1"; fi
  echo "$out" | grep 'tests passed'
}
fail() { echo "check-package: $*" >&2; exit 1; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# A consumer project in $1 whose CMakeLists.txt pulls rtpsec in with the
# lines in $2, links rtpsec::$3 and checks that no test or program target
# came with it.
consumer_project() {
  local dir=$1 include=$2 target=$3 source=$4
  mkdir -p "$dir"
  cat > "$dir/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(rtpsec_consumer LANGUAGES C CXX)
set(CMAKE_CXX_STANDARD 20)
$include
add_executable(consumer $source)
target_link_libraries(consumer PRIVATE rtpsec::$target)
foreach(t rtpsec-peer rtpsec-phone rtpsec-call rtpsec-sdp test_rtp test_programs bench_rtp_parse sans_io_call)
  if(TARGET \${t})
    message(FATAL_ERROR "rtpsec as a subproject configured \${t}")
  endif()
endforeach()
CMAKE
}

step "static build, installed into a temporary prefix"
# The README's build/ (static, built by scripts/test.sh before this in CI)
# when there is one; else a tree of our own with the libraries and programs.
static=$root/build
if [ ! -f "$static/CMakeCache.txt" ] || grep -q '^BUILD_SHARED_LIBS:BOOL=ON' "$static/CMakeCache.txt"; then
  static=$work/static
  cmake -S "$root" -B "$static" "${quick[@]}" -DRTPSEC_TESTS=OFF -DRTPSEC_BENCH=OFF \
    -DRTPSEC_EXAMPLES=OFF >/dev/null
fi
build "$static"
prefix=$work/prefix
rm -rf "$prefix"
cmake --install "$static" --prefix "$prefix" >/dev/null
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$static/CMakeCache.txt")
[ -f "$prefix/$libdir/rtpsec/libsrtp2.a" ] || fail "the static install lacks its libsrtp2.a"
"$prefix/bin/rtpsec-call" --calls 1 --duration 1 >/dev/null
"$prefix/bin/rtpsec-peer" --version
for p in rtpsec-peer rtpsec-phone rtpsec-call rtpsec-sdp; do
  man -M "$prefix/share/man" -w "$p" >/dev/null || fail "man finds no page for $p"
done
page=$(MANPATH=$prefix/share/man man -P cat rtpsec-peer 2>/dev/null)
grep -q -- '--peer-fingerprint' <<<"$page" || fail "man rtpsec-peer does not show --peer-fingerprint"

step "examples/ as an outside project: find_package(rtpsec) from the prefix"
rm -rf "$work/examples-static"
cmake -S "$root/examples" -B "$work/examples-static" "${quick_cxx[@]}" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
build "$work/examples-static"
run_tests "$work/examples-static"

step "a one-file program built with pkg-config (static: --static)"
mkdir -p "$work/pkg-config"
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
# shellcheck disable=SC2046 # word splitting of pkg-config's flags is wanted
g++ -std=c++20 -O1 -o "$work/pkg-config/sans_io_call" "$root/examples/sans_io_call.cpp" \
  $(pkg-config --cflags --libs --static rtpsec)
unset PKG_CONFIG_PATH
"$work/pkg-config/sans_io_call" >/dev/null

step "rtpsec as a subproject: add_subdirectory, umbrella rtpsec::rtpsec"
consumer_project "$work/subdir-src" "add_subdirectory($root rtpsec)" rtpsec "$root/examples/sans_io_call.cpp"
rm -rf "$work/subdir"
cmake -S "$work/subdir-src" -B "$work/subdir" "${quick[@]}" >/dev/null
build "$work/subdir"
"$work/subdir/consumer" >/dev/null

step "rtpsec as a subproject: FetchContent from the local tree, rtpsec::sdp"
cat > "$work/fetch-main.cpp" <<'CPP'
// SPDX-License-Identifier: BSD-3-Clause
#include <cstdio>

#include <rtpsec/sdp/parser.hpp>

int main() {
    rtpsec::sdp::ParseError error;
    auto sdp = rtpsec::sdp::parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", error);
    std::puts(sdp ? "parsed" : "not parsed");
    return sdp ? 0 : 1;
}
CPP
consumer_project "$work/fetch-src" "include(FetchContent)
FetchContent_Declare(rtpsec SOURCE_DIR $root)
FetchContent_MakeAvailable(rtpsec)" sdp "$work/fetch-main.cpp"
rm -rf "$work/fetch"
cmake -S "$work/fetch-src" -B "$work/fetch" "${quick[@]}" >/dev/null
build "$work/fetch" --target consumer  # only what rtpsec::sdp needs
"$work/fetch/consumer"

step "BUILD_SHARED_LIBS=ON: libraries, programs, examples, tests"
cmake -S "$root" -B "$work/shared" "${quick[@]}" -DBUILD_SHARED_LIBS=ON -DCMAKE_INSTALL_PREFIX=/usr \
  -DRTPSEC_BENCH=OFF >/dev/null
build "$work/shared"
# The interop tests (baresip) run in CI's main stage; here, everything else.
run_tests "$work/shared" -j"$jobs" --timeout 600 -E '^baresip:'

step "shared install: the programs find their libraries through RPATH"
sprefix=$work/shared-prefix
rm -rf "$sprefix"
cmake --install "$work/shared" --prefix "$sprefix" >/dev/null
slibdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$work/shared/CMakeCache.txt")
ls "$sprefix/$slibdir"/librtpsec_srtp.so.0 >/dev/null
loaded=$(ldd "$sprefix/bin/rtpsec-call" | awk '/librtpsec_endpoint\.so\.0/ {print $3}')
[ -n "$loaded" ] && [ "$(realpath "$loaded")" = "$(realpath "$sprefix/$slibdir/librtpsec_endpoint.so.0")" ] \
  || fail "the installed rtpsec-call does not load the installed librtpsec_endpoint.so.0 ($loaded)"
"$sprefix/bin/rtpsec-call" --calls 1 --duration 1 >/dev/null
rm -rf "$work/examples-shared"
cmake -S "$root/examples" -B "$work/examples-shared" "${quick_cxx[@]}" -DCMAKE_PREFIX_PATH="$sprefix" >/dev/null
build "$work/examples-shared"
run_tests "$work/examples-shared"

step "cpack -G DEB"
(cd "$work/shared" && rm -f ./*.deb && cpack -G DEB >/dev/null 2>&1) || fail "cpack -G DEB failed"
deb=$(ls "$work/shared"/rtpsec_*.deb)
devdeb=$(ls "$work/shared"/rtpsec-dev_*.deb)
for d in "$deb" "$devdeb"; do
  echo "-- $(basename "$d")"
  dpkg-deb -I "$d" | sed -n 's/^ \(Package\|Version\|Depends\|Section\):/  \1:/p'
done
# Listed once into variables: grep -q on a pipe would cut dpkg-deb off (pipefail).
files=$(dpkg-deb -c "$deb")
devfiles=$(dpkg-deb -c "$devdeb")
grep -q './usr/bin/rtpsec-peer$' <<<"$files" || fail "no rtpsec-peer in $deb"
grep -q 'man1/rtpsec-peer.1' <<<"$files" || fail "no man page in $deb"
grep -q 'librtpsec_srtp.so.0' <<<"$files" || fail "no librtpsec_srtp.so.0 in $deb"
grep -q 'cmake/rtpsec/rtpsecConfig.cmake$' <<<"$devfiles" || fail "no CMake package in $devdeb"
grep -q 'pkgconfig/rtpsec.pc$' <<<"$devfiles" || fail "no rtpsec.pc in $devdeb"
grep -q 'include/rtpsec/endpoint/endpoint.hpp$' <<<"$devfiles" || fail "no headers in $devdeb"
grep -q 'Depends:.*libssl3' <<<"$(dpkg-deb -I "$deb")" || fail "$deb does not depend on libssl3"

if [ "${CI:-}" = "true" ]; then
  step "CI: install the packages, use them, remove them"
  if dpkg-query -W -f='${Status}' rtpsec 2>/dev/null | grep -q "install ok installed"; then
    fail "a package named rtpsec is installed already; not replacing it"
  fi
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" "$devdeb" >/dev/null
  trap 'sudo_if_needed apt-get purge -y -qq rtpsec-dev rtpsec >/dev/null' EXIT
  /usr/bin/rtpsec-call --calls 1 --duration 1 >/dev/null
  man -w rtpsec-peer
  rm -rf "$work/examples-usr"
  cmake -S "$root/examples" -B "$work/examples-usr" "${quick_cxx[@]}" >/dev/null
  grep -q 'rtpsec_DIR:PATH=/usr/lib/' "$work/examples-usr/CMakeCache.txt" \
    || fail "the examples did not find the packaged rtpsec in /usr"
  build "$work/examples-usr"
  run_tests "$work/examples-usr"
  # shellcheck disable=SC2046
  g++ -std=c++20 -O1 -o "$work/pkg-config/sans_io_call_usr" "$root/examples/sans_io_call.cpp" \
    $(pkg-config --cflags --libs rtpsec)
  "$work/pkg-config/sans_io_call_usr" >/dev/null
  sudo_if_needed apt-get purge -y -qq rtpsec-dev rtpsec >/dev/null
  trap - EXIT
  [ ! -e /usr/bin/rtpsec-peer ] || fail "rtpsec-peer is still there after removing the package"
fi
echo "check-package: all checks passed"
