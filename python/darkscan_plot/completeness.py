# SPDX-License-Identifier: MIT
"""Whether a darkscan file is complete: darkscan sets the root attribute ``complete`` to 1 only after the last tile
is written and the file flushed; an interrupted, failed or still running scan leaves 0, and its unwritten points
read as NaN with the status bit ``not_computed``. No heavy imports, so every reader can use it."""


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
