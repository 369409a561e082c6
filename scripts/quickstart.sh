#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One command from a fresh Debian machine to a real scan: installs packages, finds the reference data,
# builds darkscan (CUDA if a GPU and nvcc are present, else CPU threads), runs scans/quickstart.ini and
# scans/sommerfeld_plane.ini and draws plots. Output: out/quickstart.h5, out/sommerfeld_plane.h5 and their PNGs.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
scripts/setup_system.sh
backend=OMP
if command -v nvcc >/dev/null && command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1; then
  backend=CUDA
fi
build_dir="build/quickstart-${backend,,}"
scripts/build.sh "$backend" "$build_dir" -DDARKSCAN_BUILD_TESTS=OFF -DDARKSCAN_BUILD_BENCH=OFF >/dev/null
mkdir -p out
"$build_dir/host/darkscan" scan scans/quickstart.ini --out out/quickstart.h5 --overwrite
# Visible V (m_chi = 0.6 m_V closes V -> chi chibar): BRs against m_V, and sigma v over (m_V, epsilon).
/usr/bin/python3 python/plot_scan.py out/quickstart.h5 --out-prefix out/quickstart \
  --select m_chi_over_m_V=0.6 epsilon=1e-3 alpha_D=0.5
# The Sommerfeld / SIDM plane (m_V, m_chi): Sommerfeld factors, bound states, sigma_T/m.
"$build_dir/host/darkscan" scan scans/sommerfeld_plane.ini --out out/sommerfeld_plane.h5 --overwrite
/usr/bin/python3 python/plot_sommerfeld_plane.py out/sommerfeld_plane.h5 --out-prefix out/sommerfeld_plane
