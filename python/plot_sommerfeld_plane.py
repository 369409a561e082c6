#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Maps of the Sommerfeld / SIDM plane from a darkscan HDF5 file (xarray, h5netcdf engine): over (m_V, m_chi) at
one alpha_D, log10 S_s at recombination with the 1s bound-state boundary (contour of bound_1s_exists), and
log10 sigma_T/m_chi of the Dirac population at the dwarf velocity.

Usage: plot_sommerfeld_plane.py FILE [--out-prefix PREFIX] [--alpha-D VALUE] [--allow-incomplete]
"""
import argparse

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import darkscan_file  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--out-prefix", default="sommerfeld_plane")
    parser.add_argument("--alpha-D", type=float, default=None, help="nearest grid value (default: the largest)")
    darkscan_file.add_allow_incomplete_argument(parser)
    args = parser.parse_args()

    ds = darkscan_file.open_dataset(args.file, args.allow_incomplete, "plot_sommerfeld_plane")
    alpha = args.alpha_D if args.alpha_D is not None else float(ds["alpha_D"].values[-1])
    plane = {"alpha_D": alpha, "epsilon": ds["epsilon"].values[0], "g_X": ds["g_X"].values[0]}
    panels = [("sommerfeld_s_recombination", "sommerfeld_s"), ("sigmaT_over_m_dwarf_cm2_g", "sigma_T")]
    for name, suffix in panels:
        da = ds[name].sel(plane, method="nearest").transpose("m_chi", "m_V")
        fig, ax = plt.subplots(figsize=(6.4, 4.8))
        mesh = ax.pcolormesh(ds["m_V"], ds["m_chi"], np.log10(da), shading="auto", cmap="magma")
        fig.colorbar(mesh, ax=ax, label=f"log10 {da.attrs['long_name']} [{da.attrs['units']}]")
        bound = ds["bound_1s_exists"].sel(plane, method="nearest").transpose("m_chi", "m_V")
        ax.contour(ds["m_V"], ds["m_chi"], bound, levels=[0.5], colors="cyan", linewidths=1.5)
        ax.plot([], [], color="cyan", label="1s dark onium bound (alpha_D m_chi > 1.68 m_V) above")
        ax.legend(fontsize=8, loc="lower right")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("m_V [GeV]")
        ax.set_ylabel("m_chi [GeV]")
        ax.set_title(f"alpha_D = {float(ds['alpha_D'].sel(alpha_D=alpha, method='nearest')):.3g}", fontsize=9)
        fig.tight_layout()
        fig.savefig(f"{args.out_prefix}_{suffix}.png", dpi=120)
        plt.close(fig)
    print(f"wrote {args.out_prefix}_sommerfeld_s.png, {args.out_prefix}_sigma_T.png")


if __name__ == "__main__":
    main()
