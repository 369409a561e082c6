// SPDX-License-Identifier: MIT
// Dark-matter annihilation cross sections as functions of s with their full velocity dependence (input to
// the Gondolo-Gelmini thermal average), and their v -> 0 limits, for each DarkMatterType: the annihilating pair is
// chi chibar (Dirac), chi chi^* (complex scalar), chi chi (Majorana) or chi_1 chi_2 (pseudo-Dirac, coannihilation).
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

/// Spin-averaged dark current of the annihilating pair contracted with the projector of a conserved final
/// current, J = (1/n_spin) sum |<0|J_chi^mu|pair>|^2 (-g_mu nu + q_mu q_nu / s) [GeV^2], with m = pair_mass(p),
/// s [GeV^2] and s - 4 m^2 (passed separately: near threshold it cannot be formed from s without cancellation):
///   Dirac:          s + 2 m^2                       (tr[(p2 - m) gamma^mu (p1 + m) gamma^nu]: s-wave)
///   complex scalar: s - 4 m^2                       (J^mu = (p1 - p2)^mu, no spin sum: p-wave)
///   Majorana:       s - 4 m^2                       (axial current: 4 (s - 6 m^2) from -g, + 8 m^2 from q q/s, since
///                                                   q.J_A = 2 m chibar gamma^5 chi; p-wave, helicity-suppressed)
///   pseudo-Dirac:   (s + 2 mbar^2)(1 - Delta^2/s)^{3/2}, mbar = (m_1 + m_2)/2, Delta = m_2 - m_1 (the off-diagonal
///                   vector current with both masses, 4 (s + 2 mbar^2)(1 - Delta^2/s), and the flux and phase-space
///                   factor sqrt(lambda(s, m_1^2, m_2^2)) = s beta(mbar) (1 - Delta^2/s)^{1/2} written in the
///                   equal-mass form of mass mbar).
/// Derived here; v -> 0 of the scalar form reproduces physics.md 3.2 (end), the complex-scalar p-wave
/// (8 pi/3) alpha alpha_D eps^2 v_rel^2 (m_chi^2 + m_f^2/2) sqrt(1 - m_f^2/m_chi^2) / [...], as GAMBIT.
DS_HD inline double dark_current_factor(double s, double s_minus_threshold, DarkSectorParameters p)
{
    switch (p.dark_matter.type) {
    case DarkMatterType::dirac:
        break;
    case DarkMatterType::complex_scalar:
    case DarkMatterType::majorana:
        return s_minus_threshold;
    case DarkMatterType::pseudo_dirac: {
        double const m = pair_mass(p);
        double const delta = partner_mass(p) - p.m_chi;
        double const off_diagonal = 1.0 - delta * delta / s;
        return (s + 2.0 * m * m) * off_diagonal * std::sqrt(off_diagonal);
    }
    }
    return s + 2.0 * p.m_chi * p.m_chi;
}

/// dark_current_factor of the annihilating pair of p at s [GeV^2] above its threshold s = 4 pair_mass(p)^2, 0 below.
DS_HD inline double pair_current_factor(double s, DarkSectorParameters p)
{
    double const m = pair_mass(p);
    return s < 4.0 * m * m ? 0.0 : dark_current_factor(s, s - 4.0 * m * m, p);
}

/// The factor of Gamma_X(sqrt s) in sigma_v_rel_s_channel below, the same for every final state X:
///   2 g_D^2 J / ( sqrt(s) [(s - m_V^2)^2 + Im Pi^2] )  [GeV^-3].
DS_HD inline double s_channel_rate_per_width(double s, double current, DarkSectorParameters p, double im_pi)
{
    double const g_D_squared = 4.0 * constants::pi * p.alpha_D;  // dark_coupling(p)^2 without its square root
    double const off_shell = s - p.m_V * p.m_V;
    return 2.0 * g_D_squared * current / (std::sqrt(s) * (off_shell * off_shell + im_pi * im_pi));
}

