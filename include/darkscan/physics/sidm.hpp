// SPDX-License-Identifier: MIT
// Self-interaction transfer cross section sigma_T = Int dOmega (1 - cos theta) dsigma/dOmega of chi chibar
// (attractive) and chi chi, chibar chibar (repulsive) through the Yukawa potential of V (physics notes 3.5): Born,
// exact partial waves (phase shifts from radial_schrodinger.hpp), classical fits, the Hulthen s-wave formula,
// a dispatcher choosing among them by regime, and the conversion to sigma_T/m_chi in cm^2/g.
//
// Variables (SIDM literature, v_rel = 2 v, k = mu v_rel = m_chi v):
//   kappa = k/m_V = m_chi v_rel/(2 m_V) = eps_v/eps_phi,   beta = 2 alpha_D m_V/(m_chi v_rel^2) = eps_phi/(2 eps_v^2),
// with the Sommerfeld variables eps_v = v/alpha_D, eps_phi = m_V/(alpha_D m_chi); so eps_v = 1/(2 kappa beta),
// eps_phi = 1/(2 kappa^2 beta), alpha_D m_chi/m_V = 2 kappa^2 beta and alpha_D/v_rel = kappa beta.
// Every regime function returns the dimensionless sigma_T m_V^2/pi (TYZ 1302.3898, CLASSICS convention).
// All cross sections are for distinguishable particles (no symmetrisation of chi chi).
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/complex.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/radial_schrodinger.hpp"
#include "darkscan/status.hpp"

