# SPDX-License-Identifier: MIT
"""The darkscan-plot command line: one subcommand per plot, PNG or PDF output chosen by the file name."""

import argparse
import sys

from . import __version__, maps, planes, sommerfeld
from .figures import check_outputs
from .scanfile import PlotError, open_scan, parse_selection

DESCRIPTION = """Plots from darkscan HDF5 scan files.

  dark-photon FILE       (m_V, epsilon) plane: every constraint's excluded region, relic line, muon g-2 band
  light-dm FILE          (m_chi, Y) plane at m_V = 3 m_chi, alpha_D = 0.5: DM-beam, invisible, direct detection
  baryonic FILE          (m_X, g_X) plane: Z -> gamma X, K -> pi X, B -> K X, anomalon bounds
  map FILE DATASET       heat map of any dataset on any two axes, sliced or profiled, or of a /profile_* group
  branching-ratios FILE  the V branching ratios against m_V
  sommerfeld             S_s, S_p (v) and sigma_T/m (v_rel) at one point, through `darkscan point --json`

Axes take the file's names (m_V, m_chi_over_m_V, epsilon, alpha_D, g_X, ...) or the config keys (mV, alphaD, ...).
Files whose root attribute complete is not 1 are refused unless --allow-incomplete. Exit codes: 0 done, 2 bad input.
"""


def common(parser, default_out, needs_file=True):
    if needs_file:
        parser.add_argument("file", help="darkscan HDF5 scan file")
    parser.add_argument("--out", action="append", metavar="FILE.png|FILE.pdf",
                        help=f"output file, repeatable (default {default_out})")
    parser.add_argument("--select", nargs="+", default=[], metavar="AXIS=VALUE",
                        help="fix an axis at the nearest grid value, e.g. alpha_D=0.5")
    parser.add_argument("--xscale", choices=("auto", "log", "linear"), default="auto")
    parser.add_argument("--yscale", choices=("auto", "log", "linear"), default="auto")
    parser.add_argument("--title", help="replace the title")
    parser.add_argument("--dpi", type=int, default=120, help="PNG resolution (default 120)")
    parser.add_argument("--allow-incomplete", action="store_true", help="plot a file whose scan did not finish")


def build_parser():
    parser = argparse.ArgumentParser(prog="darkscan-plot", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"darkscan-plot {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for kind, text in [("dark-photon", "(m_V, epsilon) exclusion plane"),
                       ("light-dm", "(m_chi, Y) light dark-matter plane"),
                       ("baryonic", "(m_X, g_X) baryonic-vector plane")]:
        sub = commands.add_parser(kind, help=text, description=text)
        common(sub, f"{kind}.png")
        planes.add_arguments(sub, kind)
    sub = commands.add_parser("map", help="heat map of a dataset", description=maps.__doc__)
    common(sub, "map.png")
    maps.add_map_arguments(sub)
    sub = commands.add_parser("branching-ratios", help="V branching ratios against m_V")
    common(sub, "branching_ratios.png")
    sub = commands.add_parser("sommerfeld", help="Sommerfeld factors and sigma_T/m against velocity",
                              description=sommerfeld.__doc__)
    common(sub, "sommerfeld.png", needs_file=False)
    sommerfeld.add_arguments(sub)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    args.out = args.out or [f"{args.command.replace('-', '_')}.png"]
    try:
        check_outputs(args.out)
        args.selection = parse_selection(args.select)
        if args.command in planes.PLANES:
            planes.plot_plane(args, open_scan(args.file, args.allow_incomplete), args.command)
        elif args.command == "map":
            maps.plot_map(args)
        elif args.command == "branching-ratios":
            maps.plot_branching_ratios(args)
        else:
            sommerfeld.plot_sommerfeld(args)
    except PlotError as error:
        print(f"darkscan-plot: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
