#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks a `darkscan profile` group against numpy: the map is nanmin (or nanmax) of the source dataset over the
removed axes; argmin_<axis> (argmax_) is the first extremum in flat grid order, 2^32 - 1 where a cell has no
value; <axis>_at_min (_at_max) is its coordinate; each reported dataset is the source's value there. Then h5py,
xarray (engine h5netcdf) and, where installed, netCDF4 must read the group with named dimensions and coordinates.

Usage: check_profile.py FILE GROUP [--empty-cells]   (--empty-cells: some cells must have no value)
Prints one line per check ("ok" or "FAIL") and exits 1 if any check failed.
"""

import argparse
import sys
import warnings

import h5py
import numpy as np

from check_scan_file import Checks

INDEX_FILL = 2**32 - 1


def check_group(check, path, group, want_empty):
    with h5py.File(path, "r") as f:
        g = f[group]
        attrs = g.attrs
        kept = attrs["kept_axes"].split()
        removed = attrs["removed_axes"].split()
        name = attrs["profiled_dataset"]
        reported = attrs["reported_datasets"].split()
        maximum = attrs["operation"] == "max"
        arg, at = ("argmax_", "_at_max") if maximum else ("argmin_", "_at_min")
        check("source_complete is the file's complete", int(attrs["source_complete"]) == int(f.attrs["complete"]))
        check("created is set", len(attrs["created"]) >= 20, attrs["created"])

        source = f[name]
        dims = [d[0].name.lstrip("/") for d in source.dims]
        order = [dims.index(axis) for axis in kept + removed]
        check("removed axes are the others, in grid order",
              [dims[i] for i in order[2:]] == [d for d in dims if d not in kept])
        n0, n1 = source.shape[order[0]], source.shape[order[1]]
        removed_shape = [source.shape[i] for i in order[2:]]

        def by_cell(values):  # (cells of the kept axes, points over the removed axes in grid order)
            return np.transpose(values, order).reshape(n0, n1, -1)

        values = by_cell(source[()])
        empty = np.all(np.isnan(values), axis=2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN cells
            expected = np.nanmax(values, axis=2) if maximum else np.nanmin(values, axis=2)
        first = np.argmax(values == expected[..., None], axis=2)  # the first extremum in flat order
        check(f"{name} equals numpy's nan{'max' if maximum else 'min'} over {' '.join(removed)}",
              np.array_equal(g[name][()], expected, equal_nan=True))
        check("the map keeps the source's units and long_name",
              all(g[name].attrs[key] == source.attrs[key] for key in ("units", "long_name")))
        check("cells without a value" if want_empty else "every cell has a value",
              empty.any() if want_empty else not empty.any(), f"{int(empty.sum())} of {empty.size}")

        indices = np.unravel_index(first, removed_shape)
        for axis, index in zip(removed, indices):
            expected_index = np.where(empty, INDEX_FILL, index).astype(np.uint32)
            got = g[arg + axis]
            check(f"{arg}{axis} is the first extremum's grid index", got.dtype == np.uint32
                  and np.array_equal(got[()], expected_index) and int(got.attrs["_FillValue"]) == INDEX_FILL)
            coordinate = np.where(empty, np.nan, f[axis][()][index])
            check(f"{axis}{at} is its coordinate", np.array_equal(g[axis + at][()], coordinate, equal_nan=True))
        for other in reported:
            there = np.take_along_axis(by_cell(f[other][()]), first[..., None], axis=2)[..., 0]
            there = np.where(empty, np.nan, there)
            check(f"{other} is reported at the extremum", np.array_equal(g[other][()], there, equal_nan=True))
        for variable in [name] + reported + [arg + axis for axis in removed]:
            check(f"h5py: {variable} has dimension scales {' '.join(kept)}",
                  [d[0].name for d in g[variable].dims] == ["/" + axis for axis in kept])
        root_coordinates = {axis: f[axis][()] for axis in kept}

    import xarray as xr

    with xr.open_dataset(path, group=group, engine="h5netcdf") as ds:
        check("xarray (h5netcdf): every variable over the kept axes",
              all(variable.dims == tuple(kept) for variable in ds.data_vars.values()),
              str({key: variable.dims for key, variable in ds.data_vars.items()}))
        check("xarray (h5netcdf): coordinates of the kept axes",
              all(np.array_equal(ds[axis].values, root_coordinates[axis]) for axis in kept))
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        check("xarray still reads the root group", name in ds.data_vars and ds[name].ndim == 5)
    try:
        import netCDF4
    except ImportError:
        return
    with netCDF4.Dataset(path) as nc:
        check("netCDF4: the map's dimensions", nc[group][name].dimensions == tuple(kept))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("group")
    parser.add_argument("--empty-cells", action="store_true")
    args = parser.parse_args()
    check = Checks()
    check_group(check, args.file, args.group, args.empty_cells)
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())
