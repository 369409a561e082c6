#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Configures and builds darkscan: build.sh BACKEND BUILD_DIR [extra CMake arguments].
# BACKEND is OMP (CPU threads), CPP (serial) or CUDA. The data directory comes from scripts/setup_data.sh.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
backend=${1:?usage: build.sh OMP|CPP|CUDA BUILD_DIR [cmake args]}
build_dir=${2:?usage: build.sh OMP|CPP|CUDA BUILD_DIR [cmake args]}
shift 2
data_dir=$("$repo/scripts/setup_data.sh" | tail -n 1)
cmake -S "$repo" -B "$build_dir" -DDARKSCAN_BACKEND="$backend" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" \
  -DDARKSCAN_DATA_DIR="$data_dir" "$@"
cmake --build "$build_dir" --parallel "$(nproc)"
