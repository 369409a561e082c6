# SPDX-License-Identifier: MIT
"""Reading darkscan HDF5 files for plots: opening (refusing incomplete scans), axis names, 2-D planes of any
dataset or physical parameter, profile groups, and the experimental-constraint terms the file describes."""

import math
import re
from dataclasses import dataclass

import numpy as np
import xarray as xr

from .completeness import completeness_problem


class PlotError(Exception):
    """A problem the user can fix (bad option, missing dataset, incomplete file): one line, exit code 2."""


# Config-file spellings of the axes (scan options) and the HDF5 dimension names they become.
AXIS_ALIASES = {
    "mV": "m_V", "mchi": "m_chi", "mchi_over_mV": "m_chi_over_m_V", "mV_over_mchi": "m_V_over_m_chi",
    "eps": "epsilon", "alphaD": "alpha_D", "gX": "g_X",
}


def check_complete(attrs, path, allow_incomplete):
    """Raises PlotError unless the root attribute `complete` is 1 (or allow_incomplete)."""
    problem = completeness_problem(attrs)
    if allow_incomplete or problem is None:
        return
    raise PlotError(f"{path} {problem}; use --allow-incomplete to plot it anyway")


def open_scan(path, allow_incomplete=False):
    """The scan file as an xarray Dataset (h5netcdf engine), after the completeness check."""
    try:
        ds = xr.open_dataset(path, engine="h5netcdf", phony_dims="access")
    except (OSError, ValueError) as error:
        raise PlotError(f"cannot open {path} as a darkscan HDF5 file: {error}") from error
    check_complete(ds.attrs, path, allow_incomplete)
    return ds


def grid_dims(ds):
    """The five grid dimensions, outermost first (those of the status dataset)."""
    if "status" in ds:
        return list(ds["status"].dims)
    five = [v.dims for v in ds.data_vars.values() if v.ndim == 5]
    if not five:
        raise PlotError("the file has no 5-D dataset (not a darkscan scan file)")
    return list(five[0])


def dim_name(ds, name):
    """An axis as the file names it; accepts the config spellings (mV, alphaD, ...)."""
    name = AXIS_ALIASES.get(name, name)
    if name not in ds.dims:
        raise PlotError(f"'{name}' is not an axis of the file (axes: {', '.join(grid_dims(ds))})")
    return name


def label(da, name=None):
    """'long_name [units]' of a variable (units omitted when dimensionless)."""
    units = str(da.attrs.get("units", "1"))
    text = str(da.attrs.get("long_name", name or da.name))
    return text if units in ("1", "") else f"{text} [{units}]"


def parse_selection(items):
    """['alpha_D=0.5', ...] -> {'alpha_D': 0.5}."""
    selection = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        try:
            selection[AXIS_ALIASES.get(key.strip(), key.strip())] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise PlotError(f"--select '{item}': expected AXIS=VALUE with a number, e.g. alpha_D=0.5")
    return selection


def physical_grid_dim(ds, name):
    """The grid dimension a physical parameter varies along in a plane of fixed other axes: m_V along m_chi in a
    (m_V/m_chi, m_chi) scan, epsilon along Y, and so on; the dimension itself where it is an axis."""
    name = AXIS_ALIASES.get(name, name)
    dims = grid_dims(ds)
    if name in dims:
        return name
    partner = {"m_V": "m_chi", "m_chi": "m_V", "epsilon": "Y", "Y": "epsilon"}.get(name)
    if partner in dims:
        return partner
    raise PlotError(f"'{name}' is neither an axis of the file nor derived from one (axes: {', '.join(dims)})")


def physical(ds, name):
    """A physical parameter over the grid: the coordinate, the stored 5-D dataset (m_chi in a ratio scan,
    epsilon in a Y scan), or Y = epsilon^2 alpha_D (m_chi/m_V)^4 computed from them."""
    name = AXIS_ALIASES.get(name, name)
    if name in ds.dims:
        return ds[name]
    if name in ds.data_vars:
        return ds[name]
    if name == "Y":
        y = physical(ds, "epsilon") ** 2 * physical(ds, "alpha_D") * (physical(ds, "m_chi") / physical(ds, "m_V")) ** 4
        return y.assign_attrs(units="1", long_name="yield Y = epsilon^2 alpha_D (m_chi/m_V)^4")
    if name == "m_V" and "m_V_over_m_chi" in ds.dims:
        return (ds["m_V_over_m_chi"] * ds["m_chi"]).assign_attrs(units="GeV", long_name="mediator mass")
    if name == "m_chi" and "m_chi_over_m_V" in ds.dims:
        return (ds["m_chi_over_m_V"] * ds["m_V"]).assign_attrs(units="GeV", long_name="dark-matter mass")
    raise PlotError(f"the file has no '{name}'")


