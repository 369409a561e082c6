#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The plotting package installs with pip (console script darkscan-plot) into a virtual environment that sees the
# system's numpy, matplotlib, h5py and xarray, and runs as `python3 -m darkscan_plot` without installing.
# Usage: test_package.sh PYTHON REPO_ROOT
set -u
python=$1 repo=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/../check.sh"
check "python3 -m darkscan_plot runs from the source tree" \
    bash -c "cd '$repo/python' && '$python' -m darkscan_plot --version | grep -q '^darkscan-plot '"
# A copy of the sources, so that the build leaves nothing in the repository.
cp -r "$repo/python" "$work/src"
rm -rf "$work/src/build" "$work/src/"*.egg-info
# Without its own pip: the system pip (python3-pip) installs into the environment it runs in.
check "virtual environment" "$python" -m venv --without-pip --system-site-packages "$work/venv"
check "pip install ./python" "$work/venv/bin/python" -m pip install --quiet --no-index --no-build-isolation \
    --no-deps "$work/src"
check "console script darkscan-plot" bash -c "'$work/venv/bin/darkscan-plot' --help | grep -q 'dark-photon FILE'"
check "the installed package is the one imported" bash -c "cd '$work' && '$work/venv/bin/python' -c '
import darkscan_plot, sys
assert darkscan_plot.__file__.startswith(sys.prefix), darkscan_plot.__file__'"
finish
