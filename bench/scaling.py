#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""End-to-end scaling of darkscan on CPU: points/s of the real `darkscan scan` (config parsing, tables, tiles,
HDF5 output with compression, relic line) against grid size, 10^3 to 10^8 points, and against thread count
(1, 2), for a cheap physics set (`physics =`: the V decays and the v -> 0 cross sections only) and for the relic
set (`physics = relic`, up to 10^5 points by default: about 3 000 points/s per thread; the tree-level rate,
`relic-sommerfeld = off`, as in earlier reports: bm_relic_sommerfeld times the Sommerfeld factor). Writes a Markdown
table.
Standard library only.

    scaling.py [--darkscan build/omp/host/darkscan] [--out bench/results/<host>-scaling.md]
               [--max-points 1e8] [--relic-max-points 1e5] [--threads 1,2] [--repeat 3]

Every grid spans the same ranges (m_V 10 MeV-5 GeV, m_chi 1 MeV-1 GeV, epsilon 1e-6-1e-2, alpha_D = 0.5), only
denser, so the mix of regimes is the same at every size. A grid whose run takes under 10 s runs --repeat times
(the median is kept); the output file of each run goes to a temporary directory and is deleted after it (10^8 points of the
cheap set: about 2 GB). The machine may be shared: the report records the load average before each run.
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from darkscan_run import REPO, cpu_model, git_commit, timed_scan, write_report  # noqa: E402
from report import fmt, kernel_flags  # noqa: E402  (the benchmark report's number format and flags)

PHYSICS = {"V decays": "", "relic": "relic"}
# Points per axis (m_V, m_chi, epsilon) for 10^k points.
AXES = {3: (10, 10, 10), 4: (10, 10, 100), 5: (10, 100, 100), 6: (100, 100, 100), 7: (100, 100, 1000),
        8: (100, 1000, 1000)}
REPEAT_BELOW_S = 10.0  # runs shorter than this are repeated (--repeat) and the median kept


