#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compares darkscan's relic density with hazma's (PyPI `hazma` 2.x, class
hazma.vector_mediator.KineticMixing with hazma.relic_density.relic_density) on the same points of the dark
photon model, Dirac chi, alpha_D = 0.5, m_chi = 1-250 MeV (hazma's range), at m_V = 3 m_chi (invisible V),
m_V = m_chi/0.6 (visible V) and m_V = m_chi/2 (secluded, chi chibar -> V V), over an epsilon grid around the relic
line. darkscan runs once as one `darkscan scan` of the whole grid (physics = relic, one thread), read back with
h5py; hazma runs point by point. Writes a Markdown report: agreement (ratio of Omega h^2 per point, median and
range), points/s of both, and the systematic differences taken apart one at a time.

    compare_hazma.py [--darkscan build/omp/host/darkscan] [--out bench/results/<host>-hazma.md] [--quick]

Needs hazma, h5py, numpy and scipy, which this script does not install; scripts/bench_compare.sh makes the
virtual environment (python3 -m venv build/hazma-venv && build/hazma-venv/bin/pip install hazma h5py) and runs
it. Not part of the test suite: the package may be unreachable offline.

Conventions matched (hazma in MeV, darkscan in GeV):
  gvxx = g_D = sqrt(4 pi alpha_D); eps is the kinetic mixing (hazma's couplings -Q_f e eps, alpha = 1/137.04).
  hazma solves for one species of g = 2 with the full <sigma v> (relic_density/_diffeq.py: weq(..., g=2.0)), i.e.
  Omega of chi alone; darkscan's Omega counts chi + chibar (g_chi = 4, <sigma v>/2: the same equation for twice
  the yield). Every hazma Omega below is doubled.

The systematic differences are taken apart on the points near the relic line (Omega h^2 within 4x of 0.12; one
point per (m_chi, case) where there is none): r_k = darkscan / hazma after k changes on hazma's side (STEPS
below: numerical solve, converged thermal average, solve to x = 1e6, s-dependent V width, s_0 of the g_* table,
VMD pion form factor), with darkscan on hazma's g_* table (Drees-Hajkarim-Schmitz 2015, the same smdof.dat).
The changed hazma runs hazma's own relic_density on a model object whose thermal_cross_section is a converged
average of hazma's own sigma(s) (channels of KineticMixing.annihilation_cross_section_funcs).
"""
import argparse
import json
import math
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

try:
    import h5py
    import numpy as np
    from scipy import integrate, interpolate, special
    from hazma.parameters import charged_pion_mass, muon_mass, neutral_pion_mass, rho_crit
    from hazma.parameters import sm_entropy_density_today
    from hazma.relic_density import relic_density
    from hazma.relic_density._thermal_functions import sm_dof_entropy
    from hazma.vector_mediator import KineticMixing, KineticMixingGeV
except ImportError as error:
    sys.exit(f"compare_hazma.py: {error.name} is missing; run scripts/bench_compare.sh, or make a virtual "
             "environment: python3 -m venv build/hazma-venv && build/hazma-venv/bin/pip install hazma h5py")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from darkscan_run import REPO, cpu_model, git_commit, timed_scan, write_report  # noqa: E402
from report import fmt  # noqa: E402  (number formatting of the benchmark reports)

ALPHA_D = 0.5
CASES = {  # m_V / m_chi
    "invisible": 3.0,
    "visible": 1.0 / 0.6,
    "secluded": 0.5,
}
OMEGA_RELIC = 0.12
NEAR_RELIC = 4.0  # the variants run where Omega h^2 is within this factor of 0.12
X_END = 1e6  # end of the reference Boltzmann solve (hazma's: x_0 e^7 = 1 097)

# Present-day constants of physics.md 1 (PDG): T_0 [GeV], hbar c [GeV cm], rho_c/h^2 [GeV cm^-3].
T0_GEV = 2.7255 * 8.617333262e-14
HBARC_GEV_CM = 1.97327e-14
RHO_C_GEV_CM3 = 1.05368e-5
MEV_M2_TO_CM3_PER_S = (HBARC_GEV_CM * 1e3) ** 2 * 2.99792458e10  # sigma v: MeV^-2 -> cm^3/s


def grid(quick):
    """Axes of the comparison scan: m_chi [GeV], the m_V/m_chi list and epsilon."""
    if quick:
        return np.geomspace(0.003, 0.15, 3), np.geomspace(2e-6, 1e-4, 4)
    return np.geomspace(1e-3, 0.25, 8), np.geomspace(5e-7, 4e-4, 20)


def axis_list(values):
    return "list:" + ",".join(repr(float(v)) for v in values)


def run_darkscan(darkscan, workdir, masses, epsilons, eos, threads):
    """One `darkscan scan` of the grid (physics = relic, no constraints); returns its arrays, flattened in the
    order (case, m_chi, epsilon), the process wall time and darkscan's own run time [s]."""
    out = workdir / f"darkscan-{eos}.h5"
    wall, inner, _ = timed_scan(darkscan, workdir / f"compare-{eos}.ini", {
        "mV_over_mchi": axis_list(sorted(CASES.values())), "mchi": axis_list(masses),
        "epsilon": axis_list(epsilons), "alphaD": ALPHA_D, "gX": 0, "physics": "relic", "constraints": "none",
        "relic-sommerfeld": "off",  # hazma's rate is tree level
        "relic-line-axis": "none", "eos": eos, "threads": threads, "progress": "never", "overwrite": "true",
        "out": out})
    with h5py.File(out, "r") as f:
        ratio = f["m_V_over_m_chi"][:]
        data = {name: f[name][...][:, :, :, 0, 0] for name in ("omega_h2", "status", "m_V", "x_f", "sigmav_xf_cm3_s")}
        data["m_chi"] = np.broadcast_to(f["m_chi"][:][None, :, None], data["m_V"].shape)
        data["epsilon"] = np.broadcast_to(f["epsilon"][:][None, None, :], data["m_V"].shape)
        data["ratio"] = np.broadcast_to(ratio[:, None, None], data["m_V"].shape)
    flat = {k: np.ascontiguousarray(v).reshape(-1) for k, v in data.items()}
    return flat, wall, inner


