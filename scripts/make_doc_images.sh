#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerates the pictures of the README, docs/images/*.png: runs scripts/quickstart.sh (coarse scans, every
# plot) at 72 dpi into a temporary directory and copies its PNGs.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
OUT_DIR="$work" PLOT_DPI=72 "$repo/scripts/quickstart.sh"
mkdir -p "$repo/docs/images"
rm -f "$repo/docs/images/"*.png
cp "$work/"*.png "$repo/docs/images/"
ls -l "$repo/docs/images"
