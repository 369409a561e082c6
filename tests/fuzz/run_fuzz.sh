#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one libFuzzer target for a bounded time: run_fuzz.sh TARGET SEED_CORPUS WORK_DIR.
# Seconds per target: DARKSCAN_FUZZ_SECONDS (default 20). Inputs that reach new code are kept in WORK_DIR/corpus,
# so repeated runs in one build directory go deeper; a finding (crash, sanitizer report, broken guarantee,
# timeout) is saved as WORK_DIR/crash-* (or leak-, timeout-), printed, and fails the test: reproduce it with
# `TARGET FILE`, fix it and add it as a unit test of the parser.
set -euo pipefail
target=$1 seeds=$2 work=$3
seconds=${DARKSCAN_FUZZ_SECONDS:-20}
mkdir -p "$work/corpus"
log=$work/fuzz.log
if ! "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$work/" "$work/corpus" "$seeds" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz $(basename "$target"): FINDING (see above; input saved in $work/)" >&2
    exit 1
fi
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "fuzz $(basename "$target"): ${runs:-?} inputs in $seconds s, corpus $(ls "$work/corpus" | wc -l) files, no findings" \
    | tee "$work/summary.txt"