def hazma_model(m_chi_GeV, m_V_GeV, eps):
    return KineticMixing(mx=1e3 * m_chi_GeV, mv=1e3 * m_V_GeV, gvxx=math.sqrt(4.0 * math.pi * ALPHA_D), eps=eps)


def timed(function, *args, **kwargs):
    """(value or None, seconds, error text or None)."""
    started = time.perf_counter()
    try:
        value = float(function(*args, **kwargs))
        return value, time.perf_counter() - started, None
    except Exception as error:  # hazma's root finder and kernels raise ValueError/TypeError on some points
        return None, time.perf_counter() - started, f"{type(error).__name__}: {error}"


class PionFormFactor:
    """|F_pi(sqrt s)|^2 of hazma's KineticMixingGeV: its V -> pi+ pi- width over the point-like chiral width of
    KineticMixing, for a V of mass M, on a grid in M (the ratio does not depend on the couplings)."""

    def __init__(self):
        g = math.sqrt(4.0 * math.pi * ALPHA_D)
        self.M = 2.0 * charged_pion_mass + np.geomspace(1e-3, 2500.0, 800)
        vmd = KineticMixingGeV(mx=1e5, mv=300.0, gvxx=g, eps=1e-3)
        chiral = KineticMixing(mx=1e5, mv=300.0, gvxx=g, eps=1e-3)
        ratio = []
        for M in self.M:
            vmd.mv = M
            chiral.mv = M
            ratio.append(vmd.width_v_to_pi_pi() / chiral.width_v_to_pipi())
        self.ratio = np.array(ratio)

    def __call__(self, sqrt_s):
        return np.where(sqrt_s > 2.0 * charged_pion_mass, np.interp(sqrt_s, self.M, self.ratio), 1.0)


class ThermalAverage:
    """Converged Gondolo-Gelmini average of a cross section sigma(z) tabulated on nodes z = sqrt(s)/m_chi:
    <sigma v>(x) = x / (2 K_2(x))^2 Int_2^150 dz sigma z^2 (z^2 - 4) K_1(x z)  (hazma's integrand and range),
    with exponentially scaled Bessel functions. The range is cut at every threshold z_k of the point's channels
    (mu mu, pi pi, pi0 gamma, pi0 V, V V), and each piece [z_k, z_k+1] integrated by Simpson's rule in
    ln(z - z_k) from 1e-12 of its length: the sqrt(z - z_k) onset of a channel and the e^{-x (z - 2)} scale of
    large x are then both smooth in the variable."""

    def __init__(self, model, nodes=2001):
        thresholds = [2.0 * muon_mass, 2.0 * charged_pion_mass, neutral_pion_mass, neutral_pion_mass + model.mv,
                      2.0 * model.mv]
        cuts = sorted({2.0, 150.0} | {t / model.mx for t in thresholds if 2.0 < t / model.mx < 150.0})
        self.pieces = []
        for a, b in zip(cuts[:-1], cuts[1:]):
            log_offset = np.linspace(math.log(1e-12 * (b - a)), math.log(b - a), nodes)
            self.pieces.append((a, log_offset))
        self.z = np.concatenate([a + np.exp(u) for a, u in self.pieces])

    def __call__(self, sigma, x):
        x = np.atleast_1d(np.asarray(x, dtype=float))[:, None]
        z = self.z
        weight = special.k1e(x * z) / special.kve(2, x) ** 2 * np.exp(-x * (z - 2.0))
        integrand = sigma * z * z * (z * z - 4.0) * weight
        total, start = 0.0, 0
        for a, u in self.pieces:
            part = integrand[:, start:start + u.size]
            total = total + integrate.simpson(part * np.exp(u), x=u, axis=1)
            start += u.size
        return x[:, 0] / 4.0 * total


