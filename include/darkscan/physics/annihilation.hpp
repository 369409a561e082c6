// SPDX-License-Identifier: MIT
// Dirac chi chibar annihilation cross sections as functions of s with their full velocity dependence (input to
// the Gondolo-Gelmini thermal average), and their v -> 0 (s-wave) limits.
// Velocities (physics.md 1): v = beta_chi = sqrt(1 - 4 m_chi^2/s) is the speed of each particle in the CM frame;
// v_rel = 2 v is the Moller velocity in the CM frame, so sigma v_rel = 2 beta_chi sigma at every s.
// Functions return sigma v_rel [GeV^-2], finite at threshold; sigma_from_sigma_v_rel gives sigma.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/couplings.hpp"
#include "darkscan/physics/hadrons.hpp"
#include "darkscan/physics/thermal_average.hpp"
#include "darkscan/physics/widths.hpp"

namespace darkscan {

/// Width term of the s-channel V propagator 1 / (s - m_V^2 + i Im Pi).
enum class PropagatorWidth {
    running,  ///< Im Pi(s) = sqrt(s) Gamma_tot(sqrt s), every channel at its own threshold (physics.md 3.2)
    fixed,    ///< Im Pi = m_V Gamma_tot(m_V), the on-shell width at every s (hazma's choice; comparisons only)
};

/// Speed of each particle in the CM frame, beta = sqrt(1 - 4 m^2/s); zero at and below threshold.
/// s [GeV^2], m [GeV].
DS_HD inline double cm_speed(double s, double m)
{
    double const r = 4.0 * m * m / s;
    return r < 1.0 ? std::sqrt(1.0 - r) : 0.0;
}

/// sigma = sigma v_rel / (2 beta_chi) [GeV^-2], for s > 4 m_chi^2 (sigma diverges as 1/beta_chi at threshold
/// for an s-wave process; sigma v_rel does not).
DS_HD inline double sigma_from_sigma_v_rel(double s, double m_chi, double sigma_v_rel)
{
    return sigma_v_rel / (2.0 * cm_speed(s, m_chi));
}

/// Im Pi(s) [GeV^2] of the V propagator: sqrt(s) Gamma_tot(sqrt s) (running) or m_V Gamma_tot(m_V) (fixed).
/// The two agree on the pole, s = m_V^2.
DS_HD inline double propagator_im_pi(double s, DarkSectorParameters p, HadronTablesView hadron_tables,
                                     PropagatorWidth width)
{
    double const M = width == PropagatorWidth::running ? std::sqrt(s) : p.m_V;
    return M * total_width(M, p, hadron_tables);
}

/// sigma v_rel(chi chibar -> V* -> X) [GeV^-2] from the width Gamma_X(sqrt s) [GeV] of a vector of mass sqrt(s)
/// into X and the propagator's Im Pi [GeV^2]:
///   sigma v_rel = 2 g_D^2 (s + 2 m_chi^2) Gamma_X(sqrt s) / ( sqrt(s) [(s - m_V^2)^2 + Im Pi^2] ),
/// zero below threshold (s < 4 m_chi^2). For X = f fbar this is physics.md 3.2,
///   sigma = (g_D^2 g_f^2 N_c / (12 pi)) (beta_f/beta_chi) (s + 2 m_f^2)(s + 2 m_chi^2) / (s [...]);
/// the factorisation into Gamma_X(sqrt s) holds for any final state of a vector current (sum over X of
/// |<X|J|0>|^2), which makes the hadronic rate R(sqrt s) W times the massless mu+ mu- rate.
/// A closed or uncoupled channel (Gamma_X = 0) gives zero, also on a pole without width (s = m_V^2 with
/// Im Pi = 0, e.g. eps = 0 at m_V = 2 m_chi), where the formula would be 0/0.
DS_HD inline double sigma_v_rel_s_channel(double s, DarkSectorParameters p, double width_at_sqrt_s, double im_pi)
{
    if (s < 4.0 * p.m_chi * p.m_chi || width_at_sqrt_s == 0.0) {
        return 0.0;
    }
    double const g_D = dark_coupling(p);
    double const off_shell = s - p.m_V * p.m_V;
    return 2.0 * g_D * g_D * (s + 2.0 * p.m_chi * p.m_chi) * width_at_sqrt_s
           / (std::sqrt(s) * (off_shell * off_shell + im_pi * im_pi));
}

/// sigma v_rel(chi chibar -> V* -> f fbar) [GeV^-2] for a fermion of mass m_f [GeV], vector coupling g_f and
/// colour factor N_c; v -> 0: (g_D^2 g_f^2 N_c / (2 pi)) (2 m_chi^2 + m_f^2) sqrt(1 - m_f^2/m_chi^2) /
/// [(4 m_chi^2 - m_V^2)^2 + Im Pi^2] (physics.md 3.2; GAMBIT SubGeVDM_fermion sv_ff, arXiv:1707.03835 eq. 31).
DS_HD inline double sigma_v_rel_to_fermions(double s, DarkSectorParameters p, double g_f, double m_f, double N_c,
                                            double im_pi)
{
    return sigma_v_rel_s_channel(s, p, width_to_fermion_pair(std::sqrt(s), g_f, m_f, N_c), im_pi);
}

/// sigma v_rel(chi chibar -> V* -> l+ l-) [GeV^-2], g_l = -eps e, m_lepton [GeV].
DS_HD inline double sigma_v_rel_to_leptons(double s, DarkSectorParameters p, double m_lepton, double im_pi)
{
    return sigma_v_rel_s_channel(s, p, width_to_leptons(std::sqrt(s), p, m_lepton), im_pi);
}

/// sigma v_rel(chi chibar -> V* -> hadrons) [GeV^-2]: the hadronic width of hadrons.hpp at M = sqrt(s), i.e.
/// for g_X = 0, R(sqrt s) sigma v_rel(chi chibar -> mu+ mu-) with a massless muon (the normalisation of R);
/// zero below sqrt(s) = m_pi0.
DS_HD inline double sigma_v_rel_to_hadrons(double s, DarkSectorParameters p, HadronTablesView hadron_tables,
                                           double im_pi)
{
    return sigma_v_rel_s_channel(s, p, width_to_hadrons(std::sqrt(s), p, hadron_tables), im_pi);
}

/// sigma v_rel(chi chibar -> V V) [GeV^-2], t- and u-channel chi exchange, pure vector coupling g_D, massive V,
/// full s dependence:
///   sigma v_rel = (2 pi alpha_D^2 / s) beta_V [ C L / (2 a b) - 2 - 2 (m_V^2 + 2 m_chi^2)^2 / (a^2 - b^2) ],
///   a = s/2 - m_V^2,  b = (s/2) beta_chi beta_V,  L = ln((a + b)/(a - b)),  beta_V = sqrt(1 - 4 m_V^2/s),
///   C = s^2 + 4 m_chi^2 s + 4 m_V^4 - 8 m_V^2 m_chi^2 - 8 m_chi^4,  a^2 - b^2 = m_chi^2 s + m_V^2 (m_V^2 - 4 m_chi^2),
/// zero below threshold (s < 4 m_V^2 or s < 4 m_chi^2). Derived here: Dirac traces of the two diagrams with the
/// polarisation sum -g^{mu nu} (the k^mu k^nu / m_V^2 terms vanish by current conservation), integrated over t,
/// a factor 1/2 for identical vectors. For m_chi -> 0 it takes the form of e+e- -> ZZ with vector couplings,
/// [(s^2 + 4 m_V^4)/(s (s - 2 m_V^2))] ln((1 + beta_V)/(1 - beta_V)) - beta_V (Brown-Mikaelian, PRD 19 (1979) 922).
/// Checks (tests): m_V -> 0 gives Dirac's e+e- -> gamma gamma (Berestetskii-Lifshitz-Pitaevskii, QED, sec. 88);
/// v -> 0 gives (pi alpha_D^2/m_chi^2)(1 - r)^{3/2}/(1 - r/2)^2, r = m_V^2/m_chi^2 (physics.md 3.2,
/// Pospelov-Ritz-Voloshin arXiv:0711.4866).
DS_HD inline double sigma_v_rel_to_vv(double s, DarkSectorParameters p)
{
    double const m2 = p.m_chi * p.m_chi;
    double const mv2 = p.m_V * p.m_V;
    if (s < 4.0 * mv2 || s < 4.0 * m2) {
        return 0.0;
    }
    double const beta_v = cm_speed(s, p.m_V);
    double const a = 0.5 * s - mv2;
    double const b = 0.5 * s * cm_speed(s, p.m_chi) * beta_v;
    double const a2_minus_b2 = m2 * s + mv2 * (mv2 - 4.0 * m2);
    double const c = s * s + 4.0 * m2 * s + 4.0 * mv2 * mv2 - 8.0 * mv2 * m2 - 8.0 * m2 * m2;
    // L/(2b) = atanh(z)/(a z), z = b/a; the series 1 + z^2/3 is exact to double precision for z < 1e-4.
    double const z = b / a;
    double const log_over_2b = z < 1e-4 ? (1.0 + z * z / 3.0) / a
                                        : std::log1p(2.0 * b * (a + b) / a2_minus_b2) / (2.0 * b);
    double const mass_sum = mv2 + 2.0 * m2;
    double const bracket = c * log_over_2b / a - 2.0 - 2.0 * mass_sum * mass_sum / a2_minus_b2;
    return 2.0 * constants::pi * p.alpha_D * p.alpha_D / s * beta_v * bracket;
}

/// sigma v_rel [GeV^-2] per annihilation channel at one s; total() is the sum.
struct AnnihilationRates {
    double ee;
    double mumu;
    double tautau;
    double hadrons;
    double vv;

