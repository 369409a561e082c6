// SPDX-License-Identifier: MIT
// Radial Schrodinger equation for the dark-sector Yukawa (or Hulthen) potential at positive energy: the
// asymptotic amplitude A_l of the regular solution (Sommerfeld factors) and the phase shift delta_l (SIDM
// partial waves). Numerov with a-priori step sizes (doubling only), power-of-two renormalisation, matching
// to Riccati-Bessel functions: a bounded number of steps per call, no allocation, no recursion.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/quadrature.hpp"
#include "darkscan/status.hpp"

namespace darkscan {

enum class PotentialShape : int { yukawa = 0, hulthen = 1 };

/// Central potential of the dimensionless radial equation u'' + [eps_v^2 + sign f(x) - l(l+1)/x^2] u = 0,
/// f = e^{-eps_phi x}/x (Yukawa) or kappa e^{-kappa x}/(1 - e^{-kappa x}) with kappa = (pi^2/6) eps_phi (Hulthen).
/// x = alpha_D m_chi r; eps_v = v/alpha_D with v the speed of each particle in the CM frame.
struct CentralPotential {
    double eps_phi;  ///< m_V / (alpha_D m_chi)
    double sign;     ///< +1 attractive (chi chibar), -1 repulsive (chi chi)
    PotentialShape shape = PotentialShape::yukawa;
};

struct RadialScattering {
    double amplitude;      ///< A_l: u -> A_l sin(eps_v x - l pi/2 + delta_l) for u ~ x^{l+1} at x -> 0 (meaningful for l <= 1)
    double phase_shift;    ///< delta_l [rad], defined modulo pi, returned in (-pi/2, pi/2]
    status::Flags status;  ///< status::sommerfeld_not_converged if a cap was hit or a check failed
    int steps = 0;         ///< Numerov steps taken (cost diagnostic)
};

/// Numerical controls of radial_scattering. The defaults give phase shifts to ~5e-6 rad and amplitudes to
/// ~1e-5 relative away from zero-energy resonances (measured in tests/physics/test_radial_schrodinger.cpp);
/// tests halve step_scale and double range_scale to show convergence.
struct RadialSolverOptions {
    /// Multiplies every step size: h = step_scale min(step_x x, step_k/k_loc(x), step_range/eps_phi),
    /// k_loc^2 = eps_v^2 + |f(x)| + l(l+1)/x^2.
    double step_scale = 1.0;
    /// Multiplies the matching radius x_match (where the neglected potential tail is below tolerance).
    double range_scale = 1.0;
    /// Step cap; reaching it sets status::sommerfeld_not_converged.
    int max_steps = 2000000;
    /// Step-size constants (see step_scale).
    double step_x = 0.07;
    double step_k = 0.2;
    double step_range = 1.0;
    /// Largest effect allowed of the potential beyond the exact (Riccati-Bessel) matching radius.
    double tail_tolerance = 1e-8;
    /// Largest first-order WKB error allowed at an early (WKB) match; 0 disables WKB matching.
    double wkb_tolerance = 1e-6;
};

namespace radial_detail {

inline constexpr double pi = 3.14159265358979323846;

/// f(x) of CentralPotential (without the sign).
DS_HD inline double potential_shape(CentralPotential const& p, double x)
{
    if (p.shape == PotentialShape::hulthen) {
        double const kappa = (pi * pi / 6.0) * p.eps_phi;
        if (kappa * x < 1e-12) {
            return 1.0 / x - 0.5 * kappa;
        }
        return kappa / std::expm1(kappa * x);
    }
    return std::exp(-p.eps_phi * x) / x;
}

/// Decay rate of f at large x: eps_phi (Yukawa) or kappa (Hulthen).
DS_HD inline double potential_range_rate(CentralPotential const& p)
{
    return p.shape == PotentialShape::hulthen ? (pi * pi / 6.0) * p.eps_phi : p.eps_phi;
}

/// Riccati-Bessel functions of order l at z > 0, scaled against overflow:
///   s_l(z) = z j_l(z) = s 2^-e -> sin(z - l pi/2),   c_l(z) = -z y_l(z) = c 2^e -> cos(z - l pi/2).
/// c_l by upward recurrence (stable); s_l by upward recurrence for z > l, otherwise from the ratio
/// s_{l-1}/s_l (backward continued fraction, A&S 10.1.19 / Numerical Recipes 6.7) and the Wronskian
/// s_l c_{l-1} - s_{l-1} c_l = -1 (A&S 10.1.31 for z j, z y).
struct RiccatiBessel {
    double s;
    double c;
    int e;
};

DS_HD inline RiccatiBessel riccati_bessel(int l, double z)
{
    double const sz = std::sin(z);
    double const cz = std::cos(z);
    if (l == 0) {
        return {sz, cz, 0};
    }
    // c_l upward; keep c_{l-1}.
    double c_prev = cz;
    double c_cur = cz / z + sz;
    int e = 0;
    for (int m = 1; m < l; ++m) {
        double const c_next = (2.0 * m + 1.0) / z * c_cur - c_prev;
        c_prev = c_cur;
        c_cur = c_next;
        if (std::fabs(c_cur) > 0x1p600) {
            c_prev = std::ldexp(c_prev, -600);
            c_cur = std::ldexp(c_cur, -600);
            e += 600;
        }
    }
    double s = 0.0;
    if (z > l) {
        double s_prev = sz;
        double s_cur = sz / z - cz;
        for (int m = 1; m < l; ++m) {
            double const s_next = (2.0 * m + 1.0) / z * s_cur - s_prev;
            s_prev = s_cur;
            s_cur = s_next;
        }
        s = s_cur;  // e = 0 here: c_l does not grow for z > l
    } else {
        // r_m = s_{m-1}/s_m = (2m+1)/z - 1/r_{m+1}, started 60 orders above l (the transition region of
        // s_m around m ~ z is ~z^{1/3} orders wide, so the start error is negligible).
        int const top = l + 60;
        double r = (2.0 * top + 1.0) / z;
        for (int m = top - 1; m >= l; --m) {
            r = (2.0 * m + 1.0) / z - 1.0 / r;
        }
        s = -1.0 / (c_prev - r * c_cur);
    }
    return {s, c_cur, e};
}

/// Frequency fitting of Numerov: with Q replaced by Q g(Q h^2), g(w) = 12 (1 - cos sqrt(w)) / (w (5 + cos sqrt(w))),
/// the scheme (1 + h^2 Q_{n+1}/12) u_{n+1} = 2 (1 - 5 h^2 Q_n/12) u_n - (1 + h^2 Q_{n-1}/12) u_{n-1} is exact for
/// constant Q of either sign (sin/cos or sinh/cosh), and still fourth order for varying Q (g = 1 + O(w^2)).
/// Taylor series of g to w^6 (|w| <= 1 here: h <= 0.1 step_scale / k_loc; the w^7 term is < 1e-11).
/// Ref: the exponentially fitted Numerov method, Raptis and Allison, Comput. Phys. Commun. 14 (1978) 1;
/// Ixaru and Rizea, Comput. Phys. Commun. 19 (1980) 23.
DS_HD inline double fitted_numerov_factor(double w)
{
    return 1.0 + w * w * (-1.0 / 240.0 +
                          w * (-1.0 / 6048.0 +
                               w * (1.0 / 86400.0 + w * (19.0 / 15966720.0 + w * (-41.0 / 15850598400.0)))));
}

/// Largest n kept in the small-x series of the regular solution.
inline constexpr int series_order = 6;

/// Regular solution u = x^{l+1} sum_n c_n x^n near the origin, from the recurrence
///   c_n n (n + 2l + 1) = -[ sign c_{n-1} + sum_j h_j c_{n-2-j} ],  h_0 = eps_v^2 + sign g_0, h_j = sign g_j,
/// with f(x) = 1/x + g_0 + g_1 x + g_2 x^2 + g_3 x^3 (Yukawa: g_j = (-eps_phi)^{j+1}/(j+1)!;
/// Hulthen: t/(e^t - 1) = 1 - t/2 + t^2/12 - t^4/720, t = kappa x). Returns u(x) / x^{l+1}.
DS_HD inline double regular_series_ratio(int l, double eps_v, CentralPotential const& p, double x)
{
    double g[4];
    if (p.shape == PotentialShape::hulthen) {
        double const kappa = (pi * pi / 6.0) * p.eps_phi;
        g[0] = -0.5 * kappa;
        g[1] = kappa * kappa / 12.0;
        g[2] = 0.0;
        g[3] = -kappa * kappa * kappa * kappa / 720.0;
    } else {
        double const e = p.eps_phi;
        g[0] = -e;
        g[1] = e * e / 2.0;
        g[2] = -e * e * e / 6.0;
        g[3] = e * e * e * e / 24.0;
    }
    double h[4];
    h[0] = eps_v * eps_v + p.sign * g[0];
    for (int j = 1; j < 4; ++j) {
        h[j] = p.sign * g[j];
    }
    double c[series_order + 1];
    c[0] = 1.0;
    double sum = 1.0;
    double xn = 1.0;
    for (int n = 1; n <= series_order; ++n) {
        double acc = p.sign * c[n - 1];
        for (int j = 0; j <= n - 2 && j < 4; ++j) {
            acc += h[j] * c[n - 2 - j];
        }
        c[n] = -acc / (n * (n + 2.0 * l + 1.0));
        xn *= x;
        sum += c[n] * xn;
    }
    return sum;
}

/// f, f' and f'' of CentralPotential (without the sign).
/// Yukawa: f' = -f (eps_phi + 1/x), f'' = f [(eps_phi + 1/x)^2 + 1/x^2];
/// Hulthen f = kappa/(e^{kappa x} - 1): f' = -f (kappa + f), f'' = f (kappa + f)(kappa + 2 f).
DS_HD inline void potential_derivatives(CentralPotential const& p, double x, double& f, double& f1, double& f2)
{
    f = potential_shape(p, x);
    if (p.shape == PotentialShape::hulthen) {
        double const kappa = (pi * pi / 6.0) * p.eps_phi;
        f1 = -f * (kappa + f);
        f2 = f * (kappa + f) * (kappa + 2.0 * f);
    } else {
        double const a = p.eps_phi + 1.0 / x;
        f1 = -f * a;
        f2 = f * (a * a + 1.0 / (x * x));
    }
}

/// WKB phase of the potential beyond x_m, I_V = Int_{x_m}^inf [p(x) - p_0(x)] dx with the local momenta
/// p^2 = k^2 + sign f - lambda^2/x^2 and p_0^2 = k^2 - lambda^2/x^2 (lambda^2 = l(l+1)), written
/// p - p_0 = sign f/(p + p_0) (no cancellation). y = rate x: 16-point Gauss-Legendre in ln y on [y_m, 4] (if
/// y_m < 4), then 16-point Gauss-Laguerre on [max(y_m, 4), inf) (the 1/x of f is a pole at distance >= 4 there).
/// Requires p_0(x_m)^2 > 0 and p(x_m)^2 > 0 (both grow with x).
DS_HD inline double wkb_potential_phase(CentralPotential const& pot, double k, double lambda, double x_m)
{
    // Gauss-Laguerre (16 points) nodes and weights (A&S 25.4.45; generated with numpy.polynomial). Local: device
    // code cannot read namespace arrays.
    constexpr double laguerre_nodes[16] = {
        0.08764941047892776, 0.4626963289150804, 1.1410577748312265, 2.1292836450983805, 3.4370866338932067,
        5.078018614549768,   7.070338535048234,  9.438314336391938,  12.21422336886616,  15.441527368781617,
        19.180156856753136,  23.515905693991908, 28.57872974288214,  34.58339870228662,  41.94045264768833,
        51.70116033954332};
    constexpr double laguerre_weights[16] = {
        0.2061517149578049,     0.3310578549508783,     0.2657957776442144,     0.13629693429637874,
        0.04732892869412563,    0.011299900080339598,   0.0018490709435263271,  0.0002042719153082809,
        1.4844586873981502e-05, 6.828319330871331e-07,  1.8810248410797222e-08, 2.862350242973897e-10,
        2.1270790332241214e-12, 6.29796700251788e-15,   5.050473700035608e-18,  4.161462370372851e-22};
    double const rate = potential_range_rate(pot);
    auto integrand = [&](double x) {
        double const f = potential_shape(pot, x);
        double const p0sq = k * k - lambda * lambda / (x * x);
        double const p0 = std::sqrt(p0sq);
        double const psq = p0sq + pot.sign * f;
        double const p = std::sqrt(psq > 0.0 ? psq : 0.0);
        return pot.sign * f / (p + p0);
    };
    double const y_m = rate * x_m;
    double sum = 0.0;
    double y_b = y_m;
    if (y_m < 4.0) {
        y_b = 4.0;
        double const half = 0.5 * std::log(y_b / y_m);
        double const mid = 0.5 * std::log(y_b * y_m);
        for (int i = 0; i < 8; ++i) {
            SymmetricQuadratureNode const node = gauss_legendre_16_node(i);
            for (int side = -1; side <= 1; side += 2) {
                double const x = std::exp(mid + side * half * node.t) / rate;
                sum += node.weight * half * x * integrand(x);  // dx = x d ln x
            }
        }
    }
    double const x_b = y_b / rate;
    for (int i = 0; i < 16; ++i) {
        double const t = laguerre_nodes[i];
        sum += laguerre_weights[i] * std::exp(t) * integrand(x_b + t / rate) / rate;
    }
    return sum;
}

/// First-order WKB validity at a point, |5 Q'^2/(16 Q^3) - Q''/(4 Q^2)| for u'' + Q u = 0: the relative size
/// of the term the WKB solutions p^{-1/2} e^{+-i Int p} neglect (Q > 0 assumed).
/// Ref: e.g. Berry and Mount, Rep. Prog. Phys. 35 (1972) 315, eq. (2.17).
DS_HD inline double wkb_badness(double q, double q1, double q2)
{
    return std::fabs(5.0 * q1 * q1 / (16.0 * q * q * q) - q2 / (4.0 * q * q));
}

}  // namespace radial_detail

/// Scattering solution of u'' + [eps_v^2 + sign f(x) - l(l+1)/x^2] u = 0 (CentralPotential), regular at the
/// origin with u ~ x^{l+1}: the phase shift delta_l and the amplitude A_l of u -> A_l sin(eps_v x - l pi/2 +
/// delta_l). Free case: A_l = (2l+1)!!/eps_v^{l+1}, delta_l = 0.
///
/// Method (the standard shooting solution, e.g. Iengo arXiv:0903.0317 sec. 1, Cassel arXiv:0903.5307 sec. 3,
/// Tulin-Yu-Zurek arXiv:1302.3898 sec. IV.A), with fixed a-priori steps:
/// * start: the small-x series of u (regular_series_ratio) at x_0; for l >= 2 deep under the centrifugal
///   barrier, at 10^{-14/(2l+1)} of (a lower bound of) the turning point, so that any error of the start
///   decays like (x_0/x_turn)^{2l+1} < 1e-14 relative to the regular solution;
/// * frequency-fitted Numerov (fitted_numerov_factor) with steps h = step_scale min(step_x x, step_k/k_loc,
///   step_range/eps_phi), doubled as x grows; u is renormalised by powers of two (exact) against overflow;
/// * matching: (a) where the neglected tail of f changes delta_l or A_l by < tail_tolerance, u at the last
///   two points is matched to x j_l(eps_v x), x y_l(eps_v x) (A&S 10.1); or (b) earlier, as soon as the
///   first-order WKB solutions of the full equation, p^2 = k^2 + sign f - lambda^2/x^2 with lambda^2 = l(l+1),
///   are accurate to wkb_tolerance there, u is matched to them and the rest of the phase is the WKB integral
///     delta_l = theta(x_m) - F(x_m) - (lambda - l) pi/2 + Int_{x_m}^inf (p - p_0) dx,
///     F(x) = Int^x p_0 = sqrt(k^2 x^2 - lambda^2) - lambda arccos(lambda/(k x)),  A_l = C/sqrt(k),
///   where u = C p^{-1/2} sin theta(x). No Langer shift lambda -> l + 1/2: that belongs to a WKB phase
///   integrated from the turning point; at x_m it would leave a 1/(8 k x_m) phase error. (b) is what makes eps_phi << eps_v affordable: it stops after a few
///   wavelengths past the turning point instead of integrating to x ~ 20/eps_phi (Coulomb-like tails).
/// Accuracy with the defaults (tests/physics/test_radial_schrodinger.cpp: exact Hulthen phase, Born limit, an
/// independent adaptive solution at eps_v/eps_phi = 100): delta_l to <~ 5e-6 rad (6e-5 next to a zero-energy
/// resonance), A_l (l <= 1) to ~1e-5 relative (1e-4 next to a resonance).
///
/// eps_v > 0 and eps_phi > 0 are required (Coulomb phase shifts do not exist); otherwise NaN outputs with
/// status::sommerfeld_not_converged. Cost: ~100-300 steps for eps_v <~ eps_phi, ~ (eps_v/eps_phi) ln(...)/
/// step_k steps when the WKB match is not possible (eps_phi >~ 0.1 eps_v).
DS_HD DS_NOINLINE inline RadialScattering radial_scattering(int l, double eps_v, CentralPotential potential,
                                                            RadialSolverOptions options = {})
{
    using namespace radial_detail;
    RadialScattering out{NAN, NAN, status::sommerfeld_not_converged, 0};
    double const k = eps_v;
    double const rate = potential_range_rate(potential);
    if (!(k > 0.0) || !(rate > 0.0) || l < 0 || !(std::fabs(potential.sign) <= 1.0)) {
        return out;
    }
    double const L = double(l) * (l + 1.0);
    double const lambda = std::sqrt(L);  // WKB centrifugal term at the match (no Langer shift there)
    double const s = potential.sign;

    // (a) Matching radius y = rate x_match from the size of the neglected tail: in the oscillating region it
    // shifts delta_l by (1/(2k)) E_1(y) < e^{-y}/(2 k y); at low energy (k x << 1) it changes the slope of
    // u ~ x by Int_x^inf f x dx ~ e^{-y}/rate relative. Solve e^{-y} min(1/(2ky), 1/rate) = tail_tolerance.
    double y_match = 10.0;
    for (int it = 0; it < 4; ++it) {
        double lever = 0.5 * rate / (k * y_match);
        if (1.0 < lever) {
            lever = 1.0;
        }
        double y = std::log(lever / (rate * options.tail_tolerance));
        y_match = y > 5.0 ? y : 5.0;
    }
    double const x_match = options.range_scale * y_match / rate;

    // Start point: series region, or for l >= 2 deep under the barrier (x_c: turning point of the
    // strongest admissible potential, 1/x, a lower bound of the true one).
    double scale_len = 1.0;
    if (k > 1.0) {
        scale_len = 1.0 / k;
    }
    if (rate > 1.0 / scale_len) {
        scale_len = 1.0 / rate;
    }
    double x0 = 0.01 * (l + 1.0) * scale_len;
    if (l >= 2) {
        double const x_c = 2.0 * L / (1.0 + std::sqrt(1.0 + 4.0 * k * k * L));
        double const x_b = x_c * std::pow(10.0, -14.0 / (2.0 * l + 1.0));
        if (x_b > x0) {
            x0 = x_b;
        }
    }
    if (x0 > 0.5 * x_match) {
        x0 = 0.5 * x_match;
    }

    auto q_of = [&](double x, double& k_loc) {
        double const f = potential_shape(potential, x);
        double const cent = L / (x * x);
        k_loc = std::sqrt(k * k + std::fabs(f) + cent);
        return k * k + s * f - cent;
    };
    auto desired_step = [&](double x, double k_loc) {
        double h = options.step_x * x;
        double const h_osc = options.step_k / k_loc;
        if (h_osc < h) {
            h = h_osc;
        }
        double const h_range = options.step_range / rate;
        if (h_range < h) {
            h = h_range;
        }
        return options.step_scale * h;
    };
    // WKB test at x: returns true if matching there meets wkb_tolerance.
    auto wkb_ok = [&](double x) {
        double const p0sq = k * k - lambda * lambda / (x * x);
        if (!(p0sq > 0.25 * k * k)) {
            return false;
        }
        double f = 0.0;
        double f1 = 0.0;
        double f2 = 0.0;
        potential_derivatives(potential, x, f, f1, f2);
        double const q = p0sq + s * f;
        if (!(q > 0.25 * k * k)) {
            return false;
        }
        double const x2 = x * x;
        double const q1 = s * f1 + 2.0 * lambda * lambda / (x2 * x);
        double const q2 = s * f2 - 6.0 * lambda * lambda / (x2 * x2);
        double const bad = wkb_badness(q, q1, q2);
        // Amplitude error ~ bad; phase error from the rest of the range ~ bad p x / 2 (bad falls like x^-4 or
        // faster beyond the Coulomb-like and centrifugal regions, e^{-rate x} in the Yukawa tail).
        double range = x;
        if (1.0 / rate < range) {
            range = 1.0 / rate;
        }
        double const p = std::sqrt(q);
        return bad < options.wkb_tolerance && bad * p * range < 2.0 * options.wkb_tolerance;
    };

    // Grid points n-2, n-1, n (oldest first): x, u, Q.
    double xs[3];
    double us[3];
    double qs[3];
    double k_loc = 0.0;
    double h = 0.0;
    {
        double k0 = 0.0;
        double const q0 = q_of(x0, k0);
        h = desired_step(x0, k0);
        double const x1 = x0 + h;
        double k1 = 0.0;
        double const q1 = q_of(x1, k1);
        // u normalised to u(x0) = x0^{l+1} for l <= 1 (amplitude meaningful), to 1 otherwise (log tracked).
        double const ratio1 = std::pow(x1 / x0, l + 1.0);
        double const norm0 = l <= 1 ? std::pow(x0, l + 1.0) : 1.0;
        xs[1] = x0;
        us[1] = norm0 * regular_series_ratio(l, k, potential, x0);
        qs[1] = q0;
        xs[2] = x1;
        us[2] = norm0 * ratio1 * regular_series_ratio(l, k, potential, x1);
        qs[2] = q1;
        xs[0] = xs[1];
        us[0] = us[1];
        qs[0] = qs[1];
        k_loc = k1;
    }
    double log_scale = l <= 1 ? 0.0 : (l + 1.0) * std::log(x0);
    int steps_since_change = 1;
    int steps = 1;
    bool capped = false;
    bool use_wkb = false;
    // The WKB test is worth making only if the tail match is far (several wavelengths) away.
    bool const try_wkb = options.wkb_tolerance > 0.0 && k * x_match > 20.0;
    while (xs[2] < x_match) {
        if (steps >= options.max_steps) {
            capped = true;
            break;
        }
        if (try_wkb && (steps & 15) == 0 && steps_since_change >= 1 && wkb_ok(xs[1])) {
            use_wkb = true;
            break;
        }
        // Step doubling (the wanted step grows monotonically with x): the point 2h back is xs[0].
        if (steps_since_change >= 2 && desired_step(xs[2], k_loc) >= 2.0 * h) {
            h *= 2.0;
            xs[1] = xs[0];
            us[1] = us[0];
            qs[1] = qs[0];
            steps_since_change = 0;
        }
        double const x_new = xs[2] + h;
        double const q_new = q_of(x_new, k_loc);
        double const h2 = h * h;
        double const t = h2 / 12.0;
        double const q_fit_new = q_new * fitted_numerov_factor(q_new * h2);
        double const q_fit_cur = qs[2] * fitted_numerov_factor(qs[2] * h2);
        double const q_fit_old = qs[1] * fitted_numerov_factor(qs[1] * h2);
        double const u_new =
            (2.0 * (1.0 - 5.0 * t * q_fit_cur) * us[2] - (1.0 + t * q_fit_old) * us[1]) / (1.0 + t * q_fit_new);
        xs[0] = xs[1];
        us[0] = us[1];
        qs[0] = qs[1];
        xs[1] = xs[2];
        us[1] = us[2];
        qs[1] = qs[2];
        xs[2] = x_new;
        us[2] = u_new;
        qs[2] = q_new;
        ++steps;
        ++steps_since_change;
        if (std::fabs(u_new) > 0x1p500) {
            for (int i = 0; i < 3; ++i) {
                us[i] = std::ldexp(us[i], -500);
            }
            log_scale += 500.0 * 0.69314718055994531;
        }
    }

    double delta = 0.0;
    double amplitude = 0.0;
    if (use_wkb) {
        // u_i sqrt(p_i) = C sin(theta_i), theta_2 = theta_1 + Int_{x1}^{x2} p dx (Simpson).
        double const x1 = xs[1];
        double const x2 = xs[2];
        double const xm = 0.5 * (x1 + x2);
        auto p_langer = [&](double x) {
            double const q = k * k + s * potential_shape(potential, x) - lambda * lambda / (x * x);
            return std::sqrt(q);
        };
        double const p1 = p_langer(x1);
        double const p2 = p_langer(x2);
        double const dphi = (x2 - x1) / 6.0 * (p1 + 4.0 * p_langer(xm) + p2);
        double const a1 = us[1] * std::sqrt(p1);
        double const a2 = us[2] * std::sqrt(p2);
        double const c_sin = a1;
        double const c_cos = (a2 - a1 * std::cos(dphi)) / std::sin(dphi);
        double const theta1 = std::atan2(c_sin, c_cos);
        double const kx = k * x1;
        double const F = std::sqrt(kx * kx - lambda * lambda) - lambda * std::acos(lambda / kx);
        double const phase = theta1 - F - 0.5 * pi * (lambda - l) + wkb_potential_phase(potential, k, lambda, x1);
        delta = std::remainder(phase, pi);
        amplitude = std::hypot(c_sin, c_cos) / std::sqrt(k) * std::exp(log_scale);
    } else {
        // Match u at the last two points to A [s_l cos(delta) + c_l sin(delta)].
        RiccatiBessel const b1 = riccati_bessel(l, k * xs[1]);
        RiccatiBessel const b2 = riccati_bessel(l, k * xs[2]);
        double const u1 = us[1];
        double const u2 = us[2];
        int const d = b2.e - b1.e;
        double const num = b1.s * u2 - std::ldexp(b2.s * u1, -d);  // x 2^{-e1}: A sin(delta) det
        double const den = std::ldexp(u1 * b2.c, d) - u2 * b1.c;   // x 2^{e1}:  A cos(delta) det
        double const det = std::ldexp(b1.s * b2.c, d) - std::ldexp(b2.s * b1.c, -d);
        if (den == 0.0) {
            delta = 0.5 * pi;
        } else if (b1.e == 0) {
            delta = std::atan(num / den);
        } else {
            delta = std::atan(std::ldexp(num / den, -2 * b1.e));
        }
        double const a_cos = std::ldexp(den / det, b1.e);
        double const a_sin = std::ldexp(num / det, -b1.e);
        amplitude = std::hypot(a_cos, a_sin) * std::exp(log_scale);
    }
    if (delta <= -0.5 * pi) {
        delta += pi;
    }

    out.amplitude = amplitude;
    out.phase_shift = delta;
    out.steps = steps;
    out.status = 0;
    if (capped || !std::isfinite(delta) || !(amplitude >= 0.0)) {
        out.status = status::sommerfeld_not_converged;
    }
    return out;
}

/// The turning point of the Langer-WKB phase shift (langer_wkb_phase_shift) and the size of the potential there.
struct LangerTurningPoint {
    double x_t = NAN;              ///< root of k^2 x^2 + sign x^2 f - lambda^2, lambda = l + 1/2
    double potential_share = NAN;  ///< |f(x_t)| x_t^2 / lambda^2: the potential's part of the centrifugal barrier
};

/// x^2 p^2 = k^2 x^2 + sign x^2 f(x) - (l + 1/2)^2 of langer_wkb_phase_shift.
DS_HD inline double langer_barrier(double x, int l, double k, CentralPotential const& potential)
{
    double const lambda = l + 0.5;
    return k * k * x * x + potential.sign * x * x * radial_detail::potential_shape(potential, x) - lambda * lambda;
}

/// The turning point of langer_wkb_phase_shift: bisection of langer_barrier bracketed from (l + 1/2)/k, the free
/// one (for a potential with one turning point at this l). k > 0.
DS_HD inline LangerTurningPoint langer_turning_point(int l, double k, CentralPotential const& potential)
{
    double const lambda = l + 0.5;
    double const x_free = lambda / k;
    double lo = x_free;
    double hi = x_free;
    if (langer_barrier(x_free, l, k, potential) < 0.0) {
        for (int i = 0; i < 2100 && langer_barrier(hi, l, k, potential) < 0.0; ++i) {
            lo = hi;
            hi *= 2.0;
        }
    } else {
        for (int i = 0; i < 2100 && langer_barrier(lo, l, k, potential) >= 0.0; ++i) {
            hi = lo;
            lo *= 0.5;
        }
    }
    for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
        double const mid = 0.5 * (lo + hi);
        (langer_barrier(mid, l, k, potential) > 0.0 ? hi : lo) = mid;
    }
    return {hi, std::fabs(radial_detail::potential_shape(potential, hi)) * hi * hi / (lambda * lambda)};
}

