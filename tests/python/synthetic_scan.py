# SPDX-License-Identifier: MIT
"""Synthetic darkscan scan files in the constraint layout (chi2_<term> with their attributes, chi2_total,
excluded_by / not_applicable bit masks, observables such as delta_a_mu, omega_h2 with its relic line, and a
/profile_<a>_<b> group), written with h5py the way darkscan writes its files: dimension scales, units, long_name,
_FillValue, CF flags, root complete and Conventions. The values are smooth toy functions, not physics.

Usage as a module: write_plane_file(path, plane), plane one of "dark-photon", "light-dm", "baryonic".
"""

import h5py
import numpy as np

CHI2_AT_LIMIT_90 = 2.706  # one-sided 90% CL

# (term, long_name, group, reference, toy limit on the plane's y coordinate as a function of x, x range)
TERMS = {
    "dark-photon": [
        ("babar_2014", "BaBar 2014, e+e- -> gamma V, V -> l+l-", "visible", "arXiv:1406.2980",
         lambda x: 6e-4 + 0 * x, (0.02, 10.0)),
        ("e137", "E137, electron beam dump, V -> e+e-", "displaced", "arXiv:1209.6083",
         lambda x: 1e-7 * (0.01 / x), (0.001, 0.4)),
        ("na64_invisible", "NA64 2019, e- Z -> e- Z V, V -> invisible", "invisible", "arXiv:1906.00176",
         lambda x: 3e-5 * (x / 0.01) ** 0.5, (0.001, 0.5)),
        ("g_minus_2_e", "electron g-2", "g_minus_2", "arXiv:1804.07409", lambda x: 2e-3 + 0 * x, (0.001, 10.0)),
    ],
    "light-dm": [
        ("lsnd_dm", "LSND 2017, pi0 -> gamma V, V -> chi chibar, chi e -> chi e", "dm_beam", "arXiv:1107.4580",
         lambda x: 1e-10 * (x / 0.01) ** 2, (0.001, 0.06)),
        ("babar_2017_invisible", "BaBar 2017, e+e- -> gamma V, V -> invisible", "invisible", "arXiv:1702.03327",
         lambda x: 1e-10 * (x / 0.1) ** 2.5, (0.01, 3.0)),
        ("direct_detection_electron", "XENON1T 2019, chi e scattering", "direct_detection", "arXiv:1907.11485",
         lambda x: 3e-11 + 0 * x, (0.01, 1.0)),
        ("cmb", "Planck 2018, CMB energy injection", "cosmology", "arXiv:1807.06209", lambda x: 1e-14 + 0 * x,
         (0.001, 1.0)),
    ],
    "baryonic": [
        ("z_gamma_x", "Z -> gamma X (anomaly, LEP)", "electroweak", "arXiv:1705.06726", lambda x: 0.3 * x / 10,
         (0.01, 10.0)),
        ("k_pi_x", "K -> pi X (NA62, E949)", "baryonic", "arXiv:1707.01503", lambda x: 3e-4 * (x / 0.1),
         (0.01, 0.35)),
        ("b_k_x", "B -> K X (BaBar, Belle)", "bfactory", "arXiv:1707.01503", lambda x: 3e-3 * (x / 1.0),
         (0.3, 4.8)),
        ("anomalon", "anomalon searches (LEP, LHC)", "baryonic", "arXiv:1707.01503", lambda x: 0.5 + 0 * x,
         (0.01, 10.0)),
    ],
}


def axes_of(plane):
    """The five (name, units, long_name, values) of the toy grid of a plane."""
    if plane == "light-dm":
        return [("m_V_over_m_chi", "1", "mediator to dark-matter mass ratio", [3.0]),
                ("m_chi", "GeV", "dark-matter mass", np.geomspace(1e-3, 1.0, 36)),
                ("Y", "1", "yield variable Y = epsilon^2 alpha_D (m_chi/m_V)^4", np.geomspace(1e-15, 1e-7, 28)),
                ("alpha_D", "1", "dark coupling alpha_D = g_D^2/(4 pi)", [0.1, 0.5]),
                ("g_X", "1", "coupling of V to the baryon current", [0.0])]
    if plane == "baryonic":
        return [("m_V", "GeV", "mediator mass", np.geomspace(1e-2, 10.0, 36)),
                ("m_chi_over_m_V", "1", "dark-matter to mediator mass ratio", [0.6]),
                ("epsilon", "1", "kinetic mixing", [0.0]),
                ("alpha_D", "1", "dark coupling alpha_D = g_D^2/(4 pi)", [0.5]),
                ("g_X", "1", "coupling of V to the baryon current", np.geomspace(1e-6, 1.0, 28))]
    return [("m_V", "GeV", "mediator mass", np.geomspace(1e-3, 10.0, 40)),
            ("m_chi_over_m_V", "1", "dark-matter to mediator mass ratio", [1 / 3, 0.6]),
            ("epsilon", "1", "kinetic mixing", np.geomspace(1e-8, 1e-2, 30)),
            ("alpha_D", "1", "dark coupling alpha_D = g_D^2/(4 pi)", [0.5]),
            ("g_X", "1", "coupling of V to the baryon current", [0.0])]