    DS_HD double total() const { return ee + mumu + tautau + hadrons + vv; }
};

/// Every annihilation channel at s [GeV^2], the s-channel ones with one propagator width prescription; the
/// V widths at sqrt(s) are computed once for the propagator and the final states.
DS_HD inline AnnihilationRates annihilation_sigma_v_rel(double s, DarkSectorParameters p,
                                                        HadronTablesView hadron_tables, PropagatorWidth width,
                                                        NarrowQuarkonia quarkonia = NarrowQuarkonia::included)
{
    double const sqrt_s = std::sqrt(s);
    VectorWidths const at_sqrt_s = vector_widths(sqrt_s, p, hadron_tables, quarkonia);
    double const im_pi = width == PropagatorWidth::running ? sqrt_s * at_sqrt_s.total()
                                                           : propagator_im_pi(s, p, hadron_tables, width);
    return {sigma_v_rel_s_channel(s, p, at_sqrt_s.ee, im_pi), sigma_v_rel_s_channel(s, p, at_sqrt_s.mumu, im_pi),
            sigma_v_rel_s_channel(s, p, at_sqrt_s.tautau, im_pi),
            sigma_v_rel_s_channel(s, p, at_sqrt_s.hadrons, im_pi), sigma_v_rel_to_vv(s, p)};
}

/// The chi chibar annihilation cross section sigma(s) [GeV^-2], all channels, running width, as the input of
/// thermal_average() and relic_abundance(). The narrow quarkonia are left out of sigma(s) and added by
/// narrow_poles_thermal_average() below; the V pole is resolved by the resonance-aware thermal average when
/// passed as relic_resonance().
struct ChiChibarAnnihilation {
    DarkSectorParameters p;
    HadronTablesView hadrons;
    /// Int sigma ds over each narrow quarkonium [GeV^-2 GeV^2], zero where closed (M_Q <= 2 m_chi): the area
    /// [sigma per unit R at s = M_Q^2] x narrow_quarkonium_r_integral, with the propagator and widths of the
    /// continuum at M_Q. Computed once per point; narrow_poles_thermal_average() uses it at every x.
    double quarkonium_area[narrow_quarkonium_count];

