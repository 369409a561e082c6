// SPDX-License-Identifier: MIT
// Textbook serial baselines for the benchmarks: the relic abundance and the Yukawa Sommerfeld factors computed
// the straightforward way, one point at a time, so that darkscan's speed-up over them is a ratio from one run.
// Baselines for speed, not physics references: the same physics inputs as darkscan (sigma(s), g_*(T), the
// radial equation), plain fixed rules and no tricks. Each states the accuracy it reaches against darkscan on
// the benchmark points (checked inside the benchmark, reported as the counter max_rel_diff).
#pragma once

#include <cmath>

#include "darkscan/physics/bessel.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/eos.hpp"
#include "darkscan/physics/freeze_out.hpp"
#include "darkscan/physics/sommerfeld.hpp"

namespace darkscan::textbook {

/// Simpson intervals of the thermal average (u = sqrt(t) in [0, sqrt(60)], step 0.019: about five nodes per
/// half width of the V pole at m_V = 2.1 m_chi, alpha_D = 0.1, x = 20).
inline constexpr int thermal_average_intervals = 400;

/// Thermal average <sigma v>(x) [GeV^-2] of sigma(s) [GeV^-2] by the composite Simpson rule on a fixed grid:
///   <sigma v> = x / (4 K_2(x)^2) Int_2^inf dz z^2 (z^2 - 4) K_1(x z) sigma(m^2 z^2)
/// (Gondolo & Gelmini, Nucl. Phys. B 360 (1991) 145, eq. (3.8) with s = m^2 z^2), with z = 2 + u^2/x so that the
/// sqrt(s - 4 m^2) threshold becomes smooth in u, truncated at t = u^2 = 60 (weight e^-60), and exponentially
/// scaled Bessel functions (no underflow at large x). Poles narrower than the grid (the quarkonia, widths of keV)
/// cannot be sampled by any grid: they are added in the narrow-width approximation that sigma declares
/// (narrow_poles_thermal_average, found by argument-dependent lookup), as every code must.
template <class CrossSection>
double thermal_average_simpson(CrossSection const& sigma, double m, double x)
{
    int const n = thermal_average_intervals;
    double const h = std::sqrt(60.0) / n;
    double sum = 0.0;  // u = 0 contributes nothing: the integrand vanishes there like u^2
    for (int i = 1; i <= n; ++i) {
        double const u = i * h;
        double const t = u * u;
        double const z = 2.0 + t / x;
        double const integrand = z * z * (t / x) * (z + 2.0) * bessel::k1e(x * z) * std::exp(-t)
                                 * sigma(m * m * z * z) * 2.0 * u / x;  // dz = 2 u du / x
        sum += (i == n ? 1.0 : i % 2 == 1 ? 4.0 : 2.0) * integrand;
    }
    double const k2 = bessel::k2e(x);
    return x / (4.0 * k2 * k2) * sum * h / 3.0 + narrow_poles_thermal_average(sigma, m, x);
}

/// Largest relative difference in Omega h^2 from darkscan's relic_abundance (default RelicAccuracy) accepted on
/// the benchmark points. Measured: <= 2.6e-3, darkscan's own default-tolerance error (against darkscan with
/// every tolerance quartered this baseline agrees to 4.6e-4).
inline constexpr double relic_agreement = 5e-3;

/// Relative error per step allowed by the adaptive Runge-Kutta of relic_abundance_rk45.
inline constexpr double relic_step_tolerance = 1e-6;
/// The integration stops at x = relic_x_end; the annihilation left beyond it changes Y by ~ x_f/x_end ~ 2e-4
/// (s-wave: 1/Y_inf - 1/Y(x_end) = Int_{x_end}^inf lambda/x^2 dx ~ lambda/x_end).
inline constexpr double relic_x_end = 1e5;

struct RelicBaseline {
    double omega_h2 = NAN;
    int rhs_evaluations = 0;  ///< thermal averages computed
    int steps = 0;            ///< Runge-Kutta steps, accepted and rejected
};

/// Omega h^2 by the textbook route: the Boltzmann equation in x = m/T,
///   dY/dx = -(lambda(x)/x^2) (Y^2 - Y_eq^2),  lambda = sqrt(pi/45) M_Pl g_*^{1/2}(T) m <sigma v>_eff(x),
/// with <sigma v>(x) from thermal_average_simpson at every right-hand-side call, integrated by the adaptive
/// Cash-Karp Runge-Kutta 4(5) of Numerical Recipes (rkck + rkqs, relative tolerance relic_step_tolerance) from
/// Y = Y_eq at x_0 to relic_x_end; then Omega h^2 = m Y s_0/(rho_c/h^2). x_0 is the first x = 1, 2, 3, ... where
/// the equilibrium departure x^2/(2 lambda Y_eq) reaches 1e-2: an explicit method cannot start deeper in the
/// stiff equilibrium region (its steps would shrink to 1/(lambda Y_eq/x^2)). Y_eq, g_*^{1/2}, h_eff and the
/// Dirac/Majorana factors are darkscan's (the same EOS view); only the method differs.
/// Ref: Kolb & Turner, The Early Universe (1990), ch. 5; Press et al., Numerical Recipes, 2nd ed., sec. 16.2.
template <class CrossSection>
RelicBaseline relic_abundance_rk45(CrossSection const& sigma, double m, DarkMatterKind kind, EosTablesView const& eos)
{
    RelicBaseline result;
    double const g_chi = internal_degrees_of_freedom(kind);
    double const prefactor = std::sqrt(constants::pi / 45.0) * constants::M_Planck * m * effective_rate_factor(kind);
    auto const lambda = [&](double x) {
        ++result.rhs_evaluations;
        return prefactor * eos_g_star_half(eos, m / x) * thermal_average_simpson(sigma, m, x);
    };
    auto const y_eq = [&](double x) { return equilibrium_yield(x, g_chi, eos_h_eff(eos, m / x)); };
    auto const rhs = [&](double x, double y) {
        double const eq = y_eq(x);
        return -lambda(x) / (x * x) * (y * y - eq * eq);
    };

    double x = 1.0;
    while (x < 100.0 && x * x / (2.0 * lambda(x) * y_eq(x)) < 1e-2) {
        x += 1.0;
    }
    double y = y_eq(x);

    // Cash-Karp coefficients (Numerical Recipes, 2nd ed., eq. 16.2.6 and table).
    constexpr double a2 = 0.2, a3 = 0.3, a4 = 0.6, a5 = 1.0, a6 = 0.875;
    constexpr double b21 = 0.2, b31 = 3.0 / 40.0, b32 = 9.0 / 40.0, b41 = 0.3, b42 = -0.9, b43 = 1.2;
    constexpr double b51 = -11.0 / 54.0, b52 = 2.5, b53 = -70.0 / 27.0, b54 = 35.0 / 27.0;
    constexpr double b61 = 1631.0 / 55296.0, b62 = 175.0 / 512.0, b63 = 575.0 / 13824.0;
    constexpr double b64 = 44275.0 / 110592.0, b65 = 253.0 / 4096.0;
    constexpr double c1 = 37.0 / 378.0, c3 = 250.0 / 621.0, c4 = 125.0 / 594.0, c6 = 512.0 / 1771.0;
    constexpr double dc1 = c1 - 2825.0 / 27648.0, dc3 = c3 - 18575.0 / 48384.0, dc4 = c4 - 13525.0 / 55296.0;
    constexpr double dc5 = -277.0 / 14336.0, dc6 = c6 - 0.25;

    double h = 0.01;
    for (; x < relic_x_end && result.steps < 100000; ++result.steps) {
        h = std::fmin(h, relic_x_end - x);
        double const k1 = rhs(x, y);
        double const k2 = rhs(x + a2 * h, y + h * b21 * k1);
        double const k3 = rhs(x + a3 * h, y + h * (b31 * k1 + b32 * k2));
        double const k4 = rhs(x + a4 * h, y + h * (b41 * k1 + b42 * k2 + b43 * k3));
        double const k5 = rhs(x + a5 * h, y + h * (b51 * k1 + b52 * k2 + b53 * k3 + b54 * k4));
        double const k6 = rhs(x + a6 * h, y + h * (b61 * k1 + b62 * k2 + b63 * k3 + b64 * k4 + b65 * k5));
        double const y_new = y + h * (c1 * k1 + c3 * k3 + c4 * k4 + c6 * k6);
        double const error = std::fabs(h * (dc1 * k1 + dc3 * k3 + dc4 * k4 + dc5 * k5 + dc6 * k6));
        double const ratio = error / (relic_step_tolerance * std::fabs(y));  // rkqs: errmax
        if (!(ratio <= 1.0) || !(y_new > 0.0)) {
            h *= std::isfinite(ratio) ? std::fmax(0.9 * std::pow(ratio, -0.25), 0.1) : 0.1;
            continue;
        }
        x += h;
        y = y_new;
        h *= ratio > 1.89e-4 ? 0.9 * std::pow(ratio, -0.2) : 5.0;
    }
    result.omega_h2 = m * y * omega_h2_per_mass_yield(eos.h_eff_today);
    return result;
}

/// Largest relative difference in S_s and S_p from darkscan's sommerfeld_yukawa accepted on the benchmark
/// points. Measured: <= 3.9e-4 (next to a resonance, eps_phi = 0.01; elsewhere <= 2e-4).
inline constexpr double sommerfeld_agreement = 2e-3;

/// Fixed RK4 step of the Sommerfeld baseline, in x = alpha_D m_chi r.
inline constexpr double sommerfeld_step = 0.02;
/// Matching radius in ranges of the Yukawa potential: x_max = sommerfeld_ranges / eps_phi (potential down by e^-20;
/// e^-10 left 2.5% in S_s next to a resonance, eps_phi = 0.01).
inline constexpr double sommerfeld_ranges = 20.0;

/// The RK4 integration starts at x_0 = sommerfeld_start_steps fixed steps from the origin: the centrifugal
/// term l(l+1)/x^2 makes the first steps' relative error depend only on h/x, so x_0 must be several steps out.
inline constexpr double sommerfeld_start_steps = 10.0;

/// Asymptotic amplitude A_l of the regular solution of u'' + [k^2 + e^{-eps_phi x}/x - l(l+1)/x^2] u = 0
/// (l = 0, 1), u ~ x^{l+1} at the origin: classical RK4 on (u, u') with the fixed step sommerfeld_step from
/// x_0 = sommerfeld_start_steps h, where u and u' come from darkscan's small-x series of the regular solution
/// (radial_detail::regular_series_ratio, u = x^{l+1} R(x), R' by a central difference), to
/// x_max = sommerfeld_ranges/eps_phi, then matched there to the free solution u = a s_l(k x) + b c_l(k x)
/// (Riccati-Bessel functions; Wronskian s c' - s' c = -1), A_l = sqrt(a^2 + b^2).
inline double radial_amplitude_rk4(int l, double k, double eps_phi)
{
    double const h = sommerfeld_step;
    double const centrifugal = l * (l + 1.0);
    auto const acceleration = [&](double x, double u) {
        return -(k * k + std::exp(-eps_phi * x) / x - centrifugal / (x * x)) * u;
    };
    CentralPotential const potential{eps_phi, 1.0, PotentialShape::yukawa};
    auto const series = [&](double x) { return radial_detail::regular_series_ratio(l, k, potential, x); };
    double const x0 = sommerfeld_start_steps * h;
    double const power = std::pow(x0, l);  // x0^l
    double const ratio = series(x0);
    double const ratio_slope = (series(1.001 * x0) - series(0.999 * x0)) / (0.002 * x0);
    double u = power * x0 * ratio;
    double v = (l + 1.0) * power * ratio + power * x0 * ratio_slope;
    long const steps = static_cast<long>(std::ceil((sommerfeld_ranges / eps_phi - x0) / h));
    for (long i = 0; i < steps; ++i) {
        double const x = x0 + i * h;
        double const k1u = v, k1v = acceleration(x, u);
        double const k2u = v + 0.5 * h * k1v, k2v = acceleration(x + 0.5 * h, u + 0.5 * h * k1u);
        double const k3u = v + 0.5 * h * k2v, k3v = acceleration(x + 0.5 * h, u + 0.5 * h * k2u);
        double const k4u = v + h * k3v, k4v = acceleration(x + h, u + h * k3u);
        u += h / 6.0 * (k1u + 2.0 * k2u + 2.0 * k3u + k4u);
        v += h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v);
    }
    double const z = k * (x0 + steps * h);
    double const sz = std::sin(z), cz = std::cos(z);
    double s = sz, c = cz, ds = cz, dc = -sz;  // l = 0
    if (l == 1) {
        // s_1 = sin z/z - cos z, by its series below z = 0.1 (the difference cancels there).
        s = z < 0.1 ? z * z * (1.0 / 3.0 - z * z * (1.0 / 30.0 - z * z / 840.0)) : sz / z - cz;
        ds = z < 0.1 ? z * (2.0 / 3.0 - z * z * (2.0 / 15.0 - z * z / 140.0)) : sz - s / z;
        c = cz / z + sz;
        dc = cz - c / z;
    }
    double const p = v / k;            // du/dz
    double const a = -(u * dc - p * c);  // (u c' - p c) / W, W = -1
    double const b = -(s * p - ds * u);  // (s p - s' u) / W
    return std::hypot(a, b);
}

/// S_s and S_p of the attractive Yukawa potential (eps_v = v/alpha_D, eps_phi = m_V/(alpha_D m_chi)) from
/// radial_amplitude_rk4: S_0 = 1/(A_0 eps_v)^2, S_1 = (3/(A_1 eps_v^2))^2, as in darkscan::sommerfeld_yukawa.
inline SommerfeldFactors sommerfeld_rk4(double eps_v, double eps_phi)
{
    double const k = eps_v > sommerfeld_min_eps_v ? eps_v : sommerfeld_min_eps_v;
    double const a0k = radial_amplitude_rk4(0, k, eps_phi) * k;
    double const a1k2 = radial_amplitude_rk4(1, k, eps_phi) * k * k;
    return {1.0 / (a0k * a0k), 9.0 / (a1k2 * a1k2), 0};
}

}  // namespace darkscan::textbook
