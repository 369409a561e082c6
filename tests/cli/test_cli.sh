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
expect_error "unknown physics block" "'physics'" "${ok_args[@]}" --out "$work/bad.h5" --physics relic,sommerfield
expect_error "relic line without the relic block" "'relic-line-axis'" "${ok_args[@]}" --out "$work/bad.h5" \
    --physics sidm --relic-line-axis epsilon
expect_error "speed above c" "'sommerfeld-v-dwarf-km-s'" "${ok_args[@]}" --out "$work/bad.h5" \
    --sommerfeld-v-dwarf-km-s 4e5
expect_error "negative speed" "'sidm-v-rel-cluster-km-s'" "${ok_args[@]}" --out "$work/bad.h5" \
    --sidm-v-rel-cluster-km-s -3
expect_error "point: speed above c" "'v'" point --mV 1 --mchi 1 --eps 1e-3 --alphaD 0.1 --v 2
expect_error "unknown MPI output" "'mpi-output'" "${ok_args[@]}" --out "$work/bad.h5" --mpi-output shared
expect_error "log interval of 0 s" "'log-interval'" "${ok_args[@]}" --out "$work/bad.h5" --log-interval 0
if ! "$darkscan" info | grep -q '^backend: *CUDA'; then
    expect_error "GPUs on a CPU backend" "'devices'" "${ok_args[@]}" --out "$work/bad.h5" --devices 0,1
