#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Command-line tests of darkscan: bad input (the cases of bad_input.txt) gives one line naming the culprit, exit 2
# and no output file; `point --json` prints the documented keys; scans are bitwise identical across tile sizes
# and thread counts; xarray reads the output; constraint datasets are consistent; a scan stopped by a signal or a
# failing write is marked incomplete, and the readers refuse it; profiles of a scan equal numpy's.
# Usage: test_cli.sh DARKSCAN_BINARY PYTHON REPO_ROOT
set -u
darkscan=$1 python=$2 repo=$3
work=$(mktemp -d)
trap 'chattr -i "$work/readonly" 2>/dev/null; rm -rf "$work"' EXIT

source "$(dirname "$0")/../check.sh"

# expect_error NAME TEXT [ARGS...]: exit 2, exactly one "darkscan: error:" line on stderr containing TEXT (other
# lines may only be warnings), and no output file left.
expect_error() {
    local name=$1 text=$2; shift 2
    rm -f "$work/bad.h5"
    "$darkscan" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt"
    local code=$?
    local errors others
    errors=$(grep -c '^darkscan: error: ' "$work/stderr.txt")
    others=$(grep -vc '^darkscan: \(error\|warning\): ' "$work/stderr.txt")
    if [ "$code" -eq 2 ] && [ "$errors" -eq 1 ] && [ "$others" -eq 0 ] && grep -qF -- "$text" "$work/stderr.txt" \
        && [ ! -e "$work/bad.h5" ]; then
        passed=$((passed + 1)); echo "ok   error: $name"
    else
        failed=$((failed + 1))
        echo "FAIL error: $name (exit $code, $errors error lines, $others others, expected '$text')"
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

# Bad input: the cases of bad_input.txt, each also with --check when it is a scan.
ok=$work/small.ini bad=$work/bad.h5 data=${DARKSCAN_DATA_DIR:?} cfg=$work/cfg
mkdir -p "$cfg/adir" "$work/emptydata" "$work/readonly" "$work/altered"
chmod a-w "$work/readonly"
read_only=yes  # root writes anywhere, except into an immutable directory (where chattr works)
[ "$(id -u)" -ne 0 ] || chattr +i "$work/readonly" 2>/dev/null || read_only=no
: >"$cfg/exists.h5"
printf 'colour = blue\n' >"$cfg/unknown_key.ini"
printf 'mV = 0.1\nmV = 0.2\n' >"$cfg/twice.ini"
printf 'mV 0.1\n' >"$cfg/no_equals.ini"
printf 'mV = 1e19\nmchi_over_mV = 10\nepsilon = 1e-3\nalphaD = 0.1\n' >"$cfg/ratio_above_planck.ini"
printf 'mV = 1\nmchi = 0.01\nY = 1e-6\nalphaD = 0.1\n' >"$cfg/y_above_one.ini"
printf '[grid]\nmV = 0.1\n' >"$cfg/section.ini"
printf 'mV = 0.1\nmchi = 0.05\nepsilon = 1e-3\nalphaD = half\n' >"$cfg/bad_value.ini"
printf '# 10%% of the plane\n%%canonical_option%% = 1\n' >"$cfg/percent.ini"
"$python" -c "import sys; sys.stdout.buffer.write(bytes(range(256)) * 16)" | tr -d '=%' >"$cfg/binary.ini"
head -c 1100000 /dev/zero | tr '\0' '#' >"$cfg/huge.ini"
cp -r "$data/." "$work/altered/"  # a data directory where one file is altered by a single byte
chmod -R u+w "$work/altered"
printf ' ' >>"$work/altered/rratio/rratio.dat"
trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }
cases=0
while IFS= read -r line; do
    case $line in '#'* | '') continue ;; esac
    IFS='|' read -r name text arguments <<<"$line"
    name=$(trim "$name") text=$(trim "$text")
    eval "text=\"$text\"; args=($arguments)"
    if [ "$read_only" = no ] && [[ $name == read-only* ]]; then
        echo "skip error: $name (root, and chattr +i is not available)"; continue
    fi
    cases=$((cases + 1))
    expect_error "$name" "$text" "${args[@]}"
    if [ "${args[0]:-}" = scan ]; then
        expect_error "$name (--check)" "$text" "${args[@]}" --check
    fi