/// Phase shift delta_l [rad] (not reduced modulo pi) of u'' + [k^2 + sign f - l(l+1)/x^2] u = 0 (CentralPotential)
/// in first-order WKB with the Langer centrifugal term lambda^2/x^2, lambda = l + 1/2 (R. E. Langer, Phys. Rev. 51
/// (1937) 669; exact for the Coulomb phase shifts), for a potential with one turning point x_t at this l
/// (`turning`, from langer_turning_point):
///   delta_l = Int_{x_t}^{x_m} p dx - F(x_m) + I_V(x_m),   p^2 = k^2 + sign f - lambda^2/x^2,
/// F(x) = sqrt(k^2 x^2 - lambda^2) - lambda arccos(lambda/(k x)) the free phase integral from its turning point
/// lambda/k, I_V = radial_detail::wkb_potential_phase beyond x_m = 2 max(x_t, lambda/k). Int p dx by 2 x 16-point
/// Gauss-Legendre in w, x = x_t + (x_m - x_t) w^2 (p ~ sqrt(x - x_t)). Accurate where the potential is a small
/// part of the centrifugal barrier at x_t (potential_share << 1: no orbiting, no second turning point); measured
/// against radial_scattering in tests/physics/test_sidm.cpp. k > 0.
DS_HD inline double langer_wkb_phase_shift(int l, double k, CentralPotential const& potential,
                                           LangerTurningPoint const& turning)
{
    double const lambda = l + 0.5;
    double const x_free = lambda / k;
    double const x_t = turning.x_t;
    double const x_m = 2.0 * (x_t > x_free ? x_t : x_free);
    double integral = 0.0;  // Int_{x_t}^{x_m} p dx = Int_0^1 p(x(w)) 2 w (x_m - x_t) dw
    for (int piece = 0; piece < 2; ++piece) {
        for (int i = 0; i < 8; ++i) {
            SymmetricQuadratureNode const node = gauss_legendre_16_node(i);
            for (int side = -1; side <= 1; side += 2) {
                double const w = 0.25 * (2 * piece + 1) + 0.25 * side * node.t;
                double const x = x_t + (x_m - x_t) * w * w;
                double const g = langer_barrier(x, l, k, potential);
                double const p = g > 0.0 ? std::sqrt(g) / x : 0.0;
                integral += 0.25 * node.weight * p * 2.0 * w * (x_m - x_t);
            }
        }
    }
    double const free_phase = std::sqrt(k * k * x_m * x_m - lambda * lambda) - lambda * std::acos(lambda / (k * x_m));
    return integral - free_phase + radial_detail::wkb_potential_phase(potential, k, lambda, x_m);
}

}  // namespace darkscan
