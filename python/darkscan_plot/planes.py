# SPDX-License-Identifier: MIT
"""Exclusion plots in the standard planes: every experimental constraint's excluded region shaded and
labelled, the relic line and, in the dark-photon plane, the muon g-2 band. The terms, their labels and groups
come from the file (chi2_<term> attributes, excluded_by bits). --relic-of overlays the relic lines of further scans
of the same plane, e.g. of the other dark-matter types (root attribute dm_type)."""

import sys
from statistics import NormalDist

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.patches import Patch
from matplotlib.lines import Line2D

from . import figures
from .scanfile import (PlotError, constraint_terms, excluded, label, make_plane, open_scan, physical,
                       physical_grid_dim)

# Muon g-2 favoured band: Delta a_mu = a_mu(exp) - a_mu(SM) = (2.79 +- 0.76) x 1e-9, the BNL E821 measurement
# against the 2020 Standard-Model white paper (Aoyama et al., arXiv:2006.04822, eq. (8.15)); drawn at 2 sigma.
# The lattice-QCD hadronic vacuum polarisation has since removed most of the discrepancy: a historical band.
G2_CENTER = 2.79e-9
G2_SIGMA = 0.76e-9

# Constraint groups drawn by default in each plane (None: every group). The relic_density term is never shaded:
# the plane draws the relic line itself.
PLANES = {
    "dark-photon": {"x": "m_V", "y": "epsilon",
                    "groups": ("visible", "displaced", "invisible", "g_minus_2", "electroweak"),
                    "defaults": {}, "g2": True},
    "light-dm": {"x": "m_chi", "y": "Y", "groups": ("dm_beam", "invisible", "direct_detection", "cosmology"),
                 "defaults": {"m_V_over_m_chi": 3.0, "m_chi_over_m_V": 1 / 3, "alpha_D": 0.5}, "g2": False},
    "baryonic": {"x": "m_V", "y": "g_X", "groups": ("baryonic", "electroweak", "bfactory"),
                 "defaults": {"epsilon": 0.0}, "g2": False},
}

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#7f7f7f", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354",
           "#756bb1", "#636363"]


def select_terms(ds, groups, names):
    """The terms to draw: those named (--terms), else those of the groups (None: all)."""
    terms = constraint_terms(ds)
    if names:
        known = {t.name: t for t in terms}
        missing = [n for n in names if n not in known]
        if missing:
            raise PlotError(f"--terms: no dataset chi2_{missing[0]} in the file (terms: "
                            f"{', '.join(known) or 'none'})")
        return [known[n] for n in names]
    return [t for t in terms if (groups is None or t.group in groups) and t.name != "relic_density"]


# Relic-line style per dark-matter type (root attribute dm_type; files without it are Dirac).
RELIC_STYLES = {
    "dirac": {"color": "black", "lw": 2.2, "ls": "-"},
    "complex_scalar": {"color": "#1f4e9c", "lw": 2.2, "ls": "--"},
    "majorana": {"color": "#b2182b", "lw": 2.2, "ls": "-."},
    "pseudo_dirac": {"color": "#1b7837", "lw": 2.2, "ls": ":"},
}


def dark_matter_type(ds):
    """The file's dm_type and, for pseudo_dirac, its splitting, as a label ("" for files without the attribute)."""
    kind = ds.attrs.get("dm_type")
    if kind is None:
        return ""
    kind = str(kind)
    if kind == "pseudo_dirac":
        return f"pseudo-Dirac, Delta = {float(ds.attrs.get('dm_splitting_over_mchi', 'nan')):g} m_chi"
    return kind.replace("_", " ")


def draw_relic(ax, ds, plane, x, y, y_name, handles, style=None, prefix="thermal relic"):
    """The relic line: dataset relic_line_<y axis> where the plotted y is that axis, else the contour
    omega_h2 = 0.12 on the plane; labelled `prefix: Omega h^2 = 0.12`."""
    relic_name = f"relic_line_{plane.y_dim}"
    style = style or {"color": "black", "lw": 2.2}
    if relic_name in ds and plane.y_dim == y_name and plane.x_dim in ds[relic_name].dims:
        line = plane.line(ds[relic_name])
        ax.plot(x[0, :], line, **style)
        text = str(ds[relic_name].attrs.get("long_name", relic_name)).split(" where ")[-1]  # "Omega h^2 = 0.12"
    elif "omega_h2" in ds:
        with np.errstate(divide="ignore", invalid="ignore"):
            log_omega = np.log10(plane.take(ds["omega_h2"]))  # smooth over decades: a straighter contour
        if not (np.nanmin(log_omega, initial=np.inf) < np.log10(0.12) < np.nanmax(log_omega, initial=-np.inf)):
            return
        ax.contour(x, y, log_omega, levels=[np.log10(0.12)], colors=style["color"], linewidths=style["lw"],
                   linestyles=style.get("ls", "-"))
        text = "Omega h^2 = 0.12"
    else:
        return
    handles.append(Line2D([], [], label=f"{prefix}: {text}", **style))


def draw_relic_overlays(ax, args, spec, x_name, y_name, handles):
    """The relic lines of the --relic-of files, each on its own plane with the same selection, styled and
    labelled by its dm_type."""
    for path in args.relic_of or []:
        other = open_scan(path, args.allow_incomplete)
        plane = make_plane(other, physical_grid_dim(other, x_name), physical_grid_dim(other, y_name), args.selection,
                           {k: v for k, v in spec["defaults"].items() if k in other.dims})
        kind = str(other.attrs.get("dm_type", "dirac"))
        draw_relic(ax, other, plane, plane.take(physical(other, x_name)), plane.take(physical(other, y_name)),
                   y_name, handles, RELIC_STYLES.get(kind), f"relic target, {dark_matter_type(other) or 'dirac'}")


