#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checkpoint and resume of `darkscan scan`: 20 kill -9 at random moments of a scan, each followed by --resume,
# end in datasets identical to an uninterrupted run (another tile size) with no finished tile ever lost; a
# resume with other settings is refused in one line and leaves the file alone; a second writer is refused and
# SWMR readers follow a running scan; SIGTERM stops after the tiles in flight; a full disk (a small tmpfs when
# root may mount one, else a file-size limit) gives a one-line error and a file that --resume completes.
# Usage: test_resume.sh DARKSCAN_BINARY PYTHON REPO_ROOT
set -u
darkscan=$1 python=$2 repo=$3
work=$(mktemp -d)
mounted=""
cleanup() {
    if [ -n "$mounted" ]; then umount "$mounted"; fi
    rm -rf "$work"
}
trap cleanup EXIT
digest=$repo/tests/python/dataset_digest.py

source "$(dirname "$0")/../check.sh"

# expect_refusal NAME TEXT FILE [ARGS...]: exit 2, one stderr line containing TEXT, FILE's datasets unchanged.
expect_refusal() {
    local name=$1 text=$2 file=$3; shift 3
    "$python" "$digest" "$file" >"$work/before.digest" 2>&1
    local read_before=$?
    "$darkscan" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt"
    local code=$?
    local lines; lines=$(wc -l <"$work/stderr.txt")
    "$python" "$digest" "$file" >"$work/after.digest" 2>&1
    local read_after=$?
    # The file (complete) must read before and after, with the same datasets.
    if [ "$code" -eq 2 ] && [ "$lines" -eq 1 ] && grep -qF -- "$text" "$work/stderr.txt" \
        && [ "$read_before" -eq 0 ] && [ "$read_after" -eq 0 ] && cmp -s "$work/before.digest" "$work/after.digest"; then
        passed=$((passed + 1)); echo "ok   refused: $name"
    else
        failed=$((failed + 1)); echo "FAIL refused: $name (exit $code, $lines lines, expected '$text')"
        sed 's/^/     /' "$work/stderr.txt" | head -5
    fi
}

# Tiles done in FILE according to `scan --resume --dry-run` (0 when there is no file yet).
tiles_done() {
    "$darkscan" "${scan[@]}" --out "$1" --resume --dry-run 2>&1 | sed -n 's/^resume: *\([0-9]*\) of .*/\1/p;s/^resume: *nothing.*/0/p'
}

# The tree-level freeze-out rate and no Sommerfeld table: these scans test the driver, and the default thermal
# Sommerfeld factor without a table would take ~240 direct solves per point.
cat >"$work/scan.ini" <<'INI'
mV = log:0.01:10:23
mchi = list:0.005,0.01,0.05,0.1,0.5,1,5,10
epsilon = log:1e-6:1e-2:7
alphaD = list:0.1,0.5
gX = list:0,1e-3,1e-2,3e-2,0.1,0.3
physics = relic
relic-sommerfeld = off
sommerfeld-table = off
progress = never
INI
scan=(scan "$work/scan.ini")
points=15456
tiles=184  # 84 points per chunk and tile at --tile 96

check "uninterrupted reference scan" "$darkscan" "${scan[@]}" --out "$work/reference.h5" --tile 1000
"$python" "$digest" "$work/reference.h5" >"$work/reference.digest"

# 20 kill -9 at random moments (start-up, computing, writing, finishing), each followed by --resume.
RANDOM=4242
done_before=0 lost=0 delays="" progress=""
for kill in $(seq 1 20); do
    "$darkscan" "${scan[@]}" --out "$work/killed.h5" --tile 96 --resume >/dev/null 2>&1 &
    pid=$!
    delay=0.$((RANDOM % 9))$((RANDOM % 10))
    delays="$delays $delay"
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    done_now=$(tiles_done "$work/killed.h5")
    if [ -z "$done_now" ] || [ "$done_now" -lt "$done_before" ]; then
        lost=$((lost + 1))
        echo "     after kill $kill (at $delay s): ${done_now:-unreadable} tiles done, $done_before before"
    fi
    done_before=${done_now:-0}
    progress="$progress $done_before"
