#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Command-line tests of darkscan: bad input gives one line naming the culprit, exit 2 and no output file;
# `point --json` prints the documented keys; scans are bitwise identical across tile sizes and thread
# counts; xarray reads the output; an interrupted scan is marked incomplete.
# Usage: test_cli.sh DARKSCAN_BINARY PYTHON REPO_ROOT
set -u
darkscan=$1 python=$2 repo=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

check() {  # check NAME COMMAND...: the command must succeed
    local name=$1; shift
    if "$@" >"$work/out.txt" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
    else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$work/out.txt" | head -20; fi
}

# expect_error NAME TEXT [ARGS...]: exit 2, a single stderr line containing TEXT, no output file left.
expect_error() {
    local name=$1 text=$2; shift 2
    rm -f "$work/bad.h5"
    "$darkscan" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt"
    local code=$?
    local lines; lines=$(wc -l <"$work/stderr.txt")
    if [ "$code" -eq 2 ] && [ "$lines" -eq 1 ] && grep -qF -- "$text" "$work/stderr.txt" && [ ! -e "$work/bad.h5" ]; then
        passed=$((passed + 1)); echo "ok   error: $name"
    else
        failed=$((failed + 1)); echo "FAIL error: $name (exit $code, $lines lines, expected '$text')"
        sed 's/^/     /' "$work/stderr.txt" | head -5
    fi
}

cat >"$work/small.ini" <<'INI'
mV = log:0.01:10:23
mchi = list:0.005,0.05,0.5,5
epsilon = log:1e-6:1e-2:7
alphaD = list:0.1,0.5
gX = list:0,1e-3,1e-2
INI
ok_args=(scan "$work/small.ini" --progress never)

# Bad input.
expect_error "no command" "no command given"
expect_error "unknown command" "unknown command 'scna'" scna
expect_error "unknown option" "bogus" "${ok_args[@]}" --out "$work/bad.h5" --bogus 1
expect_error "malformed number" "'tile'" "${ok_args[@]}" --out "$work/bad.h5" --tile 12x
expect_error "negative mass" "'mV'" "${ok_args[@]}" --out "$work/bad.h5" --mV -0.1
expect_error "empty range" "empty range" "${ok_args[@]}" --out "$work/bad.h5" --mchi lin:1:0.5:10
expect_error "log range through zero" "'epsilon'" "${ok_args[@]}" --out "$work/bad.h5" --epsilon log:0:1:5
expect_error "missing config file" "nonexistent.ini" scan "$work/nonexistent.ini" --out "$work/bad.h5"
expect_error "two mixing axes" "'epsilon', 'Y'" "${ok_args[@]}" --out "$work/bad.h5" --Y 1e-9
expect_error "unwritable output" "$work/no/such/dir/x.h5" "${ok_args[@]}" --out "$work/no/such/dir/x.h5"
expect_error "point: missing option" "mchi" point --mV 1 --eps 1e-3 --alphaD 0.1
expect_error "point: negative mass" "physical domain" point --mV -1 --mchi 1 --eps 1e-3 --alphaD 0.1
expect_error "point: malformed number" "mV" point --mV abc --mchi 1 --eps 1e-3 --alphaD 0.1
expect_error "unknown g_* table" "'eos'" "${ok_args[@]}" --out "$work/bad.h5" --eos lattice
expect_error "relic line along a fixed axis" "'relic-line-axis'" "${ok_args[@]}" --out "$work/bad.h5" \
    --relic-line-axis gX --gX 0
expect_error "relic line along an unknown axis" "'relic-line-axis'" "${ok_args[@]}" --out "$work/bad.h5" \
    --relic-line-axis Y
mkdir -p "$work/emptydata"
expect_error "missing data file" "is missing" "${ok_args[@]}" --out "$work/bad.h5" --data-dir "$work/emptydata"
# A data directory where one file is altered by a single byte.
data_dir=${DARKSCAN_DATA_DIR:?}
mkdir -p "$work/altered"
cp -r "$data_dir/." "$work/altered/"
chmod -R u+w "$work/altered"
printf ' ' >>"$work/altered/rratio/rratio.dat"
expect_error "altered data file" "rratio.dat has SHA-256" "${ok_args[@]}" --out "$work/bad.h5" --data-dir "$work/altered"
: >"$work/exists.h5"
expect_error "existing output" "--overwrite" "${ok_args[@]}" --out "$work/exists.h5"
check "existing output left untouched" test ! -s "$work/exists.h5"

