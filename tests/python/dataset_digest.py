#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Print a SHA-256 digest of every dataset in a darkscan HDF5 file (values only, not attributes).

Two runs of the same configuration must print identical digests whatever the tile size, thread count or
backend build (CPU backends): this is how the tests prove bitwise determinism.
"""
import argparse
import hashlib
import sys
from pathlib import Path

import h5py

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import darkscan_file  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    darkscan_file.add_allow_incomplete_argument(parser)
    args = parser.parse_args()
    with darkscan_file.open_h5(args.file, args.allow_incomplete, "dataset_digest") as f:
        names = []
        f.visit(lambda name: names.append(name) if isinstance(f[name], h5py.Dataset) else None)
        for name in sorted(names):
            if name in ("tile_done", "tile"):  # their length depends on the tile size
                continue
            data = f[name][()]
            print(name, data.dtype.str, data.shape, hashlib.sha256(data.tobytes()).hexdigest())


if __name__ == "__main__":
    main()