class TabulatedModel:
    """What hazma's relic_density needs of a model: mx and thermal_cross_section(x), here a cubic spline of
    ln <sigma v> in ln x through the converged average at 240 x from 1 to 10^6."""

    def __init__(self, mx, average, sigma):
        self.mx = mx
        ln_x = np.linspace(0.0, math.log(X_END), 240)
        self._spline = interpolate.CubicSpline(ln_x, np.log(average(sigma, np.exp(ln_x))))

    def thermal_cross_section(self, x):
        return float(np.exp(self._spline(math.log(x))))


def cross_sections(model, z, form_factor):
    """hazma's sigma(z) [MeV^-2] on the nodes z = sqrt(s)/m_chi: as shipped (constant width), with the running
    width, and with the running width and the VMD pi pi channel."""
    e_cm = model.mx * z
    s = e_cm * e_cm
    channels = {name: np.asarray(f(e_cm), dtype=float) for name, f in model.annihilation_cross_section_funcs().items()}
    s_channel = sum(v for name, v in channels.items() if name != "v v")
    constant = s_channel + channels["v v"]

    scratch = hazma_model(model.mx * 1e-3, model.mv * 1e-3, model.eps)
    width, width_pipi = np.empty_like(e_cm), np.empty_like(e_cm)
    for i, M in enumerate(e_cm):  # hazma's partial widths of a V of mass sqrt(s)
        scratch.mv = M
        width[i] = scratch.width_v
        width_pipi[i] = scratch.width_v_to_pipi()
    off_shell = (s - model.mv ** 2) ** 2

    def propagator_ratio(gamma):  # |constant-width propagator|^2 / |running-width propagator|^2
        return (off_shell + model.mv ** 2 * model.width_v ** 2) / (off_shell + s * gamma ** 2)

    running = s_channel * propagator_ratio(width) + channels["v v"]
    f_pi = form_factor(e_cm)
    vmd_s_channel = s_channel + channels["pi pi"] * (f_pi - 1.0)
    vmd = vmd_s_channel * propagator_ratio(width + width_pipi * (f_pi - 1.0)) + channels["v v"]
    return constant, running, vmd


def interpolated_as_darkscan(average, x, step=0.1, refine_difference=4e-3, refinement=2):
    """<sigma v>(x) as darkscan's relic solve evaluates it between its nodes near freeze-out (freeze_out.hpp,
    TabulatedRate::at, with every node below already averaged): ln <sigma v> at ln x_k = k step, 4-point Lagrange
    through nodes k0 .. k0 + 3, k0 = floor(ln x / step) - 1; through nodes step/refinement apart where a fourth
    difference with the node above (k0 + 4) or below (k0 - 1, when k0 > 0) exceeds refine_difference."""
    def lagrange(y, p):
        return math.exp(-y[0] * (p - 1) * (p - 2) * (p - 3) / 6 + y[1] * p * (p - 2) * (p - 3) / 2
                        - y[2] * p * (p - 1) * (p - 3) / 2 + y[3] * p * (p - 1) * (p - 2) / 6)

    u = math.log(x) / step
    k0 = max(int(math.floor(u)) - 1, 0)
    lowest = k0 - 1 if k0 > 0 else k0
    y = np.log(average(np.exp(step * np.arange(lowest, k0 + 5))))
    weights = np.array([1.0, -4.0, 6.0, -4.0, 1.0])
    difference = abs(float(np.dot(weights, y[-5:])))
    if k0 > 0:
        difference = max(difference, abs(float(np.dot(weights, y[:5]))))
    if difference <= refine_difference:
        return lagrange(y[k0 - lowest:k0 - lowest + 4], u - k0)
    u_fine = u * refinement
    j = max(int(math.floor(u_fine)) - 1, 0)
    return lagrange(np.log(average(np.exp(step / refinement * np.arange(j, j + 4)))), u_fine - j)


def entropy_over_rho_c_per_GeV():
    """(s_0/rho_c of hazma's constants, s_0/rho_c of the g_* table's own h_eff(T_0)), both [GeV^-1]."""
    h_eff = float(sm_dof_entropy(T0_GEV * 1e3))
    s0 = 2.0 * math.pi ** 2 / 45.0 * h_eff * (T0_GEV / HBARC_GEV_CM) ** 3
    return sm_entropy_density_today / rho_crit * 1e3, s0 / RHO_C_GEV_CM3, h_eff


