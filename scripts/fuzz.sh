#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fuzz.sh [--minutes N] [TARGET...]: the long fuzzing run. Builds the libFuzzer
# targets (clang, build-fuzz/) and runs each (default: all) for N minutes
# (default 10) on a work corpus started from its seeds in the tree. Inputs
# that reach new coverage are merged back into the seeds, minimised, so the
# corpus in the tree grows with every run; a crash, leak or timeout stops the
# script with the input saved in build-fuzz/fuzz-runs/ and printed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
minutes=10
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done

build=$root/build-fuzz
CC=clang CXX=clang++ "$root/scripts/build.sh" "$build" -DRTPSEC_FUZZ=ON -DRTPSEC_APPS=OFF \
  -DRTPSEC_BENCH=OFF
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$build"/fuzz-seeds/fuzz_*; do targets+=("$(basename "$f")"); done
fi

runs=$build/fuzz-runs
mkdir -p "$runs"
for target in "${targets[@]}"; do
  seeds=$(cat "$build/fuzz-seeds/$target")
  work=$runs/$target
  rm -rf "$work" && mkdir -p "$work/corpus"
  echo "== $target: $minutes min from $(find "$seeds" -type f | wc -l) seeds"
  (cd "$work" && "$build/bin/$target" -max_total_time=$((minutes * 60)) -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 "$work/corpus" "$seeds" 2>&1 | tail -n 25 > "$work/log") || {
    tail -n 40 "$work/log"
    echo "fuzz.sh: $target failed; the input is in $work" >&2
    exit 1
  }
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)|cov:" "$work/log" |
    tail -n 4
  # Minimised merge: only inputs that add coverage to the seeds join them.
  "$build/bin/$target" -merge=1 "$seeds" "$work/corpus" > "$work/merge.log" 2>&1
  echo "   seeds now: $(find "$seeds" -type f | wc -l)"
done
