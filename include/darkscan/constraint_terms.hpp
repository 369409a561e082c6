// SPDX-License-Identifier: MIT
// The experimental and cosmological constraints darkscan evaluates per point, each a named likelihood term
// -2 Delta ln L (relative to no signal): which experiment, paper, likelihood form and confidence level.
// The data files and recast rules of each term are in host/constraint_tables.cpp; the per-point evaluation in
// darkscan/constraint_evaluation.hpp.
#pragma once

#include <cstdint>

#include "darkscan/macros.hpp"

namespace darkscan {

enum ConstraintTerm : int {
    // Visible V -> l+ l- (hadrons) bump hunts, prompt decays.
    term_babar_2014 = 0,
    term_kloe,
    term_na48_2,
    term_a1,
    term_apex,
    term_hps,
    term_besiii,
    term_lhcb_prompt,
    term_cms,
    term_babar_2016_muons,
    // Displaced decays: beam dumps (zero-event windows in the V decay length) and LHCb's displaced search.
    term_e137,
    term_e141,
    term_e774,
    term_orsay,
    term_kek,
    term_charm,
    term_nucal,
    term_nomad,
    term_ps191,
    term_na64_visible,
    term_lhcb_displaced,
    // Invisible V -> chi chibar (missing energy or mass).
    term_na64_invisible,
    term_babar_2017_invisible,
    term_na62_invisible,
    term_lep_invisible,
    term_belle2_invisible,
    term_pi0_invisible,
    // Dark matter produced in beam dumps and detected by its scattering.
    term_lsnd_dm,
    term_e137_dm,
    term_miniboone_dm,
    // Direct detection.
    term_direct_detection_nucleon,
    term_direct_detection_electron,
    // Cosmology and astrophysics.
    term_relic_density,
    term_cmb,
    term_sidm_cluster,
    term_sidm_bullet_cluster,
    // The baryonic coupling g_X: longitudinal-X emission enhanced by the electroweak anomaly, and the anomalon bound.
    term_z_gamma_x,
    term_k_pi_x,
    term_b_k_x,
    term_anomalon,
    // Lepton anomalous magnetic moments.
    term_g_minus_2_e,
    term_g_minus_2_mu,
    term_g_minus_2_mu_band,
    // Electroweak precision.
    term_electroweak_precision,
    // Dark bound states produced at B factories.
    term_bfactory_dark_onium,
    constraint_term_count
};

static_assert(constraint_term_count <= 64, "the excluded_by mask is 64 bits wide");

/// How a term's signal strength mu (mu = 1 on the published limit) becomes -2 Delta ln L (physics.md 4.2).
enum class LikelihoodForm : int {
    hard_cut,            ///< hard_cut_chi2 where mu > 1, else 0 (theory priors)
    zero_event_poisson,  ///< 2 mu s_UL, s_UL = -ln(1 - CL): background-free searches (beam dumps, NA64)
    gaussian,            ///< (z mu)^2, z the one-sided normal quantile of CL: large-background searches
    relic_gaussian,      ///< Planck Omega h^2 with a theory error (its own formula; no mu)
    preference,          ///< a Gaussian preference that can lower chi^2 (the muon g-2 band)
};

/// The chi^2 a hard cut assigns to an excluded point: large enough to exclude at any usual threshold, finite so
/// that chi2_total stays a number.
inline constexpr double hard_cut_chi2 = 100.0;

/// Named group of a term (plots shade and label terms by group).
struct ConstraintTermInfo {
    char const* name;       ///< dataset chi2_<name>, JSON key, option `constraints`
    char const* long_name;  ///< experiment and channel
    char const* reference;  ///< arXiv or journal reference of the limit
    char const* group;      ///< visible, displaced, invisible, dm_beam, direct_detection, cosmology, baryonic,
                            ///< g_minus_2, electroweak, bfactory
    LikelihoodForm likelihood;
    double cl;              ///< confidence level of the published limit (one-sided)
    bool default_on;        ///< part of `constraints = all`
};

/// A one-sided 68% upper limit as published (Randall et al.'s Bullet Cluster bound): z = Phi^-1(0.68) = 0.468, not the
/// 1 sigma of a two-sided 68.27% interval.
inline constexpr double cl_68 = 0.68;
inline constexpr double cl_90 = 0.90;
inline constexpr double cl_95 = 0.95;
inline constexpr double cl_3_sigma = 0.9986501019683699;  ///< one-sided Phi(3)
inline constexpr double cl_5_sigma = 0.9999997133484281;  ///< one-sided Phi(5)

inline constexpr ConstraintTermInfo constraint_term_table[constraint_term_count] = {
    {"babar_2014", "BaBar 2014, e+e- -> gamma V, V -> e+e-, mu+mu-", "arXiv:1406.2980", "visible",
     LikelihoodForm::gaussian, cl_90, true},
    {"kloe", "KLOE (2018 mu+mu- and pi+pi-, 2015 e+e-, 2012 phi -> eta V), envelope",
     "arXiv:1807.02691, 1509.00740, 1210.3927", "visible", LikelihoodForm::gaussian, cl_90, true},
    {"na48_2", "NA48/2, pi0 -> gamma V, V -> e+e-", "arXiv:1504.00607", "visible", LikelihoodForm::gaussian, cl_90,
     true},
    {"a1", "A1/MAMI 2014, electron bremsstrahlung, V -> e+e-", "arXiv:1404.5502", "visible",
     LikelihoodForm::gaussian, cl_90, true},
    {"apex", "APEX 2011, electron bremsstrahlung, V -> e+e-", "arXiv:1108.2750", "visible", LikelihoodForm::gaussian,
     cl_90, true},
    {"hps", "HPS 2015, electron bremsstrahlung, V -> e+e-", "arXiv:1807.11530", "visible", LikelihoodForm::gaussian,
     cl_95, true},
    {"besiii", "BESIII, e+e- -> gamma V, V -> e+e-, mu+mu-", "arXiv:1705.04265", "visible",
     LikelihoodForm::gaussian, cl_90, true},
    {"lhcb_prompt", "LHCb 2019, inclusive V -> mu+mu-, prompt", "arXiv:1910.06926", "visible",
     LikelihoodForm::gaussian, cl_90, true},
    {"cms", "CMS 2019 dimuon scouting, V -> mu+mu-", "CMS-PAS-EXO-19-018, arXiv:1912.04776", "visible",
     LikelihoodForm::gaussian, cl_90, true},
    {"babar_2016_muons", "BaBar 2016, e+e- -> mu+mu- V, V -> mu+mu-", "arXiv:1606.03501", "visible",
     LikelihoodForm::gaussian, cl_90, true},
    {"e137", "SLAC E137 electron dump, V -> e+e- (Andreas et al. and Bjorken et al. analyses, envelope)",
     "arXiv:1209.6083, 0906.0580", "displaced", LikelihoodForm::zero_event_poisson, cl_90, true},
    {"e141", "SLAC E141 electron dump, V -> e+e-", "PRL 59 (1987) 755", "displaced",
     LikelihoodForm::zero_event_poisson, cl_90, true},
    {"e774", "Fermilab E774 electron dump, V -> e+e-", "PRL 67 (1991) 2942", "displaced",
     LikelihoodForm::zero_event_poisson, cl_90, true},
    {"orsay", "Orsay electron dump, V -> e+e-", "PLB 229 (1989) 150", "displaced",
     LikelihoodForm::zero_event_poisson, cl_90, true},
    {"kek", "KEK electron dump, V -> e+e-", "PRL 57 (1986) 659", "displaced", LikelihoodForm::zero_event_poisson,
     cl_90, true},
    {"charm", "CHARM proton dump, eta -> gamma V, V -> e+e- (1985 and Tsai et al. 2019 analyses, envelope)",
     "PLB 157B (1985) 458, arXiv:1908.07525", "displaced", LikelihoodForm::zero_event_poisson, cl_90, true},
    {"nucal", "nu-Cal I proton dump, V -> e+e- (pi0 decays, proton bremsstrahlung, Tsai et al. 2019; envelope)",
     "Z.Phys. C51 (1991) 341, IJMPA 7 (1992) 3835, arXiv:1908.07525", "displaced",
     LikelihoodForm::zero_event_poisson, cl_90, true},
    {"nomad", "NOMAD proton dump, pi0 -> gamma V, V -> e+e-", "arXiv:hep-ex/0101041", "displaced",
     LikelihoodForm::zero_event_poisson, cl_90, true},
    {"ps191", "PS191 proton dump, pi0 -> gamma V, V -> e+e-", "PLB 166B (1986) 479", "displaced",
     LikelihoodForm::zero_event_poisson, cl_90, true},
    {"na64_visible", "NA64 2019 visible, electron bremsstrahlung, V -> e+e- (displaced)", "arXiv:1912.11389",
     "displaced", LikelihoodForm::zero_event_poisson, cl_90, true},
    {"lhcb_displaced", "LHCb 2017, inclusive V -> mu+mu-, displaced (r-value grid)", "arXiv:1710.02867",
     "displaced", LikelihoodForm::gaussian, cl_90, true},
    {"na64_invisible", "NA64 2019, electron bremsstrahlung, V -> invisible", "arXiv:1906.00176", "invisible",
     LikelihoodForm::zero_event_poisson, cl_90, true},
    {"babar_2017_invisible", "BaBar 2017, e+e- -> gamma V, V -> invisible", "arXiv:1702.03327", "invisible",
     LikelihoodForm::gaussian, cl_90, true},
    {"na62_invisible", "NA62 2019, pi0 -> gamma V, V -> invisible", "arXiv:1903.08767", "invisible",
     LikelihoodForm::gaussian, cl_90, true},
    {"lep_invisible", "LEP mono-photon, e+e- -> gamma V, V -> invisible", "arXiv:1103.0240", "invisible",
     LikelihoodForm::gaussian, cl_90, true},
    {"belle2_invisible", "Belle II 2019, e+e- -> mu+mu- V, V -> invisible", "arXiv:1912.11276", "invisible",
     LikelihoodForm::gaussian, cl_90, true},
    {"pi0_invisible", "BNL, pi0 -> gamma + invisible", "Atiya et al., PRL 69 (1992) 733", "invisible",
     LikelihoodForm::gaussian, cl_90, true},
    {"lsnd_dm", "LSND, pi0 -> gamma V, V -> chi chibar, chi e -> chi e", "arXiv:1107.4580, 1411.1055", "dm_beam",
     LikelihoodForm::zero_event_poisson, cl_90, true},
    {"e137_dm", "SLAC E137, V -> chi chibar, chi e -> chi e (grid and 2018 update, envelope)",
     "arXiv:1406.2698, 1807.05884", "dm_beam", LikelihoodForm::zero_event_poisson, cl_90, true},
    {"miniboone_dm", "MiniBooNE-DM 2018, chi N and chi e scattering (m_V = 3 m_chi slice)", "arXiv:1807.06137",
     "dm_beam", LikelihoodForm::gaussian, cl_90, true},
    {"direct_detection_nucleon",
     "spin-independent chi-nucleus scattering (LUX, XENON1T, PandaX-II, CRESST, DarkSide-50, CDMSlite, DEAP-3600; "
     "envelope)",
     "arXiv:1608.07648, 1805.12562, 1708.06917, 1904.00498, 1802.06994, 1902.04048, 1907.11485, 1907.12771",
     "direct_detection", LikelihoodForm::gaussian, cl_90, true},
    {"direct_detection_electron", "chi-electron scattering (XENON10, XENON100, SENSEI, SuperCDMS HVeV; envelope)",
     "arXiv:1703.00910, 1804.00088, 1804.10697", "direct_detection", LikelihoodForm::gaussian, cl_90, true},
    {"relic_density", "Planck 2018 Omega_c h^2 = 0.120 +- 0.001", "arXiv:1807.06209", "cosmology",
     LikelihoodForm::relic_gaussian, cl_95, true},
    {"cmb", "Planck 2018 CMB energy injection, p_ann < 3.2e-28 cm^3 s^-1 GeV^-1", "arXiv:1807.06209", "cosmology",
     LikelihoodForm::gaussian, cl_95, true},
    {"sidm_cluster", "Cluster collisions, sigma_T/m < 0.47 cm^2/g", "arXiv:1503.07675", "cosmology",
     LikelihoodForm::gaussian, cl_95, true},
    {"sidm_bullet_cluster", "Bullet Cluster, sigma_T/m < 1.25 cm^2/g", "arXiv:0704.0261", "cosmology",
     LikelihoodForm::gaussian, cl_68, true},
    {"z_gamma_x", "LEP, Z -> gamma X, X escaping (anomaly-enhanced longitudinal X)", "arXiv:1705.06726",
     "baryonic", LikelihoodForm::gaussian, cl_95, true},
    {"k_pi_x", "E949, K+ -> pi+ X, X escaping", "arXiv:0903.0030", "baryonic", LikelihoodForm::gaussian, cl_90,
     true},
    {"b_k_x", "BaBar, B+ -> K+ X, X escaping (anomaly-induced FCNC)", "arXiv:1303.7465, 1705.06726", "baryonic",
     LikelihoodForm::gaussian, cl_90, true},
    {"anomalon", "anomaly-cancelling fermions below the LEP/LHC reach (theory prior)", "arXiv:1705.06726",
     "baryonic", LikelihoodForm::hard_cut, cl_95, false},
    {"g_minus_2_e", "electron g-2 (alpha from Cs), 3 sigma exclusion", "arXiv:2102.07781", "g_minus_2",
     LikelihoodForm::gaussian, cl_3_sigma, true},
    {"g_minus_2_mu", "muon g-2, 5 sigma exclusion", "arXiv:2102.07781", "g_minus_2", LikelihoodForm::gaussian,
     cl_5_sigma, true},
    {"g_minus_2_mu_band", "muon g-2 preference, Delta a_mu = (2.79 +- 0.76)e-9 (2021 inputs, historical)",
     "arXiv:2102.07781", "g_minus_2", LikelihoodForm::preference, 0.6826894921370859, false},
    {"electroweak_precision", "electroweak precision fit (Z-V mixing)", "arXiv:1006.0973", "electroweak",
     LikelihoodForm::gaussian, cl_90, true},
    {"bfactory_dark_onium", "BaBar 6-lepton/pion search, e+e- -> gamma Upsilon_D, eta_D V (approximate)",
     "arXiv:1510.05020, 1202.1313", "bfactory", LikelihoodForm::gaussian, cl_90, false},
};

/// Mask with bit `term` set.
DS_HD constexpr std::uint64_t term_bit(int term)
{
    return std::uint64_t{1} << term;
}

/// The terms of `constraints = all`.
constexpr std::uint64_t default_constraint_terms()
{
    std::uint64_t mask = 0;
    for (int term = 0; term < constraint_term_count; ++term) {
        if (constraint_term_table[term].default_on) {
            mask |= term_bit(term);
        }
    }
    return mask;
}

}  // namespace darkscan
