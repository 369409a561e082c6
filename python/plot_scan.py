#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Plots from a darkscan HDF5 file, read through xarray (h5netcdf engine) only.

Draws (1) the V branching ratios against the mediator mass, (2) a 2-D map of the chi chibar -> e+e-
annihilation cross section and (3) of the relic abundance Omega h^2 with the relic line (where the file has
one), over the mediator mass and the mixing axis, each at the first value of the remaining axes (or the
values given on the command line).

Usage: plot_scan.py FILE [--out-prefix PREFIX] [--select AXIS=VALUE ...] [--allow-incomplete]
"""
import argparse

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import darkscan_file  # noqa: E402


def label(da):
    units = da.attrs.get("units", "1")
    name = da.attrs.get("long_name", da.name)
    return name if units in ("1", "") else f"{name} [{units}]"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--out-prefix", default="scan")
    parser.add_argument("--select", nargs="*", default=[], help="AXIS=VALUE, nearest grid value")
    darkscan_file.add_allow_incomplete_argument(parser)
    args = parser.parse_args()

    ds = darkscan_file.open_dataset(args.file, args.allow_incomplete, "plot_scan")
    mass_axis, mixing_axis = ds["status"].dims[0], ds["status"].dims[2]
    selection = {dim: ds[dim].values[0] for dim in ds["status"].dims}
    for item in args.select:
        dim, value = item.split("=")
        selection[dim] = float(value)

    # (1) branching ratios against the mediator mass.
    line = {d: v for d, v in selection.items() if d != mass_axis}
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for name, text in [("br_V_ee", "e+e-"), ("br_V_mumu", "mu+mu-"), ("br_V_tautau", "tau+tau-"),
                       ("br_V_hadrons", "hadrons"), ("br_V_invisible", "chi chibar")]:
        da = ds[name].sel(line, method="nearest")
        ax.plot(ds[mass_axis], da, label=text)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-4, 1.5)
    ax.set_xlabel(label(ds[mass_axis]))
    ax.set_ylabel("branching ratio of V")
    ax.set_title(", ".join(f"{d} = {float(ds[d].sel({d: v}, method='nearest')):.3g}" for d, v in line.items()),
                 fontsize=8)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(f"{args.out_prefix}_branching_ratios.png", dpi=120)
    plt.close(fig)

    # (2) sigma v (chi chibar -> e+e-) and (3) Omega h^2 with the relic line over the (mass, mixing) plane.
    plane = {d: v for d, v in selection.items() if d not in (mass_axis, mixing_axis)}
    for name, suffix, cmap in [("sigmav_ee_cm3_s", "sigmav_ee", "viridis"), ("omega_h2", "omega_h2", "cividis")]:
        da = ds[name].sel(plane, method="nearest").transpose(mixing_axis, mass_axis)
        fig, ax = plt.subplots(figsize=(6.4, 4.8))
        with np.errstate(divide="ignore"):
            mesh = ax.pcolormesh(ds[mass_axis], ds[mixing_axis], np.log10(da), shading="auto", cmap=cmap)
        fig.colorbar(mesh, ax=ax, label="log10 " + label(ds[name]))
        relic = f"relic_line_{mixing_axis}"
        if name == "omega_h2" and relic in ds:
            curve = ds[relic].sel(plane, method="nearest")
            ax.plot(ds[mass_axis], curve, color="white", lw=2, label=ds[relic].attrs.get("long_name", relic))
            ax.legend(fontsize=8, loc="lower right")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(label(ds[mass_axis]))
        ax.set_ylabel(label(ds[mixing_axis]))
        ax.set_title(", ".join(f"{d} = {float(ds[d].sel({d: v}, method='nearest')):.3g}" for d, v in plane.items()),
                     fontsize=8)
        fig.tight_layout()
        fig.savefig(f"{args.out_prefix}_{suffix}.png", dpi=120)
        plt.close(fig)
    print(f"wrote {args.out_prefix}_branching_ratios.png, {args.out_prefix}_sigmav_ee.png, "
          f"{args.out_prefix}_omega_h2.png")


if __name__ == "__main__":
    main()