done <"$repo/tests/cli/bad_input.txt"
echo "$cases malformed inputs"
check "at least 50 malformed inputs" test "$cases" -ge 50
if ! "$darkscan" info | grep -q '^backend: *CUDA'; then
    expect_error "GPUs on a CPU backend" "'devices'" scan "$ok" --out "$bad" --devices 0,1
fi
check "existing output left untouched" test ! -s "$cfg/exists.h5"
check "no output next to the configs" test ! -e "$cfg/adir/x.h5"

check "every problem on its own line: a missing data directory and a missing output directory" bash -c "! '$darkscan' \
    scan '$work/small.ini' --data-dir '$work/no/such/data' --out '$work/no/such/dir/x.h5' 2>'$work/two.txt' \
    ; test \$(grep -c '^darkscan: error: ' '$work/two.txt') -eq 2 && grep -q 'data file' '$work/two.txt' \
    && grep -q 'no/such/dir' '$work/two.txt'"

# --check: everything a run checks before it computes, one line, no file.
check "--check of a good config prints one OK line and writes nothing" bash -c "'$darkscan' scan '$work/small.ini' \
    --out '$work/checked.h5' --check >'$work/check.txt' && test \$(wc -l <'$work/check.txt') -eq 1 \
    && grep -q '^darkscan: OK: 3864 points' '$work/check.txt' && test ! -e '$work/checked.h5'"
check "--disk-check warn runs a check that would not fit, with a warning" bash -c "'$darkscan' scan '$work/small.ini' \
    --out '$work/checked.h5' --check --mV log:1e-3:1:100000 --mchi log:1e-3:1:100000 --epsilon log:1e-8:1e-2:10 \
    --disk-check warn 2>'$work/warn.txt' && grep -q '^darkscan: warning: .*needs up to' '$work/warn.txt'"
printf '\xef\xbb\xbfmV = 0.1\r\nmchi = 0.05\r\nepsilon = 1e-3\r\nalphaD = 0.1\r\n' >"$work/crlf.ini"
check "a config with CRLF line ends and a byte-order mark" "$darkscan" scan "$work/crlf.ini" --out "$work/checked.h5" \
    --check
check "the command line alone is a configuration" "$darkscan" scan --mV 0.3 --mchi 0.1 --epsilon 1e-3 --alphaD 0.1 \
    --out "$work/checked.h5" --check
check "m_V as a ratio to m_chi" bash -c "'$darkscan' scan --mV_over_mchi list:2.5,3 --mchi log:0.01:1:3 --epsilon 1e-3 \
    --alphaD 0.1 --out '$work/ratio.h5' --progress never && '$python' -c \"
import h5py, numpy as np
f = h5py.File('$work/ratio.h5', 'r')
assert f['m_V_over_m_chi'][()].tolist() == [2.5, 3.0]
assert np.allclose(f['m_V'][()][:, :, 0, 0, 0], np.outer([2.5, 3.0], f['m_chi'][()]), rtol=1e-15)
\""

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
check "point: the Sommerfeld factor in the freeze-out rate, on by default for Dirac only" "$python" -c "
import json, subprocess
point = ['$darkscan', 'point', '--mV', '0.05', '--mchi', '0.1', '--eps', '1e-4', '--alphaD', '0.1', '--json']
on, off, maj = (json.loads(subprocess.run(point + extra, check=True, capture_output=True, text=True).stdout)
                for extra in ([], ['--relic-sommerfeld', 'off'], ['--dm-type', 'majorana']))
