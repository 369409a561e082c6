#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of darkscan-plot: every subcommand draws a valid PNG and PDF of plausible size from synthetic files in
the constraint layout (synthetic_scan.py) and from real small scans made here with the darkscan binary; the
excluded regions follow the excluded_by bits (up to bit 63) or chi2 >= chi2_at_limit; incomplete files and bad
options are one-line errors with exit code 2.

Usage: test_plots.py DARKSCAN_BINARY   (with python/ and tests/python/ on PYTHONPATH)
Prints one line per check and "N passed, N failed".
"""

import contextlib
import io
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import xarray as xr

import synthetic_scan
from darkscan_plot import cli
from darkscan_plot.scanfile import Term, excluded, make_plane

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def __call__(self, name, passed, detail=""):
        if passed:
            self.passed += 1
        else:
            self.failed += 1
        print(("ok   " if passed else "FAIL ") + name + (f": {detail}" if detail and not passed else ""), flush=True)
        return passed


def run_cli(argv):
    """(exit code, stdout, stderr) of darkscan-plot ARGV in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exit_:
            code = exit_.code
    return code, out.getvalue(), err.getvalue()


def image_problem(path, min_bytes):
    """None if `path` is a PNG or PDF (by extension) of at least min_bytes, else what is wrong."""
    if not os.path.isfile(path):
        return "not written"
    data = open(path, "rb").read()
    if len(data) < min_bytes:
        return f"{len(data)} bytes < {min_bytes}"
    if path.endswith(".png"):
        if not data.startswith(PNG_SIGNATURE) or b"IHDR" not in data[:32] or not data.rstrip().endswith(b"IEND\xaeB`\x82"):
            return "not a complete PNG"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        if width < 300 or height < 200:
            return f"{width} x {height} pixels"
    elif not (data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]):
        return "not a complete PDF"
    return None


def check_plot(check, name, argv, outputs, min_bytes=(20000, 8000), expect_stdout=None):
    code, out, err = run_cli(argv + sum((["--out", o] for o in outputs), []))
    problems = [f"exit {code}: {err.strip()}"] if code != 0 else []
    for output in outputs:
        problem = image_problem(output, min_bytes[0] if output.endswith(".png") else min_bytes[1])
        if problem:
            problems.append(f"{os.path.basename(output)} {problem}")
    if expect_stdout and expect_stdout not in out:
        problems.append(f"stdout lacks '{expect_stdout}': {out.strip()}")
    check(name, not problems, "; ".join(problems))


def check_error(check, name, argv, text):
    code, out, err = run_cli(argv)
    lines = err.strip().splitlines()
    check(f"error: {name}", code == 2 and len(lines) == 1 and text in err, f"exit {code}, stderr {err.strip()!r}")


def test_excluded_bits(check):
    """A term on bit 60 of excluded_by: exact in uint64; not_applicable masks it; without the bit masks the
    chi2 >= chi2_at_limit rule holds."""
    names = [f"t{k}" for k in range(61)]
    bits = np.zeros((3, 1, 4, 1, 1), dtype=np.uint64)
    bits[1, 0, 2] = np.uint64(1) << np.uint64(60)
    bits[2, 0, 3] = (np.uint64(1) << np.uint64(60)) | np.uint64(1)
    masks = np.array([1 << k for k in range(61)], dtype=np.uint64)
    dims = ("m_V", "m_chi", "epsilon", "alpha_D", "g_X")
    flags = {"flag_masks": masks, "flag_meanings": " ".join(names)}
    chi2 = np.zeros(bits.shape)
    chi2[0, 0, 1] = 5.0
    ds = xr.Dataset({"excluded_by": (dims, bits, flags), "status": (dims, np.zeros(bits.shape, np.uint32)),
                     "chi2_t60": (dims, chi2)},
                    coords={"m_V": [0.1, 0.2, 0.3], "m_chi": [0.05], "epsilon": [1e-5, 1e-4, 1e-3, 1e-2],
                            "alpha_D": [0.5], "g_X": [0.0]})
    plane = make_plane(ds, "m_V", "epsilon", {})
    term = Term("t60", "toy", "", "visible", "hard", 0.9, 2.706)
    mask = excluded(ds, plane, term)
    check("excluded_by bit 60 read exactly", mask.shape == (4, 3) and mask[2, 1] and mask[3, 2] and mask.sum() == 2,
          str(mask))
    na = np.zeros(bits.shape, dtype=np.uint64)
    na[2, 0, 3] = np.uint64(1) << np.uint64(60)
    masked = excluded(ds.assign(not_applicable=(dims, na, flags)), plane, term)
    check("not_applicable removes the point", masked.sum() == 1 and masked[2, 1], str(masked))
    by_chi2 = excluded(ds.drop_vars("excluded_by"), plane, term)
    check("without excluded_by: chi2 >= chi2_at_limit", by_chi2.sum() == 1 and by_chi2[1, 0], str(by_chi2))


