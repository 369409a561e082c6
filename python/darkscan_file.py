# SPDX-License-Identifier: MIT
"""Opening darkscan HDF5 scan files with h5py for the test readers (tests/python/), with the completeness rule
darkscan-plot applies too (darkscan_plot/completeness.py): a file whose scan did not finish is refused (exit code
2, one line naming it) unless given ``--allow-incomplete``.

    parser = argparse.ArgumentParser()
    darkscan_file.add_allow_incomplete_argument(parser)
    args = parser.parse_args()
    f = darkscan_file.open_h5(args.file, args.allow_incomplete, "dataset_digest")    # h5py
"""
import sys

from darkscan_plot.completeness import completeness_problem

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
