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
///   c < a^2 c^2: sinh X / (cosh X - cosh Y) = (1 - e^{-2X}) / [(1 - e^{-(X+Y)}) (1 - e^{-(X-Y)})],
///   X - Y = 2 pi c / (a c + sqrt(a^2 c^2 - c)) (the difference cancels for a c >> 1, e.g. eps_v = 1e12).
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
    double const root = std::sqrt(-disc);
    double const Y = 2.0 * pi * root;
    double const X_minus_Y = 2.0 * pi * c / (a * c + root);
    return (pi / a) * (-std::expm1(-2.0 * X)) / ((-std::expm1(-(X + Y))) * (-std::expm1(-X_minus_Y)));
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

/// One partial wave's Sommerfeld factor, for callers that need S_s alone (the freeze-out average).
struct SommerfeldFactor {
    double value;
    status::Flags status;  ///< as in SommerfeldFactors
};

/// Smallest eps_v the Yukawa solve uses: eps_v = 0 (or below) is evaluated here, in the saturated regime, where
/// S no longer depends on eps_v off resonance (relative change ~ (eps_v/eps_phi)^2 < 1e-20 for eps_phi > 1e-2).
inline constexpr double sommerfeld_min_eps_v = 1e-12;

/// eps_phi at or below which sommerfeld_yukawa returns the Coulomb factors: 2e-3 eps_v min(1, eps_v), where
/// screening changes S_0 by < 2e-4 and S_1 by < 2e-3 (measured on eps_phi = r eps_v^2 lines, eps_v = 1e-3..10:
/// |S_1/S_1C - 1| ~ 0.1-0.9 eps_phi/eps_v for eps_v >~ 0.1; test_sommerfeld.cpp).
DS_HD inline double sommerfeld_coulomb_switch(double eps_v)
{
    return 2e-3 * eps_v * (eps_v < 1.0 ? eps_v : 1.0);
}

/// Solver settings of sommerfeld_yukawa at (eps_v, eps_phi). step_k = 0.15: near resonances S amplifies step
/// errors (< 4e-4 measured, 1e-4 typical). The WKB early match saves the integration of many wavelengths when
/// eps_v >> eps_phi; below eps_v = 2 eps_phi it saves little and misses by up to 1.5% (eps_v ~ 0.9 eps_phi,
/// eps_phi ~ 2e-4: the match lands too close to the turning point), so it is used only above, where it stays
/// within 3.2e-4 of the full integration (measured over eps_phi = 1e-4..0.3, eps_v/eps_phi = 2..1000).
DS_HD inline RadialSolverOptions sommerfeld_solver_options(double eps_v, double eps_phi)
{
    RadialSolverOptions options;
    options.wkb_tolerance = eps_v >= 2.0 * eps_phi ? 1e-5 : 0.0;
    options.step_k = 0.15;
    options.max_steps = 200000;
    return options;
}

/// S_l (l = 0, 1) of the attractive Yukawa potential by one radial solve at k = eps_v > 0 (sommerfeld_yukawa below,
/// which documents the normalisation and the solver).
DS_HD inline SommerfeldFactor sommerfeld_yukawa_wave(int l, double k, double eps_phi)
{
    CentralPotential const potential{eps_phi, 1.0, PotentialShape::yukawa};
    RadialScattering const wave = radial_scattering(l, k, potential, sommerfeld_solver_options(k, eps_phi));
    double const scaled = l == 0 ? wave.amplitude * k : wave.amplitude * k * k;
    return {(l == 0 ? 1.0 : 9.0) / (scaled * scaled), wave.status};
}

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
    if (eps_phi <= sommerfeld_coulomb_switch(k)) {
        return {sommerfeld_coulomb_s(k), sommerfeld_coulomb_p(k), 0};
    }
    SommerfeldFactor const s_wave = sommerfeld_yukawa_wave(0, k, eps_phi);
    SommerfeldFactor const p_wave = sommerfeld_yukawa_wave(1, k, eps_phi);
    return {s_wave.value, p_wave.value, s_wave.status | p_wave.status};
}

/// S_0 of sommerfeld_yukawa alone (the same value, bit for bit, at half the cost).
DS_HD DS_NOINLINE inline SommerfeldFactor sommerfeld_yukawa_s(double eps_v, double eps_phi)
{
    if (!(eps_v >= 0.0) || !(eps_phi >= 0.0)) {
        return {NAN, status::invalid_parameters};
    }
    double const k = eps_v > sommerfeld_min_eps_v ? eps_v : sommerfeld_min_eps_v;
    if (eps_phi <= sommerfeld_coulomb_switch(k)) {
        return {sommerfeld_coulomb_s(k), 0};
    }
    return sommerfeld_yukawa_wave(0, k, eps_phi);
}

}  // namespace darkscan