    DS_HD ChiChibarAnnihilation(DarkSectorParameters parameters, HadronTablesView hadron_tables)
        : p(parameters), hadrons(hadron_tables)
    {
        for (int i = 0; i < narrow_quarkonium_count; ++i) {
            NarrowQuarkonium const q = narrow_quarkonium(i);
            double const s = q.mass * q.mass;
            quarkonium_area[i] = 0.0;
            if (s > 4.0 * p.m_chi * p.m_chi) {
                double const im_pi = q.mass * vector_widths(q.mass, p, hadrons, NarrowQuarkonia::excluded).total();
                double const width_per_unit_r
                    = constants::alpha_em * q.mass / 3.0 * narrow_quarkonium_relative_coupling_squared(q, p);
                double const sigma_per_unit_r
                    = sigma_from_sigma_v_rel(s, p.m_chi, sigma_v_rel_s_channel(s, p, width_per_unit_r, im_pi));
                quarkonium_area[i] = sigma_per_unit_r * narrow_quarkonium_r_integral(q);
            }
        }
    }

    DS_HD DS_NOINLINE double operator()(double s) const
    {
        AnnihilationRates const rates
            = annihilation_sigma_v_rel(s, p, hadrons, PropagatorWidth::running, NarrowQuarkonia::excluded);
        return sigma_from_sigma_v_rel(s, p.m_chi, rates.total());
    }
};

/// Structure of ChiChibarAnnihilation that the thermal average must resolve besides the V pole: the omega and
/// phi peaks of the R ratio, the lepton-pair thresholds, and the V V threshold s = 4 m_V^2 (open in
/// the thermal tail for m_V > m_chi: a "forbidden" channel, Griest & Seckel, PRD 43 (1991) 3191).
DS_HD inline int cross_section_features(ChiChibarAnnihilation const& sigma, CrossSectionFeature* features)
{
    features[0] = {omega_mass, omega_width};
    features[1] = {phi_mass, phi_width};
    features[2] = {2.0 * constants::m_electron, 0.0};
    features[3] = {2.0 * constants::m_muon, 0.0};
    features[4] = {2.0 * constants::m_tau, 0.0};
    features[5] = {2.0 * sigma.p.m_V, 0.0};
    return 6;
}

/// The V pole of ChiChibarAnnihilation: m_V and the on-shell width with the same hadronic content as sigma(s).
DS_HD inline SChannelResonance relic_resonance(ChiChibarAnnihilation const& sigma)
{
    return {sigma.p.m_V, vector_widths(sigma.p.m_V, sigma.p, sigma.hadrons, NarrowQuarkonia::excluded).total()};
}

/// The narrow quarkonia (J/psi, psi(2S), Upsilon(1S-3S)) in chi chibar -> V* -> Q -> hadrons, thermally averaged
/// in the narrow-width approximation with the areas of ChiChibarAnnihilation::quarkonium_area; m = m_chi.
/// [GeV^-2]
DS_HD inline double narrow_poles_thermal_average(ChiChibarAnnihilation const& sigma, double m, double x)
{
    double sum = 0.0;
    for (int i = 0; i < narrow_quarkonium_count; ++i) {
        double const mass = narrow_quarkonium(i).mass;
        if (sigma.quarkonium_area[i] > 0.0 && x * (mass / m - 2.0) <= resonance_negligible_t) {
            sum += thermal_average_narrow_pole(mass * mass, sigma.quarkonium_area[i], m, x);
        }
    }
    return sum;
}

/// v -> 0 limit of sigma v_rel(chi chibar -> V V) [GeV^-2] (output sigmav_VV_cm3_s after conversion):
/// (pi alpha_D^2/m_chi^2)(1 - r)^{3/2}/(1 - r/2)^2 for m_V < m_chi, else zero.
DS_HD inline double sigma_v_rel_swave_vv(DarkSectorParameters p)
{
    return sigma_v_rel_to_vv(4.0 * p.m_chi * p.m_chi, p);
}

/// v -> 0 limit of sigma v_rel(chi chibar -> V* -> e+ e-) [GeV^-2] (output sigmav_ee_cm3_s after conversion),
/// the propagator width evaluated at s = 4 m_chi^2 (running prescription).
DS_HD inline double sigma_v_rel_swave_ee(DarkSectorParameters p, HadronTablesView hadron_tables)
{
    double const s = 4.0 * p.m_chi * p.m_chi;
    double const im_pi = propagator_im_pi(s, p, hadron_tables, PropagatorWidth::running);
    return sigma_v_rel_to_leptons(s, p, constants::m_electron, im_pi);
}

}  // namespace darkscan