def test_synthetic(check, work):
    files = {}
    for plane in ("dark-photon", "light-dm", "baryonic"):
        files[plane] = os.path.join(work, f"{plane}.h5")
        synthetic_scan.write_plane_file(files[plane], plane)
    out = lambda name, pdf=False: [os.path.join(work, f"{name}.{e}") for e in ("png", "pdf")[:1 + pdf]]  # noqa: E731
    check_plot(check, "dark-photon from a synthetic file (4 terms, relic line, g-2 band)",
               ["dark-photon", files["dark-photon"], "--select", "mchi_over_mV=0.3333"], out("dark_photon", True),
               expect_stdout="4 of 4 constraint terms")
    check_plot(check, "light-dm: dm_beam, invisible, direct_detection, cosmology only; alpha_D = 0.5 by default",
               ["light-dm", files["light-dm"]], out("light_dm"), expect_stdout="4 of 4 constraint terms")
    check_plot(check, "baryonic: Z -> gamma X, K -> pi X, B -> K X, anomalon",
               ["baryonic", files["baryonic"]], out("baryonic"), expect_stdout="4 of 4 constraint terms")
    overlays = []
    for kind in ("complex_scalar", "majorana", "pseudo_dirac"):
        overlays.append(os.path.join(work, f"light_dm_{kind}.h5"))
        synthetic_scan.write_plane_file(overlays[-1], "light-dm")
        with h5py.File(overlays[-1], "a") as f:
            f.attrs["dm_type"] = kind
            f.attrs["dm_splitting_over_mchi"] = "0.1" if kind == "pseudo_dirac" else "0"
    check_plot(check, "light-dm with the relic lines of other dm_type scans overlaid (--relic-of)",
               ["light-dm", overlays[0], "--relic-of", *overlays[1:]], out("light_dm_spins"),
               expect_stdout="4 of 4 constraint terms")
    check_plot(check, "light-dm drawn from chi2 >= chi2_at_limit without excluded_by",
               ["light-dm", _without_bits(work, files["light-dm"]), "--groups", "cosmology,dm_beam"],
               out("light_dm_chi2"), expect_stdout="2 of 2 constraint terms")
    check_plot(check, "map of a profile group", ["map", files["dark-photon"], "chi2_total", "--group",
                                                 "profile_m_V_epsilon"], out("profile_map", True))
    check_plot(check, "map profiled by min over the other axes, with the relic line",
               ["map", files["dark-photon"], "chi2_total", "--x", "mV", "--y", "epsilon", "--profile", "min",
                "--relic-line"], out("min_map"))
    check_plot(check, "map sliced, linear colour scale", ["map", files["baryonic"], "omega_h2", "--x", "m_V", "--y",
                                                          "g_X", "--scale", "linear"], out("slice_map"))
    check_error(check, "several values of an axis without --select", ["dark-photon", files["dark-photon"]],
                "--select m_chi_over_m_V=VALUE")
    check_error(check, "unknown term", ["baryonic", files["baryonic"], "--terms", "lhcb_prompt"], "chi2_lhcb_prompt")
    check_error(check, "unknown dataset", ["map", files["baryonic"], "no_such", "--y", "g_X"], "no_such")
    check_error(check, "output format", ["baryonic", files["baryonic"], "--out", os.path.join(work, "x.jpg")],
                ".png or .pdf")
    check_error(check, "bad --select", ["baryonic", files["baryonic"], "--select", "alpha_D"], "AXIS=VALUE")
    incomplete = os.path.join(work, "incomplete.h5")
    synthetic_scan.write_plane_file(incomplete, "baryonic", complete=0)
    check_error(check, "incomplete file refused", ["baryonic", incomplete, "--out", os.path.join(work, "i.png")],
                "--allow-incomplete")
    check_plot(check, "incomplete file with --allow-incomplete", ["baryonic", incomplete, "--allow-incomplete"],
               [os.path.join(work, "incomplete.png")])
    check_error(check, "incomplete file refused by map", ["map", incomplete, "omega_h2", "--y", "g_X"], "incomplete")


