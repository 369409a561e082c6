#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Weak scaling of `darkscan scan` under MPI: the same number of points per rank (one compute thread each) on
1, 2, ... ranks, for both output modes, timed end to end from the launch (mpirun start-up included) and as
reported by darkscan (its summary line). Ideal weak scaling keeps the time constant: efficiency = T(1) / T(R).
Writes JSON for bench/report.py (--scaling). Standard library only.

    weak_scaling.py DARKSCAN MPIRUN --out FILE [--ranks 1,2] [--points-per-rank N]
"""
import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUMMARY = re.compile(r"^darkscan: (\d+) of (\d+) points computed in .*?\(([0-9.e+]+) points/s\)", re.M)


def run(darkscan, mpirun, ranks, points_per_rank, mode, directory):
    """One timed scan: freeze-out (tree-level rate) on a grid of points_per_rank x ranks points (200 per m_V value)."""
    n_mass = max(1, points_per_rank * ranks // 200)
    out = Path(directory) / f"weak_{mode}_{ranks}.h5"
    command = [mpirun, "--allow-run-as-root", "--oversubscribe", "--bind-to", "none", "--mca", "btl", "self,vader",
               "-n", str(ranks), darkscan, "scan", "/dev/null", "--mV", f"log:1e-3:10:{n_mass}",
               "--mchi_over_mV", "list:0.3333333333333333,0.6", "--epsilon", "log:1e-6:1e-2:100", "--alphaD", "0.5",
               "--physics", "relic", "--relic-sommerfeld", "off", "--threads", "1",
               "--tile", str(max(1, points_per_rank // 8)),
               "--mpi-output", mode, "--out", str(out), "--overwrite", "--progress", "never"]
    start = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.monotonic() - start
    match = SUMMARY.search(result.stderr)
    if result.returncode != 0 or not match:
        sys.exit(f"weak_scaling.py: {' '.join(command)} failed:\n{result.stderr}")
    return {"ranks": ranks, "mode": mode, "points": int(match.group(2)), "seconds": seconds,
            "points_per_s": float(match.group(3))}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("darkscan")
    parser.add_argument("mpirun")
    parser.add_argument("--out", required=True)
    parser.add_argument("--ranks", default="1,2")
    parser.add_argument("--points-per-rank", type=int, default=4000)
    args = parser.parse_args()
    try:
        rank_counts = [int(r) for r in args.ranks.split(",")]
    except ValueError:
        sys.exit(f"weak_scaling.py: --ranks '{args.ranks}' is not a comma list of integers")
    if 1 not in rank_counts or min(rank_counts) < 1:
        sys.exit(f"weak_scaling.py: --ranks '{args.ranks}' must include 1 (the efficiency reference), all >= 1")
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        for mode in ("single", "per-rank"):
            for ranks in rank_counts:
                rows.append(run(args.darkscan, args.mpirun, ranks, args.points_per_rank, mode, directory))
                print(f"{mode:9s} {ranks} ranks: {rows[-1]['points']} points in {rows[-1]['seconds']:.2f} s",
                      file=sys.stderr)
    for row in rows:
        one = next(r for r in rows if r["mode"] == row["mode"] and r["ranks"] == 1)
        row["efficiency"] = one["seconds"] / row["seconds"]
    Path(args.out).write_text(json.dumps({"points_per_rank": args.points_per_rank, "runs": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
