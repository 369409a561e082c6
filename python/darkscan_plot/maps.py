# SPDX-License-Identifier: MIT
"""Heat maps of any dataset over any two axes (sliced at chosen values or profiled by min or max over the
rest, or read from a /profile_* group), and the V branching ratios against the mediator mass."""

import numpy as np
from matplotlib.colors import LogNorm

from . import figures
from .scanfile import (AXIS_ALIASES, PlotError, dim_name, fixed_values, grid_dims, label, open_profile, open_scan, physical,
                       physical_grid_dim)


def reduce_to_plane(da, x_dim, y_dim, selection, profile):
    """`da` sliced at `selection` (nearest values) and, with profile 'min' or 'max', reduced over every other
    axis with more than one value; returns a DataArray over (y_dim, x_dim)."""
    sel = {d: v for d, v in selection.items() if d in da.dims and d not in (x_dim, y_dim)}
    da = da.sel(sel, method="nearest") if sel else da
    rest = [d for d in da.dims if d not in (x_dim, y_dim)]
    single = [d for d in rest if da.sizes[d] == 1]
    several = [d for d in rest if da.sizes[d] > 1]
    da = da.squeeze(single, drop=True)
    if several:
        if profile is None:
            raise PlotError(f"{da.name}: axes {', '.join(several)} have several values: give --select AXIS=VALUE "
                            "for each or --profile min|max")
        da = da.min(several, skipna=True) if profile == "min" else da.max(several, skipna=True)
    missing = [d for d in (x_dim, y_dim) if d not in da.dims]
    if missing:
        raise PlotError(f"{da.name} does not depend on {', '.join(missing)}")
    return da.transpose(y_dim, x_dim)


def plot_map(args):
    if args.group:
        ds, a, b = open_profile(args.file, args.group, args.allow_incomplete)
        axes = {a, b}
        x_dim = AXIS_ALIASES.get(args.x, args.x) or a
        y_dim = AXIS_ALIASES.get(args.y, args.y) or b
        if {x_dim, y_dim} != axes:
            raise PlotError(f"group {args.group} is over ({a}, {b}); --x and --y must be those")
        if args.dataset not in ds:
            raise PlotError(f"group {args.group} has no 2-D dataset '{args.dataset}' "
                            f"(it has {', '.join(ds.data_vars)})")
        where = f"{args.group.strip('/')}, profiled over the other axes"
    else:
        ds = open_scan(args.file, args.allow_incomplete)
        if args.dataset not in ds:
            raise PlotError(f"the file has no dataset '{args.dataset}'")
        dims = grid_dims(ds)
        x_dim = dim_name(ds, args.x or dims[0])
        y_dim = dim_name(ds, args.y or dims[2])
        where = ""
    da = reduce_to_plane(ds[args.dataset], x_dim, y_dim, args.selection, args.profile)
    values = np.asarray(da.values, dtype=float)
    fig, ax = figures.figure(6.8, 5.0)
    log_colour = args.scale == "log" or (args.scale == "auto" and figures.log_suits(values))
    if log_colour:
        values = np.where(values > 0, values, np.nan)
    mesh = ax.pcolormesh(ds[x_dim].values, ds[y_dim].values, np.ma.masked_invalid(values), shading="auto",
                         cmap=args.cmap, norm=LogNorm() if log_colour else None)
    prefix = {"min": "min of ", "max": "max of "}.get(args.profile, "")
    fig.colorbar(mesh, ax=ax, label=prefix + label(ds[args.dataset]))

    handles = []
    for item in args.contour or []:
        name, _, level = item.partition("=")
        if name not in ds:
            raise PlotError(f"--contour {item}: the file has no dataset '{name}'")
        try:
            level = float(level)
        except ValueError:
            raise PlotError(f"--contour {item}: expected DATASET=LEVEL") from None
        other = reduce_to_plane(ds[name], x_dim, y_dim, args.selection, args.profile).values
        ax.contour(ds[x_dim].values, ds[y_dim].values, other, levels=[level], colors="cyan", linewidths=1.5)
        handles.append(ax.plot([], [], color="cyan", lw=1.5, label=f"{label(ds[name])} = {level:g}")[0])
    relic = f"relic_line_{y_dim}"
    if args.relic_line and relic in ds:
        curve = reduce_to_plane(ds[relic].expand_dims({y_dim: 1}), x_dim, y_dim, args.selection, args.profile)
        ax.plot(ds[x_dim].values, curve.values[0], color="white", lw=2, label=ds[relic].attrs.get("long_name"))
        handles.append(ax.lines[-1])
    elif args.relic_line:
        raise PlotError(f"--relic-line: the file has no dataset {relic}")
    if handles:
        ax.legend(handles=handles, fontsize=8, loc="lower right")
    figures.set_scale(ax, "x", ds[x_dim].values, args.xscale)
    figures.set_scale(ax, "y", ds[y_dim].values, args.yscale)
    ax.set_xlabel(label(ds[x_dim]))
    ax.set_ylabel(label(ds[y_dim]))
    fixed = ", ".join(f"{d} = {float(ds[d].sel({d: v}, method='nearest')):.4g}"
                      for d, v in args.selection.items() if d in ds.dims and d not in (x_dim, y_dim))
    if args.profile and not where:
        where = f"{args.profile} over the other axes"
    ax.set_title(args.title or "; ".join(t for t in (fixed, where) if t), fontsize=8)
    figures.save(fig, args.out, args.dpi)


def plot_branching_ratios(args):
    ds = open_scan(args.file, args.allow_incomplete)
    mass_dim = physical_grid_dim(ds, "m_V")
    chosen = fixed_values(ds, (mass_dim,), args.selection)

    def along(da):
        sel = {d: v for d, v in chosen.items() if d in da.dims}
        return np.asarray((da.sel(sel, method="nearest") if sel else da).squeeze(drop=True).values, dtype=float)

    names = [n for n in ds.data_vars if n.startswith("br_V_")]
    if not names:
        raise PlotError("the file has no V branching ratios (br_V_*)")
    fig, ax = figures.figure(6.4, 4.2)
    mass = along(physical(ds, "m_V"))
    for name in names:
        ax.plot(mass, along(ds[name]), label=ds[name].attrs.get("long_name", name))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-4, 1.5)
    ax.set_xlabel(label(physical(ds, "m_V"), "m_V"))
    ax.set_ylabel("branching ratio of V")
    title = ", ".join(f"{d} = {float(ds[d].sel({d: v}, method='nearest')):.4g}" for d, v in chosen.items())
    ax.set_title(args.title or title, fontsize=8)
    ax.legend(fontsize=8)
    figures.save(fig, args.out, args.dpi)


def add_map_arguments(parser):
    parser.add_argument("dataset", help="dataset to draw, e.g. omega_h2 (in a profile group: its 2-D dataset)")
    parser.add_argument("--x", help="horizontal axis (default: the first grid axis)")
    parser.add_argument("--y", help="vertical axis (default: the third grid axis, epsilon or Y)")
    parser.add_argument("--profile", choices=("min", "max"),
                        help="reduce every other axis with several values (and no --select) by min or max")
    parser.add_argument("--group", help="read a profile group written by darkscan profile, e.g. profile_m_V_epsilon")
    parser.add_argument("--scale", choices=("auto", "log", "linear"), default="auto", help="colour scale")
    parser.add_argument("--cmap", default="viridis", help="matplotlib colour map")
    parser.add_argument("--contour", nargs="+", metavar="DATASET=LEVEL", help="contour lines of other datasets")
    parser.add_argument("--relic-line", action="store_true", help="draw relic_line_<y axis> over the map")