/// sigma v_rel(pair -> V* -> X) [GeV^-2] from the pair's dark current factor J [GeV^2] (dark_current_factor), the
/// width Gamma_X(sqrt s) [GeV] of a vector of mass sqrt(s) into X and the propagator's Im Pi [GeV^2]:
///   sigma v_rel = 2 g_D^2 J Gamma_X(sqrt s) / ( sqrt(s) [(s - m_V^2)^2 + Im Pi^2] ).
/// For Dirac X = f fbar this is physics.md 3.2,
///   sigma = (g_D^2 g_f^2 N_c / (12 pi)) (beta_f/beta_chi) (s + 2 m_f^2)(s + 2 m_chi^2) / (s [...]);
/// the factorisation into Gamma_X(sqrt s) holds for any final state of a vector current (sum over X of
/// |<X|J|0>|^2), which makes the hadronic rate R(sqrt s) W times the massless mu+ mu- rate.
/// A closed or uncoupled channel (Gamma_X = 0) gives zero, also on a pole without width (s = m_V^2 with
/// Im Pi = 0, e.g. eps = 0 at m_V = 2 m_chi), where the formula would be 0/0.
DS_HD inline double sigma_v_rel_s_channel(double s, double current, DarkSectorParameters p, double width_at_sqrt_s,
                                          double im_pi)
{
    return width_at_sqrt_s == 0.0 ? 0.0 : s_channel_rate_per_width(s, current, p, im_pi) * width_at_sqrt_s;
}

