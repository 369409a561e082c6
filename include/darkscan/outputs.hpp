// SPDX-License-Identifier: MIT
// The per-point output quantities. Adding a quantity: add an enumerator here, its metadata in
// host/output_fields.cpp, and set it in evaluate_point(); the driver, HDF5 writer and JSON follow.
// Outputs come in blocks (PhysicsBlock) that a scan can switch off; velocity-dependent outputs are evaluated
// at the scan's velocities (EvaluationSettings).
#pragma once

#include <cstdint>

#include "darkscan/constraint_evaluation.hpp"
#include "darkscan/constraint_terms.hpp"
#include "darkscan/macros.hpp"
#include "darkscan/physics/constants.hpp"
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
    // Sommerfeld factors of chi chibar (attractive Yukawa potential of V, numerical), s and p wave, at each
    // halo velocity; then <S_s> averaged over the thermal velocities at freeze-out.
    out_sommerfeld_s_recombination,
    out_sommerfeld_p_recombination,
    out_sommerfeld_s_dwarf,
    out_sommerfeld_p_dwarf,
    out_sommerfeld_s_milky_way,
    out_sommerfeld_p_milky_way,
    out_sommerfeld_s_freeze_out,
    // chi chibar bound states of the Yukawa potential.
    out_bound_1s_exists,
    out_bound_2s_exists,
    out_bound_2p_exists,
    out_E_1s,
    out_psi0_sq_1s,
    // Self-interaction transfer cross sections sigma_T/m_chi at each SIDM velocity: attractive (chi chibar),
    // repulsive (chi chi) and the symmetric Dirac population (their mean).
    out_sigmaT_over_m_attr_dwarf,
    out_sigmaT_over_m_rep_dwarf,
    out_sigmaT_over_m_dwarf,
    out_sigmaT_over_m_attr_cluster,
    out_sigmaT_over_m_rep_cluster,
    out_sigmaT_over_m_cluster,
    out_sigmaT_over_m_attr_bullet,
    out_sigmaT_over_m_rep_bullet,
    out_sigmaT_over_m_bullet,
    // Observables of the constraints: rates of the baryonic coupling; dark onium at B factories (needs the
    // bound states); then -2 Delta ln L summed over the active terms, then one per ConstraintTerm.
    out_br_Z_gammaX,
    out_br_K_piX,
    out_br_B_KX,
    out_sigma_ee_eta_D_V,
    out_sigma_ee_gamma_upsilon_D,
    out_sigma_chiN_SI,
    out_sigma_chie,
    out_delta_a_e,
    out_delta_a_mu,
    out_p_ann,
    out_chi2_total,
    out_chi2_first,
    output_count = out_chi2_first + constraint_term_count
};

/// The chi2_<term> output of ConstraintTerm `term`.
DS_HD constexpr int chi2_output(int term)
{
    return out_chi2_first + term;
}

/// Groups of outputs a scan computes and writes as a whole (option `physics`).
enum PhysicsBlock : unsigned {
    block_decays = 1u << 0,        ///< V widths, branching ratios and tree-level sigma v (always on)
    block_relic = 1u << 1,         ///< freeze-out
    block_sommerfeld = 1u << 2,    ///< Sommerfeld factors (the freeze-out average needs block_relic too)
    block_bound_states = 1u << 3,  ///< Yukawa bound states
    block_sidm = 1u << 4,          ///< self-interaction cross sections
    block_constraints = 1u << 5,   ///< constraint likelihoods (the terms of option `constraints`)
    block_all = (1u << 6) - 1u,
};

/// Per-particle CM speeds v at which Sommerfeld factors are evaluated.
enum SommerfeldVelocity : int { v_recombination = 0, v_dwarf, v_milky_way, sommerfeld_velocity_count };
/// Relative velocities v_rel at which sigma_T is evaluated.
enum SidmVelocity : int { v_rel_dwarf = 0, v_rel_cluster, v_rel_bullet, sidm_velocity_count };

/// S_s and S_p outputs at Sommerfeld velocity `i` (S_p follows S_s).
DS_HD constexpr int sommerfeld_s_output(int i)
{
    return out_sommerfeld_s_recombination + 2 * i;
}
/// First of the three sigma_T/m outputs (attractive, repulsive, Dirac) at SIDM velocity `i`.
DS_HD constexpr int sigma_t_output(int i)
{
    return out_sigmaT_over_m_attr_dwarf + 3 * i;
}

