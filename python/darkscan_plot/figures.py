# SPDX-License-Identifier: MIT
"""Figure helpers shared by every plot: the headless backend, saving to PNG or PDF, axis scales and where to
put a label inside a shaded region."""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from .scanfile import PlotError  # noqa: E402

FORMATS = (".png", ".pdf")


def check_outputs(paths):
    """Every output path ends in .png or .pdf and its directory exists."""
    for path in paths:
        if os.path.splitext(path)[1].lower() not in FORMATS:
            raise PlotError(f"--out {path}: the file name must end in .png or .pdf")
        directory = os.path.dirname(path) or "."
        if not os.path.isdir(directory):
            raise PlotError(f"--out {path}: directory {directory} does not exist")


def save(fig, paths, dpi):
    """Writes the figure to every path (format from the extension) and closes it."""
    for path in paths:
        fig.savefig(path, dpi=dpi, bbox_inches="tight")
        print(f"darkscan-plot: wrote {path}")
    plt.close(fig)


def figure(width=7.0, height=5.0):
    return plt.subplots(figsize=(width, height))


def log_suits(values):
    """Whether values (all finite ones) are positive and span more than two decades."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    return finite.size > 0 and finite.min() > 0 and finite.max() / finite.min() > 100


def set_scale(ax, which, values, scale="auto"):
    """Log or linear x or y axis ('auto': log when the coordinates span over two positive decades)."""
    log = scale == "log" or (scale == "auto" and log_suits(values))
    (ax.set_xscale if which == "x" else ax.set_yscale)("log" if log else "linear")


def interior_point(mask):
    """(row, column) deep inside a boolean region: repeated erosion until one more step would empty it."""
    core = np.asarray(mask, dtype=bool)
    while True:
        padded = np.pad(core, 1, constant_values=False)
        eroded = (core & padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:])
        if not eroded.any():
            break
        core = eroded
    rows, columns = np.nonzero(core)
    k = len(rows) // 2
    return rows[k], columns[k]
