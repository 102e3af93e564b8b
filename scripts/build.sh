#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# build.sh [BUILD_DIR [CMAKE_ARGS...]]: configures and builds rtpsec (default build/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build}
shift || true
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