done
echo "     kill delays [s]:$delays"
echo "     tiles done after each kill (of $tiles):$progress"
check "20 kill -9: every finished tile survives every kill (the file stays readable)" test "$lost" -eq 0
check "the last --resume completes the scan" "$darkscan" "${scan[@]}" --out "$work/killed.h5" --tile 96 --resume
cp "$work/check_output.txt" "$work/last.txt"
check "the last --resume computes only the tiles not done" "$python" -c "
import re, sys
text = open('$work/last.txt').read()
m = re.search(r'(\d+) of (\d+) points computed.*?(?:, (\d+) resumed from earlier runs)?, complete', text)
computed, total, resumed = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
assert computed + resumed == total, (computed, resumed, total)
"
"$python" "$digest" "$work/killed.h5" >"$work/killed.digest"
check "after 20 kills and resumes: datasets identical to the uninterrupted run" \
    cmp "$work/reference.digest" "$work/killed.digest"
check "every tile done exactly once, file complete" "$python" -c "
import h5py, numpy as np
f = h5py.File('$work/killed.h5', 'r')
assert int(f.attrs['complete']) == 1
done = f['tile_done'][()]
assert len(done) == $tiles and (done == 1).all(), done
"

# A resume of a complete file computes nothing and changes no dataset.
check "resume of a complete file" "$darkscan" "${scan[@]}" --out "$work/killed.h5" --resume
cp "$work/check_output.txt" "$work/complete.txt"
check "... computes nothing" grep -q "^darkscan: 0 of $points points computed" "$work/complete.txt"
"$python" "$digest" "$work/killed.h5" | cmp -s - "$work/reference.digest"
check "... and leaves the datasets as they were" test $? -eq 0

# Refusals: other settings, another tile size, contradictory options, damaged files.
expect_refusal "another grid" "cannot resume $work/killed.h5: mV is 'log:0.01:10:24' here but was 'log:0.01:10:23'" \
    "$work/killed.h5" "${scan[@]}" --out "$work/killed.h5" --resume --mV log:0.01:10:24
expect_refusal "other physics" "physics is 'relic,sidm' here but was 'relic'" \
    "$work/killed.h5" "${scan[@]}" --out "$work/killed.h5" --resume --physics relic,sidm
expect_refusal "another g_* table" "eos is 'drees_hajkarim_schmitz_2015'" \
    "$work/killed.h5" "${scan[@]}" --out "$work/killed.h5" --resume --eos drees_hajkarim_schmitz_2015
expect_refusal "another tile size" "option 'tile': 500 differs from the 96 points per tile" \
    "$work/killed.h5" "${scan[@]}" --out "$work/killed.h5" --resume --tile 500
expect_refusal "--resume with --overwrite" "options 'resume' and 'overwrite' exclude each other" \
    "$work/killed.h5" "${scan[@]}" --out "$work/killed.h5" --resume --overwrite
expect_refusal "per-rank resume of a one-file scan" "--mpi-output single" \
    "$work/killed.h5" "${scan[@]}" --out "$work/killed.h5" --resume --mpi-output per-rank
expect_refusal "without --resume" "exists (use --resume to continue it, --overwrite to replace it)" \
    "$work/killed.h5" "${scan[@]}" --out "$work/killed.h5"
head -c 3000 "$work/reference.h5" >"$work/damaged.h5"
expect_refusal "a damaged file" "$work/damaged.h5 cannot be read as a darkscan scan file (damaged" \
    "$work/reference.h5" "${scan[@]}" --out "$work/damaged.h5" --resume
check "dry run of a resume without a file: a new scan" bash -c "'$darkscan' ${scan[*]} --out '$work/new.h5' --resume \
    --dry-run | grep -q '^resume: *nothing to resume: a new scan starts' && test ! -e '$work/new.h5'"

