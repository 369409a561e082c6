// SPDX-License-Identifier: MIT
// From a signal strength mu (the point's signal over the signal at the published limit) to -2 Delta ln L relative
// to no signal, for the likelihood forms of physics.md 4.2, and the Planck relic-density likelihood.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"

namespace darkscan {

/// One-sided standard-normal quantile z with Phi(z) = cl, 0 < cl < 1 (1.2816 at 90%, 1.6449 at 95%, 3 at
/// Phi(3)): Newton iterations on erfc from z = 0, converged to machine precision in < 40 steps for
/// cl <= 1 - 1e-15.
DS_HD inline double normal_quantile(double cl)
{
    double z = 0.0;
    for (int iteration = 0; iteration < 100; ++iteration) {
        double const phi = 0.5 * std::erfc(-z / std::sqrt(2.0));
        double const density = std::exp(-0.5 * z * z) / std::sqrt(2.0 * 3.14159265358979323846);
        double const step = (phi - cl) / density;
        z -= step;
        if (std::fabs(step) < 1e-15 * (1.0 + std::fabs(z))) {
            break;
        }
    }
    return z;
}

/// Expected signal events at a background-free search's upper limit, s_UL = -ln(1 - CL) (2.303 at 90%).
DS_HD inline double zero_event_upper_limit(double cl)
{
    return -std::log1p(-cl);
}

/// Zero observed events, no background: L = e^{-mu s_UL}, -2 Delta ln L = 2 mu s_UL (4.61 on a 90% limit).
DS_HD inline double zero_event_poisson_chi2(double mu, double s_upper_limit)
{
    return 2.0 * mu * s_upper_limit;
}

/// Gaussian signal strength with a null best fit: -2 Delta ln L = (z mu)^2 with z = normal_quantile(CL) (1.64 on
/// a 90% limit).
DS_HD inline double gaussian_chi2(double mu, double z)
{
    return (z * mu) * (z * mu);
}

/// Planck 2018 relic density (arXiv:1807.06209, table 2, TT,TE,EE+lowE+lensing): Omega_c h^2 = 0.120 +- 0.001.
inline constexpr double planck_omega_h2 = 0.120;
inline constexpr double planck_omega_h2_error = 0.001;

/// -2 ln L of the relic density: (Omega h^2 - 0.120)^2 / (0.001^2 + (f_th Omega h^2)^2), f_th the relative theory
/// error of the prediction (equation of state, QCD epoch, kinetic decoupling, bound-state effects). With
/// `upper_bound_only` (chi a sub-component of the dark matter) no penalty below 0.120. physics.md 4.2.
DS_HD inline double relic_density_chi2(double omega_h2, double theory_error_fraction, bool upper_bound_only)
{
    if (upper_bound_only && omega_h2 <= planck_omega_h2) {
        return 0.0;
    }
    double const difference = omega_h2 - planck_omega_h2;
    double const theory_error = theory_error_fraction * omega_h2;
    return difference * difference / (planck_omega_h2_error * planck_omega_h2_error + theory_error * theory_error);
}

}  // namespace darkscan
