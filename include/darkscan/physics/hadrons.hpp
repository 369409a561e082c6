// SPDX-License-Identifier: MIT
// Hadronic width of the mediator V for a general coupling eps e J_EM + g_X J_B: the measured R ratio,
// reweighted from the EM current to V's current by vector-meson dominance (below 2 GeV) or by the quark
// content (above), free quarks beyond the tables, plus the narrow quarkonia absent from the R compilation.
// The tables are built on the host by host/hadron_tables.hpp, which documents the data treatment.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/couplings.hpp"
#include "darkscan/physics/table.hpp"

namespace darkscan {

/// Span [GeV] of the R table that comes from the smoothed PDG measurements (host/hadron_tables.hpp): from near
/// the first measurement, 0.36 GeV, to r_ratio_data_end_GeV. Besides the omega and phi peaks R has structure there
/// of a few per cent over 10-30 MeV (data the smoothing resolves), beyond the reach of a fixed quadrature.
inline constexpr double r_ratio_data_begin_GeV = 0.36;
/// Upper end of the purely data-driven R [GeV]; from here to the table end R blends into free quarks.
inline constexpr double r_ratio_data_end_GeV = 11.2;

/// Hadronic content of the vector current at mass M, normalised to the EM current:
///   Gamma(V -> hadrons) = (alpha M / 3) R(M) W(M),
///   W = eps^2 + 2 eps (g_X/e) interference_weight + (g_X/e)^2 baryonic_weight,
/// R = sigma(e+e- -> hadrons) / sigma_point, sigma_point = 4 pi alpha^2 / (3 s) (massless mu+ mu-).
/// For g_X = 0, W = eps^2 exactly. With VMD (Ilten-Soreq-Williams-Xue arXiv:1801.04847 eqs. 2.17-2.18, DarkCast
/// model.py) the weights are, with S_V the sum over final states of DarkCast's R_mu^F curves of meson V:
///   interference_weight = (2 S_omega - S_phi - S_omega_phi) / R_VMD,
///   baryonic_weight     = (4 S_omega + S_phi + 4 S_omega_phi) / R_VMD,
///   R_VMD               = S_rho + S_omega + S_phi - 2 S_omega_phi;
/// for free quarks, sum_q Q_q K_q / (3 sum_q Q_q^2 K_q) and sum_q K_q / (9 sum_q Q_q^2 K_q).
struct HadronicContent {
    double r_ratio;
    double interference_weight;
    double baryonic_weight;
};

/// Device view of the hadron tables: R, interference_weight, baryonic_weight and the pi+ pi- part of R on one
/// uniform grid in x = ln(M / GeV), from x = ln(m_pi0) (pi0 gamma threshold) to the end of the data-driven range.
struct HadronTablesView {
    UniformTableView r_ratio;
    UniformTableView interference_weight;
    UniformTableView baryonic_weight;
    UniformTableView pi_pi_r_ratio;  ///< R_pipi of width_to_pi_pi
};

/// One-loop alpha_s(mu) with five active flavours, run from alpha_s(m_Z):
///   alpha_s(mu) = alpha_s(m_Z) / (1 + b_0 alpha_s(m_Z) ln(mu^2/m_Z^2)),  b_0 = 23 / (12 pi),
/// mu [GeV]. Used for mu > 11 GeV only, where it is within 0.01 of the four-loop value (0.3% in R).
/// Ref: PDG 2024, Quantum chromodynamics review (renormalisation-group running at one loop).
DS_HD inline double alpha_s_five_flavours(double mu)
{
    double const b_0 = 23.0 / (12.0 * constants::pi);
    return constants::alpha_s_m_Z
           / (1.0 + b_0 * constants::alpha_s_m_Z * std::log(mu * mu / (constants::m_Z * constants::m_Z)));
}

/// Free-quark hadronic content at mass M [GeV]:
///   R = 3 sum_q Q_q^2 K_q(M) (1 + a + 1.4097 a^2),  a = alpha_s(M) / pi,
/// K_q = fermion_pair_kinematics(M, m_q): u, d, s massless; c, b, t open at the pair thresholds of the lightest
/// hadrons carrying them, m_q = m_D0, m_B+ (no open-flavour production below 2 m_D, 2 m_B) and m_top.
/// The QCD factor is the massless series to O(alpha_s^2) with the coefficient 1.9857 - 0.1152 n_f at n_f = 5
/// (Chetyrkin-Kataev-Tkachov, PLB 85 (1979) 277; Dine-Sapirstein, PRL 43 (1979) 668; PDG 2024 QCD review);
/// the weights (see HadronicContent) do not depend on it.
DS_HD inline HadronicContent free_quark_content(double M)
{
    constexpr double up = 2.0 / 3.0;
    constexpr double down = -1.0 / 3.0;
    constexpr double charges[] = {up, down, down, up, down, up};
    double const threshold_masses[] = {0.0, 0.0, 0.0, constants::m_D0, constants::m_B_charged, constants::m_top};
    double sum_q2 = 0.0;
    double sum_q = 0.0;
    double sum_1 = 0.0;
    for (int i = 0; i < 6; ++i) {
        double const k = fermion_pair_kinematics(M, threshold_masses[i]);
        sum_q2 += charges[i] * charges[i] * k;
        sum_q += charges[i] * k;
        sum_1 += k;
    }
    double const a = alpha_s_five_flavours(M) / constants::pi;
    return {3.0 * sum_q2 * (1.0 + a + 1.4097 * a * a), sum_q / (3.0 * sum_q2), sum_1 / (9.0 * sum_q2)};
}

/// Hadronic content at mass M [GeV]: zero below the lightest hadronic final state (pi0 gamma, M < m_pi0),
/// the tables up to their end, free quarks beyond (host/hadron_tables.hpp joins the two continuously).
/// With weights_needed = false (g_X = 0, where W = eps^2 whatever the weights) the tabulated weights are left at
/// zero instead of interpolated: hadronic_weight is then eps^2 bit for bit, at a third of the table lookups.
DS_HD inline HadronicContent hadronic_content(double M, HadronTablesView tables, bool weights_needed = true)
{
    if (M < constants::m_pi_neutral) {
        return {0.0, 0.0, 0.0};
    }
    double const x = std::log(M);
    if (x > tables.r_ratio.x_max()) {
        return free_quark_content(M);
    }
    if (!weights_needed) {
        return {interpolate_linear(tables.r_ratio, x), 0.0, 0.0};
    }
    return {interpolate_linear(tables.r_ratio, x), interpolate_linear(tables.interference_weight, x),
            interpolate_linear(tables.baryonic_weight, x)};
}

/// W(eps, g_X) of HadronicContent: eps^2 + 2 eps (g_X/e) interference_weight + (g_X/e)^2 baryonic_weight.
/// A positive semi-definite form in (eps, g_X) at every table node, hence between nodes; the floor at zero only
/// absorbs rounding where the two couplings cancel.
DS_HD inline double hadronic_weight(HadronicContent content, DarkSectorParameters p)
{
    double const g = p.g_X / elementary_charge();
    double const w = p.epsilon * p.epsilon + 2.0 * p.epsilon * g * content.interference_weight
                     + g * g * content.baryonic_weight;
    return std::fmax(w, 0.0);
}

/// Gamma(V -> pi+ pi-) of a vector of mass M [GeV]:
///   Gamma = (alpha eps^2 M / 3) R_pipi(M),   R_pipi = tables.pi_pi_r_ratio,
/// R_pipi: the pi+ pi- part of the R that width_to_hadrons uses (host/hadron_tables.hpp: R times DarkCast's VMD
/// pi+ pi- share), so Gamma <= Gamma(V -> hadrons) for every eps, g_X. In VMD only the rho0 component of V's
/// current decays to pi+ pi-, with weight (x_u - x_d)^2 = (eps e)^2: the isoscalar g_X drops out. Zero below the
/// pi+ pi- threshold and above the table end (the VMD curves end at 2 GeV; R_pipi is zero from there).
/// Ref: arXiv:1801.04847 eqs. (2.17)-(2.18) with DarkCast's rf.pi+_pi-.rho0 curve (model.py), the only pi+ pi- one.
DS_HD inline double width_to_pi_pi(double M, DarkSectorParameters p, HadronTablesView tables)
{
    if (!(M > 2.0 * constants::m_pi_charged)) {
        return 0.0;
    }
    double const x = std::log(M);
    if (x > tables.pi_pi_r_ratio.x_max()) {
        return 0.0;
    }
    return constants::alpha_em * p.epsilon * p.epsilon * M / 3.0 * interpolate_linear(tables.pi_pi_r_ratio, x);
}

/// A narrow vector quarkonium: mass, total width and e+e- width [GeV], hadronic branching fraction (one minus
/// the lepton pairs), electric charge of its heavy quark.
struct NarrowQuarkonium {
    double mass;
    double width;
    double width_ee;
    double branching_hadrons;
    double quark_charge;
};

/// Number of narrow quarkonia added to the tabulated R ratio.
inline constexpr int narrow_quarkonium_count = 5;

/// J/psi, psi(2S), Upsilon(1S), Upsilon(2S), Upsilon(3S) (index 0-4): the vector quarkonia below the open-flavour
/// thresholds. Their widths (20-300 keV) are far below any table step and the PDG R compilation contains only the
/// continuum around them, so they are added analytically. A thermal average must place nodes on them, as on the
/// V pole. Values: PDG 2024 (psi(2S) width: PDG live 2025, 286(16) keV).
DS_HD inline NarrowQuarkonium narrow_quarkonium(int index)
{
    constexpr double up = 2.0 / 3.0;
    constexpr double down = -1.0 / 3.0;
    constexpr NarrowQuarkonium states[narrow_quarkonium_count] = {
        {3.096900, 92.6e-6, 5.53e-6, 1.0 - 0.05971 - 0.05961, up},
        {3.686097, 286.0e-6, 2.33e-6, 0.9785, up},
        {9.46040, 54.02e-6, 1.340e-6, 1.0 - 0.0238 - 0.0248 - 0.0260, down},
        {10.02326, 31.98e-6, 0.612e-6, 1.0 - 0.0191 - 0.0193 - 0.0200, down},
        {10.3552, 20.32e-6, 0.443e-6, 1.0 - 0.0218 - 0.0218 - 0.0229, down},
    };
    return states[index];
}

/// R-ratio contribution of a narrow quarkonium at mass M [GeV], relativistic Breit-Wigner:
///   R_Q(M) = 9 M^2 Gamma_ee Gamma_had / (alpha^2 [(M^2 - M_Q^2)^2 + M_Q^2 Gamma_Q^2]),
/// i.e. sigma(e+e- -> Q -> hadrons) = 12 pi Gamma_ee Gamma_had / [...] over sigma_point; peak 9 B_ee B_had/alpha^2.
/// Ref: PDG 2024, Resonances review (relativistic Breit-Wigner, spin-1 resonance from unpolarised e+e-).
DS_HD inline double narrow_quarkonium_r_ratio(NarrowQuarkonium q, double M)
{
    double const alpha = constants::alpha_em;
    double const d = M * M - q.mass * q.mass;
    return 9.0 * M * M * q.width_ee * q.width * q.branching_hadrons
           / (alpha * alpha * (d * d + q.mass * q.mass * q.width * q.width));
}

/// The narrow light-quark resonances of the R ratio, omega(782) and phi(1020): mass and total width [GeV]
/// (PDG 2024). The tables resolve them; a thermal average must place nodes on them (CrossSectionFeature).
inline constexpr double omega_mass = 0.78266;
inline constexpr double omega_width = 8.68e-3;
inline constexpr double phi_mass = 1.019461;
inline constexpr double phi_width = 4.249e-3;

/// Whether a hadronic width includes the narrow quarkonia. A thermal average excludes them from the integrand
/// and adds each in the narrow-width approximation (their 20-300 keV widths lie far below any quadrature's
/// node spacing, so a node landing near one would give noise rather than its area).
enum class NarrowQuarkonia { included, excluded };

/// (g_Q / (e Q_Q))^2: V's coupling to the quarkonium's heavy quark, g_Q = quark_coupling(p, Q_Q), relative to
/// the photon's. 1 for eps = 1, g_X = 0.
DS_HD inline double narrow_quarkonium_relative_coupling_squared(NarrowQuarkonium q, DarkSectorParameters p)
{
    double const relative_coupling = quark_coupling(p, q.quark_charge) / (elementary_charge() * q.quark_charge);
    return relative_coupling * relative_coupling;
}

/// Int R_Q ds over the peak of narrow_quarkonium_r_ratio [GeV^2]: 9 pi M_Q Gamma_ee B_had / alpha^2
/// (narrow-width limit, M^2 -> M_Q^2 in the numerator; Int ds / ((s - M^2)^2 + M^2 Gamma^2) = pi / (M Gamma)).
DS_HD inline double narrow_quarkonium_r_integral(NarrowQuarkonium q)
{
    double const alpha = constants::alpha_em;
    return 9.0 * constants::pi * q.mass * q.width_ee * q.branching_hadrons / (alpha * alpha);
}

/// Gamma(V -> hadrons) of a vector of mass M [GeV] (on shell: M = m_V; in an s-channel propagator: M = sqrt(s)):
///   Gamma = (alpha M / 3) [ R(M) W(M) + sum_Q R_Q(M) (g_Q / (e Q_Q))^2 ],
/// R, W of HadronicContent, R_Q of narrow_quarkonium_r_ratio with g_Q = quark_coupling(p, Q_Q) the coupling
/// to the quarkonium's heavy quark (the sum is dropped for NarrowQuarkonia::excluded). For g_X = 0 this is
/// (alpha eps^2 M / 3) R(M), R the PDG compilation. Zero below the pi0 gamma threshold M = m_pi0.
DS_HD inline double width_to_hadrons(double M, DarkSectorParameters p, HadronTablesView tables,
                                     NarrowQuarkonia quarkonia = NarrowQuarkonia::included)
{
    if (M < constants::m_pi_neutral) {
        return 0.0;
    }
    HadronicContent const content = hadronic_content(M, tables, p.g_X != 0.0);
    double r_weighted = content.r_ratio * hadronic_weight(content, p);
    if (quarkonia == NarrowQuarkonia::included) {
        for (int i = 0; i < narrow_quarkonium_count; ++i) {
            NarrowQuarkonium const q = narrow_quarkonium(i);
            r_weighted += narrow_quarkonium_r_ratio(q, M) * narrow_quarkonium_relative_coupling_squared(q, p);
        }
    }
    return constants::alpha_em * M / 3.0 * r_weighted;
}

}  // namespace darkscan
