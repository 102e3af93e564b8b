#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Builds libsrtp2 from Debian's own source package with the OpenSSL crypto
# backend and installs it (static library + headers) into a prefix in the build
# tree. Debian's binary libsrtp2 is built against NSS: ~4x slower per packet and
# 7x the memory per session (see docs/performance.md).
#
# The deb-src entries are derived from the machine's apt sources into a private
# apt configuration under the build tree; the system's apt setup is untouched.
# Idempotent: does nothing when the prefix already holds this version.
#
# usage: scripts/build-libsrtp.sh [PREFIX]   (default: build/_deps/libsrtp2)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
prefix=${1:-$root/build/_deps/libsrtp2}
work=$(dirname "$prefix")/libsrtp2-work
stamp=$prefix/.rtpsec-stamp

candidate=$(apt-cache policy libsrtp2-dev 2>/dev/null | awk '/Candidate:/ {print $2}')
if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
  echo "build-libsrtp: apt knows no libsrtp2 package; run 'apt-get update' first" >&2
  exit 1
fi
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$candidate openssl" ]; then
  exit 0
fi

rm -rf "$work"
mkdir -p "$work/apt/sources.list.d" "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/src"

# deb-src twins of every deb entry (deb822 .sources files and one-line lists).
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  sed -e 's/^Types:.*\bdeb\b.*$/Types: deb-src/' "$f" > "$work/apt/sources.list.d/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  sed -n -e 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >> "$work/apt/sources.list.d/derived.list"
done

apt_opts=(
  -o "Dir::Etc::SourceList=/dev/null"
  -o "Dir::Etc::SourceParts=$work/apt/sources.list.d"
  -o "Dir::State::Lists=$work/apt/lists"
  -o "Dir::Cache=$work/apt/cache"
  -o "APT::Sandbox::User=root"
  -o "Debug::NoLocking=1"
)
echo "build-libsrtp: fetching Debian source package libsrtp2 $candidate"
apt-get "${apt_opts[@]}" -qq update
(cd "$work/src" && apt-get "${apt_opts[@]}" -qq source "libsrtp2=$candidate" >/dev/null)

srcdir=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'libsrtp2-*' | head -n 1)
[ -n "$srcdir" ] || { echo "build-libsrtp: source package did not unpack" >&2; exit 1; }

echo "build-libsrtp: configuring with --enable-openssl"
cd "$srcdir"
CFLAGS="-O2 -fPIC" ./configure --quiet --prefix="$prefix" --enable-openssl --disable-debug-logging >/dev/null
make -s -j"$(nproc)" libsrtp2.a >/dev/null
make -s install-nopc >/dev/null 2>&1 || {
  mkdir -p "$prefix/lib" "$prefix/include/srtp2"
  cp libsrtp2.a "$prefix/lib/"
  cp include/srtp.h crypto/include/auth.h crypto/include/cipher.h crypto/include/crypto_types.h "$prefix/include/srtp2/"
}
[ -f "$prefix/lib/libsrtp2.a" ] || cp libsrtp2.a "$prefix/lib/"
echo "$candidate openssl" > "$stamp"
rm -rf "$work"
echo "build-libsrtp: installed libsrtp2 $candidate (OpenSSL backend) in $prefix"
