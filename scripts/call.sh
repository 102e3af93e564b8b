#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The README's first command: installs what is needed, builds, and runs a
# loopback call (caller and callee with DTLS-SRTP through an impairing relay).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build"
exec "$root/build/bin/rtpsec-call" "$@"
