#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Installs everything rtpsec needs from Debian's packages and builds the
# OpenSSL-backed libsrtp2 into build/_deps (once). Idempotent and
# non-interactive; needs root (or sudo) only when a package is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  # toolchain
  g++ make cmake pkg-config clang libclang-rt-14-dev clang-format dpkg-dev
  # packaging: man pages from --help, and man to check them
  help2man man-db
  # libraries
  libssl-dev openssl libboost-dev catch2 libcli11-dev nlohmann-json3-dev
  libosip2-dev libsndfile1-dev libsamplerate0-dev libbenchmark-dev
  # Debian's NSS-backed libsrtp2, for RTPSEC_SYSTEM_LIBSRTP=ON and the backend comparison
  libsrtp2-dev
  # interop tests: baresip (dtls_srtp module) in a private network namespace
  iproute2 util-linux baresip-core
)

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
have_lists=$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' 2>/dev/null | head -n 1)
if [ ${#missing[@]} -gt 0 ] || [ -z "$have_lists" ]; then
  echo "setup: installing ${missing[*]:-(refreshing package lists)}"
  sudo_if_needed apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
fi

"$root/scripts/build-libsrtp.sh" "$root/build/_deps/libsrtp2"