/// The same at s [GeV^2] for the annihilating pair of p, zero below its threshold s = 4 pair_mass(p)^2.
DS_HD inline double sigma_v_rel_s_channel(double s, DarkSectorParameters p, double width_at_sqrt_s, double im_pi)
{
    return sigma_v_rel_s_channel(s, pair_current_factor(s, p), p, width_at_sqrt_s, im_pi);
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

/// The kinematics that the V V cross sections share at s [GeV^2] for dark matter of mass m_chi and V of mass m_V
/// [GeV]: beta_V, a = s/2 - m_V^2, b = (s/2) beta_chi beta_V, a^2 - b^2 = m_chi^2 s + m_V^2 (m_V^2 - 4 m_chi^2)
/// (formed without cancellation) and L/(2b), L = ln((a + b)/(a - b)), as atanh(z)/(a z), z = b/a (the series
/// 1 + z^2/3 is exact to double precision for z < 1e-4); open = false below threshold (s < 4 m_V^2 or 4 m_chi^2).
struct VectorPairKinematics {
    bool open;
    double beta_v;
    double a;
    double b;
    double a2_minus_b2;
    double log_over_2b;
};

DS_HD inline VectorPairKinematics vector_pair_kinematics(double s, double m_chi, double m_V)
{
    double const m2 = m_chi * m_chi;
    double const mv2 = m_V * m_V;
    if (s < 4.0 * mv2 || s < 4.0 * m2) {
        return {false, 0.0, 0.0, 0.0, 0.0, 0.0};
    }
    double const beta_v = cm_speed(s, m_V);
    double const a = 0.5 * s - mv2;
    double const b = 0.5 * s * cm_speed(s, m_chi) * beta_v;
    double const a2_minus_b2 = m2 * s + mv2 * (mv2 - 4.0 * m2);
    double const z = b / a;
    double const log_over_2b = z < 1e-4 ? (1.0 + z * z / 3.0) / a
                                        : std::log1p(2.0 * b * (a + b) / a2_minus_b2) / (2.0 * b);
    return {true, beta_v, a, b, a2_minus_b2, log_over_2b};
}

/// sigma v_rel(chi chibar -> V V) [GeV^-2] of a Dirac fermion of mass m_chi [GeV], t- and u-channel chi exchange,
/// pure vector coupling g_D, massive V (m_V [GeV]), full s dependence:
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
DS_HD inline double sigma_v_rel_dirac_to_vv(double s, double m_chi, double m_V, double alpha_D)
{
    VectorPairKinematics const kin = vector_pair_kinematics(s, m_chi, m_V);
    if (!kin.open) {
        return 0.0;
    }
    double const m2 = m_chi * m_chi;
    double const mv2 = m_V * m_V;
    double const c = s * s + 4.0 * m2 * s + 4.0 * mv2 * mv2 - 8.0 * mv2 * m2 - 8.0 * m2 * m2;
    double const mass_sum = mv2 + 2.0 * m2;
    double const bracket = c * kin.log_over_2b / kin.a - 2.0 - 2.0 * mass_sum * mass_sum / kin.a2_minus_b2;
    return 2.0 * constants::pi * alpha_D * alpha_D / s * kin.beta_v * bracket;
}

/// sigma v_rel(chi chi^* -> V V) [GeV^-2] of a complex scalar of mass m_chi [GeV]: t- and u-channel chi exchange and
/// the seagull g_D^2 V^2 |chi|^2, massive V (m_V [GeV]), full s dependence:
///   sigma v_rel = (2 pi alpha_D^2 / s) beta_V [ 4 + (4 m_chi^2 - m_V^2)^2 / (a^2 - b^2) - K L / (2 a b) ],
///   K = 4 s (2 m_chi^2 - m_V^2) - (4 m_chi^2 - m_V^2)^2,   a, b, L of vector_pair_kinematics,
/// zero below threshold. Derived here (scalar QED with a massive vector; the current is conserved, so the
/// polarisation sums are -g^{mu nu}): |M|^2 = g_D^4 [8 + (4 m^2 - m_V^2)^2 (1/T^2 + 1/U^2) + (K/a)(1/T + 1/U)],
/// T = t - m^2, U = u - m^2, integrated over t with the factor 1/2 of identical vectors. Checks (tests): v -> 0 gives
/// (2 pi alpha_D^2/m_chi^2) sqrt(1 - r) (8 - 8 r + 3 r^2) / (2 (2 - r)^2), r = m_V^2/m_chi^2, which is scalar QED's
/// 2 pi alpha^2/m^2 at r = 0 (twice Dirac's pi alpha^2/m^2); the t integral against Gauss-Legendre quadrature of
/// |M|^2 over the angle.
DS_HD inline double sigma_v_rel_scalar_to_vv(double s, double m_chi, double m_V, double alpha_D)
{
    VectorPairKinematics const kin = vector_pair_kinematics(s, m_chi, m_V);
    if (!kin.open) {
        return 0.0;
    }
    double const m2 = m_chi * m_chi;
    double const mv2 = m_V * m_V;
    double const d = 4.0 * m2 - mv2;
    double const k = 4.0 * s * (2.0 * m2 - mv2) - d * d;
    double const bracket = 4.0 + d * d / kin.a2_minus_b2 - k * kin.log_over_2b / kin.a;
    return 2.0 * constants::pi * alpha_D * alpha_D / s * kin.beta_v * bracket;
}

/// sigma v_rel(pair -> V V) [GeV^-2] of the annihilating pair of p at s [GeV^2]: Dirac (sigma_v_rel_dirac_to_vv) and
/// complex scalar (sigma_v_rel_scalar_to_vv). Zero for the pseudo-Dirac chi_1 chi_2 (no diagonal vertex: chi_1 chi_1 and
/// chi_2 chi_2 -> V V are the pairs of PseudoDiracAnnihilation) and for Majorana chi chi: with an axial current the
/// longitudinal V couples like m_chi/m_V and the rate depends on the dark Higgs that gives chi its mass (Kahlhoefer,
/// Schmidt-Hoberg, Schwetz, Vogl, arXiv:1510.02110; Cline, Dupuis, Liu, Xue, arXiv:1405.7691), which the model does not
/// contain: darkscan flags the Majorana points where the channel matters (majorana_vector_pair_modelled).
DS_HD inline double sigma_v_rel_to_vv(double s, DarkSectorParameters p)
{
    switch (p.dark_matter.type) {
    case DarkMatterType::dirac:
        return sigma_v_rel_dirac_to_vv(s, p.m_chi, p.m_V, p.alpha_D);
    case DarkMatterType::complex_scalar:
        return sigma_v_rel_scalar_to_vv(s, p.m_chi, p.m_V, p.alpha_D);
    case DarkMatterType::majorana:
    case DarkMatterType::pseudo_dirac:
        break;
    }
    return 0.0;
}

/// Majorana chi chi -> V V (not modelled, see sigma_v_rel_to_vv) is negligible where its threshold s = 4 m_V^2 lies
/// beyond the thermal window: for m_V >= 1.5 m_chi its Boltzmann weight at freeze-out is below e^{-x_f} ~ 1e-9.
/// True for every other type and where m_V >= 1.5 m_chi.
DS_HD inline bool majorana_vector_pair_modelled(DarkSectorParameters p)
{
    return p.dark_matter.type != DarkMatterType::majorana || p.m_V >= 1.5 * p.m_chi;
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

/// Every annihilation channel at s [GeV^2] from the V widths at sqrt(s), the propagator's Im Pi [GeV^2] and the dark
/// current factor J [GeV^2] (dark_current_factor; 0 below the pair's threshold): the s-channel rates share
/// s_channel_rate_per_width.
DS_HD inline AnnihilationRates channel_sigma_v_rel(double s, double current, DarkSectorParameters p,
                                                   VectorWidths const& at_sqrt_s, double im_pi)
{
    double const per_width = current > 0.0 ? s_channel_rate_per_width(s, current, p, im_pi) : 0.0;
    auto const rate = [per_width](double width) { return width == 0.0 ? 0.0 : per_width * width; };
    return {rate(at_sqrt_s.ee), rate(at_sqrt_s.mumu), rate(at_sqrt_s.tautau), rate(at_sqrt_s.hadrons),
            sigma_v_rel_to_vv(s, p)};
}

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
    return channel_sigma_v_rel(s, pair_current_factor(s, p), p, at_sqrt_s, im_pi);
}

/// The annihilation cross section sigma(s) [GeV^-2] of the annihilating pair of p (chi chibar, chi chi^*, chi chi;
/// pseudo-Dirac: chi_1 chi_2, in the equal-mass form of its mean mass pair_mass(p), see dark_current_factor), all
/// channels, running width, as the input of thermal_average() and relic_abundance(). The narrow quarkonia are left out of sigma(s) and added by
/// narrow_poles_thermal_average() below; the V pole is resolved by the resonance-aware thermal average when
/// passed as relic_resonance().
struct ChiChibarAnnihilation {
    DarkSectorParameters p;
    HadronTablesView hadrons;
    /// Int sigma ds over each narrow quarkonium [GeV^-2 GeV^2], zero where closed (M_Q <= 2 pair_mass): the area
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
            double const m = pair_mass(p);
            if (s > 4.0 * m * m) {
                double const im_pi = q.mass * vector_widths(q.mass, p, hadrons, NarrowQuarkonia::excluded).total();
                double const width_per_unit_r
                    = constants::alpha_em * q.mass / 3.0 * narrow_quarkonium_relative_coupling_squared(q, p);
                double const sigma_per_unit_r
                    = sigma_from_sigma_v_rel(s, m, sigma_v_rel_s_channel(s, p, width_per_unit_r, im_pi));
                quarkonium_area[i] = sigma_per_unit_r * narrow_quarkonium_r_integral(q);
            }
        }
    }

    /// sigma v_rel(s) [GeV^-2] per channel: running width, narrow quarkonia left out.
    DS_HD AnnihilationRates rates(double s) const
    {
        return annihilation_sigma_v_rel(s, p, hadrons, PropagatorWidth::running, NarrowQuarkonia::excluded);
    }

    /// sigma v_rel(s) [GeV^-2], every channel (what the thermal average integrates: 2 beta sigma).
    DS_HD DS_NOINLINE double sigma_v_rel(double s) const { return rates(s).total(); }

    DS_HD double operator()(double s) const { return sigma_from_sigma_v_rel(s, pair_mass(p), sigma_v_rel(s)); }
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