namespace darkscan {

namespace sidm_detail {

using darkscan::Complex;

/// Principal logarithm.
DS_HD inline Complex log(Complex z) { return {std::log(std::hypot(z.re, z.im)), std::atan2(z.im, z.re)}; }

/// ln sin(pi z) without overflow for large |Im z| (imaginary part mod 2 pi):
///   sin(pi z) = cosh(pi y) [sin(pi x) + i cos(pi x) tanh(pi y)],  z = x + i y.
DS_HD inline Complex log_sin_pi(Complex z)
{
    double const x = z.re - 2.0 * std::nearbyint(0.5 * z.re);  // sin(pi x) has period 2: keep pi x small and exact
    double const a = std::fabs(constants::pi * z.im);
    double const s = std::sin(constants::pi * x);
    double const c = std::cos(constants::pi * x) * std::tanh(constants::pi * z.im);
    double const log_cosh = a + std::log1p(std::exp(-2.0 * a)) - 0.6931471805599453;  // ln cosh(a)
    return {log_cosh + 0.5 * std::log(s * s + c * c), std::atan2(c, s)};
}

/// ln Gamma(z) for complex z: Lanczos approximation with g = 7, n = 9 (C. Lanczos, SIAM J. Numer. Anal. B1 (1964)
/// 86; coefficients of P. Godfrey, as in Numerical Recipes 3rd ed. sec. 6.1), relative accuracy ~1e-15 in Gamma
/// for Re z >= 1/2, and the reflection formula Gamma(z) Gamma(1 - z) = pi/sin(pi z) below. The real part is
/// ln|Gamma(z)|; the imaginary part is arg Gamma(z) modulo 2 pi (not the continuous branch of log-Gamma).
DS_HD inline Complex log_gamma(Complex z)
{
    constexpr double g = 7.0;
    constexpr double p[9] = {0.99999999999980993,  676.5203681218851,     -1259.1392167224028,
                             771.32342877765313,   -176.61502916214059,   12.507343278686905,
                             -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    constexpr double half_ln_two_pi = 0.91893853320467274178;
    bool const reflect = z.re < 0.5;
    Complex const w = reflect ? Complex{1.0 - z.re, -z.im} : z;  // Re w >= 1/2
    Complex const zm1{w.re - 1.0, w.im};
    Complex series{p[0], 0.0};
    for (int i = 1; i < 9; ++i) {
        series = series + Complex{p[i], 0.0} / Complex{zm1.re + i, zm1.im};
    }
    Complex const t{zm1.re + g + 0.5, zm1.im};
    Complex const ln_gamma_w = Complex{zm1.re + 0.5, zm1.im} * log(t) - t + log(series)
                               + Complex{half_ln_two_pi, 0.0};
    if (!reflect) {
        return ln_gamma_w;
    }
    constexpr double ln_pi = 1.1447298858494002;
    return Complex{ln_pi, 0.0} - log_sin_pi(z) - ln_gamma_w;
}

/// The Yukawa potential's Sommerfeld variables (eps_v, eps_phi) from (kappa, beta).
DS_HD inline double eps_v_of(double kappa, double beta) { return 0.5 / (kappa * beta); }
DS_HD inline double eps_phi_of(double kappa, double beta) { return 0.5 / (kappa * kappa * beta); }

}  // namespace sidm_detail

/// Born transfer cross section, the same for both signs of the potential, in units of pi/m_V^2:
///   sigma_T m_V^2/pi = 2 beta^2 [ln(1 + R^2) - R^2/(1 + R^2)],  R = m_chi v_rel/m_V = 2 kappa,
/// i.e. sigma_T = (8 pi alpha_D^2/(m_chi^2 v_rel^4)) [ln(1 + R^2) - R^2/(1 + R^2)].
/// Valid for alpha_D m_chi/m_V << 1 or alpha_D/v_rel << 1 (the first Born approximation; the next order is
/// odd in the sign of the potential).
/// Ref: Feng, Kaplinghat, Yu, arXiv:0911.0422, eq. (5); re-derived from f = 2 mu alpha_D/(q^2 + m_V^2).
DS_HD inline double sigma_transfer_born(double kappa, double beta)
{
    double const y = 4.0 * kappa * kappa;  // R^2
    double bracket = 0.0;
    if (y < 0.1) {
        // ln(1 + y) - y/(1 + y) = sum_{n >= 2} (-1)^n (n - 1) y^n/n = y^2/2 - 2 y^3/3 + ...: the closed form
        // cancels to y^2/2; 16 terms reach 1e-16 relative at y = 0.1.
        double power = -y;  // becomes (-1)^n y^n
        for (int n = 2; n <= 17; ++n) {
            power *= -y;
            bracket += (n - 1.0) / n * power;
        }
    } else {
        bracket = std::log1p(y) - y / (1.0 + y);
    }
    return 2.0 * beta * beta * bracket;
}

/// Classical-regime (kappa >> 1) transfer cross section of Tulin, Yu, Zurek, in units of pi/m_V^2.
/// Attractive: 4 beta^2 ln(1 + 1/beta) (beta < 0.1), 8 beta^2/(1 + 1.5 beta^1.65) (0.1 <= beta < 1e3),
/// (ln beta + 1 - 1/(2 ln beta))^2 (beta >= 1e3); repulsive: 2 beta^2 ln(1 + 1/beta^2) (beta < 1),
/// (ln 2beta - ln ln 2beta)^2 (beta >= 1). Measured against partial waves in tests/physics/test_sidm.cpp:
/// off by up to ~50% at kappa = 10-30, with jumps at the branch points; kept for comparison, not dispatched.
/// Ref: Tulin, Yu, Zurek, arXiv:1302.3898, sec. III (classical regime; after Feng, Kaplinghat, Yu 0911.0422 and
/// Khrapak et al., PRL 90 (2003) 225002); coefficients as in physics notes 3.5.
DS_HD inline double sigma_transfer_classical_tyz(double beta, double sign)
{
    if (sign > 0.0) {
        if (beta < 0.1) {
            return 4.0 * beta * beta * std::log1p(1.0 / beta);
        }
        if (beta < 1e3) {
            return 8.0 * beta * beta / (1.0 + 1.5 * std::pow(beta, 1.65));
        }
        double const ln_beta = std::log(beta);
        double const f = ln_beta + 1.0 - 0.5 / ln_beta;
        return f * f;
    }
    if (beta < 1.0) {
        return 2.0 * beta * beta * std::log1p(1.0 / (beta * beta));
    }
    double const ln_2beta = std::log(2.0 * beta);
    double const f = ln_2beta - std::log(ln_2beta);
    return f * f;
}

/// Classical-regime (kappa >> 1) transfer cross section of Cyr-Racine et al. (ETHOS), in units of pi/m_V^2.
/// Attractive: 2 beta^2 ln(1 + 1/beta^2) (beta < 0.01),
///   7 (beta^1.8 + 280 (beta/10)^10.3)/(1 + 1.4 beta + 0.006 beta^4 + 160 (beta/10)^10) (0.01 <= beta < 100),
///   0.81 (1 + ln beta - 1/(2 ln beta))^2 (beta >= 100);
/// repulsive: 2 beta^2 ln(1 + 1/beta^2) (beta < 0.01), 8 beta^1.8/(1 + 5 beta^0.9 + 0.85 beta^1.6)
///   (0.01 <= beta < 1e4), (ln 2beta - ln ln 2beta)^2 (beta >= 1e4).
/// Coefficients as implemented in DarkSUSY 6 `dssisigmatclassical` (which cites 1512.05344 eqs. 45, 46; the fits
/// are Khrapak's, PRE 2014 / 1404.4505, to classical numerics); the paper text itself could not be consulted here.
/// Measured against partial waves (tests/physics/test_sidm.cpp) at kappa = 10-30: within 13% for beta = 0.3-100,
/// 6.4% for beta = 300-1000, 12% at beta = 1e4; fails for kappa beta = alpha_D/v_rel <~ 1 (+71% at kappa = 10,
/// beta = 0.01), where the scattering is not classical.
DS_HD inline double sigma_transfer_classical_cyr_racine(double beta, double sign)
{
    if (beta < 0.01) {
        return 2.0 * beta * beta * std::log1p(1.0 / (beta * beta));
    }
    if (sign > 0.0) {
        if (beta < 100.0) {
            double const b10 = 0.1 * beta;
            return 7.0 * (std::pow(beta, 1.8) + 280.0 * std::pow(b10, 10.3))
                   / (1.0 + 1.4 * beta + 0.006 * beta * beta * beta * beta + 160.0 * std::pow(b10, 10.0));
        }
        double const ln_beta = std::log(beta);
        double const f = 1.0 + ln_beta - 0.5 / ln_beta;
        return 0.81 * f * f;
    }
    if (beta < 1e4) {
        return 8.0 * std::pow(beta, 1.8) / (1.0 + 5.0 * std::pow(beta, 0.9) + 0.85 * std::pow(beta, 1.6));
    }
    double const ln_2beta = std::log(2.0 * beta);
    double const f = ln_2beta - std::log(ln_2beta);
    return f * f;
}

/// Hulthen screening constant of the SIDM s-wave formula: V = -alpha_D delta e^{-delta r}/(1 - e^{-delta r}) with
/// delta = kappa_H m_V. TYZ and CLASSICS take 1.6; DarkSUSY takes sqrt(2 zeta(3)) = 1.5505 (matching the Yukawa
/// scattering length at leading order in the Born series). Not the pi^2/6 of the Sommerfeld formula (notes 3.3).
inline constexpr double hulthen_kappa_tyz = 1.6;

/// s-wave phase shift delta_0 (rad, modulo pi) of the Hulthen potential:
///   delta_0 = arg[ i Gamma(2 i a) / (Gamma(lambda_+) Gamma(lambda_-)) ],
///   lambda_+- = 1 + i a +- sqrt(b - a^2) (attractive),  1 + i a +- i sqrt(a^2 + b) (repulsive),
/// a = kappa/kappa_H = m_chi v_rel/(2 kappa_H m_V), b = alpha_D m_chi/(kappa_H m_V) = 2 kappa^2 beta/kappa_H.
/// Gamma(2 i a) = Gamma(1 + 2 i a)/(2 i a) removes the factor i: delta_0 = arg Gamma(1 + 2 i a) - arg Gamma(lambda_+)
/// - arg Gamma(lambda_-).
/// Ref: Tulin, Yu, Zurek, arXiv:1302.3898, eqs. (A4)-(A5) (DarkSUSY `dssisigmatres`).
DS_HD inline double hulthen_s_wave_phase_shift(double kappa, double beta, double sign,
                                               double kappa_H = hulthen_kappa_tyz)
{
    using sidm_detail::Complex;
    double const a = kappa / kappa_H;
    double const b = 2.0 * kappa * kappa * beta / kappa_H;
    Complex lambda_plus{1.0, a};
    Complex lambda_minus{1.0, a};
    if (sign > 0.0 && b > a * a) {
        double const root = std::sqrt(b - a * a);
        lambda_plus.re += root;
        lambda_minus.re -= root;
    } else {
        double const root = std::sqrt(sign > 0.0 ? a * a - b : a * a + b);
        lambda_plus.im += root;
        lambda_minus.im -= root;
    }
    return sidm_detail::log_gamma(Complex{1.0, 2.0 * a}).im - sidm_detail::log_gamma(lambda_plus).im
           - sidm_detail::log_gamma(lambda_minus).im;
}

/// s-wave-only transfer cross section of the Hulthen potential in units of pi/m_V^2 (valid for kappa < ~0.4,
/// where higher partial waves are negligible): sigma_T = 4 pi sin^2(delta_0)/k^2, i.e. 4 sin^2(delta_0)/kappa^2.
/// An approximation to the Yukawa potential: the resonances sit at other couplings (tested against partial waves
/// off resonance in tests/physics/test_sidm.cpp); the dispatcher uses partial waves instead.
/// Ref: Tulin, Yu, Zurek, arXiv:1302.3898, eq. (A5).
DS_HD inline double sigma_transfer_hulthen(double kappa, double beta, double sign, double kappa_H = hulthen_kappa_tyz)
{
    double const s = std::sin(hulthen_s_wave_phase_shift(kappa, beta, sign, kappa_H));
    return 4.0 * s * s / (kappa * kappa);
}

/// Result of the partial-wave sum: sigma_T m_V^2/pi, the number of phase shifts solved (wkb_waves of them by
/// langer_wkb_phase_shift), and the status (status::sidm_not_converged if the l cap was hit or a phase-shift solve
/// failed).
struct PartialWaveTransfer {
    double sigma_hat = 0.0;
    int n_waves = 0;
    int wkb_waves = 0;
    status::Flags status = 0;
};

/// The partial-wave sum takes delta_l from langer_wkb_phase_shift from the first l >= sidm_wkb_min_l whose
/// potential_share (langer_turning_point) is below sidm_wkb_max_potential_share on (the share falls with l). Measured over kappa = 1-20,
/// beta = 0.01-300, both signs (tests/physics/test_sidm.cpp): sigma_T within 1.7e-4 of the sum of numerical
/// phase shifts, 69% of the phase shifts numerical (64% at kappa >= 10).
inline constexpr int sidm_wkb_min_l = 20;
inline constexpr double sidm_wkb_max_potential_share = 0.05;

/// Largest number of phase shifts one partial-wave sum solves (l = 0 .. cap - 1).
inline constexpr int sidm_partial_wave_cap = 600;

/// Exact transfer cross section from partial waves, in units of pi/m_V^2, for distinguishable particles:
///   sigma_T = (4 pi/k^2) sum_l (l + 1) sin^2(delta_{l+1} - delta_l),  i.e. sigma_T m_V^2/pi = (4/kappa^2) sum ...
/// delta_l from radial_scattering() for u'' + [eps_v^2 + sign e^{-eps_phi x}/x - l(l+1)/x^2] u = 0.
/// The sum stops once l > kappa (1 + ln(1 + kappa beta)) (where the Born phase kappa beta e^{-l/kappa} drops
/// below 1), |sin delta_{l+1}| < 0.1 (past the range of the potential, where the phases decay geometrically in
/// l) and the geometric tail estimate term r/(1 - r), r = term_l/term_{l-1}, is below
/// `tolerance` of the sum on two consecutive l; that tail estimate is added. At most max_waves phase shifts
/// (sidm_partial_wave_cap); hitting the cap, or a failed phase-shift solve, sets status::sidm_not_converged.
/// delta_l is the WKB phase shift from the first l >= sidm_wkb_min_l where the potential is below wkb_max_share
/// of the centrifugal barrier at the turning point (0: numerical phase shifts throughout).
/// The phases only enter as sin^2 of differences, so their definition modulo pi does not matter.
/// Ref: Tulin, Yu, Zurek, arXiv:1302.3898, sec. IV (partial-wave expansion of sigma_T for distinguishable
/// particles); Colquhoun et al., arXiv:2011.04679, sec. 2.
DS_HD DS_NOINLINE inline PartialWaveTransfer sigma_transfer_partial_waves(double kappa, double beta, double sign,
                                                                           double tolerance = 1e-3,
                                                                           int max_waves = sidm_partial_wave_cap,
                                                                           double wkb_max_share
                                                                           = sidm_wkb_max_potential_share)
{
    double const eps_v = sidm_detail::eps_v_of(kappa, beta);
    CentralPotential const potential{sidm_detail::eps_phi_of(kappa, beta), sign, PotentialShape::yukawa};
    PartialWaveTransfer result;
    status::Flags solver_status = 0;
    auto const phase_shift = [&](int l) {
        if (l >= sidm_wkb_min_l) {
            LangerTurningPoint const turning = langer_turning_point(l, eps_v, potential);
            if (result.wkb_waves > 0 || turning.potential_share < wkb_max_share) {
                ++result.wkb_waves;
                return langer_wkb_phase_shift(l, eps_v, potential, turning);
            }
        }
        RadialScattering const numerical = radial_scattering(l, eps_v, potential);
        solver_status |= numerical.status;
        return numerical.phase_shift;
    };
    double delta_prev = phase_shift(0);
    double sum = 0.0;
    double term_prev = 0.0;
    // Below l_min the phases can be large (Born: |delta_l| ~ kappa beta e^{-l/kappa}), and a small term or a
    // phase near 0 mod pi is accidental (orbiting in the attractive potential at beta >> 1).
    double const l_min = kappa * (1.0 + std::log1p(kappa * beta));
    int passes = 0;
    bool converged = false;
    int l = 0;
    for (; l < max_waves - 1; ++l) {
        double const next = phase_shift(l + 1);
        double const s = std::sin(next - delta_prev);
        double const term = (l + 1.0) * s * s;
        sum += term;
        delta_prev = next;
        double const r = term_prev > 0.0 ? term / term_prev : 0.0;
        term_prev = term;
        bool const past_range = (l + 1.0) > l_min && std::fabs(std::sin(next)) < 0.1;
        double const tail = r < 1.0 ? term * r / (1.0 - r) : 1e300;
        if (past_range && tail <= tolerance * sum) {
            if (++passes >= 2) {
                sum += tail;
                converged = true;
                break;
            }
        } else {
            passes = 0;
        }
    }
    result.n_waves = converged ? l + 2 : l + 1;  // delta_0 .. delta_{l+1}
    result.sigma_hat = 4.0 * sum / (kappa * kappa);
    if (!converged || solver_status != 0) {
        result.status |= status::sidm_not_converged;
    }
    if (!std::isfinite(result.sigma_hat)) {
        result.status |= status::non_finite;
    }
    return result;
}

/// sigma_T in GeV^-2 with its status.
struct TransferCrossSection {
    double sigma_T_GeV_m2 = 0.0;
    status::Flags status = 0;
};

/// Real part of the digamma function on the line 1 + i y: Re psi(1 + i y) = Re psi(11 + i y) - sum_{j=1}^{10}
/// j/(j^2 + y^2), with the asymptotic series psi(z) = ln z - 1/(2z) - sum_k B_2k/(2k z^2k) to k = 6 at
/// |z| >= 11 (A&S 6.3.5, 6.3.18; truncation error < 1e-15).
DS_HD inline double re_digamma_one_plus_i(double y)
{
    using sidm_detail::Complex;
    double sum = 0.0;
    for (int j = 1; j <= 10; ++j) {
        sum -= j / (j * j + y * y);
    }
    Complex const z{11.0, y};
    Complex const inv = Complex{1.0, 0.0} / z;
    Complex const inv2 = inv * inv;
    // -1/(12 z^2) + 1/(120 z^4) - 1/(252 z^6) + 1/(240 z^8) - 1/(132 z^10) + 691/(32760 z^12), Horner in 1/z^2.
    Complex series = Complex{691.0 / 32760.0, 0.0} * inv2;
    series = (series - Complex{1.0 / 132.0, 0.0}) * inv2;
    series = (series + Complex{1.0 / 240.0, 0.0}) * inv2;
    series = (series - Complex{1.0 / 252.0, 0.0}) * inv2;
    series = (series + Complex{1.0 / 120.0, 0.0}) * inv2;
    series = (series - Complex{1.0 / 12.0, 0.0}) * inv2;
    Complex const psi = sidm_detail::log(z) - Complex{0.5, 0.0} * inv + series;
    return sum + psi.re;
}

/// Change of sigma_T m_V^2/pi between kappa_from and kappa at fixed beta << 1, from the Coulomb logarithm:
///   2 beta^2 { [b(kappa) - b(kappa_from)] - 2 [Re psi(1 + i kappa beta) - Re psi(1 + i kappa_from beta)] },
/// b(kappa) = ln(1 + 4 kappa^2) - 4 kappa^2/(1 + 4 kappa^2) (the Born bracket). For beta << 1 the screened
/// Coulomb cross section is 2 beta^2 times a Coulomb logarithm that runs from the quantum (Born) ln(2 kappa)
/// at alpha_D/v_rel = kappa beta << 1 to the classical ln(1/beta) at kappa beta >> 1; the interpolation between
/// the two is Bloch's, -[Re psi(1 + i alpha_D/v_rel) - psi(1)], as in the Bloch correction to the Bethe stopping
/// formula. The sign-dependent (non-Coulombic) part cancels in the difference, so the shift is added to an exact
/// partial-wave value at kappa_from. Measured in tests/physics/test_sidm.cpp.
/// Ref: F. Bloch, Ann. Phys. (Leipzig) 16 (1933) 285; the Born bracket of Feng, Kaplinghat, Yu, 0911.0422, eq. (5).
DS_HD inline double coulomb_log_shift(double kappa, double kappa_from, double beta)
{
    double const born_change = (sigma_transfer_born(kappa, 1.0) - sigma_transfer_born(kappa_from, 1.0)) / 2.0;
    double const bloch_change = re_digamma_one_plus_i(kappa * beta) - re_digamma_one_plus_i(kappa_from * beta);
    return 2.0 * beta * beta * (born_change - 2.0 * bloch_change);
}

/// Regime boundaries of sigma_transfer() (accuracies measured in tests/physics/test_sidm.cpp).
namespace sidm_dispatch {
/// Born when min(alpha_D m_chi/m_V, alpha_D/v_rel) is below this (Born error <= 1.0%, largest at kappa -> 0;
/// the error is odd in the sign of the potential, so the Dirac average is good to 2e-4).
inline constexpr double born_max = 0.01;
/// Partial waves up to this kappa (cost at kappa = 20: 60-180 phase shifts, 1-25 ms on one CPU core).
inline constexpr double kappa_partial_waves_max = 20.0;
/// The Cyr-Racine fit for beta >= this and kappa >= kappa_fit_min (bounds the cost of the partial waves, whose
/// number grows like kappa ln beta).
inline constexpr double beta_fit_min = 300.0;
inline constexpr double kappa_fit_min = 10.0;
/// Above kappa_partial_waves_max and below beta_fit_min: partial waves at kappa_partial_waves_max and the same
/// beta (the classical limit depends on beta only), shifted by coulomb_log_shift() for beta < this.
inline constexpr double beta_coulomb_log_max = 1.0;
}  // namespace sidm_dispatch

/// Transfer cross section sigma_T [GeV^-2] of two dark-matter particles (chi chibar: sign = +1, attractive;
/// chi chi or chibar chibar: sign = -1, repulsive) at relative velocity v_rel [c], for masses m_chi, m_V [GeV]
/// and coupling alpha_D. Chooses, by regime (notes 3.5, constants in sidm_dispatch):
///  1. Born (sigma_transfer_born) where min(alpha_D m_chi/m_V, alpha_D/v_rel) < born_max;
///  2. the Cyr-Racine classical fit where beta >= beta_fit_min and kappa >= kappa_fit_min;
///  3. exact partial waves for kappa <= kappa_partial_waves_max;
///  4. above, partial waves at kappa_partial_waves_max with the same beta, plus coulomb_log_shift() when
///     beta < beta_coulomb_log_max: sigma_T m_V^2/pi tends to a function of beta alone as kappa -> infinity
///     (classical limit), up to the Coulomb logarithm of the small-beta tail.
/// Measured against partial waves at the actual kappa (tests/physics/test_sidm.cpp): within 1.0% in branches 1,
/// 3 and 4 (beta <= 10), 5% in branch 4 for attractive 10 < beta < 300 (orbiting resonances move with kappa);
/// branch 2 (the fit) 7% for beta <= 1e3 but 12% at beta = 1e4 and 22% (attractive) at beta = 1e5 (kappa = 10).
/// alpha_D = 0 gives 0; non-positive masses or velocity, or negative or non-finite alpha_D, give NaN with
/// status::invalid_parameters.
DS_HD DS_NOINLINE inline TransferCrossSection sigma_transfer(double v_rel, double m_chi, double m_V, double alpha_D,
                                                             double sign)
{
    TransferCrossSection result;
    if (!(v_rel > 0.0) || !(m_chi > 0.0) || !(m_V > 0.0) || !(alpha_D >= 0.0) || !std::isfinite(alpha_D)) {
        result.sigma_T_GeV_m2 = NAN;
        result.status = status::invalid_parameters;
        return result;
    }
    if (alpha_D == 0.0) {
        return result;
    }
    using namespace sidm_dispatch;
    double const kappa = 0.5 * m_chi * v_rel / m_V;
    double const beta = 2.0 * alpha_D * m_V / (m_chi * v_rel * v_rel);
    double const born_parameter = std::fmin(alpha_D * m_chi / m_V, alpha_D / v_rel);
    double sigma_hat = 0.0;
    if (born_parameter < born_max) {
        sigma_hat = sigma_transfer_born(kappa, beta);
    } else if (beta >= beta_fit_min && kappa >= kappa_fit_min) {
        sigma_hat = sigma_transfer_classical_cyr_racine(beta, sign);
    } else if (kappa <= kappa_partial_waves_max) {
        PartialWaveTransfer const waves = sigma_transfer_partial_waves(kappa, beta, sign);
        sigma_hat = waves.sigma_hat;
        result.status |= waves.status;
    } else {
        PartialWaveTransfer const waves = sigma_transfer_partial_waves(kappa_partial_waves_max, beta, sign);
        sigma_hat = waves.sigma_hat;
        result.status |= waves.status;
        if (beta < beta_coulomb_log_max) {
            sigma_hat += coulomb_log_shift(kappa, kappa_partial_waves_max, beta);
        }
    }
    result.sigma_T_GeV_m2 = sigma_hat * constants::pi / (m_V * m_V);
    if (!std::isfinite(result.sigma_T_GeV_m2)) {
        result.sigma_T_GeV_m2 = NAN;
        result.status |= status::non_finite;
    }
    return result;
}

/// sigma/m [cm^2/g] = sigma_over_m_factor sigma[GeV^-2]/m[GeV] = (hbar c)^2/(1 GeV/c^2 in g): 2.18427e-4 (notes 1).
inline constexpr double sigma_over_m_cm2_per_g_factor =
    constants::hbar_c_GeV_cm * constants::hbar_c_GeV_cm / constants::GeV_in_g;

/// sigma_T/m_chi [cm^2/g] for the attractive (chi chibar) and repulsive (chi chi, chibar chibar) potentials, and
/// the Dirac combination used for halo constraints: a symmetric chi/chibar population scatters half the time as
/// chi chibar and half as chi chi or chibar chibar, so dirac = (attractive + repulsive)/2 (Tulin, Yu, Zurek,
/// arXiv:1302.3898 sec. II; DarkSUSY `dssisigtm` for a vector mediator). All are distinguishable-particle transfer
/// cross sections; compare with halo bounds quoted for sigma_T/m.
struct SidmCrossSections {
    double attractive_cm2_per_g = 0.0;
    double repulsive_cm2_per_g = 0.0;
    double dirac_cm2_per_g = 0.0;
    status::Flags status = 0;
};

/// sigma_T/m_chi [cm^2/g] at relative velocity v_rel [c] (see SidmCrossSections), masses [GeV], coupling alpha_D.
DS_HD inline SidmCrossSections sidm_cross_sections(double v_rel, double m_chi, double m_V, double alpha_D)
{
    TransferCrossSection const att = sigma_transfer(v_rel, m_chi, m_V, alpha_D, +1.0);
    TransferCrossSection const rep = sigma_transfer(v_rel, m_chi, m_V, alpha_D, -1.0);
    double const factor = sigma_over_m_cm2_per_g_factor / m_chi;
    SidmCrossSections result;
    result.attractive_cm2_per_g = att.sigma_T_GeV_m2 * factor;
    result.repulsive_cm2_per_g = rep.sigma_T_GeV_m2 * factor;
    result.dirac_cm2_per_g = 0.5 * (result.attractive_cm2_per_g + result.repulsive_cm2_per_g);
    result.status = att.status | rep.status;
    return result;
}

}  // namespace darkscan
