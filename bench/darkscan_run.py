# SPDX-License-Identifier: MIT
"""Helpers of the scripts that time the real `darkscan scan` (scaling.py, compare_hazma.py): one timed scan of a
config written from key = value settings, and the machine and commit lines of their reports. Standard library
only."""
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed_scan(darkscan, config, settings):
    """Writes `settings` ({key: value}) to the INI file `config`, runs `darkscan scan config`, and returns (the
    process's wall time [s], darkscan's own timer [s] from its summary line, the process's CPU time, user +
    system [s]). Exits with darkscan's message if the scan fails."""
    Path(config).write_text("".join(f"{key} = {value}\n" for key, value in settings.items()))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([str(darkscan), "scan", str(config)], capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{Path(sys.argv[0]).name}: darkscan scan failed ({done.returncode}): {done.stderr.strip()}")
    # The summary line: "darkscan: N of M points computed in <duration> (R points/s)...": N/R keeps the rate's
    # three digits where <duration> is rounded (0.1 s) or in minutes.
    summary = re.search(r"darkscan: (\d+) of \d+ points computed in .*? \(([0-9.e+-]+) points/s\)", done.stderr)
    rate = float(summary.group(2)) if summary else 0.0
    inner = int(summary.group(1)) / rate if rate > 0 else float("nan")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, inner, cpu


def cpu_model():
    """The CPU model from /proc/cpuinfo, "?" where there is none."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def git_commit():
    """The repository's commit (12 hex digits), "?" outside a git checkout."""
    done = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or "?"


def write_report(path, lines):
    """Writes the Markdown lines to path (making its folder) and says so on stderr."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))
    print(f"wrote {path}", file=sys.stderr)
