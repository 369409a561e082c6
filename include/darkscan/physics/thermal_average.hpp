// SPDX-License-Identifier: MIT
// Relativistic thermal average <sigma v>(x) of an annihilation cross section sigma(s) (Gondolo-Gelmini),
// with fixed-order quadratures where sigma(s) is smooth or its structure is declared (one rule for smooth sigma(s),
// composite rules that resolve an s-channel resonance, peaks and thresholds), and globally adaptive Gauss-Kronrod
// over a range of tabulated structure (bounded interval count). No allocation: fixed arrays on CPU and GPU.
#pragma once

#include <cmath>
#include <type_traits>
#include <utility>

#include "darkscan/macros.hpp"
#include "darkscan/physics/bessel.hpp"
#include "darkscan/physics/quadrature.hpp"

namespace darkscan {

/// s-channel pole of sigma(s): the mediator mass m_V and its total width Gamma_V [GeV].
struct SChannelResonance {
    double mass = 0.0;
    double width = 0.0;
};

/// A structure of sigma(s) that a fixed quadrature would miss, at sqrt(s) = position [GeV]: a peak of full
/// width `width` > 0 (a hadronic resonance in the R ratio), or, with width = 0, a threshold where a channel
/// opens and sigma turns on like sqrt(s - position^2) (e.g. chi chibar -> V V for m_V > m_chi).
struct CrossSectionFeature {
    double position = 0.0;
    double width = 0.0;
};

/// Most features a cross section may declare.
inline constexpr int max_cross_section_features = 8;

/// Features of sigma(s) beyond its s-channel pole: none for a generic cross section. A cross section with such
/// structure provides an overload for its type (found by argument-dependent lookup) that writes up to
/// max_cross_section_features entries to `features` and returns their number.
template <class CrossSection>
DS_HD int cross_section_features(CrossSection const&, CrossSectionFeature*)
{
    return 0;
}

/// A range of sqrt(s) [GeV] where sigma(s) has structure that no fixed rule resolves and that cannot be declared
/// feature by feature (a tabulated measurement with wiggles of a few per cent over tens of MeV); empty when
/// end <= begin. There the thermal average integrates adaptively (thermal_average_detail::adaptive_gauss_kronrod).
struct CrossSectionStructure {
    double begin = 0.0;
    double end = 0.0;
};

/// The structured range of sigma(s): none for a generic cross section. A cross section with such structure
/// provides an overload for its type (found by argument-dependent lookup), and one of structured_share.
template <class CrossSection>
DS_HD CrossSectionStructure cross_section_structure(CrossSection const&)
{
    return {};
}

/// The fraction of sigma(s) at s [GeV^2] that carries the structure of cross_section_structure (1 unless a cross
/// section says otherwise): where it is negligible, the fixed rules suffice.
template <class CrossSection>
DS_HD double structured_share(CrossSection const&, double)
{
    return 1.0;
}

namespace thermal_average_detail {

/// Which end of a Gauss-Legendre interval carries a square-root endpoint behaviour (the t = 0 threshold):
/// there the variable is substituted u = w^2, which makes sqrt(u) smooth.
enum class SqrtEndpoint { none, lower, upper };

/// The substitution v = a + (b - a) u(w), w in [0, 1], of a piece with a square-root endpoint: u = w, w^2 (lower)
/// or 1 - (1 - w)^2 (upper); returns u and du/dw.
struct EndpointMap {
    double u;
    double du_dw;
};
DS_HD inline EndpointMap endpoint_map(double w, SqrtEndpoint endpoint)
{
    if (endpoint == SqrtEndpoint::lower) {
        return {w * w, 2.0 * w};
    }
    if (endpoint == SqrtEndpoint::upper) {
        return {1.0 - (1.0 - w) * (1.0 - w), 2.0 * (1.0 - w)};
    }
    return {w, 1.0};
}

/// Int_a^b f(v) dv by Points-point Gauss-Legendre (Points = 16 or 8) on [0, 1], after v = a + (b - a) u(w)
/// (endpoint_map). Nodes: Legendre P_16 and P_8 roots (A&S 25.4.30).
template <int Points, class F>
DS_HD DS_NOINLINE DS_FLATTEN double gauss_legendre(F const& f, double a, double b, SqrtEndpoint endpoint)
{
    static_assert(Points == 16 || Points == 8, "the 16- and 8-point rules are tabulated");
    double sum = 0.0;
    for (int i = 0; i < Points / 2; ++i) {
        SymmetricQuadratureNode const node = Points == 16 ? gauss_legendre_16_node(i) : gauss_legendre_8_node(i);
        for (int side = -1; side <= 1; side += 2) {
            EndpointMap const map = endpoint_map(0.5 * (1.0 + side * node.t), endpoint);
            sum += 0.5 * node.weight * map.du_dw * f(a + (b - a) * map.u);
        }
    }
    return sum * (b - a);
}

/// A quadrature result with its error estimate.
struct QuadratureEstimate {
    double value;
    double error;
};

/// Int_lo^hi g(w) dw by the 15-point Kronrod rule, with |K15 - G7| (the embedded 7-point Gauss rule) as the error
/// estimate. Nodes and weights: QUADPACK qk15 (Piessens, de Doncker-Kapenga, Ueberhuber & Kahaner, QUADPACK,
/// Springer 1983).
template <class G>
DS_HD DS_FLATTEN QuadratureEstimate gauss_kronrod_15(G const& g, double lo, double hi)
{
    constexpr double nodes[8] = {0.991455371120812639, 0.949107912342758525, 0.864864423359769073,
                                 0.741531185599394440, 0.586087235467691130, 0.405845151377397167,
                                 0.207784955007898468, 0.0};
    constexpr double kronrod[8] = {0.022935322010529225, 0.063092092629978553, 0.104790010322250184,
                                   0.140653259715525919, 0.169004726639267903, 0.190350578064785410,
                                   0.204432940075298892, 0.209482141084727828};
    constexpr double gauss[4] = {0.129484966168869693, 0.279705391489276668, 0.381830050505118945,
                                 0.417959183673469388};  // at nodes 1, 3, 5, 7
    double const center = 0.5 * (lo + hi);
    double const half = 0.5 * (hi - lo);
    double const g_center = g(center);
    double k15 = kronrod[7] * g_center;
    double g7 = gauss[3] * g_center;
    for (int i = 0; i < 7; ++i) {
        double const pair = g(center - half * nodes[i]) + g(center + half * nodes[i]);
        k15 += kronrod[i] * pair;
        if (i % 2 == 1) {
            g7 += gauss[i / 2] * pair;
        }
    }
    return {k15 * half, std::fabs(k15 - g7) * half};
}

/// f(v) dv on a piece [a, b] as a function of w in [0, 1]: v = a + (b - a) u(w) (endpoint_map).
template <class F>
struct MappedPiece {
    F const* f;
    double a;
    double b;
    SqrtEndpoint endpoint;
    DS_HD double operator()(double w) const
    {
        EndpointMap const map = endpoint_map(w, endpoint);
        return (b - a) * map.du_dw * (*f)(a + (b - a) * map.u);
    }
};

/// Most intervals of adaptive_gauss_kronrod (its cost is at most 15 times this many evaluations).
inline constexpr int adaptive_capacity = 24;

/// Int_0^1 g(w) dw by globally adaptive 15-point Gauss-Kronrod (QUADPACK qag), given gauss_kronrod_15(g, 0, 1) as
/// `whole`: the interval with the largest error estimate is bisected until the estimates sum to at most
/// abs_tolerance or adaptive_capacity intervals are in use. For integrands whose structure is not known in
/// advance (a tabulated measurement); fixed arrays, no allocation.
template <class G>
DS_HD DS_NOINLINE double adaptive_gauss_kronrod(G const& g, QuadratureEstimate whole, double abs_tolerance)
{
    double lo[adaptive_capacity];
    double hi[adaptive_capacity];
    QuadratureEstimate part[adaptive_capacity];
    lo[0] = 0.0;
    hi[0] = 1.0;
    part[0] = whole;
    int n = 1;
    double error = whole.error;
    while (error > abs_tolerance && n < adaptive_capacity) {
        int worst = 0;
        for (int i = 1; i < n; ++i) {
            worst = part[i].error > part[worst].error ? i : worst;
        }
        double const mid = 0.5 * (lo[worst] + hi[worst]);
        lo[n] = mid;
        hi[n] = hi[worst];
        hi[worst] = mid;
        error -= part[worst].error;
        part[worst] = gauss_kronrod_15(g, lo[worst], mid);
        part[n] = gauss_kronrod_15(g, mid, hi[n]);
        error += part[worst].error + part[n].error;
        ++n;
    }
    double sum = 0.0;
    for (int i = 0; i < n; ++i) {
        sum += part[i].value;
    }
    return sum;
}

/// Int_0^inf e^-tau f(tau) dtau by 8-point Gauss-Laguerre (A&S 25.4.45, table 25.9), exact for polynomials f of
/// degree 15. Used beyond t = resonance_far_split_t, where e^-t < 2e-9: against 16 points on 34 560 averages
/// (m_chi = 3 MeV - 3 TeV, m_V/m_chi = 0.3 - 3.1, x = 1.5 - 1500) it moves them by at most 1.7e-6 relative (the R
/// ratio's structure beyond t = 20 at hadronic masses), by less than 1e-9 at 97% of them.
template <class F>
DS_HD DS_NOINLINE DS_FLATTEN double gauss_laguerre_8(F const& f)
{
    constexpr double nodes[] = {
        0.17027963230510101, 0.90370177679937991, 2.2510866298661307, 4.2667001702876588,
        7.0459054023934655,  10.758516010180996,  15.740678641278006, 22.863131736889262,
    };
    constexpr double weights[] = {
        0.36918858934163784,    0.41878678081434267,    0.17579498663717177,    0.033343492261215656,
        0.0027945362352256747,  9.0765087733581104e-05, 8.4857467162725409e-07, 1.0480011748715118e-09,
    };
    double sum = 0.0;
    for (int i = 0; i < 8; ++i) {
        sum += weights[i] * f(nodes[i]);
    }
    return sum;
}

/// Int_0^inf t^(1/2) e^-t f(t) dt by 16-point generalised Gauss-Laguerre, alpha = 1/2 (A&S 25.4.45 with
/// weight t^alpha e^-t); nodes and weights from the Golub-Welsch eigenvalue method (scipy roots_genlaguerre),
/// weights summing to Gamma(3/2) to 1e-16.
template <class F>
DS_HD DS_NOINLINE DS_FLATTEN double gauss_laguerre_half_16(F const& f)
{
    constexpr double nodes[] = {
        0.14739918461631113, 0.59090181124318841, 1.3344875116145762, 2.3850115520046535,
        3.7525678738747681,  5.4510629395683967,  7.4990855329073716, 9.9212191360724287,
        12.750055460117064,  16.029386360375128,  19.819512877102024, 24.206680643468307,
        29.321456103352332,  35.37955078717556,   42.793255970754643, 52.618366255753244,
    };
    constexpr double weights[] = {
        0.097740989137130668,   0.25230790121227259,    0.27241982515207863,    0.17166350712629086,
        0.069540261026554209,   0.018734808778456017,   0.003381229238954953,   0.00040525569008016639,
        3.1561318148868827e-05, 1.5413042593641668e-06, 4.4749378027620329e-08, 7.1360371637515923e-10,
        5.5328497841369325e-12, 1.7037275146911221e-14, 1.4182495888448438e-17, 1.2137123039229564e-21,
    };
    double sum = 0.0;
    for (int i = 0; i < 16; ++i) {
        sum += weights[i] * f(nodes[i]);
    }
    return sum;
}

/// The Gondolo-Gelmini integrand in t = x (z - 2), z = sqrt(s)/m, after removing e^-t and sqrt(t):
///   <sigma v> = [1 / (4 (K_2(x) e^x)^2)] Int_0^inf dt e^-t sqrt(t) h(t),
///   h(t) = z^3 sqrt((z + 2)/x) [K_1(x z) e^(x z)] beta sigma(s),   beta = sqrt(1 - 4 m^2/s) = sqrt(t (z + 2)/x) / z.
/// beta sigma is finite and smooth at threshold for s-wave (sigma ~ 1/beta) and p-wave (sigma ~ beta) processes.
/// A cross section that provides sigma_v_rel(s) = 2 beta sigma(s) [GeV^-2] (detected by HasSigmaVRel) hands over
/// beta sigma directly: no division by beta in sigma and multiplication by it here.
template <class CrossSection, class = void>
struct HasSigmaVRel : std::false_type {};
template <class CrossSection>
struct HasSigmaVRel<CrossSection, std::void_t<decltype(std::declval<CrossSection const&>().sigma_v_rel(1.0))>>
    : std::true_type {};

template <class CrossSection>
struct Integrand {
    CrossSection const& sigma;
    double m;
    double x;