# While a scan runs: a second writer is refused, SWMR readers follow it. Then SIGTERM finishes the tiles in
# flight, closes the file cleanly (readable without SWMR) and exits 130.
# One compute thread: the scan must still run when the checks below have passed and SIGTERM arrives.
"$darkscan" "${scan[@]}" --out "$work/term.h5" --tile 96 --threads 1 >/dev/null 2>&1 &
pid=$!
# The file appears under its name (already locked) once every dataset exists; startup (data checks, tables)
# takes a second or more on a loaded machine, the scan itself several.
for _ in $(seq 600); do [ -e "$work/term.h5" ] && break; sleep 0.1; done
sleep 0.3
check "a second writer of a file being written is refused" bash -c "! '$darkscan' ${scan[*]} --out '$work/term.h5' \
    --resume 2>'$work/second.err' && grep -q 'in use: another process is writing it' '$work/second.err' \
    || { cat '$work/second.err'; false; }"
check "an h5py SWMR reader follows the scan" "$python" -c "
import h5py
f = h5py.File('$work/term.h5', 'r', swmr=True)
assert f.attrs['darkscan_file'] == 'scan' and len(f['tile_done']) == $tiles
"
kill -TERM "$pid"
wait "$pid"
code=$?
check "SIGTERM: exit 130" test "$code" -eq 130
check "SIGTERM: a clean file, some tiles done" "$python" -c "
import h5py
f = h5py.File('$work/term.h5', 'r')
assert int(f.attrs['complete']) == 0
assert 0 < f['tile_done'][()].sum() < $tiles
"
check "SIGTERM: --resume completes it" "$darkscan" "${scan[@]}" --out "$work/term.h5" --resume
"$python" "$digest" "$work/term.h5" | cmp -s - "$work/reference.digest"
check "SIGTERM: identical datasets after the resume" test $? -eq 0

# A full disk: a tmpfs of half the file's size where root may mount one, else a file-size limit (EFBIG). The
# free-space check before the run would refuse it, so it only warns here: the failing write is what is tested.
half_kib=$(( $(stat -c %s "$work/reference.h5") / 2048 ))
mkdir -p "$work/disk"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o "size=${half_kib}k" darkscan_test "$work/disk" 2>/dev/null; then
    mounted=$work/disk
    full=$work/disk/full.h5
    "$darkscan" "${scan[@]}" --out "$full" --tile 96 --disk-check warn >/dev/null 2>"$work/full.err"
    code=$?
    expected="No space left on device"
else
    full=$work/disk/full.h5
    (trap '' XFSZ; ulimit -f "$half_kib"; exec "$darkscan" "${scan[@]}" --out "$full" --tile 96 --disk-check warn) >/dev/null 2>"$work/full.err"
    code=$?
    expected="File too large"
fi
echo "     full disk: ${mounted:+a tmpfs}${mounted:-a file-size limit} of ${half_kib} KiB"
check "full disk: exit 2 with one line naming the cause and --resume" bash -c "test $code -eq 2 \
    && test \$(grep -c '^darkscan: error: ' '$work/full.err') -eq 1 && grep -q '$expected' '$work/full.err' \
    && grep -q 'continue with --resume' '$work/full.err' || { cat '$work/full.err'; false; }"
full_done=$(tiles_done "$full")
check "full disk: the file keeps its finished tiles (${full_done:-unreadable} of $tiles)" \
    test -n "$full_done" -a "${full_done:-0}" -gt 0
if [ -n "$mounted" ]; then mount -o remount,size=64m "$mounted"; fi
check "full disk: with room again, --resume completes the scan" "$darkscan" "${scan[@]}" --out "$full" --resume
"$python" "$digest" "$full" | cmp -s - "$work/reference.digest"
check "full disk: identical datasets after the resume" test $? -eq 0

finish