def field(f, scales, name, values, units, long_name, **attrs):
    dataset = f.create_dataset(name, data=values, chunks=True, shuffle=True, compression="gzip",
                               fillvalue=np.nan if values.dtype.kind == "f" else 0)
    for d, scale in enumerate(scales):
        if scale is not None:
            dataset.dims[d].attach_scale(scale)
    dataset.attrs["units"] = units
    dataset.attrs["long_name"] = long_name
    dataset.attrs["description"] = f"{long_name} (synthetic test data)"
    if values.dtype.kind == "f":
        dataset.attrs["_FillValue"] = np.nan
    for key, value in attrs.items():
        dataset.attrs[key] = value
    return dataset


def write_plane_file(path, plane, complete=1, with_excluded_by=True):
    axes = axes_of(plane)
    shape = tuple(len(a[3]) for a in axes)
    grids = np.meshgrid(*[np.asarray(a[3], dtype=float) for a in axes], indexing="ij")
    x_axis, y_axis = {"dark-photon": (0, 2), "light-dm": (1, 2), "baryonic": (0, 4)}[plane]
    x, y = grids[x_axis], grids[y_axis]
    with h5py.File(path, "w") as f:
        f.attrs["Conventions"] = "CF-1.8"
        f.attrs["darkscan_version"] = "synthetic"
        scales = []
        for name, units, long_name, values in axes:
            dataset = f.create_dataset(name, data=np.asarray(values, dtype=float))
            dataset.make_scale(name)
            dataset.attrs["units"] = units
            dataset.attrs["long_name"] = long_name
            scales.append(dataset)
        terms = TERMS[plane]
        chi2_total = np.zeros(shape)
        excluded_by = np.zeros(shape, dtype=np.uint64)
        not_applicable = np.zeros(shape, dtype=np.uint64)
        for k, (term, long_name, group, reference, limit, (low, high)) in enumerate(terms):
            inside = (x >= low) & (x <= high)
            chi2 = np.where(inside, CHI2_AT_LIMIT_90 * (y / limit(x)) ** 2, 0.0)
            field(f, scales, f"chi2_{term}", chi2, "1", long_name, reference=reference, constraint_group=group,
                  likelihood="hard", cl=0.9, chi2_at_limit=CHI2_AT_LIMIT_90)
            chi2_total += chi2
            excluded_by |= np.where(chi2 >= CHI2_AT_LIMIT_90, np.uint64(1) << np.uint64(k), np.uint64(0))
            not_applicable |= np.where(inside, np.uint64(0), np.uint64(1) << np.uint64(k))
        field(f, scales, "chi2_total", chi2_total, "1", "-2 Delta ln L, every constraint")
        masks = np.array([1 << k for k in range(len(terms))], dtype=np.uint64)
        meanings = " ".join(t[0] for t in terms)
        if with_excluded_by:
            field(f, scales, "excluded_by", excluded_by, "1", "constraints excluding the point", flag_masks=masks,
                  flag_meanings=meanings)
            field(f, scales, "not_applicable", not_applicable, "1", "constraints not evaluated at the point",
                  flag_masks=masks, flag_meanings=meanings)
        # Observables: Omega h^2 falling like y^-2 (its relic line along the y axis), Delta a_mu rising like eps^2.
        omega = 0.12 * (y / (1e-5 if plane != "light-dm" else 1e-10) / np.sqrt(x / 0.01)) ** -2
        field(f, scales, "omega_h2", omega, "1", "relic abundance Omega h^2")
        if plane == "dark-photon":
            field(f, scales, "delta_a_mu", 2.79e-9 * (y / 2e-3) ** 2 / (1 + (x / 0.1) ** 2), "1",
                  "contribution of V to a_mu = (g-2)/2 of the muon")
        line_name = axes[y_axis][0]
        line = 1e-5 * np.sqrt(grids[x_axis] / 0.01) if plane != "light-dm" else 1e-10 * np.sqrt(x / 0.01)
        line = np.take(line, 0, axis=y_axis)
        relic = field(f, [s for d, s in enumerate(scales) if d != y_axis], f"relic_line_{line_name}", line,
                      axes[y_axis][1], f"{axes[y_axis][2]} where Omega h^2 = 0.12")
        relic.attrs["description"] = "synthetic relic line"
        field(f, scales, "status", np.zeros(shape, dtype=np.uint32), "1", "point status flags",
              flag_masks=np.array([1, 2], dtype=np.uint32), flag_meanings="not_computed invalid_parameters")
        # A profile group as `darkscan profile FILE --keep x,y` writes it: minimum over the other axes.
        x_name, y_name = axes[x_axis][0], axes[y_axis][0]
        group = f.create_group(f"profile_{x_name}_{y_name}")
        others = tuple(d for d in range(5) if d not in (x_axis, y_axis))
        profile = chi2_total.min(axis=others)
        moved = np.moveaxis(chi2_total, (x_axis, y_axis), (0, 1)).reshape(shape[x_axis], shape[y_axis], -1)
        dataset = group.create_dataset("chi2_total", data=profile)
        dataset.dims[0].attach_scale(scales[x_axis])
        dataset.dims[1].attach_scale(scales[y_axis])
        dataset.attrs["units"] = "1"
        dataset.attrs["long_name"] = "-2 Delta ln L, every constraint, minimum over the other axes"
        group.create_dataset("argmin_others", data=np.argmin(moved, axis=2).astype(np.uint32))  # flat index
        f.attrs["complete"] = np.int32(complete)
