#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""bench/darkscan_run.py: timed_scan reads darkscan's own run time from the summary line the real binary prints
(compare_hazma.py reports it beside the process's wall time). Usage: test_darkscan_run.py DARKSCAN"""
import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import darkscan_run  # noqa: E402


def main():
    darkscan = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        wall, inner, cpu = darkscan_run.timed_scan(darkscan, Path(tmp) / "timer.ini", {
            "mV": "log:0.01:1:3", "mchi": "log:0.01:1:2", "epsilon": "1e-4", "alphaD": "0.1", "gX": "0",
            "physics": "relic", "constraints": "none", "out": str(Path(tmp) / "timer.h5"), "progress": "never"})
    assert math.isfinite(inner) and 0.0 < inner <= wall, (inner, wall)
    assert cpu > 0.0, cpu
    print(f"darkscan_run: own timer {inner:.4f} s, process {wall:.4f} s, CPU {cpu:.4f} s")


if __name__ == "__main__":
    main()
