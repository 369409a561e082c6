#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks that a darkscan HDF5 output file reads as intended, without hints, with xarray (engines h5netcdf and
netcdf4), h5py, netCDF4 and ncdump -h: named dimensions with coordinates, CF attributes, fill values, completion.

Usage: check_scan_file.py FILE [--dims m_V m_chi epsilon alpha_D g_X] [--fields omega_h2 status]
Prints one line per check ("ok" or "FAIL") and exits 1 if any check failed.
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
from darkscan_plot.completeness import completeness_problem  # noqa: E402

DEFAULT_DIMS = ["m_V", "m_chi", "epsilon", "alpha_D", "g_X"]
TILE_DIM = "tile"
STATUS_FIELD = "status"
NOT_COMPUTED = 1  # status::not_computed


class Checks:
    """Prints each check's result on one line and counts the failures."""

    def __init__(self):
        self.failed = 0

    def __call__(self, name, passed, detail=""):
        passed = bool(passed)
        line = ("ok   " if passed else "FAIL ") + name
        if detail:
            line += ": " + detail
        print(line, flush=True)
        if not passed:
            self.failed += 1
        return passed


def is_text(value):
    return isinstance(value, str) and value != ""


def check_cf_strings(check, label, attrs, names):
    for name in names:
        value = attrs.get(name)
        check(f"{label} has {name}", is_text(value), repr(value))


def check_xarray(check, path, dims, fields):
    import xarray as xr

    try:
        ds = xr.open_dataset(path, engine="h5netcdf")
    except Exception as error:  # report any reader failure as a failed check
        check("xarray opens the file (engine h5netcdf)", False, f"{type(error).__name__}: {error}")
        return None
    with ds:
        check("xarray opens the file (engine h5netcdf)", True)
        for dim in dims:
            if not check(f"dimension {dim} exists with a coordinate", dim in ds.dims and dim in ds.coords):
                continue
            coordinate = ds.coords[dim]
            check(f"coordinate {dim} is 1-D along {dim}", coordinate.dims == (dim,), str(coordinate.dims))
            check(f"coordinate {dim} values are finite", np.all(np.isfinite(coordinate.values)),
                  f"{coordinate.size} values")
            check_cf_strings(check, f"coordinate {dim}", coordinate.attrs, ["units", "long_name"])

        if fields is None:
            fields = [name for name, variable in ds.data_vars.items() if variable.dims == tuple(dims)]
        check("at least one field", len(fields) > 0, " ".join(fields))
        for field in fields:
            if not check(f"field {field} exists", field in ds.data_vars):
                continue
            variable = ds[field]
            check(f"field {field} has dimensions {' '.join(dims)}", variable.dims == tuple(dims),
                  str(variable.dims))
            check_cf_strings(check, f"field {field}", variable.attrs, ["units", "long_name", "description"])
            values = variable.values
            if np.issubdtype(values.dtype, np.floating):
                fill = variable.encoding.get("_FillValue")
                check(f"field {field} masks its _FillValue NaN",
                      values.dtype == np.float64 and fill is not None and np.isnan(fill), f"_FillValue={fill!r}")
                detail = f"{values.size} points, {np.count_nonzero(np.isfinite(values))} finite"
            else:
                detail = f"{values.size} points, dtype {values.dtype}"
            check(f"field {field} values readable", values.shape == tuple(ds.sizes.get(d) for d in dims), detail)

        if STATUS_FIELD in fields and STATUS_FIELD in ds.data_vars:
            status = ds[STATUS_FIELD]
            masks = np.atleast_1d(status.attrs.get("flag_masks", []))
            meanings = status.attrs.get("flag_meanings")
            check("status stays uint32 (no _FillValue masking)", status.dtype == np.uint32, str(status.dtype))
            check("status has flag_masks", masks.size > 0 and masks.dtype == np.uint32, repr(masks))
            check("status has flag_meanings, one word per mask",
                  is_text(meanings) and len(meanings.split()) == masks.size, repr(meanings))
            values = status.values
            check("status values readable", values.size > 0,
                  f"{np.count_nonzero(values & NOT_COMPUTED)} of {values.size} not computed")

        problem = completeness_problem(ds.attrs)
        check("root attribute complete == 1", problem is None, problem or "")
        conventions = ds.attrs.get("Conventions")
        check("root attribute Conventions is CF", is_text(conventions) and conventions.startswith("CF-"),
              repr(conventions))
        for name, values in (("relic_sommerfeld", ("on", "off")), ("relic_accuracy", ("standard", "fast"))):
            value = ds.attrs.get(name)
            check(f"root attribute {name} is one of {', '.join(values)}", value in values, repr(value))
        if check("tile_done exists along dimension tile", "tile_done" in ds and ds["tile_done"].dims == (TILE_DIM,)):
            done = ds["tile_done"].values
            check("every tile done", np.all(done == 1), f"{np.count_nonzero(done)} of {done.size}")
    return fields


