# SPDX-License-Identifier: MIT
"""Opening darkscan HDF5 scan files for reading: every reader goes through here, so none reads a file that is
not complete by mistake.

darkscan sets the root attribute ``complete`` to 1 only after the last tile is written and the file flushed; an
interrupted, failed or still running scan leaves 0, and its unwritten points read as NaN with the status bit
``not_computed``. The readers refuse such a file (exit code 2, one line naming it) unless given
``--allow-incomplete``.

    parser = argparse.ArgumentParser()
    darkscan_file.add_allow_incomplete_argument(parser)
    args = parser.parse_args()
    ds = darkscan_file.open_dataset(args.file, args.allow_incomplete, "plot_scan")   # xarray, h5netcdf engine
    f = darkscan_file.open_h5(args.file, args.allow_incomplete, "dataset_digest")    # h5py
"""
import sys

EXIT_BAD_INPUT = 2  # as darkscan's own exit code for bad input


def add_allow_incomplete_argument(parser):
    """Adds --allow-incomplete to an argparse parser."""
    parser.add_argument("--allow-incomplete", action="store_true",
                        help="read a file whose root attribute complete is not 1 (interrupted, failed or running "
                             "scan; unwritten points are NaN, status bit not_computed)")


def fail(program, message):
    """Ends the program with one line on stderr and exit code 2."""
    print(f"{program}: error: {message}", file=sys.stderr)
    sys.exit(EXIT_BAD_INPUT)


def completeness_problem(attrs):
    """None if the root attributes say complete = 1, else a sentence saying what is wrong."""
    if "complete" not in attrs:
        return "has no root attribute 'complete' (not a darkscan scan file?)"
    try:
        complete = int(attrs["complete"])
    except (TypeError, ValueError):
        return f"has an unreadable root attribute complete = {attrs['complete']!r}"
    if complete != 1:
        return "is incomplete (complete = 0: the scan was interrupted, failed or is still running)"
    return None


def check_complete(path, attrs, allow_incomplete, program):
    """Refuses (fail) a file that is not complete, or warns on stderr with allow_incomplete."""
    problem = completeness_problem(attrs)
    if problem is None:
        return
    if not allow_incomplete:
        fail(program, f"{path} {problem}; --allow-incomplete reads it anyway")
    print(f"{program}: warning: {path} {problem}; reading it as asked (--allow-incomplete)", file=sys.stderr)


def open_h5(path, allow_incomplete=False, program="darkscan_file"):
    """The file opened read-only with h5py, after the completeness check."""
    import h5py

    try:
        f = h5py.File(path, "r")
    except OSError as error:
        fail(program, f"cannot open {path} as HDF5: {error}")
    check_complete(path, f.attrs, allow_incomplete, program)
    return f


def open_dataset(path, allow_incomplete=False, program="darkscan_file"):
    """The file opened with xarray (h5netcdf engine), after the completeness check."""
    import xarray as xr

    try:
        ds = xr.open_dataset(path, engine="h5netcdf")
    except (OSError, ValueError) as error:
        fail(program, f"cannot open {path} as HDF5: {error}")
    check_complete(path, ds.attrs, allow_incomplete, program)
    return ds
