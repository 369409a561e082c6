# SPDX-License-Identifier: MIT
"""Velocity curves at one parameter point: the Sommerfeld factors S_s, S_p (numerical Yukawa, with the Hulthen
S_s) against the per-particle speed v, and sigma_T/m_chi (attractive chi chibar, repulsive chi chi) against
v_rel = 2 v, each evaluated by `darkscan point --json --v V`. With --file, the scan's own values at its fixed
velocities (nearest grid point) are marked on the curves."""

import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from . import figures
from .scanfile import PlotError, nearest_value, open_scan

C_KM_S = 299792.458


def find_darkscan(option):
    """The darkscan binary: --darkscan, else $DARKSCAN, else `darkscan` on PATH."""
    path = option or os.environ.get("DARKSCAN") or shutil.which("darkscan")
    if not path or not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise PlotError("cannot find the darkscan binary: give --darkscan PATH, set DARKSCAN, or put darkscan on "
                        "PATH" + (f" ({path} is not an executable file)" if path else ""))
    return path


def evaluate(binary, args, v):
    """`darkscan point --json` at speed v; the JSON object."""
    command = [binary, "point", "--mV", repr(args.mV), "--mchi", repr(args.mchi), "--eps", repr(args.eps),
               "--alphaD", repr(args.alphaD), "--gX", repr(args.gX), "--v", repr(v), "--json"]
    if args.data_dir:
        command += ["--data-dir", args.data_dir]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise PlotError(f"{' '.join(command)} failed: {result.stderr.strip() or result.returncode}")
    return json.loads(result.stdout)


def scan_markers(args):
    """(S markers [(v, S_s, name)], sigma markers [(v_rel km/s, sigma, name)], the grid point as text) of the scan
    file at the grid point nearest to the chosen one."""
    ds = open_scan(args.file, args.allow_incomplete)
    point = {"m_V": args.mV, "m_chi": args.mchi, "epsilon": args.eps, "alpha_D": args.alphaD, "g_X": args.gX}
    point["m_chi_over_m_V"] = args.mchi / args.mV
    point["m_V_over_m_chi"] = args.mV / args.mchi
    sel = {d: nearest_value(ds[d].values, point[d]) for d in ds["status"].dims if d in point}
    nearest = ", ".join(f"{d} = {v:.3g}" for d, v in sel.items() if ds.sizes[d] > 1)
    s_marks, sigma_marks = [], []
    for name, var in ds.data_vars.items():
        if name.startswith("sommerfeld_s_") and "v" in var.attrs:
            s_marks.append((float(var.attrs["v"]), float(var.sel(sel, method="nearest")), name))
        if name.startswith("sigmaT_over_m_attr_") and "v_rel" in var.attrs:
            sigma_marks.append((float(var.attrs["v_rel"]) * C_KM_S, float(var.sel(sel, method="nearest")), name))
    return s_marks, sigma_marks, nearest


def plot_sommerfeld(args):
    binary = find_darkscan(args.darkscan)
    if not (0 < args.v_min < args.v_max < 1):
        raise PlotError(f"--v-min {args.v_min}, --v-max {args.v_max}: need 0 < v-min < v-max < 1 (units of c)")
    if args.points < 2:
        raise PlotError(f"--points {args.points}: need at least 2")
    speeds = np.geomspace(args.v_min, args.v_max, args.points)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(pool.map(lambda v: evaluate(binary, args, v), speeds))
    keys = ("sommerfeld_s", "sommerfeld_p", "sommerfeld_s_hulthen", "sigmaT_over_m_attr_cm2_g",
            "sigmaT_over_m_rep_cm2_g")
    curve = {k: np.array([r[k] for r in results], dtype=float) for k in keys}
    flagged = np.array([r["status"] != 0 for r in results])

    fig, (left, right) = figures.plt.subplots(1, 2, figsize=(11.0, 4.4))
    left.plot(speeds, curve["sommerfeld_s"], label="S_s (numerical Yukawa)")
    left.plot(speeds, curve["sommerfeld_p"], label="S_p (numerical Yukawa)")
    left.plot(speeds, curve["sommerfeld_s_hulthen"], ls="--", label="S_s (Hulthen approximation)")
    left.set_xlabel("per-particle speed v [c]")
    left.set_ylabel("Sommerfeld factor [1]")
    v_rel = 2 * speeds * C_KM_S
    right.plot(v_rel, curve["sigmaT_over_m_attr_cm2_g"], label="attractive (chi chibar)")
    right.plot(v_rel, curve["sigmaT_over_m_rep_cm2_g"], label="repulsive (chi chi)")
    right.plot(v_rel, 0.5 * (curve["sigmaT_over_m_attr_cm2_g"] + curve["sigmaT_over_m_rep_cm2_g"]), ls="--",
               label="Dirac population (mean)")
    right.set_xlabel("relative velocity v_rel = 2 v [km/s]")
    right.set_ylabel("sigma_T / m_chi [cm2 g-1]")
    if flagged.any():
        left.plot(speeds[flagged], curve["sommerfeld_s"][flagged], "rx", label="status flag set")
    if args.file:
        s_marks, sigma_marks, nearest = scan_markers(args)
        for v, value, name in s_marks:
            left.plot([v], [value], "ko", ms=4)
        for v, value, name in sigma_marks:
            right.plot([v], [value], "ko", ms=4)
        if s_marks or sigma_marks:
            left.plot([], [], "ko", ms=4, label=f"{os.path.basename(args.file)} at its velocities,\nnearest grid "
                                                  f"point {nearest}")
    for ax in (left, right):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.legend(fontsize=7)
    fig.suptitle(args.title or f"m_V = {args.mV:g} GeV, m_chi = {args.mchi:g} GeV, alpha_D = {args.alphaD:g}",
                 fontsize=9)
    fig.tight_layout()
    figures.save(fig, args.out, args.dpi)


def add_arguments(parser):
    parser.add_argument("--mV", type=float, required=True, help="mediator mass m_V [GeV]")
    parser.add_argument("--mchi", type=float, required=True, help="dark-matter mass m_chi [GeV]")
    parser.add_argument("--alphaD", type=float, required=True, help="dark coupling alpha_D")
    parser.add_argument("--eps", type=float, default=1e-6, help="kinetic mixing (does not enter S or sigma_T)")
    parser.add_argument("--gX", type=float, default=0.0, help="baryonic coupling g_X")
    parser.add_argument("--v-min", type=float, default=1e-6, help="smallest per-particle speed [c] (default 1e-6)")
    parser.add_argument("--v-max", type=float, default=0.1, help="largest per-particle speed [c] (default 0.1)")
    parser.add_argument("--points", type=int, default=30, help="speeds, log-spaced (default 30)")
    parser.add_argument("--darkscan", help="darkscan binary (default: $DARKSCAN, else darkscan on PATH)")
    parser.add_argument("--data-dir", help="passed to darkscan point --data-dir")
    parser.add_argument("--file", help="a scan file whose values at its fixed velocities are marked")
