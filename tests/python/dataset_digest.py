#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Print a SHA-256 digest of every dataset in a darkscan HDF5 file (values only, not attributes).

Two runs of the same configuration must print identical digests whatever the tile size, thread count or
backend build (CPU backends): this is how the tests prove bitwise determinism.
"""
import hashlib
import sys

import h5py


def main(path):
    with h5py.File(path, "r") as f:
        names = []
        f.visit(lambda name: names.append(name) if isinstance(f[name], h5py.Dataset) else None)
        for name in sorted(names):
            if name in ("tile_done", "tile"):  # their length depends on the tile size
                continue
            data = f[name][()]
            print(name, data.dtype.str, data.shape, hashlib.sha256(data.tobytes()).hexdigest())


if __name__ == "__main__":
    main(sys.argv[1])