assert (on['relic_sommerfeld'], off['relic_sommerfeld'], maj['relic_sommerfeld']) == ('on', 'off', 'off')
assert 0.5 < on['omega_h2'] / off['omega_h2'] < 0.95, (on['omega_h2'], off['omega_h2'])
assert on['sigmav0_cm3_s'] == off['sigmav0_cm3_s'] and on['status'] == off['status'] == 0
"
expect_error "point: the freeze-out Sommerfeld factor for Majorana" \
    "point: option 'relic-sommerfeld': on is modelled for dm_type dirac only, not majorana" \
    point --mV 0.03 --mchi 0.1 --eps 1e-4 --alphaD 0.5 --dm-type majorana --relic-sommerfeld on
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

# Schema: the table planned from the config is the table read from the file it writes.
check "schema from a config" bash -c "'$darkscan' schema '$work/small.ini' --tile 100000 >'$work/schema_config.txt' \
    && grep -q '^omega_h2  *(m_V=23, m_chi=4, epsilon=7, alpha_D=2, g_X=3)  *float64  *1  *relic abundance' \
       '$work/schema_config.txt' && grep -q '^relic_line_epsilon  *(m_V=23, m_chi=4, alpha_D=2, g_X=3)  *float64' \
       '$work/schema_config.txt' && head -3 '$work/schema_config.txt' | grep -q '^m_V  *(m_V=23)  *float64  *GeV'"

# Scans: reader check and bitwise determinism over tile sizes and threads.
check "scan" "$darkscan" "${ok_args[@]}" --out "$work/a.h5" --tile 100000 --threads 2
check "xarray reads the file" "$python" "$repo/tests/python/check_scan_file.py" "$work/a.h5" \
    --dims m_V m_chi epsilon alpha_D g_X --fields width_V_GeV br_V_ee sigmav_ee_cm3_s omega_h2 x_f status
check "schema from the file equals the schema from its config" bash -c "'$darkscan' schema '$work/a.h5' \
    >'$work/schema_file.txt' && diff '$work/schema_config.txt' '$work/schema_file.txt'"
expect_error "schema: options with a file" "options apply to a config file" schema "$work/a.h5" --tile 5
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
check "scan with the tree-level freeze-out rate" "$darkscan" "${ok_args[@]}" --out "$work/rs.h5" \
    --physics relic --relic-sommerfeld off --relic-line-axis none --gX 0
check "the Sommerfeld factor, on by default for Dirac, only lowers omega_h2; the setting is recorded" "$python" -c "
import h5py, numpy as np
a = h5py.File('$work/a.h5', 'r'); b = h5py.File('$work/rs.h5', 'r')
assert a.attrs['relic_sommerfeld'] == 'on' and b.attrs['relic_sommerfeld'] == 'off'
r = a['omega_h2'][()][..., :1] / b['omega_h2'][()]
r = r[np.isfinite(r)]
assert r.size > 1000 and (r <= 1 + 1e-9).all() and (r < 0.9).any(), (r.min(), r.max())
"
check "overwrite replaces the file" "$darkscan" "${ok_args[@]}" --out "$work/a.h5" --overwrite

# --coarse: the [coarse] section of the config replaces its main keys.
cat "$work/small.ini" - >"$work/sections.ini" <<'INI'
[coarse]
mV = log:0.01:10:3
epsilon = list:1e-6,1e-3
INI
check "--coarse applies the [coarse] section" bash -c "'$darkscan' scan '$work/sections.ini' --coarse --dry-run \
    --out '$work/coarse.h5' | grep -q '^grid: *144 points' && '$darkscan' scan '$work/sections.ini' --dry-run \
    --out '$work/coarse.h5' | grep -q '^grid: *3864 points'"