def run(darkscan, workdir, physics, exponent, threads):
    """One scan; returns (process wall [s], its CPU time [s], output size [bytes], 1-minute load before)."""
    n_mV, n_mchi, n_eps = AXES[exponent]
    out = workdir / "scaling.h5"
    load = os.getloadavg()[0]
    wall, _, cpu = timed_scan(darkscan, workdir / "scaling.ini", {
        "mV": f"log:0.01:5:{n_mV}", "mchi": f"log:0.001:1:{n_mchi}", "epsilon": f"log:1e-6:1e-2:{n_eps}",
        "alphaD": 0.5, "gX": 0, "physics": physics, "relic-sommerfeld": "off", "threads": threads, "progress": "never",
        "overwrite": "true",
        "out": out})
    size = out.stat().st_size
    out.unlink()
    return wall, cpu, size, load


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--darkscan", default=str(REPO / "build/omp/host/darkscan"), help="darkscan executable")
    parser.add_argument("--out", help="Markdown report (default bench/results/<host>-scaling.md)")
    parser.add_argument("--max-points", type=float, default=1e8, help="largest grid of the cheap set (10^3-10^8)")
    parser.add_argument("--relic-max-points", type=float, default=1e5, help="largest grid of the relic set")
    parser.add_argument("--threads", default="1,2", help="comma list of thread counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each grid under 10 s (median kept)")
    args = parser.parse_args()
    darkscan = Path(args.darkscan)
    if not os.access(darkscan, os.X_OK):
        sys.exit(f"scaling.py: --darkscan {darkscan} is not an executable; build it: scripts/build.sh OMP build/omp")
    try:
        threads = [int(t) for t in args.threads.split(",")]
    except ValueError:
        sys.exit(f"scaling.py: --threads must be a comma list of integers, not '{args.threads}'")
    largest = {"V decays": args.max_points, "relic": args.relic_max_points}
    for name, value in largest.items():
        if not 1e3 <= value <= 1e8:
            sys.exit(f"scaling.py: the largest {name} grid must be 1e3 to 1e8 points, not {value:g}")
    host = socket.gethostname().split(".")[0]
    out = Path(args.out) if args.out else REPO / "bench/results" / f"{host}-scaling.md"

    results = []  # (physics, exponent, threads, wall, cpu, size, load)
    with tempfile.TemporaryDirectory(prefix="darkscan-scaling-") as tmp:
        for name, physics in PHYSICS.items():
            for exponent in sorted(AXES):
                if 10 ** exponent > largest[name] * (1 + 1e-9):
                    continue
                for t in threads:
                    runs = [run(darkscan, Path(tmp), physics, exponent, t)]
                    while len(runs) < args.repeat and runs[0][0] < REPEAT_BELOW_S:
                        runs.append(run(darkscan, Path(tmp), physics, exponent, t))
                    wall = statistics.median(r[0] for r in runs)
                    cpu = statistics.median(r[1] for r in runs)
                    results.append((name, exponent, t, wall, cpu, runs[0][2], runs[0][3]))
                    print(f"{name}, 10^{exponent} points, {t} thread(s): {wall:.2f} s "
                          f"({fmt(10 ** exponent / wall)} points/s)", file=sys.stderr)

    commit = git_commit()
    info = subprocess.run([str(darkscan), "info"], capture_output=True, text=True).stdout
    backend = next((line.split(":", 1)[1].strip() for line in info.splitlines()
                    if line.lower().startswith("backend")), "?")
    flags = kernel_flags(darkscan.parent.parent)
    L = [f"# darkscan end-to-end scaling: {host}", "",
         "`bench/scaling.py`: the real `darkscan scan` (config, tables, tiles, HDF5 with shuffle + deflate, relic "
         "line), timed as a process, against grid size and thread count. Grids: m_V 10 MeV–5 GeV × m_χ 1 MeV–1 GeV × "
         "ε 10⁻⁶–10⁻², log-spaced, α_D = 0.5, the same ranges at every size. `V decays`: `physics =` (widths, "
         "branching ratios, σv at v → 0); `relic`: `physics = relic` (adds the freeze-out solve and the relic line), with "
         "the tree-level rate (`relic-sommerfeld = off`).",
         "", "| | |", "|---|---|",
         f"| machine | {cpu_model()}, {os.cpu_count()} cores |",
         f"| darkscan | git {commit}, backend {backend} |",
         f"| flags (kernels) | {f'`{flags}`' if flags else 'not recorded (no compile_commands.json)'} |",
         f"| date | {datetime.now(timezone.utc).isoformat(timespec='seconds')} |",
         f"| repeats | the median of {args.repeat} runs where one takes under {REPEAT_BELOW_S:g} s, else one run |", "",
         "The machine is shared with other jobs: `load` is the 1-minute load average before the run; with a load "
         "near or above the core count, times are longer than on an idle machine, and 2 threads gain less.", "",
         "| physics | points | threads | wall [s] | CPU [s] | points/s | points per CPU second | 2 threads / 1 | "
         "output [MiB] | load |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    one_thread = {(r[0], r[1]): r[3] for r in results if r[2] == 1}
    for name, exponent, t, wall, cpu, size, load in results:
        speedup = one_thread.get((name, exponent))
        ratio = fmt(speedup / wall) if speedup and t != 1 else ""
        L.append(f"| {name} | 10^{exponent} | {t} | {fmt(wall)} | {fmt(cpu)} | {fmt(10 ** exponent / wall)} | "
                 f"{fmt(10 ** exponent / cpu)} | {ratio} | {fmt(size / 2 ** 20)} | {load:.2f} |")
    L += ["", "points/s: points over the process's wall time, darkscan's start included (config, the g_* and R-ratio "
          "tables, about 0.1 s), which dominates at 10³ points. CPU: the process's user + system time, all its "
          "threads; with the cores to itself a 2-thread run takes about half the wall time of a 1-thread run at "
          "the same CPU time, so a CPU time near the wall time on 2 threads means the run got one core's worth.",
          ""]
    write_report(out, L)


if __name__ == "__main__":
    main()
