// SPDX-License-Identifier: MIT
// Host side of the tabulated Yukawa Sommerfeld factors (darkscan/physics/sommerfeld_table.hpp): builds the
// resonance-region and high-energy tables from direct solves, verifies every cell against solves at its centre
// and edge midpoints, and hands out SommerfeldTableView (host memory, or device copies through an upload function).
#pragma once

#include <string>

#include "darkscan/physics/sommerfeld_table.hpp"
#include "uniform_table.hpp"

namespace darkscan {

/// Domain, grid steps and acceptance of the table. Outside [eps_phi_min, eps_phi_max] x [0, eps_v_max]
/// sommerfeld_yukawa_tabulated solves directly. Build cost ~ 4 solves per cell, 10-150 us each (dearest at small
/// eps_phi); the defaults take 5.8 s on 2 cores, eps_phi >= 1e-3 takes 2.4 s on one core (measured, see
/// describe()). The high-energy lattice reaches eps_phi = 1e4 and eps_v = 1e3 for 8% more memory (658 000 doubles
/// against 575 000 at eps_phi, eps_v <= 10) and no measurable build time: the relic solve's thermal average of S
/// (speeds up to 2.2, alpha_D down to 0.01) and screened points (m_V > 10 alpha_D m_chi) then take lookups
/// instead of direct solves: the relic solve with relic-sommerfeld on runs 1.5-18 times faster on the bm_relic points.
/// Coarser steps are cheaper but serve less: dtau = 0.15, dr = 0.075, d_ln = 0.15 builds in 2.9 s on 2 cores and
/// serves 62% instead of 86% of log-uniform points (the rest falls back next to resonances).
struct SommerfeldTableSpec {
    double eps_phi_min = 1e-4;
    double eps_phi_max = 1e4;
    double eps_v_max = 1e3;
    double dtau = 0.1;        ///< resonance-region step in tau = t + log_t ln t, t = eps_phi^{-1/2}
    double log_t = 2.0;       ///< refines the resonance-region grid at small t (step in t: dtau / (1 + log_t/t))
    double r_max = 3.0;       ///< resonance region: r = eps_v/eps_phi <= r_max
    double dr = 0.05;         ///< resonance-region step in r
    double d_ln = 0.1;        ///< high-energy lattice step in ln eps_phi and ln eps_v
    double tolerance = 2e-3;  ///< largest accepted relative error of S_s and S_p (measured error x safety)
    double safety = 2.0;      ///< multiplies the errors measured at the check points of a cell
};

/// Host tables behind SommerfeldTableView; each array is a UniformTable (only `.values` is used) so the GPU
/// backend can copy it to device memory like the other tables.
struct SommerfeldTable {
    SommerfeldTableSpec spec;
    int res_nt = 0;
    int res_nr = 0;
    double res_tau_min = 0.0;
    int hi_nphi = 0;
    int hi_nv = 0;
    double hi_ln_phi_min = 0.0;
    double hi_ln_v_min = 0.0;
    UniformTable res_nodes;  ///< see SommerfeldTableView
    UniformTable res_cells;
    UniformTable hi_nodes;
    UniformTable hi_cells;

    // Build report.
    long cells_needed = 0;    ///< cells that intersect the domain
    long cells_verified = 0;  ///< of those, cells that passed their check
    long checks_served = 0;   ///< cell-centre check points the table serves (lookup accepts)
    double max_error = 0.0;   ///< largest |S_table/S_direct - 1| (s or p) over the served check points
    double build_seconds = 0.0;
    int threads = 1;

    /// View through `upload` (UniformTable const& -> UniformTableView), e.g. a copy to device memory.
    template <class Upload>
    SommerfeldTableView view(Upload&& upload) const
    {
        SommerfeldTableView v;
        v.res_nodes = upload(res_nodes).values;
        v.res_cells = upload(res_cells).values;
        v.res_nt = res_nt;
        v.res_nr = res_nr;
        v.res_tau_min = res_tau_min;
        v.res_dtau = spec.dtau;
        v.res_log_t = spec.log_t;
        v.res_dr = spec.dr;
        v.hi_nodes = upload(hi_nodes).values;
        v.hi_cells = upload(hi_cells).values;
        v.hi_nphi = hi_nphi;
        v.hi_nv = hi_nv;
        v.hi_ln_phi_min = hi_ln_phi_min;
        v.hi_d_ln_phi = spec.d_ln;
        v.hi_ln_v_min = hi_ln_v_min;
        v.hi_d_ln_v = spec.d_ln;
        v.eps_phi_min = spec.eps_phi_min;
        v.eps_phi_max = spec.eps_phi_max;
        v.eps_v_max = spec.eps_v_max;
        v.tolerance = spec.tolerance;
        v.safety = spec.safety;
        return v;
    }
    /// View of the host memory.
    SommerfeldTableView view() const { return view(host_view); }
};

/// Builds and verifies the table with `threads` std::threads (0: every core) over independent nodes and cells
/// (the result does not depend on `threads`). Throws std::invalid_argument for an inconsistent spec.
SommerfeldTable build_sommerfeld_table(SommerfeldTableSpec const& spec, int threads);

/// One line: ranges, steps, grid sizes, verified fraction, largest measured error, build time.
std::string describe(SommerfeldTable const& table);

}  // namespace darkscan
