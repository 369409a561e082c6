// SPDX-License-Identifier: MIT
// Recasting a published dark-photon limit to a point of darkscan's model (physics.md 4.1): the signal of the
// point relative to the signal of the dark photon on the published curve at the same mass. The production ratio
// comes from darkscan/physics/production.hpp, branching ratios from widths.hpp; what remains is the decay-time
// acceptance of the search. Method of DarkCast (Ilten, Soreq, Williams, Xue, arXiv:1801.04847, section 2.3).
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"

namespace darkscan {

/// Fraction of V decays at proper times between t0 and t1 [GeV^-1] for a total width [GeV]:
///   e^{-Gamma t0} - e^{-Gamma t1} = e^{-Gamma t0} (1 - e^{-Gamma (t1 - t0)}),
/// written with expm1 so that a long-lived V (Gamma t << 1) keeps its precision. t1 = INFINITY is allowed.
/// Ref: arXiv:1801.04847 eq. (2.23).
DS_HD inline double decay_time_acceptance(double t0, double t1, double width)
{
    return std::exp(-width * t0) * -std::expm1(-width * (t1 - t0));
}

/// Signal strength of a prompt search (bump hunt) at a point: with the production ratio P (point over the
/// eps = 1 dark photon), the branching ratio into the selected final state and the total width of the point
/// and of the eps = 1 dark photon (BR_DP, Gamma_1), the published lower limit g_lower on eps and the search's
/// upper decay time t1 [GeV^-1]:
///   mu = (P / g_lower^2) (BR / BR_DP) A(0, t1, Gamma) / A(0, t1, g_lower^2 Gamma_1),
/// A of decay_time_acceptance; mu = 1 for the dark photon on the curve. Ref: arXiv:1801.04847 eqs. (2.21)-(2.23).
DS_HD inline double prompt_signal_strength(double production_ratio, double branching, double width,
                                           double g_lower, double branching_dark_photon,
                                           double unit_width_dark_photon, double t1)
{
    double const g2 = g_lower * g_lower;
    return production_ratio / g2 * (branching / branching_dark_photon) * decay_time_acceptance(0.0, t1, width)
           / decay_time_acceptance(0.0, t1, g2 * unit_width_dark_photon);
}

/// Signal strength of a beam dump (decays between t0 and L t0 in the V rest frame; t0 fixed per mass by the
/// published contour, see solve_dump_window):
///   mu = P BR A(t0, L t0, Gamma) / (g_lower^2 BR_DP A(t0, L t0, g_lower^2 Gamma_1)).
/// Ref: arXiv:1801.04847 eqs. (2.22)-(2.24).
DS_HD inline double dump_signal_strength(double production_ratio, double branching, double width, double g_lower,
                                         double branching_dark_photon, double unit_width_dark_photon, double t0,
                                         double length_ratio)
{
    double const g2 = g_lower * g_lower;
    return production_ratio * branching * decay_time_acceptance(t0, length_ratio * t0, width)
           / (g2 * branching_dark_photon * decay_time_acceptance(t0, length_ratio * t0, g2 * unit_width_dark_photon));
}

/// The proper time t0 [GeV^-1] at which a beam dump's decay window [t0, L t0] opens, from the two couplings
/// bounding its published dark-photon contour at one mass (L = 1 + L_decay/L_shield, Gamma_1 the eps = 1 width):
/// the solution of g_upper^2 A(t0, L t0, g_upper^2 Gamma_1) = g_lower^2 A(t0, L t0, g_lower^2 Gamma_1), i.e. both
/// boundaries give the same yield. The difference is positive for small t0 (prompt decays: the larger coupling
/// wins) and negative for large t0 (only the longer-lived V reaches the window), so a root is bracketed; found by
/// bisection in ln t0 to 1e-13 relative. NaN when g_upper <= g_lower or no root is bracketed. Ref: arXiv:1801.04847 eq. (2.24).
DS_HD inline double solve_dump_window(double g_lower, double g_upper, double unit_width_dark_photon,
                                      double length_ratio)
{
    if (!(g_upper > g_lower && g_lower > 0.0 && unit_width_dark_photon > 0.0 && length_ratio > 1.0)) {
        return NAN;
    }
    double const width_lower = g_lower * g_lower * unit_width_dark_photon;
    double const width_upper = g_upper * g_upper * unit_width_dark_photon;
    auto yield_difference = [&](double t0) {
        return g_upper * g_upper * decay_time_acceptance(t0, length_ratio * t0, width_upper)
               - g_lower * g_lower * decay_time_acceptance(t0, length_ratio * t0, width_lower);
    };
    double low = std::log(1e-6 / width_upper);
    double high = std::log(30.0 / width_lower);
    if (!(yield_difference(std::exp(low)) > 0.0 && yield_difference(std::exp(high)) < 0.0)) {
        return NAN;
    }
    for (int iteration = 0; iteration < 200 && high - low > 1e-13 * std::fabs(high); ++iteration) {
        double const middle = 0.5 * (low + high);
        if (yield_difference(std::exp(middle)) > 0.0) {
            low = middle;
        } else {
            high = middle;
        }
    }
    return std::exp(0.5 * (low + high));
}

}  // namespace darkscan
