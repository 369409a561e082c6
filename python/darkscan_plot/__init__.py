# SPDX-License-Identifier: MIT
"""darkscan-plot: exclusion plots, heat maps and velocity curves from darkscan HDF5 scan files."""

__version__ = "0.1.0"