/// The structured range of ChiChibarAnnihilation: the measured R ratio of chi chibar -> V* -> hadrons.
DS_HD inline CrossSectionStructure cross_section_structure(ChiChibarAnnihilation const&)
{
    return {r_ratio_data_begin_GeV, r_ratio_data_end_GeV};
}

/// The hadronic share of ChiChibarAnnihilation's sigma(s) at s [GeV^2] (the channel through the R ratio).
DS_HD inline double structured_share(ChiChibarAnnihilation const& sigma, double s)
{
    AnnihilationRates const rates = sigma.rates(s);
    double const total = rates.total();
    return total > 0.0 ? rates.hadrons / total : 0.0;
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

/// chi_i chi_i -> V V of one state of a pseudo-Dirac pair, sigma(s) [GeV^-2]: t- and u-channel exchange of the
/// other state, whose mass is taken equal to this one's (an O(Delta/m) approximation), i.e. the Dirac form
/// sigma_v_rel_dirac_to_vv at mass m [GeV] (with Delta = 0 the two states are the Dirac fermion, and
/// sigma(chi_1 chi_1) = sigma(chi_2 chi_2) = sigma(chi chibar -> V V): the sum over pairs is basis independent).
struct VectorPairAnnihilation {
    double m;
    double m_V;
    double alpha_D;

    DS_HD double operator()(double s) const
    {
        return sigma_from_sigma_v_rel(s, m, sigma_v_rel_dirac_to_vv(s, m, m_V, alpha_D));
    }
};

/// The V V threshold of VectorPairAnnihilation (open in the thermal tail for m_V > m).
DS_HD inline int cross_section_features(VectorPairAnnihilation const& sigma, CrossSectionFeature* features)
{
    features[0] = {2.0 * sigma.m_V, 0.0};
    return 1;
}

/// The annihilations of a pseudo-Dirac pair chi_1 (m_1 = m_chi), chi_2 (m_2 = partner_mass) in chemical equilibrium:
/// chi_1 chi_2 -> V* -> SM (`pair`, in the equal-mass form of mbar, see dark_current_factor), chi_1 chi_1 -> V V
/// (`lighter`) and chi_2 chi_2 -> V V (`heavier`). relic_thermal_average() combines them (coannihilation).
struct PseudoDiracAnnihilation {
    ChiChibarAnnihilation pair;
    VectorPairAnnihilation lighter;
    VectorPairAnnihilation heavier;

    DS_HD PseudoDiracAnnihilation(DarkSectorParameters p, HadronTablesView hadron_tables)
        : pair(p, hadron_tables), lighter{p.m_chi, p.m_V, p.alpha_D}, heavier{partner_mass(p), p.m_V, p.alpha_D}
    {
    }
};

/// Effective <sigma v>(x) [GeV^-2] of the pseudo-Dirac pair in the equation for the total yield Y = Y_1 + Y_2
/// (chi_2 -> chi_1 keeps them in chemical equilibrium), x = m/T with m = m_1 [GeV]:
///   <sigma v>_eff = sum_ij w_ij <sigma v>_ij,   w_ij = g_i g_j mbar_ij^4 K_2(mbar_ij/T)^2 / (sum_k g_k m_k^2 K_2(m_k/T))^2,
/// g_1 = g_2 = 2, mbar_ij = (m_i + m_j)/2, over ordered pairs (chi_1 chi_2 twice), each <sigma v>_ij the equal-mass
/// Gondolo-Gelmini average at mass mbar_ij (thermal_average; for chi_1 chi_2 with the (1 - Delta^2/s) of the unequal
/// masses' lambda(s, m_1^2, m_2^2) inside sigma, see dark_current_factor) and `resonance` the V pole of chi_1 chi_2.
/// This is the relativistic form of Griest & Seckel's sigma_eff (PRD 43 (1991) 3191, sec. II: non-relativistic weights
/// g_i g_j (1 + Delta_i)^{3/2} (1 + Delta_j)^{3/2} e^{-x (Delta_i + Delta_j)} / g_eff^2), as in Edsjo & Gondolo,
/// PRD 56 (1997) 1879, sec. II (derived here from n_i^eq n_j^eq <sigma v>_ij = g_i g_j T/(32 pi^4) Int ds sigma_ij
/// lambda(s, m_i^2, m_j^2) K_1(sqrt(s)/T)/sqrt(s)); the pair's Y_eq is relic_abundance's with
/// RelicSpecies::partner_mass_ratio.
/// With Delta = 0 every w_ij = 1/4 and the rate equals the Dirac chi chibar rate / 2 (tested).
DS_HD DS_NOINLINE inline double relic_thermal_average(PseudoDiracAnnihilation const& sigma, double m, double x,
                                                      SChannelResonance const& resonance, double structure_tolerance)
{
    double const r_pair = pair_mass(sigma.pair.p) / m;
    double const r_heavy = sigma.heavier.m / m;
    // Each K_2(x_k) e^{x} with x_k = x m_k / m: scaled Bessel functions times the Boltzmann factor of the splitting.
    double const k_light = bessel::k2e(x);
    double const k_heavy = bessel::k2e(x * r_heavy) * std::exp(-x * (r_heavy - 1.0));
    double const k_pair = bessel::k2e(x * r_pair) * std::exp(-x * (r_pair - 1.0));
    double const g = 2.0;
    double const norm = g * k_light + g * r_heavy * r_heavy * k_heavy;
    double const w_light = g * g * k_light * k_light / (norm * norm);
    double const w_heavy = g * g * r_heavy * r_heavy * r_heavy * r_heavy * k_heavy * k_heavy / (norm * norm);
    double const w_pair = g * g * r_pair * r_pair * r_pair * r_pair * k_pair * k_pair / (norm * norm);
    double const annihilation = thermal_average(sigma.pair, m * r_pair, x * r_pair, resonance, structure_tolerance);
    double const vector_pairs = w_light * thermal_average(sigma.lighter, m, x)
                                + (w_heavy > 0.0 ? w_heavy * thermal_average(sigma.heavier, m * r_heavy, x * r_heavy) : 0.0);
    return 2.0 * w_pair * annihilation + vector_pairs;
}

/// v -> 0 limit of sigma v_rel(pair -> V V) [GeV^-2] of the pair that annihilates after freeze-out (output
/// sigmav_VV_cm3_s after conversion): Dirac (pi alpha_D^2/m_chi^2)(1 - r)^{3/2}/(1 - r/2)^2 for m_V < m_chi, else
/// zero; complex scalar sigma_v_rel_scalar_to_vv; pseudo-Dirac chi_1 chi_1 (chi_2 is gone: Boltzmann-suppressed at
/// freeze-out, then decayed); Majorana zero (not modelled, sigma_v_rel_to_vv).
DS_HD inline double sigma_v_rel_swave_vv(DarkSectorParameters p)
{
    if (p.dark_matter.type == DarkMatterType::pseudo_dirac) {
        return sigma_v_rel_dirac_to_vv(4.0 * p.m_chi * p.m_chi, p.m_chi, p.m_V, p.alpha_D);
    }
    return sigma_v_rel_to_vv(4.0 * p.m_chi * p.m_chi, p);
}

/// v -> 0 limit of sigma v_rel(pair -> V* -> e+ e-) [GeV^-2] (output sigmav_ee_cm3_s after conversion), the
/// propagator width evaluated at threshold s = 4 pair_mass^2 (running prescription): zero for the p-wave complex
/// scalar and Majorana; pseudo-Dirac: chi_1 chi_2 (coannihilation).
DS_HD inline double sigma_v_rel_swave_ee(DarkSectorParameters p, HadronTablesView hadron_tables)
{
    double const m = pair_mass(p);
    double const s = 4.0 * m * m;
    double const im_pi = propagator_im_pi(s, p, hadron_tables, PropagatorWidth::running);
    return sigma_v_rel_to_leptons(s, p, constants::m_electron, im_pi);
}

/// sigma v_rel per channel [GeV^-2] of the population that annihilates after freeze-out, at per-particle CM speed v
/// [c] (outputs sigmav0 at v = 0; the CMB at the recombination speed):
///   Dirac: chi chibar at threshold (s-wave: the v -> 0 limit, v unused);
///   complex scalar, Majorana: at s = 4 m^2 / (1 - v^2), with s - 4 m^2 = 4 m^2 v^2 / (1 - v^2) formed exactly, so that
///     the p-wave s-channel keeps its v_rel^2 = 4 v^2 (it vanishes at v = 0); V V as sigma_v_rel_to_vv;
///   pseudo-Dirac: chi_1 chi_1 -> V V only (no chi_2 is left; chi_1 chi_1 -> V* does not exist).
DS_HD DS_NOINLINE inline AnnihilationRates present_day_sigma_v_rel(double v, DarkSectorParameters p,
                                                                HadronTablesView hadron_tables)
{
    double const m2 = p.m_chi * p.m_chi;
    switch (p.dark_matter.type) {
    case DarkMatterType::dirac:
        break;
    case DarkMatterType::complex_scalar:
    case DarkMatterType::majorana: {
        double const s_minus_threshold = 4.0 * m2 * v * v / (1.0 - v * v);
        double const s = 4.0 * m2 + s_minus_threshold;
        double const sqrt_s = std::sqrt(s);
        VectorWidths const at_sqrt_s = vector_widths(sqrt_s, p, hadron_tables);
        double const im_pi = sqrt_s * at_sqrt_s.total();
        return channel_sigma_v_rel(s, dark_current_factor(s, s_minus_threshold, p), p, at_sqrt_s, im_pi);
    }
    case DarkMatterType::pseudo_dirac:
        return {0.0, 0.0, 0.0, 0.0, sigma_v_rel_swave_vv(p)};
    }
    return annihilation_sigma_v_rel(4.0 * p.m_chi * p.m_chi, p, hadron_tables, PropagatorWidth::running);
}

}  // namespace darkscan
