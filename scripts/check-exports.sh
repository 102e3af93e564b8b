#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# check-exports.sh [--allow REGEX] LIB.so...: fails when a shared library
# exports a symbol that is not rtpsec's: libsrtp (srtp_*), OpenSSL or a stray
# std:: template instance would bind a host's calls to our copy, or ours to
# the host's. --allow REGEX also accepts the (mangled) names it matches in the
# libraries after it (librtpsec_asio shares Boost.Asio's instances: "boost").
set -euo pipefail
status=0
allow='^$'
while [ $# -gt 0 ]; do
  case "$1" in
    --allow) allow=$2; shift 2; continue ;;
  esac
  lib=$1
  shift
  symbols=$(nm -D --defined-only "$lib" | awk '{print $3}')
  foreign=$(echo "$symbols" | grep -v 'rtpsec' | grep -Ev "$allow" || true)
  count=$(echo "$symbols" | grep -c 'rtpsec' || true)
  if [ -n "$foreign" ]; then
    echo "check-exports: $(basename "$lib") exports symbols outside rtpsec:" >&2
    echo "$foreign" | c++filt | head -n 20 | sed 's/^/  /' >&2
    status=1
  elif [ "$count" -eq 0 ]; then
    echo "check-exports: $(basename "$lib") exports nothing of rtpsec's" >&2
    status=1
  else
    echo "check-exports: $(basename "$lib"): $count rtpsec symbols, nothing foreign"
  fi
done
exit $status