def check_h5py(check, path, dims, fields):
    import h5py

    with h5py.File(path, "r") as f:
        check("h5py opens the file", True)
        for dim in dims:
            check(f"h5py: {dim} is a dimension scale", dim in f and h5py.h5ds.is_scale(f[dim].id))
        for field in fields:
            if field not in f:
                continue
            dataset = f[field]
            attached = [dataset.dims[i][0].name if len(dataset.dims[i]) > 0 else None for i in range(dataset.ndim)]
            check(f"h5py: {field} dimension scales attached in order", attached == ["/" + dim for dim in dims],
                  str(attached))
            check(f"h5py: {field} chunked with shuffle + deflate",
                  dataset.chunks is not None and dataset.shuffle and dataset.compression == "gzip",
                  f"chunks {dataset.chunks}")
            fill = dataset.fillvalue
            expected_fill = np.isnan(fill) if dataset.dtype.kind == "f" else int(fill) & NOT_COMPUTED
            check(f"h5py: {field} fill value marks unwritten points", expected_fill, repr(fill))
        check("h5py: complete == 1", int(f.attrs.get("complete", 0)) == 1)


def check_netcdf4(check, path, dims, fields):
    import netCDF4
    import xarray as xr

    with netCDF4.Dataset(path) as nc:
        check("netCDF4 opens the file as netCDF-4", nc.data_model == "NETCDF4", nc.data_model)
        for dim in dims:
            check(f"netCDF4: dimension {dim} with its coordinate variable", dim in nc.dimensions
                  and nc.variables[dim].dimensions == (dim,))
        for field in fields:
            if field not in nc.variables:
                continue
            variable = nc.variables[field]
            check(f"netCDF4: {field} over {' '.join(dims)}", variable.dimensions == tuple(dims),
                  str(variable.dimensions))
            for name in ("units", "long_name"):
                check(f"netCDF4: {field} {name} read as str", is_text(variable.getncattr(name)))
            values = variable[:]
            if variable.dtype == np.float64:
                raw = np.asarray(np.ma.getdata(values))
                check(f"netCDF4: {field} masks exactly its NaN points (_FillValue)",
                      np.isnan(variable.getncattr("_FillValue"))
                      and np.array_equal(np.ma.getmaskarray(values), np.isnan(raw)),
                      f"{np.count_nonzero(np.ma.getmaskarray(values))} masked, {np.count_nonzero(np.isnan(raw))} NaN")
        if STATUS_FIELD in nc.variables:
            status = nc.variables[STATUS_FIELD]
            check("netCDF4: status is uint32 with uint32 flag_masks",
                  status.dtype == np.uint32 and np.asarray(status.getncattr("flag_masks")).dtype == np.uint32)
        for name, variable in nc.variables.items():
            if name.startswith("relic_line_"):
                check(f"netCDF4: {name} over the other four dimensions",
                      variable.dimensions == tuple(d for d in dims if not name.startswith("relic_line_" + d)),
                      str(variable.dimensions))
        check("netCDF4: Conventions CF", str(nc.getncattr("Conventions")).startswith("CF-"))
        check("netCDF4: complete == 1", int(nc.getncattr("complete")) == 1)
    with xr.open_dataset(path, engine="netcdf4") as ds, xr.open_dataset(path, engine="h5netcdf") as reference:
        check("xarray (engine netcdf4, the default where netCDF4 is installed) sees the same variables and sizes",
              set(ds.variables) == set(reference.variables) and dict(ds.sizes) == dict(reference.sizes),
              f"{sorted(set(ds.variables) ^ set(reference.variables))}")


def check_ncdump(check, path, dims, fields):
    ncdump = shutil.which("ncdump")
    if not check("ncdump is installed (Debian package netcdf-bin)", ncdump is not None):
        return
    result = subprocess.run([ncdump, "-h", path], capture_output=True, text=True)
    text = result.stdout
    check("ncdump -h reads the header", result.returncode == 0 and "dimensions:" in text and "variables:" in text,
          result.stderr.strip())
    for dim in dims:
        check(f"ncdump: dimension {dim}", f"\t{dim} = " in text)
    for field in fields:
        check(f"ncdump: variable {field}({', '.join(dims)})", f" {field}({', '.join(dims)}) ;" in text)
    check("ncdump: global Conventions", ':Conventions = "CF-' in text)


def run_stage(check, reader, stage, *args):
    """Runs one reader's checks; an unexpected exception becomes a failed check instead of a traceback."""
    try:
        return stage(check, *args)
    except Exception as error:  # any reader failure is a finding about the file
        check(f"{reader} reads the file without errors", False, f"{type(error).__name__}: {error}")
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--dims", nargs=5, default=DEFAULT_DIMS, metavar="DIM",
                        help="the five dimension names, outermost first (default: %(default)s)")
    parser.add_argument("--fields", nargs="+", metavar="FIELD",
                        help="fields to check (default: every variable not along the tile dimension)")
    args = parser.parse_args()

    check = Checks()
    fields = run_stage(check, "xarray", check_xarray, args.file, args.dims, args.fields)
    if fields is not None:
        run_stage(check, "h5py", check_h5py, args.file, args.dims, fields)
        run_stage(check, "netCDF4", check_netcdf4, args.file, args.dims, fields)
        run_stage(check, "ncdump", check_ncdump, args.file, args.dims, fields)
    if check.failed:
        print(f"{args.file}: {check.failed} check(s) failed", file=sys.stderr)
        return 1
    print(f"{args.file}: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