fi
expect_error "dry run: unwritable output" "$work/no/such/dir/x.h5" "${ok_args[@]}" --dry-run \
    --out "$work/no/such/dir/x.h5"
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
assert d[\"bound_1s_exists\"] is False and d[\"E_1s_GeV\"] is None and d[\"psi0_sq_1s_GeV3\"] is None
assert 1 < d[\"sommerfeld_s\"] < 1 + 3.1416 * 0.5 / 1e-3 and d[\"sommerfeld_s_hulthen\"] > 1
'"
# alpha_D m_chi / m_V = 100: a 1s state bound nearly like Coulomb (E_1s = -mu alpha_D^2/2 = -0.025 GeV, screened
# a little); S_s at v = 1e-3 near the Coulomb value pi/eps_v = 314; chi chibar attracts more than chi chi scatters.
check "point --json: Sommerfeld, bound states and sigma_T" bash -c "'$darkscan' point --mV 0.01 --mchi 10 --eps 1e-6 --alphaD 0.1 --v 1e-3 --json | '$python' -c '
import json, math, sys
d = json.load(sys.stdin)
assert d[\"bound_1s_exists\"] is True and d[\"bound_2s_exists\"] is True and d[\"bound_2p_exists\"] is True
assert -0.025 < d[\"E_1s_GeV\"] < -0.02, d[\"E_1s_GeV\"]
a0 = 2 / (0.1 * 10)
assert 0.8 < d[\"psi0_sq_1s_GeV3\"] * math.pi * a0**3 < 1, d[\"psi0_sq_1s_GeV3\"]
assert 200 < d[\"sommerfeld_s\"] < 330 and d[\"sommerfeld_p\"] > d[\"sommerfeld_s\"], (d[\"sommerfeld_s\"], d[\"sommerfeld_p\"])
assert d[\"sigmaT_over_m_attr_cm2_g\"] > 0 and d[\"sigmaT_over_m_rep_cm2_g\"] > 0
assert d[\"status\"] == 0, d[\"status\"]
'"

# Dry run: the plan, and no file.
check "dry run prints the plan and writes nothing" bash -c "'$darkscan' scan '$work/small.ini' --out '$work/dry.h5' \
    --dry-run --tile 1000 | tee '$work/dry.txt' && grep -q '^grid: *3864 points' '$work/dry.txt' \
    && grep -q '^tiles: *5 of up to 840 points' '$work/dry.txt' && grep -q 'omega_h2' '$work/dry.txt' && test ! -e '$work/dry.h5'"

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
check "scan with the Sommerfeld factor in the freeze-out rate" "$darkscan" "${ok_args[@]}" --out "$work/rs.h5" \
    --physics relic --relic-sommerfeld on --relic-line-axis none --gX 0
check "an attractive force only lowers omega_h2; the setting is recorded" "$python" -c "
import h5py, numpy as np
a = h5py.File('$work/a.h5', 'r'); b = h5py.File('$work/rs.h5', 'r')
assert b.attrs['relic_sommerfeld'] == 'on' and a.attrs['relic_sommerfeld'] == 'off'
r = b['omega_h2'][()] / a['omega_h2'][()][..., :1]
r = r[np.isfinite(r)]
assert r.size > 1000 and (r <= 1 + 1e-9).all() and (r < 0.9).any(), (r.min(), r.max())
"
expect_error "relic Sommerfeld without the relic block" "'relic-sommerfeld'" "${ok_args[@]}" --out "$work/bad.h5" \
    --physics sidm --relic-line-axis none --relic-sommerfeld on
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

# The Sommerfeld plane: only the blocks asked for are written, each velocity recorded on its datasets.
cat >"$work/sommerfeld.ini" <<'INI'
mV = log:1e-3:1:6
mchi = log:1:100:5
epsilon = 1e-6
alphaD = list:0.01,0.1
physics = sommerfeld,bound_states,sidm
sommerfeld-v-dwarf-km-s = 20
INI
check "scan of the Sommerfeld plane" "$darkscan" scan "$work/sommerfeld.ini" --progress never --out "$work/s.h5"
check "Sommerfeld, bound-state and sigma_T datasets, velocities as attributes" "$python" -c "
import h5py, numpy as np
f = h5py.File('$work/s.h5', 'r')
assert f.attrs['physics'] == 'sommerfeld,bound_states,sidm', f.attrs['physics']
assert 'omega_h2' not in f and 'sommerfeld_s_freeze_out' not in f
assert abs(f['sommerfeld_s_dwarf'].attrs['v_km_s'] - 20) < 1e-9 and abs(f['sommerfeld_s_dwarf'].attrs['v'] * 299792.458 - 20) < 1e-9
assert abs(f['sigmaT_over_m_cluster_cm2_g'].attrs['v_rel_km_s'] - 1500) < 1e-9
for name in ['sommerfeld_s_recombination', 'sommerfeld_p_milky_way', 'E_1s_GeV', 'psi0_sq_1s_GeV3',
             'sigmaT_over_m_attr_dwarf_cm2_g', 'sigmaT_over_m_rep_dwarf_cm2_g', 'sigmaT_over_m_dwarf_cm2_g']:
    assert np.isfinite(f[name][()]).all(), name
assert (f['status'][()] == 0).all()
s_slow, s_fast = f['sommerfeld_s_dwarf'][()], f['sommerfeld_s_milky_way'][()]
assert (s_slow >= s_fast * (1 - 1e-9)).all() and (s_fast >= 1).all()
bound = f['bound_1s_exists'][()] > 0.5
alpha_D = f['alpha_D'][()][None, None, None, :, None]
ratio = alpha_D * f['m_chi'][()][None, :, None, None, None] / f['m_V'][()][:, None, None, None, None]
assert (bound == (ratio > 1.68)).all()
assert ((f['E_1s_GeV'][()] < 0) == bound).all()
dirac = f['sigmaT_over_m_dwarf_cm2_g'][()]
assert np.allclose(dirac, 0.5 * (f['sigmaT_over_m_attr_dwarf_cm2_g'][()] + f['sigmaT_over_m_rep_dwarf_cm2_g'][()]), rtol=1e-12)
"
check "Sommerfeld plane with the Sommerfeld table" "$darkscan" scan "$work/sommerfeld.ini" --progress never \
    --out "$work/s_table.h5" --sommerfeld-table on
check "the table changes S by < 0.2% and nothing else" "$python" -c "
import h5py, numpy as np
a = h5py.File('$work/s.h5', 'r'); b = h5py.File('$work/s_table.h5', 'r')
assert a.attrs['sommerfeld_table'].startswith('none'), a.attrs['sommerfeld_table']
assert b.attrs['sommerfeld_table'].startswith('Sommerfeld table:'), b.attrs['sommerfeld_table']
changed = 0
for name in a:
    if a[name].ndim != 5:
        continue
    x, y = a[name][()], b[name][()]
    if name.startswith('sommerfeld_'):
        assert np.allclose(y, x, rtol=2e-3, atol=0), (name, np.max(np.abs(y / x - 1)))
        changed += np.count_nonzero(x != y)
    else:
        assert np.array_equal(x, y, equal_nan=True), name
assert changed > 0
"
check "xarray reads the Sommerfeld-plane file" "$python" "$repo/tests/python/check_scan_file.py" "$work/s.h5" \
    --dims m_V m_chi epsilon alpha_D g_X --fields sommerfeld_s_dwarf E_1s_GeV sigmaT_over_m_cluster_cm2_g status

# Interrupt: SIGINT ends after the tile in flight, the file says complete = 0, exit 130.
"$darkscan" scan "$work/small.ini" --progress never --out "$work/int.h5" --mV log:0.01:10:4000 --tile 64 \
    --sommerfeld-table off \
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