@dataclass
class Plane:
    """A 2-D plane of the grid: grid dimensions (x_dim, y_dim) and the nearest values chosen on the others."""
    ds: xr.Dataset
    x_dim: str
    y_dim: str
    selection: dict

    def take(self, da, dtype=float):
        """`da` on the plane, as a 2-D array indexed [y, x] (broadcast over axes it does not depend on)."""
        sel = {d: v for d, v in self.selection.items() if d in da.dims}
        da = da.sel(sel, method="nearest") if sel else da
        da = da.squeeze([d for d in da.dims if d not in (self.x_dim, self.y_dim) and da.sizes[d] == 1], drop=True)
        extra = [d for d in da.dims if d not in (self.x_dim, self.y_dim)]
        if extra:
            raise PlotError(f"{da.name}: dimensions {extra} are not fixed on the plane")
        for dim in (self.y_dim, self.x_dim):
            if dim not in da.dims:
                da = da.expand_dims({dim: self.ds.sizes[dim]})
        return np.asarray(da.transpose(self.y_dim, self.x_dim).values, dtype=dtype)

    def line(self, da):
        """A dataset over the plane's x dimension only (a relic line), as a 1-D array."""
        sel = {d: v for d, v in self.selection.items() if d in da.dims}
        da = da.sel(sel, method="nearest") if sel else da
        da = da.squeeze([d for d in da.dims if d != self.x_dim], drop=True)
        return np.asarray(da.values, dtype=float)

    def title(self):
        """'m_chi_over_m_V = 0.333, alpha_D = 0.5, g_X = 0' for the fixed axes."""
        parts = []
        for dim, value in self.selection.items():
            chosen = float(self.ds[dim].sel({dim: value}, method="nearest"))
            parts.append(f"{dim} = {chosen:.4g}")
        return ", ".join(parts)


def nearest_value(values, value):
    """The grid value nearest to `value`: in log for positive axes (log-spaced grids), else linearly."""
    values = np.asarray(values, dtype=float)
    if value > 0 and values.min() > 0:
        return float(values[np.argmin(np.abs(np.log(values) - math.log(value)))])
    return float(values[np.argmin(np.abs(values - value))])


def fixed_values(ds, free_dims, selection, defaults=None):
    """{axis: value} for every grid axis not in `free_dims`: an axis with one value needs nothing; one with several
    takes `selection`, else `defaults`, else it is an error naming the axis and its values."""
    unknown = set(selection) - set(grid_dims(ds))
    if unknown:
        raise PlotError(f"--select: {', '.join(sorted(unknown))} is not an axis of the file "
                        f"(axes: {', '.join(grid_dims(ds))})")
    chosen = {}
    for dim in grid_dims(ds):
        if dim in free_dims:
            continue
        values = ds[dim].values
        if dim in selection:
            chosen[dim] = selection[dim]
        elif defaults and dim in defaults:
            chosen[dim] = defaults[dim]
        elif values.size == 1:
            chosen[dim] = float(values[0])
        else:
            listed = ", ".join(f"{v:.4g}" for v in values[:8]) + (", ..." if values.size > 8 else "")
            raise PlotError(f"the file has {values.size} values of {dim} ({listed}): choose one with "
                            f"--select {dim}=VALUE")
    for dim, value in chosen.items():
        chosen[dim] = nearest_value(ds[dim].values, value)
        if not math.isclose(chosen[dim], value, rel_tol=0.02, abs_tol=1e-300):
            print(f"darkscan-plot: note: {dim} = {value:.4g} is not on the grid; using the nearest value "
                  f"{chosen[dim]:.4g}")
    return chosen


def make_plane(ds, x_dim, y_dim, selection, defaults=None):
    """The plane (x_dim, y_dim) at the fixed_values of the other axes."""
    if x_dim == y_dim:
        raise PlotError(f"the two axes of a plane must differ (both are {x_dim})")
    return Plane(ds, x_dim, y_dim, fixed_values(ds, (x_dim, y_dim), selection, defaults))