    /// h(t) at the kinematic point t, with sigma evaluated at s (s = m^2 (2 + t/x)^2, passed in so that
    /// resonant pieces can hand over the s they built from the pole without cancellation).
    DS_HD double reduced(double t, double s) const
    {
        if (!(s > 4.0 * m * m)) {
            return 0.0;  // t below double resolution of the threshold: the integrand vanishes there like sqrt(t)
        }
        double const z = 2.0 + t / x;
        // z^3 sqrt((z + 2)/x) K_1(x z) e^(x z), with the 1/sqrt(x z) of K_1 e^(x z) folded in: one square root.
        double const kinematic = z * z * std::sqrt(z * (z + 2.0)) / x * bessel::k1e_sqrt(x * z);
        if constexpr (HasSigmaVRel<CrossSection>::value) {
            return kinematic * 0.5 * sigma.sigma_v_rel(s);
        } else {
            double const beta = std::sqrt(t * (z + 2.0) / x) / z;
            return kinematic * beta * sigma(s);
        }
    }
    DS_HD double s_of(double t) const
    {
        double const z = 2.0 + t / x;
        return m * m * z * z;
    }
    /// e^-t sqrt(t) h(t): the full integrand in t.
    DS_HD double full(double t) const { return std::exp(-t) * std::sqrt(t) * reduced(t, s_of(t)); }
};

/// The smooth rule of thermal_average(sigma, m, x), without narrow poles.
template <class CrossSection>
DS_HD double smooth_average(CrossSection const& sigma, double m, double x)
{
    Integrand<CrossSection> const f{sigma, m, x};
    double const k2 = bessel::k2e(x);
    double const integral = gauss_laguerre_half_16([&](double t) { return f.reduced(t, f.s_of(t)); });
    return integral / (4.0 * k2 * k2);
}

/// Each adaptive piece of a structured range stops when its summed error estimate is below this fraction of the
/// average (thermal_average's structure_tolerance). |K15 - G7| is optimistic on wiggles: 1e-3 here left 1% errors in
/// <sigma v>; 1e-4 leaves <= 1.1e-3 from x = 10 on and 3.3e-3 at x = 5 (against brute force over m_chi = 0.2-5 GeV,
/// tests/physics/test_relic_channels.cpp); 3e-4 (RelicAccuracy::fast) up to 4.8e-3.
inline constexpr double default_structure_tolerance = 1e-4;

}  // namespace thermal_average_detail

/// Narrow-width contribution of one pole of sigma(s) to <sigma v>(x): with A = Int sigma ds over the peak
/// [GeV^-2 GeV^2] at s_pole [GeV^2] (zero below threshold, s_pole <= 4 m^2),
///   <sigma v>_pole = A (s_pole - 4 m^2) sqrt(s_pole) K_1(sqrt(s_pole)/T) / (8 m^4 T K_2(x)^2),   T = m/x,
/// the Gondolo-Gelmini s-integral (Nucl. Phys. B 360 (1991) 145, eq. (3.8)) with sigma -> A delta(s - s_pole).
/// Exact as Gamma -> 0; its relative error is of order Gamma/T for a pole of width Gamma. Returns [GeV^-2].
DS_HD inline double thermal_average_narrow_pole(double s_pole, double area, double m, double x)
{
    double const threshold = 4.0 * m * m;
    if (!(s_pole > threshold)) {
        return 0.0;
    }
    double const z = std::sqrt(s_pole) / m;
    double const k2 = bessel::k2e(x);
    return area * x * (s_pole - threshold) * z * bessel::k1e(x * z) * std::exp(-x * (z - 2.0))
           / (8.0 * m * m * m * m * k2 * k2);
}

/// Poles of sigma(s) too narrow for any quadrature, which sigma(s) itself leaves out and which thermal_average
/// adds with thermal_average_narrow_pole: none for a generic cross section. A cross section with such poles
/// provides an overload of this function for its type (found by argument-dependent lookup).
template <class CrossSection>
DS_HD double narrow_poles_thermal_average(CrossSection const&, double, double)
{
    return 0.0;
}

/// Half-width of the Breit-Wigner-mapped core around a resonance, in units of the pole half-width in t
/// (the core holds 1 - 2 atan(1/30)/pi = 98% of a Breit-Wigner's area); capped at 1 in t.
inline constexpr double resonance_core_widths = 30.0;
/// A resonance starting beyond t = x (z - 2) = 60 is weighted by e^-60 ~ 1e-26: the smooth rule is used.
inline constexpr double resonance_negligible_t = 60.0;
/// Far from the pole the t axis is split here: below it the Boltzmann factor e^-t and the threshold matter,
/// above it the integrand is e^-t times a function that is smooth on that scale.
inline constexpr double resonance_far_split_t = 20.0;

/// The far right piece of the pole rule, from t_R + 1 on, takes 8 points instead of 16 when it starts beyond this
/// (it then holds at most e^-3 of the weight): on 34 560 averages (m_chi = 3 MeV - 3 TeV, m_V/m_chi = 0.3 - 3.1,
/// x = 1.5 - 1500) that changed them by at most 6.6e-6 relative; from t_R + 1 = 0 on (the bulk), by 2.2e-5.
inline constexpr double resonance_far_low_order_t = 3.0;

/// Declared here, defined below: the resonance-aware thermal average.
template <class CrossSection>
DS_HD double thermal_average(CrossSection const& sigma, double m, double x, SChannelResonance const& resonance,
                             double structure_tolerance = thermal_average_detail::default_structure_tolerance);

/// Thermal average of sigma(s) without an s-channel pole:
///   <sigma v>(x) = x / (2 K_2(x))^2 Int_2^inf dz z^2 (z^2 - 4) K_1(x z) sigma(m^2 z^2),   x = m/T,
/// the z-form of Gondolo & Gelmini, Nucl. Phys. B 360 (1991) 145, eq. (3.8) with s = m^2 z^2, "v" the Moller
/// velocity. With t = x (z - 2) and exponentially scaled Bessel functions it is Int t^(1/2) e^-t h(t) dt,
/// evaluated with 16-point generalised Gauss-Laguerre (alpha = 1/2), no underflow at any x.
/// sigma: callable double(double s) returning sigma(s) [GeV^-2] for s [GeV^2] > 4 m^2; m [GeV]; x > 0.
/// Returns [GeV^-2]. Measured accuracy (tests/physics/test_thermal_average.cpp) for s-wave, p-wave and
/// threshold-smooth sigma(s): < 1e-7 relative at x >= 3 (< 1e-9 at x >= 10), 2e-5 at x = 1, where freeze-out
/// never happens.
/// Features (cross_section_features) and narrow poles of sigma are resolved as in the resonance-aware version.
template <class CrossSection>
DS_HD double thermal_average(CrossSection const& sigma, double m, double x)
{
    return thermal_average(sigma, m, x, SChannelResonance{});
}

namespace thermal_average_detail {

/// The composite rule of thermal_average() for one resolved pole (see there), without narrow poles; the
/// smooth rule when the pole is absent or outside the thermal window.
template <class CrossSection>
DS_HD DS_NOINLINE double single_pole_average(CrossSection const& sigma, double m, double x,
                                             SChannelResonance const& resonance)
{
    if (!(resonance.mass > 0.0 && resonance.width > 0.0)) {
        return smooth_average(sigma, m, x);
    }
    double const t_pole = x * (resonance.mass / m - 2.0);
    double const half_width = x * resonance.width / (2.0 * m);
    double const core = std::fmin(resonance_core_widths * half_width, 1.0);
    if (t_pole - core >= resonance_negligible_t || t_pole + 1.0 <= 0.0) {
        return smooth_average(sigma, m, x);
    }

    Integrand<CrossSection> const f{sigma, m, x};
    auto const full = [&](double t) { return f.full(t); };
    double sum = 0.0;

    // Left of the core: far pieces on [0, t_pole - 1], near piece in ln(t_pole - t).
    double const t_core_lo = t_pole - core;
    if (t_core_lo > 0.0) {
        double const t_far = t_pole - 1.0;
        if (t_far > 0.0) {
            double const t_split = std::fmin(t_far, resonance_far_split_t);
            sum += gauss_legendre<16>(full, 0.0, t_split, SqrtEndpoint::lower);
            if (t_far > t_split) {
                sum += gauss_legendre<16>(full, t_split, t_far, SqrtEndpoint::none);
            }
        }
        if (core < 1.0) {
            double const tau_hi = std::fmin(1.0, t_pole);  // distance from the pole of the piece's far end
            auto const near = [&](double y) {
                double const tau = std::exp(y);
                return tau * f.full(t_pole - tau);
            };
            sum += gauss_legendre<16>(near, std::log(core), std::log(tau_hi),
                                                             t_far > 0.0 ? SqrtEndpoint::none : SqrtEndpoint::upper);
        }
    }

    // Core, in theta: s = m_V^2 + m_V Gamma_V tan(theta); s - 4 m^2 formed without cancellation.
    double const t_core_hi = t_pole + core;
    if (t_core_hi > 0.0) {
        double const mv_gamma = resonance.mass * resonance.width;
        double const pole_minus_threshold = (resonance.mass - 2.0 * m) * (resonance.mass + 2.0 * m);
        auto const theta_of_t = [&](double t) {
            double const z = 2.0 + t / x;
            double const s_minus_threshold = m * m * (t / x) * (z + 2.0);
            return std::atan((s_minus_threshold - pole_minus_threshold) / mv_gamma);
        };
        auto const mapped = [&](double theta) {
            double const tan_theta = std::tan(theta);
            double const s_minus_threshold = pole_minus_threshold + mv_gamma * tan_theta;
            double const s = 4.0 * m * m + s_minus_threshold;
            double const sqrt_s = std::sqrt(s);
            double const t = x * s_minus_threshold / (m * (sqrt_s + 2.0 * m));
            double const dt_dtheta = x / (2.0 * m * sqrt_s) * mv_gamma * (1.0 + tan_theta * tan_theta);
            return dt_dtheta * std::exp(-t) * std::sqrt(t) * f.reduced(t, s);
        };
        double const theta_hi = theta_of_t(t_core_hi);
        if (t_core_lo > 0.0) {
            double const theta_lo = theta_of_t(t_core_lo);
            sum += gauss_legendre<16>(mapped, theta_lo, 0.0, SqrtEndpoint::none);
            sum += gauss_legendre<16>(mapped, 0.0, theta_hi, SqrtEndpoint::none);
        } else {
            double const theta_lo = std::atan(-pole_minus_threshold / mv_gamma);  // t = 0
            if (t_pole > 0.0) {
                sum += gauss_legendre<16>(mapped, theta_lo, 0.0, SqrtEndpoint::lower);
                sum += gauss_legendre<16>(mapped, 0.0, theta_hi, SqrtEndpoint::none);
            } else {
                sum += gauss_legendre<16>(mapped, theta_lo, theta_hi, SqrtEndpoint::lower);
            }
        }
    }

    // Right of the core: near piece in ln(t - t_pole) up to t_pole + 1, then Gauss-Laguerre beyond.
    if (core < 1.0) {
        double const tau_lo = std::fmax(core, -t_pole);  // starts at threshold when the core lies below it
        auto const near = [&](double y) {
            double const tau = std::exp(y);
            return tau * f.full(t_pole + tau);
        };
        sum += gauss_legendre<16>(near, std::log(tau_lo), 0.0,
                                                         t_core_hi > 0.0 ? SqrtEndpoint::none : SqrtEndpoint::lower);
    }
    // Far right: in u = sqrt(t) up to t = resonance_far_split_t (smooth through the threshold branch point),
    // then Gauss-Laguerre.
    double const t_tail = std::fmax(t_pole + 1.0, resonance_far_split_t);
    if (t_pole + 1.0 < t_tail) {
        auto const root = [&](double u) { return 2.0 * u * f.full(u * u); };
        double const u_lo = std::sqrt(t_pole + 1.0);
        double const u_hi = std::sqrt(t_tail);
        sum += t_pole + 1.0 < resonance_far_low_order_t ? gauss_legendre<16>(root, u_lo, u_hi, SqrtEndpoint::none)
                                                        : gauss_legendre<8>(root, u_lo, u_hi, SqrtEndpoint::none);
    }
    sum += std::exp(-t_tail) * gauss_laguerre_8([&](double tau) {
        double const t = t_tail + tau;
        return std::sqrt(t) * f.reduced(t, f.s_of(t));
    });

    double const k2 = bessel::k2e(x);
    return sum / (4.0 * k2 * k2);
}


/// A declared feature is resolved when its estimated share of the integral exceeds this (see thermal_average).
inline constexpr double feature_significance = 1e-6;

/// Below this structured_share the fixed rules' error on the structure (up to 2.4% of the structured part,
/// measured for the R ratio) stays below 1e-5 of the average.
inline constexpr double structured_share_negligible = 4e-4;

/// A structured range (CrossSectionStructure) in t = x (z - 2); empty when end <= begin.
struct StructuredRange {
    double begin = 0.0;
    double end = 0.0;
};

/// Piecewise rule when sigma(s) declares features (cross_section_features) in the thermal window: the t axis
/// is cut at every threshold, at every peak and at distances Delta 4^k (k = 0, 1, ...) below 1 on either side of
/// it (Delta the peak's half width in t; the V pole counts as a peak), at t +- 1 around each peak and at
/// t = resonance_far_split_t, and at the ends of the structured range; each piece by 16-point Gauss-Legendre
/// (u = w^2 on a piece starting at t = 0 or at a threshold), or, inside the structured range, by 15-point
/// Gauss-Kronrod, the rest beyond the last cut + 2 by Gauss-Laguerre; then each Gauss-Kronrod piece whose error
/// estimate exceeds structure_tolerance of that first sum is refined by adaptive_gauss_kronrod. Cuts beyond
/// resonance_negligible_t are dropped. Without narrow poles.
template <class CrossSection>
DS_HD DS_NOINLINE double featured_average(CrossSection const& sigma, double m, double x,
                                          SChannelResonance const& resonance, CrossSectionFeature const* features,
                                          int feature_count, StructuredRange structure, double structure_tolerance)
{
    Integrand<CrossSection> const f{sigma, m, x};
    constexpr int capacity = 96;
    double cut[capacity];
    bool threshold[capacity];
    int n = 0;
    auto const add = [&](double t, bool opens) {
        if (t > 0.0 && t < resonance_negligible_t && n < capacity) {
            cut[n] = t;
            threshold[n] = opens;
            ++n;
        }
    };
    auto const add_peak = [&](double t_peak, double half_width) {
        add(t_peak, false);
        for (double d = half_width; d < 1.0; d *= 4.0) {
            add(t_peak - d, false);
            add(t_peak + d, false);
        }
        add(t_peak - 1.0, false);
        add(t_peak + 1.0, false);
    };
    if (resonance.mass > 0.0 && resonance.width > 0.0) {
        add_peak(x * (resonance.mass / m - 2.0), x * resonance.width / (2.0 * m));
    }
    for (int i = 0; i < feature_count; ++i) {
        double const t = x * (features[i].position / m - 2.0);
        if (features[i].width > 0.0) {
            add_peak(t, x * features[i].width / (2.0 * m));
        } else {
            add(t, true);
        }
    }
    add(resonance_far_split_t, false);
    if (structure.begin < structure.end) {
        add(structure.begin, false);
        add(structure.end, false);
    }
    for (int i = 1; i < n; ++i) {  // insertion sort: n is small
        for (int j = i; j > 0 && cut[j] < cut[j - 1]; --j) {
            double const t = cut[j];
            cut[j] = cut[j - 1];
            cut[j - 1] = t;
            bool const b = threshold[j];
            threshold[j] = threshold[j - 1];
            threshold[j - 1] = b;
        }
    }
    auto const full = [&](double t) { return f.full(t); };
    // Pieces by Gauss-Legendre, those inside the structured range by Gauss-Kronrod with an error estimate, kept
    // and refined below to a tolerance relative to this first sum.
    using Piece = MappedPiece<decltype(full)>;
    double sum = 0.0;
    int structured_count = 0;
    Piece structured_piece[capacity + 1];
    QuadratureEstimate structured_estimate[capacity + 1];
    auto const add_piece = [&](double a, double b, bool sqrt_at_a) {
        SqrtEndpoint const endpoint = sqrt_at_a ? SqrtEndpoint::lower : SqrtEndpoint::none;
        if (a >= structure.begin && b <= structure.end) {
            structured_piece[structured_count] = Piece{&full, a, b, endpoint};
            structured_estimate[structured_count] = gauss_kronrod_15(structured_piece[structured_count], 0.0, 1.0);
            sum += structured_estimate[structured_count++].value;
        } else {
            sum += gauss_legendre<16>(full, a, b, endpoint);
        }
    };
    double lo = 0.0;
    bool sqrt_at_lo = true;  // the t = 0 threshold
    for (int i = 0; i < n; ++i) {
        if (cut[i] <= lo) {
            sqrt_at_lo = sqrt_at_lo || threshold[i];
            continue;
        }
        add_piece(lo, cut[i], sqrt_at_lo);
        lo = cut[i];
        sqrt_at_lo = threshold[i];
    }
    double const hi = lo + 2.0;
    add_piece(lo, hi, sqrt_at_lo);
    sum += std::exp(-hi) * gauss_laguerre_8([&](double tau) {
        double const t = hi + tau;
        return std::sqrt(t) * f.reduced(t, f.s_of(t));
    });
    double const abs_tolerance = structure_tolerance * std::fabs(sum);
    for (int i = 0; i < structured_count; ++i) {
        if (structured_estimate[i].error > abs_tolerance) {
            sum += adaptive_gauss_kronrod(structured_piece[i], structured_estimate[i], abs_tolerance)
                   - structured_estimate[i].value;
        }
    }
    double const k2 = bessel::k2e(x);
    return sum / (4.0 * k2 * k2);
}

}  // namespace thermal_average_detail

/// Thermal average of a sigma(s) with an s-channel pole at s = m_V^2 of width Gamma_V (same formula and units
/// as the smooth version). When the pole lies in the thermally populated region (t_R = x (m_V/m - 2) within
/// [-1, 60]) the t axis is split at the pole:
///   core   |t - t_R| <= min(30 Delta, 1), Delta = x Gamma_V / (2 m) the pole half-width in t, mapped by
///          s - m_V^2 = m_V Gamma_V tan(theta) (Breit-Wigner mapping; split at theta = 0);
///   near   min(30 Delta, 1) < |t - t_R| < 1 on each side, in ln|t - t_R| (resolves the 1/(t - t_R)^2 tails);
///   far    [0, t_R - 1] in t = (t_R - 1) w^2, [t_R + 1, resonance_far_split_t] in u = t^{1/2} (8 points from
///          t_R + 1 >= resonance_far_low_order_t on), beyond by 8-point Gauss-Laguerre;
/// each by 16-point Gauss-Legendre unless said, with u = w^2 at the threshold t = 0. Otherwise the smooth rule is used.
/// Ref: Breit-Wigner mapping as in Gondolo & Edsjo's DarkSUSY dsrdthav and Griest & Seckel, PRD 43 (1991) 3191.
/// When sigma(s) declares features (cross_section_features) within the window, or a structured range
/// (cross_section_structure) that carries more than structured_share_negligible of sigma there, a piecewise rule
/// cut at each of them and at the pole takes over (thermal_average_detail::featured_average), adaptive inside the
/// structured range to structure_tolerance of the average. A pole beyond the bulk whose peak integrand is below
/// feature_significance of the bulk is left to the smooth rule. Narrow poles of narrow_poles_thermal_average(sigma,
/// m, x) are added.
/// Measured accuracy (tests): < 1e-3 relative (worst 7e-4) for Gamma_V/m_V = 1e-10 - 0.3 with the pole anywhere in
/// the thermal window. Resolution limit: sigma itself computes s - m_V^2 in double, so Gamma_V/m_V below
/// ~1e-12 loses accuracy in any rule.
template <class CrossSection>
DS_HD double thermal_average(CrossSection const& sigma, double m, double x, SChannelResonance const& resonance,
                             double structure_tolerance)
{
    CrossSectionFeature features[max_cross_section_features];
    int const declared = cross_section_features(sigma, features);
    // Keep the features in the thermal window whose region can matter: the integrand there, estimated from
    // one sample, above feature_significance of the bulk (t ~ 1); elsewhere the smooth or pole rule is exact
    // enough and 4-8 times cheaper.
    thermal_average_detail::Integrand<CrossSection> const f{sigma, m, x};
    double bulk = -1.0;  // the integrand at t = 1, sampled when a feature or the pole first needs it
    // The pole beyond the bulk (t_R >= 1) is left to the smooth rule when the integrand at its peak is below
    // feature_significance of the bulk: then no node of that rule, wherever it falls, can pick up more than
    // that share (the peak value, not its area, is compared, so a narrow pole that a node might hit stays
    // resolved). This skips the pole rule's 80 evaluations at low temperatures, where the pole has left the
    // thermal window.
    SChannelResonance pole = resonance;
    if (resonance.mass > 0.0 && resonance.width > 0.0) {
        double const t_pole = x * (resonance.mass / m - 2.0);
        if (t_pole >= 1.0) {
            bulk = f.full(1.0);
            if (!(f.full(t_pole) > thermal_average_detail::feature_significance * bulk)) {
                pole = SChannelResonance{};
            }
        }
    }
    int count = 0;
    for (int i = 0; i < declared; ++i) {
        double const t = x * (features[i].position / m - 2.0);
        if (!(t > -1.0 && t < resonance_negligible_t)) {
            continue;
        }
        double const half_width = x * features[i].width / (2.0 * m);
        // A peak: its height times its width in t; a threshold: the integrand half a unit above it.
        double const probe = features[i].width > 0.0 ? std::fmax(t, 0.5 * half_width) : t + 0.5;
        double const reach = features[i].width > 0.0 ? std::fmin(1.0, 3.0 * half_width) : 1.0;
        if (t >= 1.0 && bulk < 0.0) {
            bulk = f.full(1.0);
        }
        if (t < 1.0 || f.full(probe) * reach > thermal_average_detail::feature_significance * bulk) {
            features[count++] = features[i];
        }
    }
    // The structured range, in t, where it reaches into the window and its integrand matters as a feature's would.
    CrossSectionStructure const structure = cross_section_structure(sigma);
    thermal_average_detail::StructuredRange range{x * (structure.begin / m - 2.0), x * (structure.end / m - 2.0)};
    bool structured = structure.begin < structure.end && range.end > 0.0 && range.begin < resonance_negligible_t;
    if (structured && range.begin >= 1.0) {
        if (bulk < 0.0) {
            bulk = f.full(1.0);
        }
        structured = f.full(range.begin + 0.5) > thermal_average_detail::feature_significance * bulk;
    }
    if (structured) {  // the structured part's share where the range's integrand is largest
        structured = structured_share(sigma, f.s_of(std::fmax(range.begin, 0.0) + 0.5))
                     > thermal_average_detail::structured_share_negligible;
    }
    if (!structured) {
        range = {};
    }
    double const resolved
        = count > 0 || structured
              ? thermal_average_detail::featured_average(sigma, m, x, pole, features, count, range, structure_tolerance)
              : thermal_average_detail::single_pole_average(sigma, m, x, pole);
    return resolved + narrow_poles_thermal_average(sigma, m, x);
}

}  // namespace darkscan
