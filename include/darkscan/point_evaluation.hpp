// SPDX-License-Identifier: MIT
// Everything darkscan computes for one parameter point, as one pure host/device function: the fused
// per-point pipeline that every backend and the serial reference run.
#pragma once

#include <cmath>

#include "darkscan/constraint_evaluation.hpp"
#include "darkscan/macros.hpp"
#include "darkscan/outputs.hpp"
#include "darkscan/parameters.hpp"
#include "darkscan/physics/annihilation.hpp"
#include "darkscan/physics/bound_states.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/eos.hpp"
#include "darkscan/physics/freeze_out.hpp"
#include "darkscan/physics/sidm.hpp"
#include "darkscan/physics/sommerfeld_table.hpp"
#include "darkscan/physics/widths.hpp"

namespace darkscan {

/// Views of every data table the physics reads, passed by value to the kernels.
struct PhysicsTablesView {
    HadronTablesView hadrons;
    EosTablesView eos;
    SommerfeldTableView sommerfeld;  ///< empty: Sommerfeld factors by direct solve only
    ConstraintTablesView constraints;
};

/// Freeze-out of the point's dark matter (p.dark_matter): chi chibar (Dirac, optionally with the thermal Sommerfeld
/// factor), chi chi^* (complex scalar), chi chi (Majorana) through ChiChibarAnnihilation with the type's bookkeeping
/// (DarkMatterKind), and the pseudo-Dirac pair as coannihilation of chi_1 and chi_2 (PseudoDiracAnnihilation, the
/// partner's Y_eq with m_2/m_1). relic_sommerfeld applies to Dirac only (the option is refused for the others).
DS_HD DS_NOINLINE inline RelicResult point_relic(DarkSectorParameters const& p, PhysicsTablesView const& tables,
                                                 bool relic_sommerfeld, RelicAccuracyPreset preset)
{
    RelicAccuracy const accuracy = preset == RelicAccuracyPreset::fast ? RelicAccuracy::fast() : RelicAccuracy{};
    switch (p.dark_matter.type) {
    case DarkMatterType::dirac:
        break;
    case DarkMatterType::complex_scalar:
    case DarkMatterType::majorana: {
        ChiChibarAnnihilation const sigma{p, tables.hadrons};
        DarkMatterKind const kind = p.dark_matter.type == DarkMatterType::majorana ? DarkMatterKind::majorana
                                                                                   : DarkMatterKind::complex_scalar;
        return relic_abundance(sigma, p.m_chi, kind, tables.eos, relic_resonance(sigma), accuracy);
    }
    case DarkMatterType::pseudo_dirac: {
        PseudoDiracAnnihilation const sigma{p, tables.hadrons};
        RelicSpecies const pair{DarkMatterKind::majorana, partner_mass(p) / p.m_chi};
        return relic_abundance(sigma, p.m_chi, pair, tables.eos, relic_resonance(sigma.pair), accuracy);
    }
    }
    ChiChibarAnnihilation const sigma{p, tables.hadrons};
    if (relic_sommerfeld) {
        ThermalSommerfeldEnhancement enhancement{tables.sommerfeld, p.m_chi, p.m_V, p.alpha_D};
        return relic_abundance(sigma, enhancement, p.m_chi, DarkMatterKind::dirac, tables.eos, relic_resonance(sigma),
                               accuracy);
    }
    return relic_abundance(sigma, p.m_chi, DarkMatterKind::dirac, tables.eos, relic_resonance(sigma), accuracy);
}

/// Evaluates every Output of the blocks in `settings` (the others stay NaN) for the dark-matter type of p. Outputs of
/// a point outside the physical domain are NaN with status::invalid_parameters; a non-finite result is replaced by NaN
/// and flagged status::non_finite; outputs the type has no model for (output_modelled) are NaN and flagged
/// status::not_modelled.
DS_HD inline PointResult evaluate_point(DarkSectorParameters const& p, PhysicsTablesView const& tables,
                                        EvaluationSettings const& settings = {})
{
    PointResult result;
    for (double& value : result.value) {
        value = NAN;
    }
    result.value[out_m_V] = p.m_V;
    result.value[out_m_chi] = p.m_chi;
    result.value[out_epsilon] = p.epsilon;
    result.status = 0;
    result.excluded_by = 0;
    result.not_applicable = 0;
    if (!is_physical(p)) {
        result.status |= status::invalid_parameters;
        return result;
    }

    VectorWidths const widths = vector_widths(p.m_V, p, tables.hadrons);
    BranchingRatios const br = branching_ratios(widths);
    result.value[out_width_V] = widths.total();
    result.value[out_br_V_ee] = br.ee;
    result.value[out_br_V_mumu] = br.mumu;
    result.value[out_br_V_tautau] = br.tautau;
    result.value[out_br_V_hadrons] = br.hadrons;
    result.value[out_br_V_invisible] = br.invisible;
    result.value[out_sigmav_VV] = sigma_v_rel_swave_vv(p) * constants::GeV_m2_to_cm3_per_s;
    result.value[out_sigmav_ee] = sigma_v_rel_swave_ee(p, tables.hadrons) * constants::GeV_m2_to_cm3_per_s;
    AnnihilationRates const sigma_v0 = present_day_sigma_v_rel(0.0, p, tables.hadrons);
    result.value[out_sigmav0] = sigma_v0.total() * constants::GeV_m2_to_cm3_per_s;
    bool const yukawa = output_modelled(out_sommerfeld_s_recombination, p);

    if (settings.computes(block_relic) && output_modelled(out_omega_h2, p)) {
        RelicResult const relic = point_relic(p, tables, settings.relic_sommerfeld, settings.relic_accuracy);
        result.value[out_omega_h2] = relic.omega_h2;
        result.value[out_x_f] = relic.x_f;
        result.value[out_sigmav_xf] = relic.sigma_v_xf * constants::GeV_m2_to_cm3_per_s;
        result.status |= relic.status;
        if (settings.computes(block_sommerfeld) && yukawa && std::isfinite(relic.x_f)) {
            ThermalSommerfeld const average
                = thermal_sommerfeld_s(tables.sommerfeld, relic.x_f, p.m_chi, p.m_V, p.alpha_D);
            result.value[out_sommerfeld_s_freeze_out] = average.s;
            result.status |= average.status;
        }
    }
    if (settings.computes(block_sommerfeld) && yukawa) {
        for (int i = 0; i < sommerfeld_velocity_count; ++i) {
            SommerfeldFactors const factors
                = sommerfeld_factors(tables.sommerfeld, settings.sommerfeld_v[i], p.m_chi, p.m_V, p.alpha_D);
            result.value[sommerfeld_s_output(i)] = factors.s;
            result.value[sommerfeld_s_output(i) + 1] = factors.p;
            result.status |= factors.status;
        }
    }
    if (settings.computes(block_bound_states) && yukawa) {
        DarkOnium const onium = dark_onium_ground_state(p.m_chi, p.m_V, p.alpha_D);
        result.value[out_bound_1s_exists] = onium.exists_1s ? 1.0 : 0.0;
        result.value[out_bound_2s_exists] = onium.exists_2s ? 1.0 : 0.0;
        result.value[out_bound_2p_exists] = onium.exists_2p ? 1.0 : 0.0;
        result.value[out_E_1s] = onium.E_1s_GeV;
        result.value[out_psi0_sq_1s] = onium.psi0_sq_1s_GeV3;
        result.status |= onium.status;
    }
    if (settings.computes(block_sidm) && yukawa) {
        for (int i = 0; i < sidm_velocity_count; ++i) {
            SidmCrossSections const sidm = sidm_cross_sections(settings.sidm_v_rel[i], p.m_chi, p.m_V, p.alpha_D);
            result.value[sigma_t_output(i)] = sidm.attractive_cm2_per_g;
            result.value[sigma_t_output(i) + 1] = sidm.repulsive_cm2_per_g;
            result.value[sigma_t_output(i) + 2] = sidm.dirac_cm2_per_g;
            result.status |= sidm.status;
        }
    }

    bool const constraints_on = settings.computes(block_constraints) && tables.constraints.terms != 0;
    if (constraints_on) {
        ConstraintBlockInputs blocks;
        if (settings.computes(block_bound_states)) {
            blocks.psi0_sq = result.value[out_psi0_sq_1s];
        }
        if (settings.computes(block_sommerfeld)) {
            // Types without a Yukawa potential: the tree-level rate (S = 1; output_modelled).
            blocks.sommerfeld_s_recombination = yukawa ? result.value[out_sommerfeld_s_recombination] : 1.0;
            blocks.sommerfeld_p_recombination = yukawa ? result.value[out_sommerfeld_p_recombination] : 1.0;
        }
        if (settings.computes(block_sidm)) {
            blocks.sigmaT_over_m_cluster = result.value[out_sigmaT_over_m_cluster];
            blocks.sigmaT_over_m_bullet = result.value[out_sigmaT_over_m_bullet];
        }
        AnnihilationRates const at_recombination
            = p.dark_matter.type == DarkMatterType::dirac
                  ? sigma_v0
                  : present_day_sigma_v_rel(settings.sommerfeld_v[v_recombination], p, tables.hadrons);
        ConstraintRates const rates = constraint_rates(p, br, at_recombination, tables.constraints.cmb, blocks);
        result.value[out_br_Z_gammaX] = rates.br_Z_gamma_X;
        result.value[out_br_K_piX] = rates.br_K_pi_X;
        result.value[out_br_B_KX] = rates.br_B_K_X;
        result.value[out_sigma_ee_eta_D_V] = rates.sigma_eta_D_V / femtobarn_in_GeV_m2;
        result.value[out_sigma_ee_gamma_upsilon_D] = rates.sigma_gamma_upsilon_D / femtobarn_in_GeV_m2;
        result.value[out_sigma_chiN_SI] = rates.sigma_nucleon_xenon * constants::GeV_m2_to_cm2;
        result.value[out_sigma_chie] = rates.sigma_electron * constants::GeV_m2_to_cm2;
        result.value[out_delta_a_e] = rates.delta_a_e;
        result.value[out_delta_a_mu] = rates.delta_a_mu;
        result.value[out_p_ann] = rates.p_ann;
        ConstraintInputs const inputs = constraint_inputs(p, widths, tables.hadrons, result.value[out_omega_h2], rates,
                                                          settings.constraints);
        ConstraintResult const constraints = evaluate_constraints(inputs, tables.constraints, settings.constraints);
        for (int term = 0; term < constraint_term_count; ++term) {
            result.value[chi2_output(term)] = constraints.chi2[term];
        }
        result.value[out_chi2_total] = constraints.chi2_total;
        result.excluded_by = constraints.excluded_by;
        result.not_applicable = constraints.not_applicable;
    }

    for (int k = out_width_V; k < output_count; ++k) {
        bool const inactive = (output_blocks(k) & block_constraints) != 0
                              && (!constraints_on
                                  || (k >= out_chi2_first
                                      && (tables.constraints.terms & term_bit(k - out_chi2_first)) == 0));
        if (settings.computes(output_blocks(k)) && !inactive && !output_modelled(k, p)) {
            result.value[k] = NAN;
            result.status |= status::not_modelled;
        } else if (settings.computes(output_blocks(k)) && !inactive && !std::isfinite(result.value[k])) {
            result.value[k] = NAN;
            result.status |= status::non_finite;
        }
    }
    return result;
}

}  // namespace darkscan