@dataclass
class Term:
    """One experimental constraint of the file: dataset chi2_<name> and its attributes."""
    name: str
    long_name: str
    reference: str
    group: str
    likelihood: str
    cl: float
    chi2_at_limit: float

    @property
    def short_label(self):
        """The experiment part of the long name ('BaBar 2014' of 'BaBar 2014, e+e- -> gamma V, ...')."""
        return self.long_name.split(",")[0].strip()


def constraint_terms(ds):
    """The constraint terms of the file (every chi2_<term> dataset but chi2_total), in file order."""
    terms = []
    for name, var in ds.data_vars.items():
        if not name.startswith("chi2_") or name == "chi2_total":
            continue
        attrs = var.attrs
        terms.append(Term(name[len("chi2_"):], str(attrs.get("long_name", name)), str(attrs.get("reference", "")),
                          str(attrs.get("constraint_group", "")), str(attrs.get("likelihood", "")),
                          float(attrs.get("cl", np.nan)), float(attrs.get("chi2_at_limit", np.nan))))
    return terms


def flag_bits(var):
    """{meaning: mask} of a CF flag variable (flag_masks, flag_meanings)."""
    masks = np.atleast_1d(var.attrs.get("flag_masks", []))
    meanings = str(var.attrs.get("flag_meanings", "")).split()
    if len(masks) != len(meanings):
        raise PlotError(f"{var.name}: {len(masks)} flag_masks but {len(meanings)} flag_meanings")
    return {meaning: int(mask) for meaning, mask in zip(meanings, masks)}


def excluded(ds, plane, term):
    """Boolean [y, x] array: where `term` excludes the point at its published CL. From the excluded_by bit mask
    where the file has it, else chi2_<term> >= chi2_at_limit; never where not_applicable marks the term."""
    if "excluded_by" in ds and term.name in flag_bits(ds["excluded_by"]):
        bits = plane.take(ds["excluded_by"], dtype=np.uint64)
        result = (bits & np.uint64(flag_bits(ds["excluded_by"])[term.name])) != 0
    else:
        chi2 = plane.take(ds[f"chi2_{term.name}"])
        with np.errstate(invalid="ignore"):
            result = chi2 >= term.chi2_at_limit
    if "not_applicable" in ds and term.name in flag_bits(ds["not_applicable"]):
        bits = plane.take(ds["not_applicable"], dtype=np.uint64)
        result &= (bits & np.uint64(flag_bits(ds["not_applicable"])[term.name])) == 0
    return result


PROFILE_GROUP = re.compile(r"^profile_(.+)$")


def open_profile(path, group, allow_incomplete=False):
    """A /profile_<a>_<b> group: (Dataset of its 2-D datasets with coordinates a and b, a, b)."""
    import h5py

    match = PROFILE_GROUP.match(group.strip("/"))
    if not match:
        raise PlotError(f"--group '{group}': expected a group named profile_<axis>_<axis>")
    with h5py.File(path, "r") as f:
        check_complete(dict(f.attrs), path, allow_incomplete)
        if group.strip("/") not in f:
            groups = [k for k in f if k.startswith("profile_")]
            raise PlotError(f"{path} has no group {group} (profile groups: {', '.join(groups) or 'none'})")
        axes = [d for d in f if isinstance(f[d], h5py.Dataset) and h5py.h5ds.is_scale(f[d].id)]
        rest = match.group(1)
        pairs = [(a, rest[len(a) + 1:]) for a in axes if rest.startswith(a + "_") and rest[len(a) + 1:] in axes]
        if len(pairs) != 1:
            raise PlotError(f"group {group}: cannot tell its two axes from the name (axes: {', '.join(axes)})")
        a, b = pairs[0]
        g = f[group.strip("/")]
        coords = {a: (a, f[a][()], dict(f[a].attrs)), b: (b, f[b][()], dict(f[b].attrs))}
        data = {}
        for name, dataset in g.items():
            if isinstance(dataset, h5py.Dataset) and dataset.ndim == 2:
                attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in dataset.attrs.items()
                         if k != "_FillValue" and not k.startswith("DIMENSION_")}
                data[name] = ((a, b), dataset[()], attrs)
        ds = xr.Dataset(data, coords={k: xr.Variable(*v) for k, v in coords.items()})
        ds.attrs.update({k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()})
    return ds, a, b
