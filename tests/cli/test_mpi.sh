#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# MPI scans on one machine: 1, 2 and 4 ranks give datasets identical to a run without MPI, in one file and in
# per-rank part files joined by a master of virtual datasets (each tile in exactly one part); a rank killed
# with kill -9 ends the job, and a resume on another number of ranks completes it identically; SIGUSR1 to mpirun
# stops every rank after its tiles in flight; errors are reported by one rank; --overwrite of per-rank parts
# removes the old ones only once every check has passed.
# Usage: test_mpi.sh DARKSCAN_BINARY PYTHON REPO_ROOT MPIRUN
set -u
darkscan=$1 python=$2 repo=$3 mpirun=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
digest=$repo/tests/python/dataset_digest.py
# Shared memory between the ranks; root allowed (CI); more ranks than cores.
launch=("$mpirun" --allow-run-as-root --oversubscribe --bind-to none --mca btl self,vader)

source "$(dirname "$0")/../check.sh"

same_as_reference() {  # same_as_reference NAME FILE [REFERENCE]: FILE's datasets equal those of REFERENCE.h5
    "$python" "$digest" "$2" >"$work/file.digest" 2>&1
    check "$1" cmp "$work/${3:-reference}.digest" "$work/file.digest"
}

# parts_disjoint NAME OUTPUT: every tile done in exactly one part file of OUTPUT; xarray reads the master.
parts_disjoint() {
    check "$1" "$python" -c "
import glob, h5py, numpy as np
parts = sorted(glob.glob('${2%.h5}.part*.h5'))
assert parts, 'no part files'
done = sum(h5py.File(p, 'r')['tile_done'][()].astype(int) for p in parts)
assert (done == 1).all(), done
master = h5py.File('$2', 'r')
assert master.attrs['darkscan_file'] == 'master' and int(master.attrs['complete']) == 1
assert master['omega_h2'].is_virtual
import xarray as xr
ds = xr.open_dataset('$2', engine='h5netcdf', phony_dims='access')
assert ds['omega_h2'].dims == ('m_V', 'm_chi', 'epsilon', 'alpha_D', 'g_X'), ds['omega_h2'].dims
assert np.isfinite(ds['omega_h2'].values).sum() > 0
"
}

# The tree-level freeze-out rate and no Sommerfeld table: these scans test the driver, and the default thermal
# Sommerfeld factor without a table would take ~240 direct solves per point.
cat >"$work/scan.ini" <<'INI'
mV = log:0.01:10:23
mchi = list:0.005,0.05,0.5,5
epsilon = log:1e-6:1e-2:7
alphaD = list:0.1,0.5
gX = list:0,1e-2
physics = relic
relic-sommerfeld = off
sommerfeld-table = off
progress = never
tile = 96
INI
scan=(scan "$work/scan.ini")
# Nine times longer, for kills and stops: at three times (0.7 s on 2 ranks here) the scan could finish before the
# kill or the stop, 0.7 s into it, arrived.
long=(scan "$work/scan.ini" --gX list:0,1e-3,1e-2,3e-2,0.1,0.3 --epsilon log:1e-6:1e-2:21)

check "reference scan without MPI" "$darkscan" "${scan[@]}" --out "$work/reference.h5" --tile 1000
"$python" "$digest" "$work/reference.h5" >"$work/reference.digest"
check "longer reference scan without MPI" "$darkscan" "${long[@]}" --out "$work/long.h5" --tile 1000
"$python" "$digest" "$work/long.h5" >"$work/long.digest"

for ranks in 1 2 4; do
    check "$ranks ranks, one file" "${launch[@]}" -n "$ranks" "$darkscan" "${scan[@]}" --out "$work/single$ranks.h5"
    same_as_reference "$ranks ranks, one file: datasets identical to the run without MPI" "$work/single$ranks.h5"
done
check "summary printed once, naming the ranks" bash -c "${launch[*]} -n 2 '$darkscan' ${scan[*]} --out '$work/once.h5' \
    2>&1 | grep -c '^darkscan: .* on 2 ranks, complete' | grep -qx 1"
for ranks in 2 4; do
    check "$ranks ranks, per-rank parts" "${launch[@]}" -n "$ranks" "$darkscan" "${scan[@]}" --out "$work/parts$ranks.h5" \
        --mpi-output per-rank
    same_as_reference "$ranks ranks, per-rank parts: the master's datasets identical" "$work/parts$ranks.h5"
    parts_disjoint "$ranks ranks, per-rank parts: each tile in exactly one part" "$work/parts$ranks.h5"
done

