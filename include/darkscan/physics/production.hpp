// SPDX-License-Identifier: MIT
// Production of the mediator V relative to the dark photon, for recasting published dark-photon limits: the
// cross-section ratio sigma(point) / sigma(dark photon) of each production mechanism a search relies on, and of
// mass-dependent mixtures of mechanisms. Method of Ilten, Soreq, Williams, Xue, arXiv:1801.04847, section 2 and
// appendix A (DarkCast): V couples to each fermion with x_f = eps e Q_f + g_X B_f (physics.md 2), and every
// mechanism is a function of the x_f alone, so the ratio cancels all that the experiment and QCD add in common.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/couplings.hpp"
#include "darkscan/physics/hadrons.hpp"
#include "darkscan/physics/kinematics.hpp"
#include "darkscan/physics/table.hpp"

namespace darkscan {

/// Production mechanisms of the searches DarkCast recasts (named as in DarkCast's limit descriptors and .prd
/// headers): lepton bremsstrahlung and annihilation, proton bremsstrahlung, meson decays A -> B V, vector-meson
/// mixing V' -> V and Drell-Yan q qbar -> V.
enum class ProductionMechanism {
    e_brem,     ///< electron bremsstrahlung, e Z -> e Z V: x_e^2 (eq. 2.3)
    e_e,        ///< e+ e- -> gamma V: x_e^2 (eq. 2.3)
    mu_brem,    ///< muon bremsstrahlung: x_mu^2
    mu_mu,      ///< mu+ mu- -> gamma V (muon coupling): x_mu^2
    p_brem,     ///< proton bremsstrahlung, p p -> p p V: (2 x_u + x_d)^2 (eq. 2.4)
    pi0_gamma,  ///< pi0 -> gamma V (eqs. 2.7-2.10)
    eta_gamma,  ///< eta -> gamma V
    phi_eta,    ///< phi -> eta V
    omega_pi0,  ///< omega -> pi0 V
    rho0,       ///< rho0 - V mixing: Tr[T_rho Q_V]^2 (eq. 2.11)
    omega,      ///< omega - V mixing
    phi,        ///< phi - V mixing
    d_d,        ///< Drell-Yan d dbar -> V: x_d^2 (eq. 2.6)
    u_u,        ///< u ubar -> V
    s_s,        ///< s sbar -> V
    c_c,        ///< c cbar -> V
    b_b,        ///< b bbar -> V
};

/// Number of ProductionMechanism values.
inline constexpr int production_mechanism_count = 17;

/// Diagonal of a U(3) flavour matrix in the (u, d, s) basis: a meson's generator or a vector's quark couplings.
struct FlavourDiagonal {
    double u;
    double d;
    double s;
};

/// Tr[a b] of two diagonal flavour matrices.
DS_HD inline double flavour_trace(FlavourDiagonal a, FlavourDiagonal b)
{
    return a.u * b.u + a.d * b.d + a.s * b.s;
}

/// Tr[a b c] of three diagonal flavour matrices.
DS_HD inline double flavour_trace(FlavourDiagonal a, FlavourDiagonal b, FlavourDiagonal c)
{
    return a.u * b.u * c.u + a.d * b.d * c.d + a.s * b.s * c.s;
}

/// Photon's quark-charge matrix Q = diag(2, -1, -1)/3 (arXiv:1801.04847 eq. 2.8); the "gamma" of A -> gamma V.
DS_HD inline FlavourDiagonal photon_charge_matrix()
{
    return {2.0 / 3.0, -1.0 / 3.0, -1.0 / 3.0};
}

/// V's quark-coupling matrix Q_V = diag(x_u, x_d, x_s), x_q = eps e Q_q + g_X/3 (quark_coupling).
DS_HD inline FlavourDiagonal vector_charge_matrix(DarkSectorParameters p)
{
    return {quark_coupling(p, 2.0 / 3.0), quark_coupling(p, -1.0 / 3.0), quark_coupling(p, -1.0 / 3.0)};
}

/// U(3) generator of the pi0, diag(1, -1, 0)/2 (arXiv:1801.04847 eq. A.1).
DS_HD inline FlavourDiagonal pi0_generator()
{
    return {0.5, -0.5, 0.0};
}

/// U(3) generator of the eta, diag(1, 1, -1)/sqrt(6) (eq. A.1: the octet eta, no eta-eta' mixing).
DS_HD inline FlavourDiagonal eta_generator()
{
    constexpr double inverse_sqrt_6 = 0.40824829046386301637;
    return {inverse_sqrt_6, inverse_sqrt_6, -inverse_sqrt_6};
}

/// The vector mesons of vector-meson dominance (VMD).
enum class VectorMeson { rho0, omega, phi };

/// Number of VectorMeson values.
inline constexpr int vector_meson_count = 3;

/// U(3) generators of the vector mesons (eq. A.1): rho0 diag(1, -1, 0)/2, omega diag(1, 1, 0)/2 (ideal mixing),
/// phi diag(0, 0, 1)/sqrt(2). All are normalised to Tr[T T] = 1/2, like pi0_generator and eta_generator.
DS_HD inline FlavourDiagonal vector_meson_generator(VectorMeson meson)
{
    constexpr double inverse_sqrt_2 = 0.70710678118654752440;
    switch (meson) {
    case VectorMeson::rho0:
        return {0.5, -0.5, 0.0};
    case VectorMeson::omega:
        return {0.5, 0.5, 0.0};
    case VectorMeson::phi:
        break;
    }
    return {0.0, 0.0, inverse_sqrt_2};
}

/// rho(770)0 mass and width [GeV]: neutral only, from e+e- (PDG live 2025: 775.26(25) MeV, 147.8(9) MeV).
inline constexpr double rho_mass = 0.77526;
inline constexpr double rho_width = 0.1478;

/// A decay of a vector meson into two bodies of masses m_1, m_2 [GeV] with branching fraction B.
struct MesonDecayChannel {
    double branching;
    double mass_1;
    double mass_2;
};

/// Most decay channels a VectorMesonResonance lists.
inline constexpr int max_meson_decay_channels = 3;

/// Mass and width [GeV] of a vector meson and the channels of its running width (eq. A.3).
struct VectorMesonResonance {
    double mass;
    double width;
    int channel_count;
    MesonDecayChannel channels[max_meson_decay_channels];
};

/// rho0, omega, phi for the running Breit-Wigner: masses and widths from PDG (rho_mass, omega_mass, phi_mass and
/// widths), channels and branching fractions as DarkCast v1.2 (pars.py, `dms`) lists them: rho0 -> pi+ pi-
/// (0.9988); omega -> pi+ pi- pi0 (0.8995, as a two-body channel of masses 2 m_pi+ and m_pi0), pi0 gamma (0.0835),
/// pi+ pi- (0.0154); phi -> K+ K- (0.4893), K_L K_S (0.3422), eta gamma (0.0131). The branching fractions need not
/// sum to one: k_V(m_V) = sum_c B_c is the fraction of the width the listed channels carry.
DS_HD inline VectorMesonResonance vector_meson_resonance(VectorMeson meson)
{
    using namespace constants;
    switch (meson) {
    case VectorMeson::rho0:
        return {rho_mass, rho_width, 1, {{0.9988447, m_pi_charged, m_pi_charged}, {0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}}};
    case VectorMeson::omega:
        return {omega_mass,
                omega_width,
                3,
                {{0.8994773, 2.0 * m_pi_charged, m_pi_neutral},
                 {0.0834941, m_pi_neutral, 0.0},
                 {0.0154283, m_pi_charged, m_pi_charged}}};
    case VectorMeson::phi:
        break;
    }
    return {phi_mass,
            phi_width,
            3,
            {{0.4893042, m_K_charged, m_K_charged}, {0.3422127, m_K_neutral, m_K_neutral}, {0.0130981, m_eta, 0.0}}};
}

/// A complex number, for amplitudes on the device.
struct ComplexAmplitude {
    double re;
    double im;
};

/// Running-width Breit-Wigner of a vector meson at the mass m of an off-shell V [GeV], normalised to 1 at m = 0:
///   BW_V(m) = m_V^2 / (m_V^2 - m^2 - i m_V^2 Gamma_V k_V(m) / m),
///   k_V(m) = sum_c B_c [p_c(m) / p_c(m_V)]^(2l + 1),  l = 1 (p wave),
/// the sum over the channels of vector_meson_resonance open at m (m > m_1 + m_2), p_c from
/// two_body_momentum_squared. Real below every threshold. Ref: arXiv:1801.04847 eq. (A.3); DarkCast production.py.
DS_HD inline ComplexAmplitude vector_meson_breit_wigner(VectorMeson meson, double m)
{
    VectorMesonResonance const r = vector_meson_resonance(meson);
    double const s_V = r.mass * r.mass;
    double k = 0.0;
    for (int c = 0; c < r.channel_count; ++c) {
        MesonDecayChannel const channel = r.channels[c];
        if (m > channel.mass_1 + channel.mass_2) {
            double const ratio = std::sqrt(two_body_momentum_squared(m, channel.mass_1, channel.mass_2)
                                           / two_body_momentum_squared(r.mass, channel.mass_1, channel.mass_2));
            k += channel.branching * ratio * ratio * ratio;
        }
    }
    // s_V / (b - i c) = s_V (b + i c) / (b^2 + c^2); k > 0 only above a threshold, so m > 0 there.
    double const b = s_V - m * m;
    double const c = k > 0.0 ? s_V * r.width * k / m : 0.0;
    double const scale = s_V / (b * b + c * c);
    return {scale * b, scale * c};
}

/// Strength of the meson decay A -> B V at V mass m [GeV] with vector-meson dominance, up to a constant of A, B:
///   |sum_{V'} Tr[T_A T_B T_V'] Tr[T_V' Q_V] BW_V'(m)|^2,   V' = rho0, omega, phi,
/// T_A, T_B: generators (the photon charge matrix for B = gamma), Q_V = vector_charge_matrix. The T_V' span the
/// diagonal flavour matrices (sum_V' T_V' (x) T_V' = 1/2), so at m -> 0 (every BW = 1) this is Tr[T_A T_B Q_V]^2/4.
/// Ref: arXiv:1801.04847 eqs. (2.7)-(2.10); DarkCast production.py.
DS_HD inline double meson_decay_strength(FlavourDiagonal t_a, FlavourDiagonal t_b, double m, FlavourDiagonal q_V)
{
    double re = 0.0;
    double im = 0.0;
    for (int i = 0; i < vector_meson_count; ++i) {
        auto const meson = static_cast<VectorMeson>(i);
        FlavourDiagonal const t_v = vector_meson_generator(meson);
        double const weight = flavour_trace(t_a, t_b, t_v) * flavour_trace(t_v, q_V);
        if (weight != 0.0) {
            ComplexAmplitude const bw = vector_meson_breit_wigner(meson, m);
            re += weight * bw.re;
            im += weight * bw.im;
        }
    }
    return re * re + im * im;
}

/// Production strength of V by `mechanism` at mass m [GeV], up to a constant of the mechanism (the experiment,
/// the hadronic matrix elements):
///   e_brem, e_e, mu_brem, mu_mu: x_l^2, x_l = -eps e (eq. 2.3);      p_brem: (2 x_u + x_d)^2 (eq. 2.4);
///   pi0_gamma, eta_gamma, phi_eta, omega_pi0: meson_decay_strength(T_A, T_B, m, Q_V) (eqs. 2.7-2.10);
///   rho0, omega, phi: Tr[T_V Q_V]^2 (eq. 2.11);      d_d ... b_b: x_q^2 (eq. 2.6).
/// m enters only through the meson Breit-Wigners. Ref: arXiv:1801.04847 section 2.1; DarkCast production.py.
DS_HD inline double production_strength(ProductionMechanism mechanism, double m, DarkSectorParameters p)
{
    double const x_up = quark_coupling(p, 2.0 / 3.0);
    double const x_down = quark_coupling(p, -1.0 / 3.0);
    FlavourDiagonal const q_V = vector_charge_matrix(p);
    double x = 0.0;  // the coupling whose square the simple mechanisms are
    switch (mechanism) {
    case ProductionMechanism::e_brem:
    case ProductionMechanism::e_e:
    case ProductionMechanism::mu_brem:
    case ProductionMechanism::mu_mu:
        x = lepton_coupling(p);
        break;
    case ProductionMechanism::p_brem:
        x = 2.0 * x_up + x_down;
        break;
    case ProductionMechanism::pi0_gamma:
        return meson_decay_strength(pi0_generator(), photon_charge_matrix(), m, q_V);
    case ProductionMechanism::eta_gamma:
        return meson_decay_strength(eta_generator(), photon_charge_matrix(), m, q_V);
    case ProductionMechanism::phi_eta:
        return meson_decay_strength(vector_meson_generator(VectorMeson::phi), eta_generator(), m, q_V);
    case ProductionMechanism::omega_pi0:
        return meson_decay_strength(vector_meson_generator(VectorMeson::omega), pi0_generator(), m, q_V);
    case ProductionMechanism::rho0:
        x = flavour_trace(vector_meson_generator(VectorMeson::rho0), q_V);
        break;
    case ProductionMechanism::omega:
        x = flavour_trace(vector_meson_generator(VectorMeson::omega), q_V);
        break;
    case ProductionMechanism::phi:
        x = flavour_trace(vector_meson_generator(VectorMeson::phi), q_V);
        break;
    case ProductionMechanism::d_d:
    case ProductionMechanism::s_s:
    case ProductionMechanism::b_b:
        x = x_down;
        break;
    case ProductionMechanism::u_u:
    case ProductionMechanism::c_c:
        x = x_up;
        break;
    }
    return x * x;
}

/// sigma(point) / sigma(dark photon with eps = 1) of `mechanism` at mass m [GeV]:
///   production_strength(mechanism, m, p) / production_strength(mechanism, m, {eps = 1, g_X = 0}),
/// so a pure dark photon of mixing eps gives eps^2 and the unit dark photon exactly 1. In the m -> 0 limit of the
/// meson decays (B = gamma: BW = 1) and for the m-independent mechanisms, with e the elementary charge:
///   e_brem, e_e, mu_brem, mu_mu, rho0, omega_pi0: eps^2 (g_X drops out: leptons carry no baryon number, and
///     rho0, omega -> pi0 V select the isovector x_u - x_d);
///   pi0_gamma, p_brem: (eps + g_X/e)^2;   eta_gamma: (eps + g_X/(2e))^2 at m -> 0 (falls with m, VMD);
///   phi_eta, phi, d_d, s_s, b_b: (eps - g_X/e)^2 (the s, d, b quarks have Q = -1/3);
///   omega: (eps + 2 g_X/e)^2;   u_u, c_c: (eps + g_X/(2e))^2.
/// Zero where the dark photon is not produced (its strength vanishes; at no mass for these mechanisms), as
/// DarkCast skips such a channel. Ref: arXiv:1801.04847 eq. (2.12) for one mechanism; DarkCast Production.ratio.
DS_HD inline double production_ratio(ProductionMechanism mechanism, double m, DarkSectorParameters p)
{
    DarkSectorParameters unit_dark_photon = p;
    unit_dark_photon.epsilon = 1.0;
    unit_dark_photon.g_X = 0.0;
    double const reference = production_strength(mechanism, m, unit_dark_photon);
    return reference > 0.0 ? production_strength(mechanism, m, p) / reference : 0.0;
}

/// Most mechanisms a ProductionMixtureView holds (DarkCast's LHCb file has 10).
inline constexpr int max_production_channels = 12;

/// A mixture of mechanisms with mass-dependent fractions f_j(m) of the dark photon's production (a DarkCast .prd
/// file, built by host/production_tables.hpp): the file's rows m_k and f_j(m_k), read as curves linear in m
/// through the rows (DarkCast's interpolation on the file's own non-uniform grid, exactly); outside
/// [m_0, m_last] the end row holds, as in DarkCast's Dataset.
struct ProductionMixtureView {
    double const* mass = nullptr;                            ///< m_k [GeV], strictly increasing
    double const* fraction[max_production_channels] = {};   ///< f_j(m_k), j < channel_count
    ProductionMechanism mechanism[max_production_channels] = {};  ///< the mechanism of f_j
    int rows = 0;
    int channel_count = 0;
};

/// f_j at mass m [GeV]: linear in m between the rows, the end rows held outside them.
DS_HD inline double production_fraction(ProductionMixtureView const& mixture, int j, double m)
{
    double const clamped = std::fmin(std::fmax(m, mixture.mass[0]), mixture.mass[mixture.rows - 1]);
    return interpolate_curve(CurveView{mixture.mass, mixture.fraction[j], mixture.rows}, clamped);
}

/// sigma(point) / sigma(unit dark photon) of a mixture at mass m [GeV]:
///   sum_j f_j(m) r_j(m) / sum_j f_j(m),   r_j = production_ratio(mechanism_j, m, p).
/// The normalisation makes the unit dark photon exactly 1 where the file's fractions do not sum to one;
/// DarkCast's Production.ratio (eq. 2.12) omits it, which is the same where they do (LHCb_Aaij2017rft.prd: to
/// 2.4e-5, except at 0.50-0.575 GeV beside the eta, down to 0.903 at 0.572 GeV). Zero if every f_j is zero.
DS_HD inline double production_ratio(ProductionMixtureView const& mixture, double m, DarkSectorParameters p)
{
    double weighted = 0.0;
    double total = 0.0;
    for (int j = 0; j < mixture.channel_count; ++j) {
        double const f = production_fraction(mixture, j, m);
        if (f > 0.0) {
            weighted += f * production_ratio(mixture.mechanism[j], m, p);
            total += f;
        }
    }
    return total > 0.0 ? weighted / total : 0.0;
}

}  // namespace darkscan
