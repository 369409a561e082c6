// SPDX-License-Identifier: MIT
// The per-point output quantities. Adding a quantity: add an enumerator here, its metadata in
// host/output_fields.cpp, and set it in evaluate_point(); the driver, HDF5 writer and JSON follow.
#pragma once

#include "darkscan/status.hpp"

namespace darkscan {

enum Output : int {
    // Physical parameters of the point (written as datasets when an axis uses a derived variable).
    out_m_V = 0,
    out_m_chi,
    out_epsilon,
    // V decays.
    out_width_V,
    out_br_V_ee,
    out_br_V_mumu,
    out_br_V_tautau,
    out_br_V_hadrons,
    out_br_V_invisible,
    // Tree-level chi chibar annihilation at v -> 0.
    out_sigmav_VV,
    out_sigmav_ee,
    out_sigmav0,
    // Thermal freeze-out of chi + chibar.
    out_omega_h2,
    out_x_f,
    out_sigmav_xf,
    output_count
};

/// Everything computed for one grid point.
struct PointResult {
    double value[output_count];
    status::Flags status;
};

}  // namespace darkscan