def hadronic_widths(darkscan, masses_GeV, form_factor):
    """Gamma(V -> hadrons)/Gamma(V -> mu mu) at m_V: darkscan (`darkscan point`, V -> chi chibar closed), hazma's
    KineticMixing (point-like pi pi and pi0 gamma) and the same with the VMD pi pi."""
    rows = []
    for M in masses_GeV:
        out = subprocess.run([str(darkscan), "point", "--mV", repr(M), "--mchi", "1", "--eps", "1e-3", "--alphaD",
                              repr(ALPHA_D), "--constraints", "none", "--json"], capture_output=True, text=True,
                             check=True).stdout
        d = json.loads(out)
        widths = hazma_model(1.0, M, 1e-3).partial_widths()
        chiral = (widths["pi pi"] + widths["pi0 g"]) / widths["mu mu"]
        vmd = (widths["pi pi"] * form_factor(np.array(1e3 * M)) + widths["pi0 g"]) / widths["mu mu"]
        rows.append((M, d["br_V_hadrons"] / d["br_V_mumu"], chiral, float(vmd)))
    return rows


def stats(values):
    v = np.asarray([x for x in values if x is not None and np.isfinite(x)])
    if v.size == 0:
        return "-"
    return f"{np.median(v):.4f} [{v.min():.4f}, {v.max():.4f}]"


STEPS = (  # (key, the change on hazma's side); r_k = darkscan / hazma after changes 1..k
    ("r0", "hazma as shipped: semi-analytic freeze-out (x_* and the tail integral to 100 x_*)"),
    ("r1", "numerical Boltzmann solve, `relic_density(semi_analytic=False)`: Radau to x = 1 097, "
           "rtol 1e-5, atol 1e-3 on ln Y"),
    ("r2", "converged thermal average ⟨σv⟩ (the same σ(s), integrand and solve)"),
    ("r3", "the solve continued to x = 10⁶, rtol = atol = 1e-8"),
    ("r4", "s-dependent V width in the propagator, Im Π(s) = √s Γ_V(√s)"),
    ("r5", "s₀ from the g_* table's h_eff(T₀)"),
    ("r6", "π⁺π⁻ with hazma's VMD pion form factor"),
)

EXPLANATIONS = (
    "r1/r0, hazma's semi-analytic freeze-out: x_* from Y - Y_eq = 0.618 Y_eq and a tail integral from x_* "
    "with Y_eq = 0 (arXiv:1204.3622 eq. 13-14), an approximation of some percent against its own numerical solve.",
    "r2/r1, hazma's thermal average: `quad` is called without epsabs, and scipy's default 1.5e-8 is met by the "
    "first pass for integrals of order 1e-15 MeV^-2, so the result is one 21-node Gauss-Kronrod rule per piece "
    "between the break points 2, m_V/m_chi, 2 m_V/m_chi (those outside [2, 150] dropped). Where the integrand "
    "sits in a narrow peak at the start of a long piece (z - 2 ~ 1/x on [2, 150] when m_V < m_chi, the forbidden "
    "V V onset at z = 2 m_V/m_chi) that rule misses it: <sigma v> is 10-10^4 times too small at freeze-out, and "
    "Omega as much too large (the secluded points, the visible ones dominated by the forbidden V V channel). "
    "Hazma's own notes (docs/followups, thermal-cross-section-quadrature-never-converges.md) measure 0.5-5% at "
    "m_V = 3 m_chi; the table above shows the cases where it is far worse.",
    "r3/r2, the end of hazma's numerical solve at x = x_0 e^7 = 1 097: annihilation after it is left out, "
    "which raises Omega by about x_f/1 097 for an s-wave rate (1-4%); darkscan adds the tail x -> infinity.",
    "r4/r3, the width in the s-channel propagator: hazma uses the constant m_V Gamma_V(m_V), which at "
    "m_V = 3 m_chi (Gamma_V/m_V = 0.15, all V -> chi chibar) overstates Im Pi near threshold, where a V of mass "
    "sqrt(s) ~ 2 m_chi has almost no chi chibar width, and lowers <sigma v> at freeze-out by about 8% "
    "(physics.md 3.2; darkscan's test 'propagator width' measures 7.8% at x = 20). Without V -> chi chibar "
    "(visible, secluded) the two prescriptions nearly agree.",
    "r5/r4, the entropy density today: hazma's fixed s_0 = 2891.2 cm^-3 (g_*s = 43/11) against the table's own "
    "h_eff(T_0) = 3.93872, which darkscan takes from the table it solves with (physics.md 3.1): 0.77% on every "
    "point.",
    "r6/r5, hadrons: hazma's KineticMixing has point-like pions (chiral perturbation theory), whose pi+ pi- rate "
    "lacks the rho enhancement |F_pi(s)|^2, 3.4x at sqrt(s) = 0.5 GeV (table below); darkscan's VMD/R-ratio "
    "hadrons agree with hazma's own VMD form factor (KineticMixingGeV) within a few percent. It matters for "
    "m_chi above about 100 MeV.",
    "What r6 leaves, below 1%, is darkscan's: at m_chi = 250 MeV its hadronic rate is 1-3% below hazma's VMD one "
    "(table below), a 0.6% higher Omega with hadrons at a fifth of the rate; at the visible points where the "
    "forbidden V V channel, falling like exp(-2 x (m_V - m_chi)/m_chi), and the s-channel are comparable near "
    "freeze-out, ln <sigma v> bends within less than darkscan's 0.1 node spacing in ln x; its solve takes nodes "
    "twice as dense there (RelicAccuracy::sigma_v_refine_difference), and the reference interpolated the same "
    "way (Lagrange) stays within 0.7% of itself; darkscan's sv is the average at x_f itself. "
    "darkscan's sigma(chi chibar -> V V) itself equals hazma's to 1e-13 (checked by hand from threshold to "
    "z = 6 at m_V/m_chi = 0.5, 0.9, 1/0.6).",
    "SS/DHS, the g_* table: darkscan's default Saikawa-Shirai 2020 against Drees-Hajkarim-Schmitz 2015 (hazma's). "
    "Their h_eff and g_eff differ by 0.9% at T = 1-10 MeV (+0.2% on Omega here) and by up to 8-9% at "
    "T = 0.1-0.2 MeV, during e+e- annihilation, which is where chi of a few MeV freezes out (-2 to -5%).",
)


