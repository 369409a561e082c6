// SPDX-License-Identifier: MIT
// Per-point constraint likelihoods: every published limit recast to the point (physics.md 4.1), turned into
// -2 Delta ln L per term (4.2) and combined (4.4). Limit data are device tables built on the host by
// host/constraint_tables.cpp; this header is the pure host/device part that every backend runs.
#pragma once

#include <cmath>
#include <cstdint>

#include "darkscan/constraint_terms.hpp"
#include "darkscan/macros.hpp"
#include "darkscan/physics/baryonic_rates.hpp"
#include "darkscan/physics/bfactory_onium.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/cmb_energy_injection.hpp"
#include "darkscan/physics/couplings.hpp"
#include "darkscan/physics/direct_detection.hpp"
#include "darkscan/physics/kinematics.hpp"
#include "darkscan/physics/lepton_g2.hpp"
#include "darkscan/physics/likelihood.hpp"
#include "darkscan/physics/production.hpp"
#include "darkscan/physics/recast.hpp"
#include "darkscan/physics/table.hpp"
#include "darkscan/physics/widths.hpp"

namespace darkscan {

/// How a limit file is recast (physics.md 4.1, classes 1-9).
enum class LimitKind : int {
    prompt_visible,    ///< lower limit on eps of a bump hunt; BR into the selected decays; prompt decay window
    displaced_dump,    ///< beam-dump contour (lower, upper); decays inside the window [t0, L t0]
    rvalue_grid,       ///< r(m, g) of a displaced search (r < 1 excluded), read at the dark photon of equal lifetime
    invisible,         ///< lower limit on eps of a missing-energy search, BR(V -> chi chibar) relative to the file's
    coupling_limit,    ///< upper limit on the effective coupling of a production mechanism, independent of decays
    g_X_limit,         ///< upper limit on g_X
    dm_beam_grid,      ///< upper limit on eps^4 alpha_D (dark matter produced and scattered) over (m_V, m_chi)
    dm_beam_slice,     ///< upper limit on Y(m_chi) on one (m_V/m_chi, alpha_D) slice
    observable_limit,  ///< upper limit on an observable darkscan computes (a curve against m_V, or a constant)
    direct_detection_nucleon,   ///< upper limit on the per-nucleon SI cross section [cm^2] against m_chi, one target
    direct_detection_electron,  ///< upper limit on sigma_e-bar [cm^2] against m_chi
};

/// Observables computed per point that limits apply to directly (ConstraintInputs::observable).
enum ConstraintObservable : int {
    observable_br_Z_gamma_X_escaping = 0,  ///< BR(Z -> gamma X) x P(X unseen)
    observable_br_K_pi_X_escaping,         ///< BR(K+ -> pi+ X) x P(X unseen)
    observable_br_B_K_X_escaping,          ///< BR(B+ -> K+ X) x P(X unseen)
    observable_bfactory_eta_D_V,           ///< sigma(e+e- -> eta_D V -> 3 V, each V -> charged pairs) [GeV^-2]
    observable_p_ann,                      ///< CMB annihilation parameter [cm^3 s^-1 GeV^-1], relic fraction^2 applied
    observable_sigmaT_over_m_cluster,      ///< sigma_T/m_chi of the chi/chibar population at the cluster velocity
    observable_sigmaT_over_m_bullet,       ///< the same at the Bullet Cluster's collision velocity
    observable_count
};

/// Decays a search selects (bit mask).
enum DecayChannel : unsigned {
    decay_ee = 1u << 0,
    decay_mumu = 1u << 1,
    decay_pipi = 1u << 2,
};

/// Upper proper decay time t1 of a prompt search, from the experiment's geometry (DarkCast v1.2 limit
/// descriptors, arXiv:1801.04847 section 2.3; distances in the V rest frame through its boost):
enum class PromptWindow : int {
    unlimited,          ///< no lifetime requirement (t1 = infinity)
    kloe_phi_to_gamma,  ///< KLOE, e+e- -> gamma V at the phi: 8 cm / (gamma c), gamma = (m_phi^2 + m^2)/(2 m_phi m)
    kloe_phi_to_eta,    ///< KLOE, phi -> eta V: 8 cm / (gamma c), gamma = (m_phi^2 + m^2 - m_eta^2)/(2 m_phi m)
    na48_2,             ///< NA48/2: 1 m at gamma = 50 GeV / m
    lhcb,               ///< LHCb prompt: (0.004 GeV / (m - 2 m_mu) + 0.1) ps
    cms,                ///< CMS scouting: none below 45 GeV, 5 ps to 130 GeV, then (-36.6 + 0.312 m/GeV) ps
};

/// Production of the LHCb and CMS searches: DarkCast's mixtures of mechanisms from the experiments' simulation.
enum ProductionMixture : int { mixture_lhcb = 0, mixture_cms, production_mixture_count };

/// One limit file, recast: the device form of what host/constraint_tables.cpp loads. Curves are ln-ln.
struct LimitComponent {
    int term = 0;  ///< ConstraintTerm this file belongs to; a term's mu is the largest of its files' (envelope)
    LimitKind kind = LimitKind::prompt_visible;
    ProductionMechanism production = ProductionMechanism::e_brem;
    int production_mixture = -1;           ///< ProductionMixture in place of `production`, or -1
    unsigned channels = 0;                 ///< DecayChannel mask selected by a visible search
    bool reference_leptons_only = false;   ///< the file's dark photon decays to e+e-, mu+mu- only (KLOE phi -> eta)
    PromptWindow window = PromptWindow::unlimited;
    double length_ratio = 1.0;             ///< beam dumps: 1 + L_decay / L_shield
    double reference_invisible = 0.99;     ///< BR(V -> invisible) the invisible limit assumed
    CurveView limit;                       ///< ln of the lower (or upper) limit against ln m [GeV]
    CurveView upper;                       ///< beam dumps: ln of the upper edge of the contour
    CurveView window_start;                ///< beam dumps: ln t0 [GeV^-1] (solve_dump_window at each node)
    ColumnGridView grid;                   ///< r-value grid (ln r over ln m, ln g) or DM-beam grid (ln UL over
                                           ///< ln m_V, ln m_chi)
    double slice_mass_ratio = 0.0;         ///< dm_beam_slice: the curve's m_V / m_chi
    double slice_alpha_D = 0.0;            ///< dm_beam_slice: the curve's alpha_D
    bool slice_needs_g_X_zero = false;     ///< dm_beam_slice: detection through nucleons, valid for g_X = 0 only
    int observable = 0;                    ///< observable_limit: which ConstraintObservable
    double constant_limit = 0.0;           ///< observable_limit without a curve: the upper limit
    DirectDetectionTarget target = DirectDetectionTarget::xenon;  ///< direct_detection_nucleon
};

/// Device view of every loaded limit and of each term's likelihood parameters.
struct ConstraintTablesView {
    LimitComponent const* components = nullptr;
    int component_count = 0;
    std::uint64_t terms = 0;  ///< ConstraintTerm bits evaluated
    LikelihoodForm form[constraint_term_count] = {};
    /// z of the Gaussian form or s_UL of the Poisson form at each term's CL.
    double likelihood_parameter[constraint_term_count] = {};
    /// chi^2 above which relic_density excludes at its CL: two-sided [0] (Gaussian), one-sided [1] (upper_bound).
    double relic_exclusion_chi2[2] = {};
    ProductionMixtureView mixtures[production_mixture_count] = {};
    CmbTablesView cmb;  ///< f_eff tables (empty unless the cmb term is active)
};

/// How the relic density enters (option relic-likelihood).
enum class RelicLikelihood : int { gaussian = 0, upper_bound = 1 };

/// Per-scan constraint options (passed by value to the kernels).
struct ConstraintSettings {
    RelicLikelihood relic = RelicLikelihood::gaussian;
    double relic_theory_error = 0.05;  ///< relative theory error of Omega h^2
    /// Scale direct-detection signals by f = min(1, Omega h^2 / 0.120) and the CMB's by f^2 (chi a fraction of the
    /// dark matter; physics.md 4.2); beam and collider signals are unchanged.
    bool relic_fraction_scaling = false;
};

/// What the constraints need from the rest of the point's evaluation.
struct ConstraintInputs {
    DarkSectorParameters p;
    VectorWidths widths;            ///< V on shell
    double width_pi_pi;             ///< V -> pi+ pi- [GeV]
    VectorWidths unit_dark_photon;  ///< the eps = 1 dark photon of mass m_V (every published limit's reference)
    double unit_dark_photon_pi_pi;
    double omega_h2;                ///< NaN when the relic block is off
    double relic_fraction;          ///< direct-detection signal factor (1 without relic-fraction scaling)
    double delta_a_mu;              ///< the point's contribution to the muon anomalous magnetic moment
    double observable[observable_count];  ///< ConstraintObservable values
};

/// Size of the detectors around a decay at rest or a collision point, for the probability that a visibly
/// decaying X escapes them before decaying (E949's range stack, BaBar, the LEP detectors: of order 1.5 m;
/// an approximation, stated in the README).
inline constexpr double escape_detector_radius_cm = 150.0;

/// Probability that V of mass m [GeV] and momentum p [GeV] is not seen: an invisible decay, or a visible one
/// beyond `radius_cm`: BR_inv + (1 - BR_inv) exp(-radius / (beta gamma c tau)).
DS_HD inline double escape_probability(VectorWidths const& widths, double m, double p, double radius_cm)
{
    double const total = widths.total();
    if (!(total > 0.0)) {
        return 1.0;
    }
    double const invisible = widths.invisible / total;
    double const decay_length_cm = p / m * constants::hbar_c_GeV_cm / total;
    return invisible + (1.0 - invisible) * std::exp(-radius_cm / decay_length_cm);
}

/// The per-point rates and observables of the constraint terms (also written as outputs).
struct ConstraintRates {
    double br_Z_gamma_X;
    double br_K_pi_X;
    double br_B_K_X;
    double sigma_eta_D_V;        ///< sigma(e+e- -> eta_D V) at BaBar [GeV^-2]; 0 unbound, NaN if not computed
    double sigma_gamma_upsilon_D; ///< sigma(e+e- -> gamma Upsilon_D) in BaBar's photon acceptance [GeV^-2]
    double sigma_nucleon_xenon;  ///< per-nucleon SI cross section on xenon [GeV^-2] (its reference momentum)
    double sigma_electron;       ///< sigma_e-bar [GeV^-2]
    double delta_a_e;
    double delta_a_mu;
    double p_ann;                ///< [cm^3 s^-1 GeV^-1], NaN without the recombination Sommerfeld factor
    double sigmaT_over_m_cluster;  ///< [cm^2/g], NaN when not computed
    double sigmaT_over_m_bullet;   ///< [cm^2/g] at the Bullet Cluster's velocity, NaN when not computed
};

/// What the rates need from the point's other blocks: |psi_1s(0)|^2 [GeV^3] (0 unbound), S_s and S_p at
/// recombination, sigma_T/m at the cluster and Bullet Cluster velocities [cm^2/g]; NaN when their block is off.
struct ConstraintBlockInputs {
    double psi0_sq = NAN;
    double sommerfeld_s_recombination = NAN;
    double sommerfeld_p_recombination = NAN;
    double sigmaT_over_m_cluster = NAN;
    double sigmaT_over_m_bullet = NAN;
};

/// BR(Z -> gamma X), BR(K+ -> pi+ X), BR(B+ -> K+ X) (baryonic_rates.hpp; X = V, long-distance sign "plus": the
/// smaller K -> pi X rate), the B-factory onium cross sections (Dirac only), the direct-detection cross sections
/// (times spin_independent_factor of the type), Delta a_e,mu and the CMB annihilation parameter from `sigma_v0`, the
/// sigma v per channel at recombination (present_day_sigma_v_rel; Dirac: the s-wave threshold value) times the
/// recombination Sommerfeld factor of each partial wave (Dirac: S_s; complex scalar: S_p for the p-wave s-channel,
/// S_s for V V; Majorana and pseudo-Dirac: 1), with f_eff from `cmb` (lower bound where a channel has none) and the
/// type's 1/(2 m_chi) or 1/m_chi.
DS_HD inline ConstraintRates constraint_rates(DarkSectorParameters const& p, BranchingRatios const& branching,
                                             AnnihilationRates const& sigma_v0, CmbTablesView const& cmb,
                                             ConstraintBlockInputs const& blocks)
{
    ConstraintRates rates;
    double const psi0_sq = blocks.psi0_sq;
    TargetNucleus const xenon = target_nucleus(DirectDetectionTarget::xenon);
    rates.sigma_nucleon_xenon
        = spin_independent_factor(dark_matter_scattering(p, xenon.mass))
          * sigma_nucleon_si_effective(p, xenon,
                                       reference_momentum_transfer(xenon, p.m_chi, xenon.recoil_energy_reference));
    rates.sigma_electron = spin_independent_factor(dark_matter_scattering(p, 0.0)) * sigma_electron_reference(p);
    rates.delta_a_e = delta_a_electron(p);
    rates.delta_a_mu = delta_a_muon(p);
    rates.sigmaT_over_m_cluster = blocks.sigmaT_over_m_cluster;
    rates.sigmaT_over_m_bullet = blocks.sigmaT_over_m_bullet;
    rates.p_ann = NAN;
    if (!std::isnan(blocks.sommerfeld_s_recombination) && cmb.electron.size > 1) {
        // Dirac: every channel s-wave, one common S_s; otherwise S per partial wave inside the rates.
        bool const common = p.dark_matter.type == DarkMatterType::dirac;
        double const s_wave = common ? 1.0 : blocks.sommerfeld_s_recombination;
        double const p_wave = p.dark_matter.type == DarkMatterType::complex_scalar ? blocks.sommerfeld_p_recombination
                                                                                   : s_wave;
        AnnihilationRates const enhanced
            = common ? sigma_v0
                     : AnnihilationRates{sigma_v0.ee * p_wave, sigma_v0.mumu * p_wave, sigma_v0.tautau * p_wave,
                                         sigma_v0.hadrons * p_wave, sigma_v0.vv * s_wave};
        CmbEnergyDeposition const deposition = cmb_energy_deposition(cmb, enhanced, branching, p.m_chi, p.m_V);
        double const factor = common ? blocks.sommerfeld_s_recombination : 1.0;
        rates.p_ann = p_ann_cm3_per_s_per_GeV(deposition.f_eff, factor * enhanced.total(), p.m_chi, p.dark_matter.type);
    }
    rates.br_Z_gamma_X = p.m_V < constants::m_Z ? branching_Z_to_gamma_X(p.m_V, p.g_X) : 0.0;
    rates.br_K_pi_X = p.m_V < constants::m_K_charged - constants::m_pi_charged ? branching_K_to_pi_X(p) : 0.0;
    rates.br_B_K_X = p.m_V < constants::m_B_charged - constants::m_K_charged ? branching_B_to_K_X(p) : 0.0;
    double const s = b_factory_sqrt_s * b_factory_sqrt_s;
    bool const bound = psi0_sq > 0.0;
    bool const onium = !std::isnan(psi0_sq) && p.dark_matter.type == DarkMatterType::dirac;  // the Dirac onium only
    rates.sigma_eta_D_V = !onium ? NAN : bound ? sigma_ee_to_eta_D_V(s, p, psi0_sq) : 0.0;
    rates.sigma_gamma_upsilon_D
        = !onium ? NAN : bound ? sigma_ee_to_gamma_upsilon_D(s, p, psi0_sq, babar_photon_acceptance()) : 0.0;
    return rates;
}

/// The inputs of a point whose V has on-shell `widths`; `omega_h2` NaN when not computed.
DS_HD inline ConstraintInputs constraint_inputs(DarkSectorParameters const& p, VectorWidths const& widths,
                                                HadronTablesView hadrons, double omega_h2,
                                                ConstraintRates const& rates, ConstraintSettings const& settings)
{
    ConstraintInputs inputs;
    double const fraction = omega_h2 / planck_omega_h2;
    inputs.relic_fraction = settings.relic_fraction_scaling && fraction < 1.0 ? fraction : 1.0;
    inputs.observable[observable_p_ann] = rates.p_ann * inputs.relic_fraction * inputs.relic_fraction;
    inputs.observable[observable_sigmaT_over_m_cluster] = rates.sigmaT_over_m_cluster;
    inputs.observable[observable_sigmaT_over_m_bullet] = rates.sigmaT_over_m_bullet;
    inputs.delta_a_mu = rates.delta_a_mu;
    inputs.p = p;
    inputs.widths = widths;
    inputs.width_pi_pi = width_to_pi_pi(p.m_V, p, hadrons);
    DarkSectorParameters const unit_dark_photon{p.m_V, p.m_chi, 1.0, 0.0, 0.0};
    inputs.unit_dark_photon = vector_widths(p.m_V, unit_dark_photon, hadrons);
    inputs.unit_dark_photon_pi_pi = width_to_pi_pi(p.m_V, unit_dark_photon, hadrons);
    inputs.omega_h2 = omega_h2;
    double const m = p.m_V;
    inputs.observable[observable_br_Z_gamma_X_escaping]
        = rates.br_Z_gamma_X
          * escape_probability(widths, m, two_body_momentum(constants::m_Z, m, 0.0), escape_detector_radius_cm);
    inputs.observable[observable_br_K_pi_X_escaping]
        = rates.br_K_pi_X
          * escape_probability(widths, m, two_body_momentum(constants::m_K_charged, m, constants::m_pi_charged),
                               escape_detector_radius_cm);
    inputs.observable[observable_br_B_K_X_escaping]
        = rates.br_B_K_X
          * escape_probability(widths, m, two_body_momentum(constants::m_B_charged, m, constants::m_K_charged),
                               escape_detector_radius_cm);
    // eta_D -> V V (branching ratio ~1 where open), then each of the three V to the e, mu or pion pairs BaBar
    // selected; the hadronic width stands in for pi+ pi- (dominant where the search looked, 0.25-3 GeV).
    double const total = widths.total();
    double const charged = total > 0.0 ? (widths.ee + widths.mumu + widths.hadrons) / total : 0.0;
    bool const searched = babar_dark_higgsstrahlung_sigma_upper_limit(p.m_chi, p.m_V) < HUGE_VAL;
    inputs.observable[observable_bfactory_eta_D_V]
        = p.m_V < p.m_chi && searched ? rates.sigma_eta_D_V * charged * charged * charged : 0.0;
    return inputs;
}

/// The inputs of a point from its V widths alone (no relic, Sommerfeld, bound-state or SIDM results, no CMB
/// tables: those terms have no signal).
DS_HD inline ConstraintInputs constraint_inputs(DarkSectorParameters const& p, VectorWidths const& widths,
                                                HadronTablesView hadrons, double omega_h2)
{
    AnnihilationRates const none{0.0, 0.0, 0.0, 0.0, 0.0};
    return constraint_inputs(p, widths, hadrons, omega_h2,
                             constraint_rates(p, branching_ratios(widths), none, CmbTablesView{}, ConstraintBlockInputs{}),
                             ConstraintSettings{});
}

/// Per-term results of one point.
struct ConstraintResult {
    double chi2[constraint_term_count];
    double chi2_total;
    std::uint64_t excluded_by;    ///< terms whose signal exceeds their published limit (mu > 1)
    std::uint64_t not_applicable; ///< terms that cannot be evaluated at this point (a slice curve off its slice)
};

namespace constraint_detail {

/// Proper time [GeV^-1] of a duration in seconds: t / hbar.
DS_HD inline double natural_time(double seconds)
{
    return seconds / constants::hbar_GeV_s;
}

DS_HD inline double prompt_window_t1(PromptWindow window, double m)
{
    constexpr double c_m_per_s = constants::c_cm_per_s * 1e-2;
    double const m_phi = 1.019461;
    switch (window) {
    case PromptWindow::unlimited:
        return INFINITY;
    case PromptWindow::kloe_phi_to_gamma:
        return natural_time(0.08 / ((m_phi * m_phi + m * m) / (2.0 * m_phi * m) * c_m_per_s));
    case PromptWindow::kloe_phi_to_eta:
        return natural_time(
            0.08 / ((m_phi * m_phi + m * m - constants::m_eta * constants::m_eta) / (2.0 * m_phi * m) * c_m_per_s));
    case PromptWindow::na48_2:
        return natural_time(1.0 / (50.0 / m * c_m_per_s));
    case PromptWindow::lhcb:
        return natural_time((0.004 / (m - 2.0 * constants::m_muon) + 0.1) * 1e-12);
    case PromptWindow::cms:
        return m < 45.0 ? INFINITY : natural_time(m < 130.0 ? 5e-12 : -3.66e-11 + 3.12e-13 * m);
    }
    return INFINITY;
}

/// Sum of the selected partial widths.
DS_HD inline double selected_width(unsigned channels, VectorWidths const& widths, double width_pi_pi)
{
    return ((channels & decay_ee) ? widths.ee : 0.0) + ((channels & decay_mumu) ? widths.mumu : 0.0)
           + ((channels & decay_pipi) ? width_pi_pi : 0.0);
}

/// sigma(point) / sigma(eps = 1 dark photon) of the file's production.
DS_HD inline double production(LimitComponent const& c, ConstraintTablesView const& tables, double m,
                               DarkSectorParameters const& p)
{
    return c.production_mixture >= 0 ? production_ratio(tables.mixtures[c.production_mixture], m, p)
                                     : production_ratio(c.production, m, p);
}

/// Signal strength of one file at the point; 0 where the file gives no bound, NaN where it does not apply.
DS_HD inline double signal_strength(LimitComponent const& c, ConstraintInputs const& in,
                                    ConstraintTablesView const& tables)
{
    DarkSectorParameters const& p = in.p;
    double const m = p.m_V;
    double const ln_m = std::log(m);
    double const width = in.widths.total();
    double const unit_visible = in.unit_dark_photon.total();
    switch (c.kind) {
    case LimitKind::prompt_visible:
    case LimitKind::displaced_dump: {
        double const g_lower = std::exp(interpolate_curve(c.limit, ln_m));
        double const selected = selected_width(c.channels, in.widths, in.width_pi_pi);
        if (!(g_lower > 0.0) || !(selected > 0.0)) {
            return 0.0;
        }
        double const reference_total = c.reference_leptons_only
                                           ? in.unit_dark_photon.ee + in.unit_dark_photon.mumu
                                           : unit_visible;
        double const reference_branching
            = selected_width(c.channels, in.unit_dark_photon, in.unit_dark_photon_pi_pi) / reference_total;
        double const produced = production(c, tables, m, p);
        if (c.kind == LimitKind::prompt_visible) {
            return prompt_signal_strength(produced, selected / width, width, g_lower, reference_branching,
                                          reference_total, prompt_window_t1(c.window, m));
        }
        double const t0 = std::exp(interpolate_curve(c.window_start, ln_m));
        if (!(t0 > 0.0)) {
            return 0.0;
        }
        return dump_signal_strength(produced, selected / width, width, g_lower, reference_branching,
                                    reference_total, t0, c.length_ratio);
    }
    case LimitKind::rvalue_grid: {
        // The dark photon with the point's lifetime, g^2 = Gamma / Gamma_1, has the same decay-time acceptance.
        double const selected = selected_width(c.channels, in.widths, in.width_pi_pi);
        if (!(selected > 0.0)) {
            return 0.0;
        }
        double const g2 = width / unit_visible;
        double const r = std::exp(interpolate_column_grid(c.grid, ln_m, 0.5 * std::log(g2)));
        if (!(r > 0.0)) {
            return 0.0;
        }
        double const reference_branching
            = selected_width(c.channels, in.unit_dark_photon, in.unit_dark_photon_pi_pi) / unit_visible;
        return production(c, tables, m, p) * (selected / width) / (g2 * reference_branching) / r;
    }
    case LimitKind::invisible: {
        double const g_lower = std::exp(interpolate_curve(c.limit, ln_m));
        if (!(g_lower > 0.0) || !(width > 0.0)) {
            return 0.0;
        }
        return production(c, tables, m, p) / (g_lower * g_lower) * (in.widths.invisible / width)
               / c.reference_invisible;
    }
    case LimitKind::coupling_limit: {
        double const g_upper = std::exp(interpolate_curve(c.limit, ln_m));
        return g_upper > 0.0 ? production(c, tables, m, p) / (g_upper * g_upper) : 0.0;
    }
    case LimitKind::g_X_limit: {
        double const g_upper = std::exp(interpolate_curve(c.limit, ln_m));
        return g_upper > 0.0 ? (p.g_X / g_upper) * (p.g_X / g_upper) : 0.0;
    }
    case LimitKind::dm_beam_grid:
    case LimitKind::dm_beam_slice: {
        // Produced on shell (eps^2 x production ratio, then BR(V -> chi chibar)), detected by scattering on
        // electrons (eps^2 alpha_D): yield ~ P eps^2 alpha_D BR_inv (physics.md 4.1 item 5). The limits assume
        // elastic scattering of a Dirac or complex-scalar chi; a Majorana chi scatters through its axial current,
        // which at the beams' energies (E >> m_chi) gives the vector current's rate up to O(m_chi^2/E^2), and its
        // production is in BR_inv. The pseudo-Dirac chi_1 up-scatters to chi_2 (a threshold, and chi_2 -> chi_1 e+e-
        // decays as a second signal): not recast, not applicable.
        if (p.dark_matter.type == DarkMatterType::pseudo_dirac) {
            return NAN;
        }
        double limit = NAN;
        if (c.kind == LimitKind::dm_beam_grid) {
            limit = std::exp(interpolate_column_grid(c.grid, ln_m, std::log(p.m_chi)));
        } else {
            double const ratio = p.m_V / p.m_chi;
            if (std::fabs(ratio - c.slice_mass_ratio) > 1e-6 * c.slice_mass_ratio
                || (c.slice_needs_g_X_zero && p.g_X != 0.0)) {
                return NAN;
            }
            // Y = eps^2 alpha_D (m_chi/m_V)^4, so eps^4 alpha_D = Y^2 (m_V/m_chi)^8 / alpha_D at the curve's
            // alpha_D.
            double const y_upper = std::exp(interpolate_curve(c.limit, std::log(p.m_chi)));
            double const r4 = c.slice_mass_ratio * c.slice_mass_ratio * c.slice_mass_ratio * c.slice_mass_ratio;
            limit = y_upper * y_upper * r4 * r4 / c.slice_alpha_D;
        }
        if (!(limit > 0.0) || !(width > 0.0)) {
            return 0.0;
        }
        return production(c, tables, m, p) * p.epsilon * p.epsilon * p.alpha_D
               * (in.widths.invisible / width) / limit;
    }
    case LimitKind::observable_limit: {
        double const value = in.observable[c.observable];
        double const upper_limit
            = c.limit.size > 0 ? std::exp(interpolate_curve(c.limit, ln_m)) : c.constant_limit;
        if (std::isnan(value)) {
            return NAN;
        }
        return upper_limit > 0.0 ? value / upper_limit : 0.0;
    }
    case LimitKind::direct_detection_nucleon:
    case LimitKind::direct_detection_electron: {
        // Published limits assume elastic spin-independent scattering: not applicable to the velocity-suppressed
        // Majorana rate nor to pseudo-Dirac up-scattering; no signal where the splitting closes it.
        bool const electron = c.kind == LimitKind::direct_detection_electron;
        ScatteringRegime const regime
            = dark_matter_scattering(p, electron ? 0.0 : target_nucleus(c.target).mass);
        if (regime == ScatteringRegime::suppressed || regime == ScatteringRegime::inelastic) {
            return NAN;
        }
        if (regime == ScatteringRegime::closed) {
            return 0.0;
        }
        double const upper_limit = std::exp(interpolate_curve(c.limit, std::log(p.m_chi)));
        if (!(upper_limit > 0.0)) {
            return 0.0;
        }
        double sigma = 0.0;
        if (electron) {
            sigma = sigma_electron_reference(p);
        } else {
            TargetNucleus const target = target_nucleus(c.target);
            sigma = sigma_nucleon_si_effective(
                p, target, reference_momentum_transfer(target, p.m_chi, target.recoil_energy_reference));
        }
        return sigma * constants::GeV_m2_to_cm2 * in.relic_fraction / upper_limit;
    }
    }
    return 0.0;
}

}  // namespace constraint_detail

/// The muon g-2 discrepancy of 2021 the preference term uses: Delta a_mu = a_mu(exp) - a_mu(SM) =
/// (2.79 +- 0.76) x 1e-9, BNL E821 against the 2020 Standard-Model white paper (Aoyama et al., arXiv:2006.04822,
/// eq. (8.15); DarkCast's AMMmu_Bodas2021fsy_2l/_2u band, arXiv:2102.07781 eq. (1)). Later lattice-QCD results for
/// the hadronic vacuum polarisation remove most of it: a historical preference, off by default.
inline constexpr double muon_g2_band_center = 2.79e-9;
inline constexpr double muon_g2_band_sigma = 0.76e-9;

/// Preference of the point's Delta a_mu for the band, relative to no signal (negative where favoured):
///   ((Delta a_mu - c)/sigma)^2 - (c/sigma)^2.
DS_HD inline double muon_g2_band_chi2(double delta_a_mu)
{
    double const pull = (delta_a_mu - muon_g2_band_center) / muon_g2_band_sigma;
    double const none = muon_g2_band_center / muon_g2_band_sigma;
    return pull * pull - none * none;
}

/// -2 Delta ln L of a term with signal strength mu (its form and parameter from the tables).
DS_HD inline double term_chi2(ConstraintTablesView const& tables, int term, double mu)
{
    switch (tables.form[term]) {
    case LikelihoodForm::hard_cut:
        return mu > 1.0 ? hard_cut_chi2 : 0.0;
    case LikelihoodForm::zero_event_poisson:
        return zero_event_poisson_chi2(mu, tables.likelihood_parameter[term]);
    case LikelihoodForm::gaussian:
        return gaussian_chi2(mu, tables.likelihood_parameter[term]);
    default:
        return NAN;  // relic and preference terms have their own formulas
    }
}

/// Every active term at one point. A term's signal strength is the largest over its files (envelope of
/// overlapping analyses, physics.md 4.4); chi2_total sums the terms, which are independent data sets.
DS_HD inline ConstraintResult evaluate_constraints(ConstraintInputs const& in, ConstraintTablesView const& tables,
                                                   ConstraintSettings const& settings)
{
    ConstraintResult result;
    double mu[constraint_term_count];
    std::uint64_t applicable = 0;
    for (int term = 0; term < constraint_term_count; ++term) {
        mu[term] = 0.0;
        result.chi2[term] = NAN;
    }
    for (int k = 0; k < tables.component_count; ++k) {
        LimitComponent const& component = tables.components[k];
        if ((tables.terms & term_bit(component.term)) == 0) {
            continue;
        }
        double const strength = constraint_detail::signal_strength(component, in, tables);
        if (!std::isnan(strength)) {
            applicable |= term_bit(component.term);
            mu[component.term] = std::fmax(mu[component.term], strength);
        }
    }
    result.excluded_by = 0;
    result.not_applicable = 0;
    result.chi2_total = 0.0;
    for (int term = 0; term < constraint_term_count; ++term) {
        if ((tables.terms & term_bit(term)) == 0) {
            continue;
        }
        double chi2 = 0.0;
        if (term == term_relic_density && !majorana_vector_pair_modelled(in.p)) {
            result.not_applicable |= term_bit(term);  // no relic computed (outputs not_modelled)
        } else if (term == term_relic_density) {
            chi2 = relic_density_chi2(in.omega_h2, settings.relic_theory_error,
                                      settings.relic == RelicLikelihood::upper_bound);
            if (chi2 > tables.relic_exclusion_chi2[settings.relic == RelicLikelihood::upper_bound ? 1 : 0]) {
                result.excluded_by |= term_bit(term);
            }
        } else if (term == term_g_minus_2_mu_band) {
            chi2 = muon_g2_band_chi2(in.delta_a_mu);
        } else if ((applicable & term_bit(term)) == 0) {
            result.not_applicable |= term_bit(term);
        } else {
            chi2 = term_chi2(tables, term, mu[term]);
            if (mu[term] > 1.0) {
                result.excluded_by |= term_bit(term);
            }
        }
        result.chi2[term] = chi2;
        result.chi2_total += chi2;
    }
    return result;
}

}  // namespace darkscan