# Info and point.
check "info" bash -c "'$darkscan' info | grep -q backend"
check "point --json keys" bash -c "'$darkscan' point --mV 0.3 --mchi 0.1 --eps 1e-3 --alphaD 0.5 --json | '$python' -c '
import json, sys
d = json.load(sys.stdin)
keys = \"mV_GeV mchi_GeV epsilon alphaD gX width_V_GeV br_V_ee br_V_mumu br_V_hadrons br_V_invisible sigmav_VV_cm3_s sigmav_ee_cm3_s omega_h2 x_f sigmav0_cm3_s sigmav_xf_cm3_s\".split()
missing = [k for k in keys if k not in d]
assert not missing, missing
assert abs(d[\"br_V_ee\"] + d[\"br_V_mumu\"] + d[\"br_V_hadrons\"] + d[\"br_V_invisible\"] + d.get(\"br_V_tautau\", 0) - 1) < 1e-12
assert 1e-4 < d[\"omega_h2\"] < 1e4 and 10 < d[\"x_f\"] < 40 and d[\"status\"] == 0
'"

# Scans: reader check and bitwise determinism over tile sizes and threads.
check "scan" "$darkscan" "${ok_args[@]}" --out "$work/a.h5" --tile 100000 --threads 2
check "xarray reads the file" "$python" "$repo/tests/python/check_scan_file.py" "$work/a.h5" \
    --dims m_V m_chi epsilon alpha_D g_X --fields width_V_GeV br_V_ee sigmav_ee_cm3_s status
check "scan, tile 37, 1 thread" "$darkscan" "${ok_args[@]}" --out "$work/b.h5" --tile 37 --threads 1
check "scan, tile 1000, 2 threads" "$darkscan" "${ok_args[@]}" --out "$work/c.h5" --tile 1000 --threads 2
"$python" "$repo/tests/python/dataset_digest.py" "$work/a.h5" >"$work/a.digest"
"$python" "$repo/tests/python/dataset_digest.py" "$work/b.h5" >"$work/b.digest"
"$python" "$repo/tests/python/dataset_digest.py" "$work/c.h5" >"$work/c.digest"
check "identical datasets: tile 100000 x 2 threads vs tile 37 x 1 thread" cmp "$work/a.digest" "$work/b.digest"
check "identical datasets: tile 100000 vs tile 1000" cmp "$work/a.digest" "$work/c.digest"
check "relic line: dataset over (m_V, m_chi, alpha_D, g_X) equals an independent search of omega_h2" "$python" -c "
import h5py, numpy as np, xarray as xr
f = h5py.File('$work/a.h5', 'r')
assert f.attrs['equation_of_state'] == 'saikawa_shirai_2020'
eps = f['epsilon'][()]
omega = np.moveaxis(f['omega_h2'][()], 2, -1).reshape(-1, len(eps))
line = f['relic_line_epsilon'][()].reshape(-1)
count = f['relic_line_epsilon_crossings'][()].reshape(-1)
found = 0
for o, value, n in zip(omega, line, count):
    d = np.log(o) - np.log(0.12)
    k = [i for i in range(len(eps) - 1) if np.isfinite(d[i] + d[i + 1]) and (d[i] == 0 or (d[i] < 0) != (d[i + 1] < 0)) and d[i + 1] != 0]
    assert n == len(k), (n, k)
    if k:
        i = k[0]
        expected = np.exp(np.log(eps[i]) + d[i] / (d[i] - d[i + 1]) * (np.log(eps[i + 1]) - np.log(eps[i])))
        assert abs(value / expected - 1) < 1e-12, (value, expected)
        found += 1
    else:
        assert np.isnan(value)
assert found > 20, found
ds = xr.open_dataset('$work/a.h5', engine='h5netcdf', phony_dims='access')
assert ds['relic_line_epsilon'].dims == ('m_V', 'm_chi', 'alpha_D', 'g_X'), ds['relic_line_epsilon'].dims
"
check "scan with the Drees-Hajkarim-Schmitz g_* table" "$darkscan" "${ok_args[@]}" --out "$work/dhs.h5" \
    --eos drees_hajkarim_schmitz_2015 --relic-line-axis none
check "the g_* table is recorded and changes omega_h2 by 0.1-10%" "$python" -c "
import h5py, numpy as np
a = h5py.File('$work/a.h5', 'r'); b = h5py.File('$work/dhs.h5', 'r')
assert b.attrs['equation_of_state'] == 'drees_hajkarim_schmitz_2015'
assert 'relic_line_epsilon' not in b
r = b['omega_h2'][()] / a['omega_h2'][()]
r = r[np.isfinite(r)]
assert 0.001 < np.median(np.abs(r - 1)) < 0.1, np.median(np.abs(r - 1))
"
check "overwrite replaces the file" "$darkscan" "${ok_args[@]}" --out "$work/a.h5" --overwrite

# Derived axes: m_chi as a ratio to m_V and the yield Y.
cat >"$work/y.ini" <<'INI'
mV = log:0.01:1:9
mchi_over_mV = 0.3333333333333333
Y = log:1e-12:1e-8:5
alphaD = 0.5
INI
check "scan in (mV, Y) at mchi = mV/3" "$darkscan" scan "$work/y.ini" --progress never --out "$work/y.h5"
check "xarray reads the derived-axis file" "$python" "$repo/tests/python/check_scan_file.py" "$work/y.h5" \
    --dims m_V m_chi_over_m_V Y alpha_D g_X --fields m_chi epsilon br_V_invisible status

# Interrupt: SIGINT ends after the tile in flight, the file says complete = 0, exit 130.
"$darkscan" scan "$work/small.ini" --progress never --out "$work/int.h5" --mV log:0.01:10:4000 --tile 64 \
    >/dev/null 2>"$work/int.err" &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
code=$?
check "interrupted scan exits 130" test "$code" -eq 130
check "interrupted file is marked incomplete" "$python" -c "
import h5py, numpy
f = h5py.File('$work/int.h5', 'r')
assert int(f.attrs['complete']) == 0
assert 0 < f['tile_done'][()].sum() < len(f['tile_done'])
assert (f['status'][()] & 1).any()
"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