def hazma_steps(model, form_factor):
    """2 Omega h^2 of hazma after each change r1..r6 (r0 is the shipped value, computed for every point), the
    seconds of the shipped numerical solve, and the reference's objects for the accuracy checks."""
    average = ThermalAverage(model)
    constant, running, vmd = cross_sections(model, average.z, form_factor)
    s0_hazma, s0_table, _ = entropy_over_rho_c_per_GeV()
    tight = {"semi_analytic": False, "xf": X_END, "rtol": 1e-8, "atol": 1e-8}
    omega = {}
    omega["r1"], seconds, _ = timed(relic_density, model, semi_analytic=False)
    omega["r2"], _, _ = timed(relic_density, TabulatedModel(model.mx, average, constant), semi_analytic=False)
    omega["r3"], _, _ = timed(relic_density, TabulatedModel(model.mx, average, constant), **tight)
    omega["r4"], _, _ = timed(relic_density, TabulatedModel(model.mx, average, running), **tight)
    omega["r5"] = omega["r4"] * s0_table / s0_hazma if omega["r4"] else None
    r6, _, _ = timed(relic_density, TabulatedModel(model.mx, average, vmd), **tight)
    omega["r6"] = r6 * s0_table / s0_hazma if r6 else None
    return {k: 2.0 * v if v else None for k, v in omega.items()}, seconds, (average, constant, vmd)