expect_error "--coarse without a [coarse] section" "no [coarse] section" "${ok_args[@]}" --out "$work/bad.h5" --coarse
# Every example scan is valid in full (the cluster one needs more disk than a test machine has) and coarse, and
# its coarse version stays small (under a minute on 2 cores).
for ini in "$repo"/scans/*.ini; do
    check "$(basename "$ini"): dry run, and --coarse has at most 20 000 points" bash -c "
        '$darkscan' scan '$ini' --dry-run --disk-check warn --out '$work/example.h5' >/dev/null 2>&1 &&
        '$darkscan' scan '$ini' --coarse --dry-run --out '$work/example.h5' | awk '/^grid:/ { exit !(\$2 <= 20000) }'"
done

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
sidm-v-rel-bullet-km-s = 3000
INI
check "scan of the Sommerfeld plane" "$darkscan" scan "$work/sommerfeld.ini" --progress never --out "$work/s.h5"
check "Sommerfeld, bound-state and sigma_T datasets, velocities as attributes" "$python" -c "
import h5py, numpy as np
f = h5py.File('$work/s.h5', 'r')
assert f.attrs['physics'] == 'sommerfeld,bound_states,sidm', f.attrs['physics']
assert 'omega_h2' not in f and 'sommerfeld_s_freeze_out' not in f
assert abs(f['sommerfeld_s_dwarf'].attrs['v_km_s'] - 20) < 1e-9 and abs(f['sommerfeld_s_dwarf'].attrs['v'] * 299792.458 - 20) < 1e-9
assert abs(f['sigmaT_over_m_cluster_cm2_g'].attrs['v_rel_km_s'] - 1500) < 1e-9
for where in ['attr_bullet', 'rep_bullet', 'bullet']:
    assert abs(f['sigmaT_over_m_' + where + '_cm2_g'].attrs['v_rel_km_s'] - 3000) < 1e-9, where
assert 'sidm-v-rel-bullet-km-s = 3000' in f.attrs['config_text'], f.attrs['config_text']
for name in ['sommerfeld_s_recombination', 'sommerfeld_p_milky_way', 'E_1s_GeV', 'psi0_sq_1s_GeV3',
             'sigmaT_over_m_attr_dwarf_cm2_g', 'sigmaT_over_m_rep_dwarf_cm2_g', 'sigmaT_over_m_dwarf_cm2_g',
             'sigmaT_over_m_bullet_cm2_g']:
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

# Constraint likelihoods: options, datasets and their consistency.
expect_error "unknown constraint" "unknown constraint 'babar'" "${ok_args[@]}" --out "$work/bad.h5" --constraints babar
expect_error "constraint without the constraints block" "'constraints'" "${ok_args[@]}" --out "$work/bad.h5" \
    --physics relic --constraints babar_2014
expect_error "constraint needing a block" "needs 'relic'" "${ok_args[@]}" --out "$work/bad.h5" \
    --physics constraints --constraints relic_density --relic-line-axis none
expect_error "confidence level out of range" "'constraint-cl'" "${ok_args[@]}" --out "$work/bad.h5" \
    --constraint-cl e137:1.5
expect_error "confidence level of an unknown term" "unknown constraint 'e13'" "${ok_args[@]}" --out "$work/bad.h5" \
    --constraint-cl e13:0.95
expect_error "unknown relic likelihood" "'relic-likelihood'" "${ok_args[@]}" --out "$work/bad.h5" \
    --relic-likelihood flat
cat >"$work/dark_photon.ini" <<'INI'
mV = log:1e-3:10:30
mchi_over_mV = list:0.3333333333333333,0.6
epsilon = log:1e-8:1e-2:25
alphaD = 0.5
physics = relic,constraints
constraints = all,-lsnd_dm,anomalon
constraint-cl = e137:0.95
INI
check "scan of the dark-photon plane with constraints" "$darkscan" scan "$work/dark_photon.ini" --progress never \
    --out "$work/dp.h5"
check "chi2 datasets, masks and their consistency" "$python" -c "
import h5py, numpy as np, xarray as xr
f = h5py.File('$work/dp.h5', 'r')
names = f.attrs['constraints'].split(',')
assert 'lsnd_dm' not in names and 'anomalon' in names and 'babar_2014' in names, names
meanings = f['excluded_by'].attrs['flag_meanings'].split()
assert meanings == names, (meanings, names)
masks = f['excluded_by'].attrs['flag_masks']
assert f['excluded_by'].dtype == np.uint64 and masks.dtype == np.uint64
excluded, missing = f['excluded_by'][()], f['not_applicable'][()]
total = np.zeros(excluded.shape)
for name, mask in zip(names, masks):
    d = f['chi2_' + name]
    chi2 = d[()]
    assert np.isfinite(chi2).all() and (chi2 >= 0).all(), name
    total += chi2
    bit = (excluded & mask) != 0
    if 'chi2_at_limit' in d.attrs and d.attrs['likelihood'] != 'hard':
        limit = d.attrs['chi2_at_limit']
        assert (bit == (chi2 > limit * (1 + 1e-12))).all(), name
    assert (chi2[(missing & mask) != 0] == 0).all(), name
    assert d.attrs['reference'] and d.attrs['constraint_group'] and 0 < d.attrs['cl'] < 1
assert abs(f['chi2_e137'].attrs['cl'] - 0.95) < 1e-15
assert np.allclose(f['chi2_total'][()], total, rtol=1e-12, atol=0)
# The Y-plane MiniBooNE curve applies at m_chi = m_V/3 only.
mb = masks[names.index('miniboone_dm')]
assert ((missing[:, 0] & mb) == 0).all() and ((missing[:, 1] & mb) != 0).all()
# The classic visible constraints exclude large mixing, beam dumps small mixing at low mass.
assert ((excluded & masks[names.index('babar_2014')]) != 0).any() and ((excluded & masks[names.index('e137')]) != 0).any()
ds = xr.open_dataset('$work/dp.h5', engine='h5netcdf', phony_dims='access')
assert ds['excluded_by'].dims == ('m_V', 'm_chi_over_m_V', 'epsilon', 'alpha_D', 'g_X')
assert ds['chi2_total'].attrs['units'] == '1'
"
check "point --json: chi2 per term, excluded_by, not_applicable" bash -c "'$darkscan' point --mV 0.05 --mchi 0.1 \
    --eps 2e-3 --alphaD 0.5 --constraints all,-relic_density --json | '$python' -c '
import json, sys
d = json.load(sys.stdin)
assert \"relic_density\" not in d[\"chi2\"] and \"na48_2\" in d[\"chi2\"]
assert \"na48_2\" in d[\"excluded_by\"] and \"babar_2014\" in d[\"excluded_by\"], d[\"excluded_by\"]
assert abs(d[\"chi2_total\"] - sum(d[\"chi2\"].values())) <= 1e-12 * d[\"chi2_total\"]
assert \"miniboone_dm\" in d[\"not_applicable\"]
'"

# Signals: SIGINT, SIGTERM and SIGHUP end the scan after the tile in flight; the file is closed cleanly (every
# reader opens it), says complete = 0, keeps the tiles written, and the scan exits 130. The signal is sent once
# the progress line shows computed tiles (a fixed sleep raced the start on a busy machine).
for signal in INT TERM HUP; do
    rm -f "$work/int.h5"
    "$darkscan" scan "$work/small.ini" --progress always --out "$work/int.h5" --mV log:0.01:10:4000 --tile 64 \
        --sommerfeld-table off >/dev/null 2>"$work/int.err" &
    pid=$!
    for _ in $(seq 600); do
        grep -q '[0-9]\{3,\} / 672000 points' "$work/int.err" && break
        sleep 0.1
    done
    kill -"$signal" "$pid"
    wait "$pid"
    code=$?
    check "SIG$signal: the scan exits 130" test "$code" -eq 130
    check "SIG$signal: the file is closed cleanly, complete = 0, finished tiles kept" "$python" -c "
import h5py, numpy
f = h5py.File('$work/int.h5', 'r')
assert int(f.attrs['complete']) == 0
done = f['tile_done'][()]
assert 0 < done.sum() < len(done), done.sum()
computed = numpy.count_nonzero((f['status'][()] & 1) == 0)
assert 0 < computed <= 64 * done.sum(), (computed, done.sum())
"
done
check "readers refuse the incomplete file: darkscan-plot" bash -c "env PYTHONPATH='$repo/python' MPLBACKEND=Agg \
    '$python' -m darkscan_plot map '$work/int.h5' omega_h2 --out '$work/int_omega_h2.png' 2>'$work/refused.txt'; \
    test \$? -eq 2 && grep -q 'incomplete.*--allow-incomplete' '$work/refused.txt' && test ! -e '$work/int_omega_h2.png'"
check "readers refuse the incomplete file: dataset_digest.py" bash -c "'$python' \
    '$repo/tests/python/dataset_digest.py' '$work/int.h5' >/dev/null 2>'$work/refused.txt'; \
    test \$? -eq 2 && grep -q 'is incomplete.*--allow-incomplete' '$work/refused.txt'"
check "--allow-incomplete reads it" env PYTHONPATH="$repo/python" MPLBACKEND=Agg "$python" -m darkscan_plot map \
    "$work/int.h5" omega_h2 --profile min \
    --out "$work/int_omega_h2.png" --allow-incomplete
check "xarray's check of the incomplete file fails on complete = 1 only" bash -c "'$python' \
    '$repo/tests/python/check_scan_file.py' '$work/int.h5' >'$work/check_int.txt'; test \$? -eq 1 \
    && grep -q '^FAIL.*complete' '$work/check_int.txt' && ! grep '^FAIL' '$work/check_int.txt' \
    | grep -qv 'complete\|every tile done'"

check "netCDF4, xarray (netcdf4) and ncdump show the unwritten points of the interrupted file as fill values" \
    "$python" -c "
import subprocess, netCDF4, numpy as np, xarray as xr
with netCDF4.Dataset('$work/int.h5') as nc:
    unwritten = (nc['status'][:].data & 1) != 0
    assert np.array_equal(np.ma.getmaskarray(nc['width_V_GeV'][:]), unwritten)
with xr.open_dataset('$work/int.h5', engine='netcdf4') as ds:
    assert np.array_equal(np.isnan(ds['width_V_GeV'].values), unwritten)
dump = subprocess.run(['ncdump', '-v', 'width_V_GeV', '$work/int.h5'], capture_output=True, text=True, check=True).stdout
assert (' _,' in dump or ' _ ;' in dump) == unwritten.any()
"

# Profiles: 2-D minima (maxima) of a dataset over the other three axes, written into the scan file, checked
# against numpy (values, argmin, coordinates, reported datasets) and read through h5py, xarray and netCDF4.
profile=(profile "$work/a.h5" --dataset omega_h2)
check "profile over (mV, mchi) by config keys" "$darkscan" "${profile[@]}" --keep mV,mchi --dataset x_f \
    --dataset sigmav0_cm3_s --threads 2
check "the (m_V, m_chi) profile equals numpy's nanmin" "$python" "$repo/tests/python/check_profile.py" \
    "$work/a.h5" profile_m_V_m_chi
# b.h5 holds the same datasets as a.h5 in chunks of at most 37 points: many slabs.
check "maximum over (g_X, epsilon) in slabs of 100 points" "$darkscan" profile "$work/b.h5" --dataset omega_h2 \
    --keep g_X,epsilon --maximise --dataset x_f --group max --slab-points 100
check "the maximum equals numpy's nanmax" "$python" "$repo/tests/python/check_profile.py" "$work/b.h5" max
check "the same maximum in one slab with 1 thread" "$darkscan" "${profile[@]}" --keep gX,epsilon --maximise \
    --dataset x_f --group max --threads 1
check "--overwrite replaces a profile group (slabs of one chunk)" "$darkscan" profile "$work/b.h5" \
    --dataset omega_h2 --keep g_X,epsilon --maximise --dataset x_f --group max --slab-points 1 --overwrite
check "profiles are identical for any slab size and thread count" "$python" -c "
import h5py
a, b = h5py.File('$work/a.h5', 'r')['max'], h5py.File('$work/b.h5', 'r')['max']
assert sorted(a) == sorted(b) and len(a) == 10, sorted(a)
for name in a:
    assert a[name].dtype == b[name].dtype and a[name][()].tobytes() == b[name][()].tobytes(), name
"
expect_error "profile: existing group" "group /profile_m_V_m_chi exists (use --overwrite" "${profile[@]}" --keep m_V,m_chi
expect_error "profile: unknown axis" "'m_X' is not an axis" "${profile[@]}" --keep m_V,m_X
expect_error "profile: the same axis twice" "are the same axis" "${profile[@]}" --keep m_V,mV
expect_error "profile: one axis" "give two axes" "${profile[@]}" --keep m_V
expect_error "profile: missing dataset" "no 5-D dataset 'chi2_omega'" "${profile[@]}" --keep m_V,m_chi \
    --dataset chi2_omega --group other
expect_error "profile: uint32 dataset" "not a float dataset" profile "$work/a.h5" --dataset status --keep m_V,m_chi
expect_error "profile: no chi2_total" "--dataset NAME" profile "$work/s.h5" --keep m_V,m_chi --group other
expect_error "profile: a dataset as the group" "is not a group" "${profile[@]}" --keep m_V,m_chi --group omega_h2
expect_error "profile: missing file" "no such file" profile "$work/none.h5" --keep m_V,m_chi
expect_error "profile: incomplete file" "incomplete (root attribute complete = 0" profile "$work/int.h5" \
    --dataset omega_h2 --keep m_V,m_chi
check "profile of an incomplete file with --allow-incomplete" "$darkscan" profile "$work/int.h5" --dataset omega_h2 \
    --dataset x_f --keep m_V,m_chi --allow-incomplete
check "cells of unwritten tiles are NaN with argmin 2^32 - 1" "$python" "$repo/tests/python/check_profile.py" \
    "$work/int.h5" profile_m_V_m_chi --empty-cells
check "profile over derived axes (Y, mchi_over_mV)" "$darkscan" profile "$work/y.h5" --keep Y,mchi_over_mV \
    --dataset omega_h2 --dataset epsilon
check "the derived-axis profile equals numpy's nanmin" "$python" "$repo/tests/python/check_profile.py" \
    "$work/y.h5" profile_Y_m_chi_over_m_V

# A full disk, simulated by a file-size limit: the write fails, the scan stops with one error line naming the file
# and exit 2 (no crash at exit); the file, cut short, is not mistaken for a result.
(ulimit -f 256; exec "$darkscan" "${ok_args[@]}" --out "$work/full.h5" --mV log:0.01:10:300 --physics relic \
    --relic-line-axis none) >/dev/null 2>"$work/full.err"
code=$?
check "a write failure exits 2 with one line naming the file" bash -c "test $code -eq 2 \
    && test \$(wc -l <'$work/full.err') -eq 1 && grep -q 'full.h5.*File too large' '$work/full.err'"
check "readers refuse the cut file" bash -c "! env PYTHONPATH='$repo/python' MPLBACKEND=Agg '$python' \
    -m darkscan_plot map '$work/full.h5' omega_h2 --out '$work/full.png' --allow-incomplete 2>'$work/full_read.txt'; \
    grep -qi 'cannot\\|unable\\|not a' '$work/full_read.txt'"

finish
