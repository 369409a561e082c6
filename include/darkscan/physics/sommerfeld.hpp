// SPDX-License-Identifier: MIT
// Sommerfeld enhancement of chi chibar annihilation by the dark vector's attractive potential: the Coulomb and
// Hulthen closed forms, and the s- and p-wave factors of the Yukawa potential from the radial Schrodinger
// solver (radial_schrodinger.hpp). All in the per-particle velocity: eps_v = v/alpha_D,
// eps_phi = m_V/(alpha_D m_chi).
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/radial_schrodinger.hpp"
#include "darkscan/status.hpp"

namespace darkscan {

/// Coulomb (m_V -> 0) s-wave Sommerfeld factor
///   S_0 = (pi/eps_v) / (1 - exp(-pi/eps_v)),  eps_v = v/alpha_D (v: speed of each particle in the CM frame),
/// i.e. 2 pi eta/(1 - e^{-2 pi eta}) with the Sommerfeld parameter eta = alpha_D/v_rel = 1/(2 eps_v).
/// Ref: Arkani-Hamed, Finkbeiner, Slatyer, Weiner arXiv:0810.0713 (S = (pi alpha/v)/(1 - e^{-pi alpha/v}), v per
/// particle); the c -> inf limit of Tulin-Yu-Zurek arXiv:1302.3898 eq. (34).
/// eps_v -> 0: S_0 -> pi/eps_v; eps_v -> inf: S_0 -> 1 + pi/(2 eps_v).
DS_HD inline double sommerfeld_coulomb_s(double eps_v)
{
    double const x = constants::pi / eps_v;
    return x / -std::expm1(-x);  // 1 - e^{-x} without cancellation
}

/// Coulomb p-wave Sommerfeld factor S_1 = S_0 (1 + 1/(4 eps_v^2)) = S_0 (1 + eta^2), eta = 1/(2 eps_v).
/// Ref: Cassel arXiv:0903.5307 (Coulomb limit, S_l = S_0 prod_{s=1}^{l} (1 + eta^2/s^2)); re-derived from the
/// Coulomb functions F_l ~ C_l(eta) rho^{l+1}, C_l/C_0 = 2^l |Gamma(l+1+i eta)| / ((2l+1)! |Gamma(1+i eta)|)
/// (A&S 14.1.7), so S_l = [(2l+1)!! C_l/C_0]^2 S_0; the numerical solver reproduces it as eps_phi -> 0.
DS_HD inline double sommerfeld_coulomb_p(double eps_v)
{
    return sommerfeld_coulomb_s(eps_v) * (1.0 + 0.25 / (eps_v * eps_v));
}

/// Hulthen s-wave Sommerfeld factor (exact for the Hulthen potential alpha_D kappa e^{-kappa r}/(1 -
/// e^{-kappa r}), kappa = (pi^2/6) m_V), with a = eps_v and c = 6/(pi^2 eps_phi):
///   S_0 = (pi/a) sinh(2 pi a c) / [cosh(2 pi a c) - cos(2 pi sqrt(c - a^2 c^2))],
/// the cos becoming cosh(2 pi sqrt(a^2 c^2 - c)) for a^2 c^2 > c. Evaluated without cancellation or overflow:
///   X = 2 pi a c;  c >= a^2 c^2: cosh X - cos Y = 2 sinh^2(X/2) + 2 sin^2(Y/2), Y = 2 pi sqrt(c - a^2 c^2);
///   c < a^2 c^2: sinh X / (cosh X - cosh Y) = (1 - e^{-2X}) / [(1 - e^{-(X+Y)}) (1 - e^{-(X-Y)})].
/// a = 0: S_0 = pi^2 c / sin^2(pi sqrt(c)) (infinite on resonance, c = n^2).
/// Ref: Tulin-Yu-Zurek arXiv:1302.3898 eq. (34) (their a = v/(2 alpha) with v the relative velocity, i.e. our
/// eps_v); also Cassel arXiv:0903.5307, Slatyer arXiv:0910.5713, Feng-Kaplinghat-Yu arXiv:1002.3152. The
/// numerical solver run on the Hulthen shape reproduces it to solver precision (test_sommerfeld.cpp).
DS_HD inline double sommerfeld_hulthen_s(double eps_v, double eps_phi)
{
    double const pi = constants::pi;
    double const a = eps_v;
    double const c = 6.0 / (pi * pi * eps_phi);
    if (a == 0.0) {
        double const sn = std::sin(pi * std::sqrt(c));
        return pi * pi * c / (sn * sn);
    }
    double const X = 2.0 * pi * a * c;
    double const disc = c - a * a * c * c;
    if (disc >= 0.0) {
        double const Y = 2.0 * pi * std::sqrt(disc);
        double const sy = std::sin(0.5 * Y);
        if (X > 40.0) {
            // cosh X ~ e^X/2: tanh X / (1 - cos Y / cosh X), no overflow.
            return (pi / a) * std::tanh(X) / (1.0 - std::cos(Y) / std::cosh(X));
        }
        double const sx = std::sinh(0.5 * X);
        return (pi / a) * std::sinh(X) / (2.0 * sx * sx + 2.0 * sy * sy);
    }
    double const Y = 2.0 * pi * std::sqrt(-disc);
    return (pi / a) * (-std::expm1(-2.0 * X)) / ((-std::expm1(-(X + Y))) * (-std::expm1(-(X - Y))));
}

/// Hulthen p-wave Sommerfeld factor, approximate (the centrifugal term is replaced by one that keeps the
/// equation hypergeometric): S_1 = S_0 [(c - 1)^2 + 4 a^2 c^2] / [1 + 4 a^2 c^2], a = eps_v,
/// c = 6/(pi^2 eps_phi). Coulomb limit (c -> inf): S_0 (1 + 1/(4 a^2)), exact. Far from exact below
/// saturation (physics notes 3.3): do not use it to validate a numerical p-wave solver near resonances.
/// Ref: Cassel arXiv:0903.5307 (Hulthen approximation for arbitrary l), as transcribed in physics notes 3.3.
DS_HD inline double sommerfeld_hulthen_p(double eps_v, double eps_phi)
{
    double const a = eps_v;
    double const c = 6.0 / (constants::pi * constants::pi * eps_phi);
    double const ac2 = 4.0 * a * a * c * c;
    return sommerfeld_hulthen_s(eps_v, eps_phi) * ((c - 1.0) * (c - 1.0) + ac2) / (1.0 + ac2);
}

struct SommerfeldFactors {
    double s;              ///< S_0: multiplies the s-wave (l = 0) part of sigma v
    double p;              ///< S_1: multiplies the p-wave (l = 1) part of sigma v
    status::Flags status;  ///< status::sommerfeld_not_converged if a solve hit its cap or failed
};

/// Smallest eps_v the Yukawa solve uses: eps_v = 0 (or below) is evaluated here, in the saturated regime, where
/// S no longer depends on eps_v off resonance (relative change ~ (eps_v/eps_phi)^2 < 1e-20 for eps_phi > 1e-2).
inline constexpr double sommerfeld_min_eps_v = 1e-12;

/// Numerical Sommerfeld factors of the attractive Yukawa potential,
///   u'' + [eps_v^2 + e^{-eps_phi x}/x - l(l+1)/x^2] u = 0,  u ~ x^{l+1} at x -> 0,
///   u -> A_l sin(eps_v x - l pi/2 + delta_l),
///   S_0 = 1/(A_0 eps_v)^2,  S_1 = (3/(A_1 eps_v^2))^2
/// (|psi_l(0)|^2 relative to the free solution: the free regular solutions have A_l = (2l+1)!!/eps_v^{l+1}, so
/// S = 1 for a vanishing potential; checked in test_sommerfeld.cpp). Ref: Iengo arXiv:0903.0317 (Yukawa, any
/// partial wave); Cassel arXiv:0903.5307 (S_l from the asymptotic amplitude of the regular solution); physics
/// notes 3.3.
/// Solver: radial_scattering with the WKB early match (it keeps eps_phi << eps_v affordable: Coulomb-like over
/// many wavelengths, no integration to x ~ 20/eps_phi), and the Coulomb factors below eps_phi = 2e-3 eps_v
/// min(1, eps_v) (< 0.2% from the Yukawa result there). eps_phi = 0 returns the Coulomb factors exactly;
/// eps_v below sommerfeld_min_eps_v is evaluated at sommerfeld_min_eps_v (saturated; on an exact resonance S
/// grows like 1/eps_v^2 and would be infinite at v = 0). Accuracy (test_sommerfeld.cpp): < 1e-3 relative off
/// resonance; ~300-1000 Numerov steps per wave.
DS_HD DS_NOINLINE inline SommerfeldFactors sommerfeld_yukawa(double eps_v, double eps_phi)
{
    if (!(eps_v >= 0.0) || !(eps_phi >= 0.0)) {
        return {NAN, NAN, status::invalid_parameters};
    }
    double const k = eps_v > sommerfeld_min_eps_v ? eps_v : sommerfeld_min_eps_v;
    // Coulomb limit: exact at eps_phi = 0, and used for eps_phi <= 2e-3 eps_v min(1, eps_v), where screening
    // changes S_0 by < 2e-4 and S_1 by < 2e-3 (measured with this solver on eps_phi = r eps_v^2 lines,
    // eps_v = 1e-3..10: |S_1/S_1C - 1| ~ 0.1-0.9 eps_phi/eps_v for eps_v >~ 0.1; test_sommerfeld.cpp).
    double const coulomb_switch = 2e-3 * k * (k < 1.0 ? k : 1.0);
    if (eps_phi <= coulomb_switch) {
        return {sommerfeld_coulomb_s(k), sommerfeld_coulomb_p(k), 0};
    }
    RadialSolverOptions options;
    options.wkb_tolerance = 1e-5;  // only A_l is used: its error is ~ this tolerance (the phase's is larger)
    options.step_k = 0.15;         // near resonances S amplifies step errors: < 4e-4 measured, 1e-4 typical
    options.max_steps = 200000;
    CentralPotential const potential{eps_phi, 1.0, PotentialShape::yukawa};
    RadialScattering const s_wave = radial_scattering(0, k, potential, options);
    RadialScattering const p_wave = radial_scattering(1, k, potential, options);
    double const a0k = s_wave.amplitude * k;
    double const a1k2 = p_wave.amplitude * k * k;
    return {1.0 / (a0k * a0k), 9.0 / (a1k2 * a1k2), s_wave.status | p_wave.status};
}

/// S_s and S_p of chi chibar at per-particle CM speed v (units of c) for the attractive Yukawa potential of V:
/// eps_v = v/alpha_D, eps_phi = m_V/(alpha_D m_chi) (physics notes 3.3). alpha_D = 0 (no force) gives S = 1
/// exactly.
DS_HD inline SommerfeldFactors sommerfeld_factors(double v, double m_chi, double m_V, double alpha_D)
{
    if (alpha_D == 0.0) {
        return {1.0, 1.0, 0};
    }
    if (!(alpha_D > 0.0) || !(m_chi > 0.0) || !(m_V >= 0.0) || !(v >= 0.0)) {
        return {NAN, NAN, status::invalid_parameters};
    }
    return sommerfeld_yukawa(v / alpha_D, m_V / (alpha_D * m_chi));
}

struct ThermalSommerfeld {
    double s;  ///< <S_s>
    status::Flags status;
};

/// <S_s> over the Maxwell distribution of per-particle CM speeds at x = m_chi/T (physics notes 3.1; the relative
/// motion has reduced mass m_chi/2, so f(v) = 4 pi v^2 (x/pi)^{3/2} e^{-x v^2}). With u = sqrt(x) v,
/// <S_s> = (4/sqrt(pi)) Int_0^inf e^{-u^2} u^2 S_s(u/sqrt(x)) du, by 12-point half-range Gauss-Hermite (weight
/// e^{-u^2} on [0, inf); Steen, Byrne and Gelbard, Math. Comp. 23 (1969) 661; nodes and weights by Golub-Welsch
/// from the moments Gamma((k+1)/2)/2 at 60 digits). In u the Coulomb growth S ~ pi alpha_D/v makes u^2 S a
/// polynomial in u, which the rule integrates exactly; a rule in t = x v^2 would see sqrt(t) and miss by 2% (16
/// generalised Gauss-Laguerre points) where this one stays below 2e-5 (Coulomb S, alpha_D = 0.01-1, x = 5-40).
DS_HD inline ThermalSommerfeld thermal_sommerfeld_s(double x, double m_chi, double m_V, double alpha_D)
{
    constexpr double nodes[12] = {
        0.029889700769664385, 0.15420487826582525, 0.36614396297431241, 0.65088101584520457,
        0.99436686988079202,  1.3858912036495647,  1.8188486084282319,  2.2908427386728546,
        2.8040967933936235,   3.3672707041629266,  4.0016834756734815,  4.7682162879898575,
    };
    constexpr double weights[12] = {
        0.076246146793043089,  0.16644606887947378,   0.21939489812870737,   0.20701650867909441,
        0.1372643627964736,    0.060505674348916428,  0.016553801956407496,  0.0025860837883566728,
        0.00020623754106748872, 7.0665098675270553e-6, 7.591315472565978e-8, 1.1819541716677228e-10,
    };
    if (alpha_D == 0.0) {
        return {1.0, 0};  // no force
    }
    status::Flags flags = 0;
    double sum = 0.0;
    for (int i = 0; i < 12; ++i) {
        SommerfeldFactors const factors = sommerfeld_factors(nodes[i] / std::sqrt(x), m_chi, m_V, alpha_D);
        flags |= factors.status;
        sum += weights[i] * nodes[i] * nodes[i] * factors.s;
    }
    return {sum * 4.0 / std::sqrt(constants::pi), flags};
}

}  // namespace darkscan