# kill -9 of one rank ends the job; resuming on another number of ranks completes it.
# wait_for_file PATH DELAY: until PATH exists (the scan has started computing; startup, data checks and tables,
# takes a second or more on a loaded machine), then DELAY s more.
wait_for_file() {
    for _ in $(seq 600); do [ -e "$1" ] && break; sleep 0.1; done
    sleep "$2"
}
kill_rank() {  # kill_rank OUTPUT RANKS DELAY [ARGS...]: start the job, kill -9 its second rank DELAY s into the scan
    local output=$1 ranks=$2 delay=$3; shift 3
    "${launch[@]}" -n "$ranks" "$darkscan" "${long[@]}" --out "$output" "$@" >/dev/null 2>&1 &
    local job=$!
    # One file: the output itself; per-rank: rank 0's part (the master file is written at the end).
    if [[ " $* " == *" per-rank "* ]]; then wait_for_file "${output%.h5}.part0.h5" "$delay"
    else wait_for_file "$output" "$delay"; fi
    local victim; victim=$(pgrep -P "$job" | sed -n 2p)
    [ -n "$victim" ] && kill -9 "$victim"
    wait "$job"
}
kill_rank "$work/killed_single.h5" 2 0.7
check "one file: kill -9 of a rank ends the job, some tiles done" bash -c "'$darkscan' ${long[*]} \
    --out '$work/killed_single.h5' --resume --dry-run | grep -q '^resume: *[1-9][0-9]* of .*, [1-9][0-9]* to compute'"
check "one file: resume on 4 ranks" "${launch[@]}" -n 4 "$darkscan" "${long[@]}" --out "$work/killed_single.h5" --resume
same_as_reference "one file: identical datasets after kill -9 and resume" "$work/killed_single.h5" long

kill_rank "$work/killed_parts.h5" 3 0.7 --mpi-output per-rank
check "per-rank: kill -9 of a rank ends the job, some tiles done" bash -c "'$darkscan' ${long[*]} \
    --out '$work/killed_parts.h5' --mpi-output per-rank --resume --dry-run | grep -q '^resume: *[1-9][0-9]* of .*, [1-9][0-9]* to compute'"
check "per-rank: resume on 2 ranks" "${launch[@]}" -n 2 "$darkscan" "${long[@]}" --out "$work/killed_parts.h5" \
    --mpi-output per-rank --resume
same_as_reference "per-rank: identical datasets after kill -9 and resume" "$work/killed_parts.h5" long
parts_disjoint "per-rank: each tile in exactly one of the three parts after the resume" "$work/killed_parts.h5"

# --overwrite of a per-rank scan that a later check refuses (3 tiles of 1e10 points exceed the memory) leaves the
# earlier scan's master and parts as they were: nothing is removed before every check has passed.
"${launch[@]}" -n 2 "$darkscan" "${scan[@]}" --out "$work/parts2.h5" --mpi-output per-rank --overwrite \
    --mV log:0.01:10:100000 --epsilon log:1e-6:1e-2:100000 --tile 10000000000 >/dev/null 2>"$work/bad.err"
code=$?
check "refused --overwrite of a per-rank scan: exit 2, the earlier files kept" bash -c "test $code -eq 2 && \
    grep -q \"option 'tile'\" '$work/bad.err' && test -f '$work/parts2.part0.h5' && test -f '$work/parts2.part1.h5'"
same_as_reference "refused --overwrite: the earlier per-rank scan reads as before" "$work/parts2.h5"

check "--overwrite of a 2-rank per-rank scan by 1 rank" "${launch[@]}" -n 1 "$darkscan" "${scan[@]}" \
    --out "$work/parts2.h5" --mpi-output per-rank --overwrite
check "--overwrite by 1 rank: the second rank's old part is gone" test ! -e "$work/parts2.part1.h5"
same_as_reference "--overwrite by 1 rank: datasets identical to the run without MPI" "$work/parts2.h5"

# SIGUSR1 (forwarded by mpirun to every rank) stops after the tiles in flight: exit 130, resumable.
"${launch[@]}" -n 2 "$darkscan" "${long[@]}" --out "$work/stopped.h5" >/dev/null 2>&1 &
job=$!
wait_for_file "$work/stopped.h5" 0.7
kill -USR1 "$job"
wait "$job"
code=$?
check "SIGUSR1 to mpirun: exit 130" test "$code" -eq 130
check "SIGUSR1: resume without MPI completes the file" "$darkscan" "${long[@]}" --out "$work/stopped.h5" --resume
same_as_reference "SIGUSR1: identical datasets after the resume" "$work/stopped.h5" long

# Errors: one line from one rank, exit 2.
"${launch[@]}" -n 2 "$darkscan" "${scan[@]}" --out "$work/bad.h5" --mpi-output everywhere >/dev/null 2>"$work/bad.err"
code=$?
check "bad option under MPI: exit 2, reported by one rank" bash -c "test $code -eq 2 && \
    test \$(grep -c '^darkscan: error: ' '$work/bad.err') -eq 1 && grep -q \"'mpi-output'\" '$work/bad.err'"
"${launch[@]}" -n 2 "$darkscan" "${scan[@]}" --out "$work/single2.h5" --resume --mV 0.1 >/dev/null 2>"$work/bad.err"
code=$?
check "resume with other settings under MPI: exit 2, one line" bash -c "test $code -eq 2 && \
    test \$(grep -c '^darkscan: error: cannot resume' '$work/bad.err') -eq 1"
check "dry run under MPI: printed once, with the ranks and parts" bash -c "${launch[*]} -n 2 '$darkscan' ${scan[*]} \
    --out '$work/dry.h5' --mpi-output per-rank --dry-run | tee '$work/dry.txt' | grep -c '^grid:' | grep -qx 1 \
    && grep -q '^ranks: *2 (MPI)' '$work/dry.txt' && grep -q 'dry.part1.h5' '$work/dry.txt'"

finish