def reference_checks(model, form_factor, average, constant):
    """hazma's shipped <sigma v>(x) against the converged one; the converged one against twice the nodes; the
    reference Omega against tolerances 1e-10."""
    xs = (1.0, 5.0, 20.0, 50.0, 300.0)
    converged = average(constant, xs)
    shipped = [model.thermal_cross_section(x) for x in xs]
    fine = ThermalAverage(model, nodes=4001)
    x = np.array([5.0, 20.0, 100.0, 1e3, 1e5])
    nodes = float(np.max(np.abs(average(constant, x) / fine(cross_sections(model, fine.z, form_factor)[0], x) - 1)))
    base = relic_density(TabulatedModel(model.mx, average, constant), semi_analytic=False, xf=X_END, rtol=1e-8,
                         atol=1e-8)
    tighter = relic_density(TabulatedModel(model.mx, average, constant), semi_analytic=False, xf=X_END, rtol=1e-10,
                            atol=1e-10)
    return [a / b for a, b in zip(shipped, converged)], nodes, abs(tighter / base - 1.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--darkscan", default=str(REPO / "build/omp/host/darkscan"), help="darkscan executable")
    parser.add_argument("--out", help="Markdown report (default bench/results/<host>-hazma.md)")
    parser.add_argument("--threads", type=int, default=1, help="darkscan threads (hazma runs on one)")
    parser.add_argument("--quick", action="store_true", help="a 36-point grid, to try the script")
    args = parser.parse_args()
    darkscan = Path(args.darkscan)
    if not os.access(darkscan, os.X_OK):
        sys.exit(f"compare_hazma.py: --darkscan {darkscan} is not an executable; build it: scripts/build.sh OMP "
                 "build/omp")
    host = socket.gethostname().split(".")[0]
    out = Path(args.out) if args.out else REPO / "bench/results" / f"{host}-hazma.md"
    load_before = os.getloadavg()
    masses, epsilons = grid(args.quick)

    with tempfile.TemporaryDirectory() as tmp:
        ds, ds_wall, ds_inner = run_darkscan(darkscan, Path(tmp), masses, epsilons, "drees_hajkarim_schmitz_2015",
                                             args.threads)
        ss, ss_wall, _ = run_darkscan(darkscan, Path(tmp), masses, epsilons, "saikawa_shirai_2020", args.threads)
        start = run_darkscan(darkscan, Path(tmp), masses[:1], epsilons[:1], "drees_hajkarim_schmitz_2015",
                             args.threads)[1]  # 3 points: darkscan's start
    n = ds["omega_h2"].size
    case_of = {v: k for k, v in CASES.items()}
    case = [case_of[min(CASES.values(), key=lambda r: abs(r - x))] for x in ds["ratio"]]
    print(f"darkscan: {n} points, {ds_wall:.2f} s (DHS), {ss_wall:.2f} s (Saikawa-Shirai)", file=sys.stderr)

    # hazma as shipped, every point.
    shipped, shipped_time, failures = np.full(n, np.nan), 0.0, []
    for i in range(n):
        value, seconds, error = timed(relic_density, hazma_model(ds["m_chi"][i], ds["m_V"][i], ds["epsilon"][i]))
        shipped_time += seconds
        if error:
            failures.append((i, error))
        else:
            shipped[i] = 2.0 * value
    print(f"hazma semi-analytic: {n} points, {shipped_time:.1f} s", file=sys.stderr)

    # The points near the relic line (darkscan's Omega), one per (m_chi, case) where none is.
    near = []
    for c in CASES:
        for m in masses:
            idx = [i for i in range(n) if case[i] == c and ds["m_chi"][i] == m and ds["status"][i] == 0]
            close = [i for i in idx if 1.0 / NEAR_RELIC <= ds["omega_h2"][i] / OMEGA_RELIC <= NEAR_RELIC]
            near += close or [max(idx, key=lambda i: ds["omega_h2"][i])]

    form_factor = PionFormFactor()
    rows, radau_time, checks = [], 0.0, {}
    for k, i in enumerate(near):
        model = hazma_model(ds["m_chi"][i], ds["m_V"][i], ds["epsilon"][i])
        omega, seconds, reference = hazma_steps(model, form_factor)
        omega["r0"] = shipped[i]
        radau_time += seconds
        ratios = {key: ds["omega_h2"][i] / v if v else None for key, v in omega.items()}
        average, constant, vmd = reference
        exact = float(average(vmd, ds["x_f"][i])[0])
        ratios["sv"] = ds["sigmav_xf_cm3_s"][i] / (exact * MEV_M2_TO_CM3_PER_S)
        ratios["lagrange"] = interpolated_as_darkscan(lambda x: average(vmd, x), ds["x_f"][i]) / exact
        ratios["ss"] = ss["omega_h2"][i] / ds["omega_h2"][i]
        rows.append((i, ratios))
        if case[i] not in checks:
            checks[case[i]] = (i, *reference_checks(model, form_factor, average, constant))
        if sys.stderr.isatty():  # progress on a terminal only, quiet in logs
            print(f"\rhazma, steps r1-r6: {k + 1}/{len(near)} points", end="", file=sys.stderr)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    hadrons = hadronic_widths(darkscan, (0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60), form_factor)
    s0_hazma, s0_table, h_eff0 = entropy_over_rho_c_per_GeV()

    # ---- report
    L = []
    commit = git_commit()
    L += [f"# darkscan against hazma: relic density, {host}", "",
          "`bench/compare_hazma.py` (run by `scripts/bench_compare.sh`): hazma's `KineticMixing` model and "
          "`relic_density`, darkscan's `scan`, on the same points. Dark photon, Dirac χ, α_D = 0.5, g_X = 0, "
          "hazma's g_vχχ = √(4π α_D). hazma's Ωh² is that of χ alone (one species of g = 2 with the full ⟨σv⟩); "
          "darkscan's counts χ + χ̄ (g = 4, ⟨σv⟩/2: the same equation for twice the yield), so every hazma Ωh² "
          "here is doubled.", "",
          "| | |", "|---|---|",
          f"| machine | {cpu_model()}, {os.cpu_count()} cores |",
          f"| hazma | {metadata.version('hazma')} (numpy {np.__version__}, scipy {metadata.version('scipy')}), "
          f"Python {platform.python_version()} |",
          f"| darkscan | git {commit}, `physics = relic`, `constraints = none`, {args.threads} thread(s) |",
          f"| date | {datetime.now(timezone.utc).isoformat(timespec='seconds')} |",
          f"| load average | {', '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())} after (the machine is shared) |",
          f"| grid | {len(masses)} m_χ, {fmt(1e3 * masses[0])}–{fmt(1e3 * masses[-1])} MeV × m_V/m_χ = 3 "
          f"(invisible V), 1/0.6 (visible V), 0.5 (secluded, χχ̄ → VV) × {len(epsilons)} ε, {epsilons[0]:.2g}–"
          f"{epsilons[-1]:.2g}: {n} points |", ""]

    good = [i for i in range(n) if ds["status"][i] == 0 and np.isfinite(shipped[i])]
    L += ["## Agreement on every point, hazma as shipped", "",
          "Ratio darkscan / hazma of Ωh² per point, median [min, max]; darkscan with hazma's g_* table "
          "(Drees–Hajkarim–Schmitz 2015, the same `smdof.dat`: DHS) and with its default (Saikawa–Shirai 2020: SS).",
          "", "| case | points | Ωh² (darkscan) | darkscan (DHS) / hazma | darkscan (SS) / hazma | SS / DHS |",
          "|---|---:|---|---|---|---|"]
    for c in CASES:
        idx = [i for i in good if case[i] == c]
        if idx:
            om = ds["omega_h2"][idx]
            L.append(f"| {c} | {len(idx)} | {om.min():.2g} – {om.max():.2g} | "
                     f"{stats(ds['omega_h2'][idx] / shipped[idx])} | {stats(ss['omega_h2'][idx] / shipped[idx])} | "
                     f"{stats(ss['omega_h2'][idx] / ds['omega_h2'][idx])} |")
    L += ["", f"darkscan flagged {int(np.count_nonzero(ds['status']))} point(s); hazma failed on {len(failures)}"
          + (": " + "; ".join(sorted({e for _, e in failures}))[:300] if failures else "") + ".", ""]

    keys = [k for k, _ in STEPS]
    L += ["## The differences, one at a time", "",
          f"On {len(near)} points: Ωh² within {NEAR_RELIC:g}× of 0.12 (darkscan), or, for an (m_χ, case) without "
          "such a point, its largest Ωh². r_k = darkscan (DHS) / hazma after the changes 1 … k on hazma's side:", ""]
    L += [f"- **{k}** {text}" for k, text in STEPS]
    L += ["", "| case | " + " | ".join(keys) + " | sv (below) | Lagrange (below) | SS/DHS |",
          "|---|" + "---|" * (len(keys) + 3)]
    for c in CASES:
        sub = [o for i, o in rows if case[i] == c]
        if sub:
            L.append(f"| {c} | " + " | ".join(stats([o[k] for o in sub]) for k in keys + ["sv", "lagrange", "ss"]) + " |")
    L += ["", "What each change does, median [min, max] of r_k / r_k−1 over the points of a case:", "",
          "| case | " + " | ".join(f"{b}/{a}" for a, b in zip(keys, keys[1:])) + " |", "|---|" + "---|" * (len(keys) - 1)]
    for c in CASES:
        sub = [o for i, o in rows if case[i] == c]
        if sub:
            L.append(f"| {c} | " + " | ".join(stats([o[b] / o[a] if o[a] and o[b] else None for o in sub])
                                             for a, b in zip(keys, keys[1:])) + " |")
    L += ["", "Why:", ""] + [f"- {text}" for text in EXPLANATIONS]
    L += ["", "Per point. sv: darkscan's ⟨σv⟩(x_f) (`sigmav_xf_cm3_s`) over the reference average of r6's σ(s) at the "
          "same x_f; Lagrange: that reference, interpolated between nodes as darkscan's solve does (ln ⟨σv⟩ at "
          "ln x = 0.1 k, 4-point Lagrange; 0.05 k where a fourth difference of the nodes, with the node above or "
          "below, exceeds 4e-3), over itself. SS/DHS: darkscan's Ωh² with its default g_* table over that "
          "with hazma's.", "",
          "| case | m_χ [MeV] | m_V [MeV] | ε | Ωh² darkscan | x_f | " + " | ".join(keys) + " | sv | Lagrange | SS/DHS |",
          "|---|---:|---:|---:|---:|---:|" + "---:|" * (len(keys) + 3)]
    for i, o in rows:
        L.append(f"| {case[i]} | {fmt(1e3 * ds['m_chi'][i])} | {fmt(1e3 * ds['m_V'][i])} | {ds['epsilon'][i]:.3g} | "
                 f"{ds['omega_h2'][i]:.4g} | {ds['x_f'][i]:.1f} | "
                 + " | ".join("-" if o[k] is None or not np.isfinite(o[k]) else f"{o[k]:.4f}"
                              for k in keys + ["sv", "lagrange", "ss"]) + " |")

    L += ["", "### Evidence for the steps", "",
          "Thermal average: hazma's `KineticMixing.thermal_cross_section` (QUADPACK with scipy's default "
          "epsabs = 1.5e-8 against integrals of order 1e-15 MeV⁻², so it returns its first Gauss–Kronrod pass on "
          "the pieces between the break points 2, m_V/m_χ, 2 m_V/m_χ) over the converged average of the same σ(s), "
          "at the first point of each case:", "",
          "| case | m_χ [MeV] | m_V [MeV] | x = 1 | 5 | 20 | 50 | 300 |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for c, (i, ratios, _, _) in checks.items():
        L.append(f"| {c} | {fmt(1e3 * ds['m_chi'][i])} | {fmt(1e3 * ds['m_V'][i])} | "
                 + " | ".join(f"{r:.4g}" for r in ratios) + " |")
    L += ["", "Accuracy of the reference at those points: doubling the Simpson nodes changes ⟨σv⟩ at x = 5, 20, "
          "100, 10³, 10⁵ by at most "
          + ", ".join(f"{v[2]:.1e} ({c})" for c, v in checks.items())
          + "; tolerances 1e-10 in place of 1e-8 change Ωh² by at most "
          + ", ".join(f"{v[3]:.1e} ({c})" for c, v in checks.items()) + ".", "",
          f"Entropy today: hazma's constants (s₀ = 2891.2 cm⁻³, ρ_c = 1.05375e-2 MeV cm⁻³) give s₀/ρ_c = "
          f"{s0_hazma:.5g} GeV⁻¹; the g_* table's h_eff(T₀) = {h_eff0:.5f} with T₀ = 2.7255 K and ρ_c/h² = "
          f"1.05368e-5 GeV cm⁻³ give {s0_table:.5g} GeV⁻¹ (×{s0_table / s0_hazma:.4f}), darkscan's value for this "
          "table.", "",
          "Hadrons: Γ(V → hadrons)/Γ(V → μμ) for a V of mass m_V = √s; both codes factor σ(χχ̄ → V* → X) through "
          "Γ_X(√s), so this is the ratio of the hadronic to the μμ annihilation rate at that √s.", "",
          "| m_V [GeV] | darkscan (VMD below 0.36 GeV, R ratio above) | hazma KineticMixing (point-like π) | "
          "hazma with KineticMixingGeV's π⁺π⁻ form factor |", "|---:|---:|---:|---:|"]
    L += [f"| {M:.2f} | {a:.4f} | {b:.4f} | {c:.4f} |" for M, a, b, c in hadrons]

    per_ds, per_ds_inner, per_ds_beyond = ds_wall / n, ds_inner / n, (ds_wall - start) / (n - 3)
    per_sa, per_radau = shipped_time / n, radau_time / max(len(near), 1)
    L += ["", "## Speed", "",
          f"darkscan: one `darkscan scan` of the {n} points, {args.threads} thread(s), HDF5 written: the process's "
          "wall time, and darkscan's own timer (tables loaded, tiles computed, file written). hazma: one thread, "
          f"point by point; its numerical solve on the {len(near)} points above.", "",
          "| | seconds | points | points/s | hazma / darkscan, per point |", "|---|---:|---:|---:|---:|",
          f"| darkscan scan, process (DHS) | {ds_wall:.3f} | {n} | {fmt(n / ds_wall)} | |",
          f"| darkscan scan, its own timer (DHS) | {ds_inner:.3f} | {n} | {fmt(n / ds_inner)} | |",
          f"| darkscan scan, process (SS) | {ss_wall:.3f} | {n} | {fmt(n / ss_wall)} | |",
          f"| darkscan beyond its start (DHS process less a 3-point scan's, {start:.3f} s) | {ds_wall - start:.3f} | "
          f"{n - 3} | {fmt((n - 3) / (ds_wall - start))} | |",
          f"| hazma, semi-analytic (its default) | {shipped_time:.2f} | {n} | {fmt(1 / per_sa)} | "
          f"{fmt(per_sa / per_ds)} (process), {fmt(per_sa / per_ds_inner)} (own timer), "
          f"{fmt(per_sa / per_ds_beyond)} (beyond start) |",
          f"| hazma, numerical Boltzmann solve | {radau_time:.2f} | {len(near)} | {fmt(1 / per_radau)} | "
          f"{fmt(per_radau / per_ds)} (process), {fmt(per_radau / per_ds_inner)} (own timer), "
          f"{fmt(per_radau / per_ds_beyond)} (beyond start) |", "",
          "darkscan's process time includes its start (the g_* and R-ratio tables, the HDF5 file), spread over "
          "this small grid; its rate at 10³–10⁸ points is in the scaling report (`bench/scaling.py`).", ""]
    write_report(out, L)


if __name__ == "__main__":
    main()