def draw_g2(ax, ds, plane, x, y, handles, center, sigma):
    """The muon g-2 favoured band |Delta a_mu - center| <= 2 sigma, hatched."""
    if "delta_a_mu" not in ds:
        return
    delta = plane.take(ds["delta_a_mu"])
    band = (np.abs(delta - center) <= 2 * sigma).astype(float)
    if not band.any():
        return
    ax.contourf(x, y, band, levels=[0.5, 1.5], colors="none", hatches=["////"])
    ax.contour(x, y, band, levels=[0.5], colors="seagreen", linewidths=1.2)
    handles.append(Patch(facecolor="none", edgecolor="seagreen", hatch="////",
                         label=f"muon g-2 favoured, historical 2021 band: Delta a_mu = ({center * 1e9:.2f} +- "
                               f"2 x {sigma * 1e9:.2f})e-9"))


def plot_plane(args, ds, plane_kind):
    """One of the PLANES: builds the plane from the file and the command line, draws and saves it."""
    spec = PLANES[plane_kind]
    x_name, y_name = spec["x"], spec["y"]
    plane = make_plane(ds, physical_grid_dim(ds, x_name), physical_grid_dim(ds, y_name), args.selection,
                       {k: v for k, v in spec["defaults"].items() if k in ds.dims})
    x = plane.take(physical(ds, x_name))
    y = plane.take(physical(ds, y_name))
    fig, ax = figures.figure(9.0, 5.6)
    if args.background:
        if args.background not in ds:
            raise PlotError(f"--background: the file has no dataset '{args.background}'")
        values = plane.take(ds[args.background])
        norm = LogNorm() if figures.log_suits(values) else None
        mesh = ax.pcolormesh(x, y, np.ma.masked_invalid(values), shading="auto", cmap="Greys", norm=norm,
                             alpha=0.6)
        fig.colorbar(mesh, ax=ax, label=label(ds[args.background]), location="bottom", pad=0.12, shrink=0.6)

    handles = []
    terms = select_terms(ds, spec["groups"] if args.groups is None else args.groups.split(","), args.terms)
    drawn = 0
    for index, term in enumerate(terms):
        mask = excluded(ds, plane, term)
        if not mask.any():
            continue
        color = PALETTE[index % len(PALETTE)]
        ax.contourf(x, y, mask.astype(float), levels=[0.5, 1.5], colors=[color], alpha=0.3)
        ax.contour(x, y, mask.astype(float), levels=[0.5], colors=[color], linewidths=1.0)
        row, column = figures.interior_point(mask)
        ax.text(x[row, column], y[row, column], term.short_label, fontsize=7, color=color, ha="center",
                va="center", weight="bold")
        cl = ""
        if np.isfinite(term.cl):  # a 3 or 5 sigma exclusion reads better in sigmas than as 99.9...%
            z = NormalDist().inv_cdf(term.cl)
            cl = f" ({z:.0f} sigma)" if term.cl > 0.99 else f" ({term.cl * 100:.3g}% CL)"
        handles.append(Patch(facecolor=color, edgecolor=color, alpha=0.5, label=f"{term.short_label}{cl}"))
        drawn += 1
    if not terms:
        print(f"darkscan-plot: note: {args.file} has no constraint datasets (chi2_<term>) for this plane; drawing "
              "the relic line and bands only", file=sys.stderr)
    kind = dark_matter_type(ds)
    if args.relic_of:
        draw_relic(ax, ds, plane, x, y, y_name, handles, RELIC_STYLES.get(str(ds.attrs.get("dm_type", "dirac"))),
                   f"relic target, {kind or 'dirac'}")
        draw_relic_overlays(ax, args, spec, x_name, y_name, handles)
    else:
        draw_relic(ax, ds, plane, x, y, y_name, handles)
    if spec["g2"]:
        draw_g2(ax, ds, plane, x, y, handles, args.g2_center, args.g2_sigma)

    figures.set_scale(ax, "x", x, args.xscale)
    figures.set_scale(ax, "y", y, args.yscale)
    ax.set_xlabel(label(physical(ds, x_name), x_name))
    ax.set_ylabel(label(physical(ds, y_name), y_name))
    constraints_of = f", constraints of {kind}" if kind and args.relic_of else ""
    ax.set_title(args.title or f"{plane_kind}: {plane.title()}{constraints_of}", fontsize=9)
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    print(f"darkscan-plot: {plane_kind}: {drawn} of {len(terms)} constraint terms exclude part of the plane")
    figures.save(fig, args.out, args.dpi)


def add_arguments(parser, kind):
    parser.add_argument("--groups", help="comma list of constraint_group values to draw (default: "
                        + (", ".join(PLANES[kind]["groups"]) if PLANES[kind]["groups"] else "every group") + ")")
    parser.add_argument("--terms", nargs="+", metavar="TERM", help="draw exactly these terms (chi2_TERM)")
    parser.add_argument("--background", metavar="DATASET", help="a dataset drawn as a grey map underneath")
    parser.add_argument("--relic-of", nargs="+", metavar="FILE",
                        help="overlay the relic lines of these scans of the same plane (e.g. the other dm_type values), "
                             "styled and labelled by their root attribute dm_type")
    if PLANES[kind]["g2"]:
        parser.add_argument("--g2-center", type=float, default=G2_CENTER, help="Delta a_mu centre (default 2.79e-9)")
        parser.add_argument("--g2-sigma", type=float, default=G2_SIGMA, help="Delta a_mu 1 sigma (default 0.76e-9)")