def _without_bits(work, path):
    """A copy of `path` without excluded_by and not_applicable."""
    copy = os.path.join(work, "no_bits.h5")
    synthetic_scan.write_plane_file(copy, "light-dm", with_excluded_by=False)
    return copy


def real_scan(check, darkscan, work, name, config_text):
    """Runs darkscan scan on `config_text`; the output path, or None (a failed check) if the scan failed."""
    config = os.path.join(work, f"{name}.ini")
    with open(config, "w") as f:
        f.write(config_text)
    scan = os.path.join(work, f"{name}.h5")
    result = subprocess.run([darkscan, "scan", config, "--out", scan, "--progress", "never"], capture_output=True,
                            text=True)
    return scan if check(f"real scan {name}", result.returncode == 0, result.stderr) else None


def test_real_scans(check, work, darkscan):
    scan = real_scan(check, darkscan, work, "small", "mV = log:0.003:3:12\nmchi_over_mV = list:0.3333333333333333,0.6\n"
                     "epsilon = log:1e-7:1e-2:10\nalphaD = 0.5\nphysics = relic\n")
    if scan is None:
        return
    out = lambda name, pdf=False: [os.path.join(work, f"{name}.{e}") for e in ("png", "pdf")[:1 + pdf]]  # noqa: E731
    check_plot(check, "dark-photon from a real scan (no constraint datasets yet: relic line only)",
               ["dark-photon", scan, "--select", "m_chi_over_m_V=0.3333", "--background", "omega_h2"],
               out("real_dark_photon"), expect_stdout="0 of 0")
    check_plot(check, "map of a real scan with its relic line", ["map", scan, "omega_h2", "--select",
                                                                 "m_chi_over_m_V=0.6", "--relic-line"], out("real_map"))
    check_plot(check, "branching ratios of a real scan", ["branching-ratios", scan, "--select", "mchi_over_mV=0.6",
                                                          "epsilon=1e-3"], out("real_br"))
    check_plot(check, "light-dm from a real (m_V, epsilon) scan: Y computed, relic contour",
               ["light-dm", scan], [os.path.join(work, "real_light_dm.png")])

    plane_file = real_scan(check, darkscan, work, "sommerfeld", "mV = log:1e-3:1:8\nmchi = log:1:100:6\n"
                           "epsilon = 1e-6\nalphaD = 0.1\nphysics = sommerfeld,bound_states,sidm\n")
    if plane_file is None:
        return
    check_plot(check, "map of S_s with the 1s bound-state contour",
               ["map", plane_file, "sommerfeld_s_recombination", "--y", "m_chi", "--contour", "bound_1s_exists=0.5"],
               out("real_sommerfeld_map"))
    check_plot(check, "sommerfeld curves through darkscan point, scan values marked",
               ["sommerfeld", "--mV", "0.01", "--mchi", "10", "--alphaD", "0.1", "--points", "6", "--darkscan",
                darkscan, "--file", plane_file], out("real_sommerfeld_curves", True))
    check_error(check, "sommerfeld without a darkscan binary",
                ["sommerfeld", "--mV", "0.01", "--mchi", "10", "--alphaD", "0.1", "--darkscan",
                 os.path.join(work, "nothing")], "--darkscan PATH")


def main():
    darkscan = sys.argv[1]
    check = Checks()
    with tempfile.TemporaryDirectory(prefix="darkscan_plot_") as work:
        test_excluded_bits(check)
        test_synthetic(check, work)
        test_real_scans(check, work, darkscan)
    print(f"{check.passed} passed, {check.failed} failed")
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())
