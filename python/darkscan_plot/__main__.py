# SPDX-License-Identifier: MIT
"""`python3 -m darkscan_plot`: the darkscan-plot command line without installing the package."""

import sys

from .cli import main

sys.exit(main())