/// The blocks an output needs (the freeze-out Sommerfeld average needs the relic solve as well).
DS_HD constexpr unsigned output_blocks(int output)
{
    return output < out_omega_h2                        ? block_decays
           : output < out_sommerfeld_s_recombination    ? block_relic
           : output == out_sommerfeld_s_freeze_out      ? block_sommerfeld | block_relic
           : output < out_bound_1s_exists               ? block_sommerfeld
           : output < out_sigmaT_over_m_attr_dwarf      ? block_bound_states
           : output < out_br_Z_gammaX                   ? block_sidm
           : output == out_sigma_ee_eta_D_V || output == out_sigma_ee_gamma_upsilon_D
               ? block_constraints | block_bound_states
           : output == out_p_ann ? block_constraints | block_sommerfeld
                                 : block_constraints;
}

/// Whether darkscan has a model of `output` for the point's dark-matter type (otherwise the output is NaN and the
/// point flagged status::not_modelled):
///   Sommerfeld factors, bound states, self-interactions: the attractive chi chibar / chi chi^* and repulsive chi chi
///     Yukawa potentials of a vector exchange, for Dirac and complex scalar (the scalar's potential is the same at
///     leading order in v); not for Majorana (the axial current's potential is spin-dependent) nor pseudo-Dirac (the
///     potential is off-diagonal, chi_1 chi_1 <-> chi_2 chi_2, closed at low speed by the splitting);
///   dark onium at B factories (eta_D V, gamma Upsilon_D): Dirac only (the scalar pair has no spin-triplet s-wave);
///   Majorana with m_V < 1.5 m_chi: the relic (and the v -> 0 V V, total sigma v and p_ann), where chi chi -> V V matters
///     (majorana_vector_pair_modelled).
DS_HD inline bool output_modelled(int output, DarkSectorParameters const& p)
{
    DarkMatterType const type = p.dark_matter.type;
    bool const yukawa = type == DarkMatterType::dirac || type == DarkMatterType::complex_scalar;
    bool const vector_pairs = majorana_vector_pair_modelled(p);
    if (output == out_sigmav_VV || output == out_sigmav0 || output == out_p_ann
        || (output >= out_omega_h2 && output < out_sommerfeld_s_recombination)) {
        return vector_pairs;
    }
    if (output == out_sommerfeld_s_freeze_out) {
        return vector_pairs && yukawa;
    }
    if (output >= out_sommerfeld_s_recombination && output < out_br_Z_gammaX) {
        return yukawa;
    }
    if (output == out_sigma_ee_eta_D_V || output == out_sigma_ee_gamma_upsilon_D) {
        return type == DarkMatterType::dirac;
    }
    return true;
}

/// Tolerances of the relic solve (scan option relic-accuracy): RelicAccuracy{} (standard: halving every tolerance moves
/// Omega h^2 by < 0.1%) or RelicAccuracy::fast() (within 1% of standard, 1.3-1.6 times faster).
enum class RelicAccuracyPreset { standard, fast };

/// Which blocks are evaluated, and at which velocities (units of c). Defaults: recombination v = 1e-8
/// (saturated Sommerfeld regime), dwarf spheroidals v = 10 km/s, Milky Way v = 220 km/s; SIDM v_rel = 50 km/s
/// (dwarfs), 1500 km/s (clusters) and 4700 km/s (the Bullet Cluster's merger velocity from its bow shock, Randall et
/// al. arXiv:0704.0261).
struct EvaluationSettings {
    unsigned blocks = block_all;
    /// Multiply the freeze-out rate by the thermal Sommerfeld factor (ThermalSommerfeldEnhancement; Dirac only). Off
    /// here, for library callers without a Sommerfeld table (direct solves cost ~240 per point); the scan and point
    /// options turn it on for Dirac by default (relic-sommerfeld auto), a scan with its table where that repays.
    bool relic_sommerfeld = false;
    RelicAccuracyPreset relic_accuracy = RelicAccuracyPreset::standard;
    double sommerfeld_v[sommerfeld_velocity_count] = {1e-8, 10.0 / constants::c_km_per_s,
                                                      220.0 / constants::c_km_per_s};
    double sidm_v_rel[sidm_velocity_count] = {50.0 / constants::c_km_per_s, 1500.0 / constants::c_km_per_s,
                                              4700.0 / constants::c_km_per_s};
    ConstraintSettings constraints{};
    /// What chi is (option dm_type) and the pseudo-Dirac splitting (dm-splitting-over-mchi), the same at every point.
    DarkMatterModel dark_matter{};

    DS_HD bool computes(unsigned block) const { return (blocks & block) == block; }
};

/// Everything computed for one grid point.
struct PointResult {
    double value[output_count];
    status::Flags status;
    std::uint64_t excluded_by;     ///< ConstraintTerm bits: terms excluding the point at their published CL
    std::uint64_t not_applicable;  ///< ConstraintTerm bits: terms that cannot be evaluated at the point
};

}  // namespace darkscan
