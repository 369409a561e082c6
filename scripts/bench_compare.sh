#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Compares darkscan's relic density and speed with hazma's (PyPI) on the same points: builds darkscan (OMP,
# build/omp) if needed, makes the virtual environment build/hazma-venv with hazma and h5py (needs PyPI), and runs
# bench/compare_hazma.py, which writes bench/results/<host>-hazma.md (about 5 minutes on 2 cores).
#   scripts/bench_compare.sh [compare_hazma.py arguments, e.g. --quick or --out FILE]
# Not part of scripts/test.sh: hazma may be unreachable offline.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
venv=$repo/build/hazma-venv
darkscan=$repo/build/omp/host/darkscan
if [ ! -x "$darkscan" ]; then
  echo "== building darkscan in build/omp" >&2
  "$repo/scripts/build.sh" OMP "$repo/build/omp" -DDARKSCAN_BUILD_TESTS=OFF -DDARKSCAN_BUILD_BENCH=OFF >/dev/null
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "== making $venv (hazma, h5py)" >&2
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'hazma>=2,<3' h5py
fi
exec "$venv/bin/python" "$repo/bench/compare_hazma.py" --darkscan "$darkscan" "$@"
