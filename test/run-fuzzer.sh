#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run-fuzzer.sh FUZZER CORPUS_DIR SEED_DIR SECONDS: fuzzes from the seeds for a
# bounded time; a crash, leak or timeout fails the test and leaves the input
# in CORPUS_DIR/../.
set -euo pipefail
fuzzer=$1 corpus=$2 seeds=$3 seconds=$4
mkdir -p "$corpus"
cd "$(dirname "$corpus")"
exec "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  "$corpus" "$seeds"
