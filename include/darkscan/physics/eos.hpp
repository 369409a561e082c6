// SPDX-License-Identifier: MIT
// Standard-Model equation of state for the relic calculation: effective degrees of freedom h_eff(T) (= g_*s),
// g_eff(T) (= g_*rho) and g_*^{1/2}(T), tabulated on a uniform grid in ln(T / GeV), and the present-day
// entropy density that converts a yield into Omega h^2.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/table.hpp"

namespace darkscan {

/// Which published g_*(T) table a run uses (one per run, recorded in the output).
enum class EquationOfState {
    saikawa_shirai_2020,          ///< Saikawa & Shirai, arXiv:2005.03544 (g_star.dat)
    drees_hajkarim_schmitz_2015,  ///< Drees, Hajkarim & Schmitz, arXiv:1503.03513 (smdof.dat)
};

/// Number of the moments q_n of g_*^{1/2} (n = 0 .. eos_moment_count - 1) in EosTablesView.
inline constexpr int eos_moment_count = 9;

/// The tables share one grid: x = ln(T / GeV), uniform. Values beyond either end are held constant
/// (the Standard-Model plasma has constant g_* above the top threshold and below e+e- annihilation).
struct EosTablesView {
    UniformTableView h_eff;        ///< entropy degrees of freedom g_*s(T)
    UniformTableView g_eff;        ///< energy-density degrees of freedom g_*rho(T)
    UniformTableView g_star_half;  ///< g_*^{1/2} = (h_eff / sqrt(g_eff)) (1 + (1/3) dln h_eff / dln T)
    /// q_n(T) = Int_0^1 g_*^{1/2}(u T) u^n du, of the piecewise-linear g_*^{1/2}(ln T) above (eos_moments)
    UniformTableView g_star_half_moment[eos_moment_count];
    double h_eff_today = 0.0;      ///< g_*s,0: h_eff at the low-T end of the same table
};

/// h_eff at ln(T / GeV): eos_h_eff for a caller that has the logarithm already (the relic solve's ln x).
DS_HD inline double eos_h_eff_at_ln_T(EosTablesView const& eos, double ln_T)
{
    return interpolate_linear(eos.h_eff, ln_T);
}

/// h_eff(T), T [GeV].
DS_HD inline double eos_h_eff(EosTablesView const& eos, double T)
{
    return eos_h_eff_at_ln_T(eos, std::log(T));
}

/// g_eff(T), T [GeV].
DS_HD inline double eos_g_eff(EosTablesView const& eos, double T)
{
    return interpolate_linear(eos.g_eff, std::log(T));
}

/// g_*^{1/2} at ln(T / GeV) (see eos_g_star_half).
DS_HD inline double eos_g_star_half_at_ln_T(EosTablesView const& eos, double ln_T)
{
    return interpolate_linear(eos.g_star_half, ln_T);
}

/// g_*^{1/2}(T), T [GeV]; enters the Hubble rate of the Boltzmann equation in x = m/T.
/// Ref: Gondolo & Gelmini, Nucl. Phys. B 360 (1991) 145, eq. (3.2)-(3.4); Edsjo & Gondolo, hep-ph/9704361, eq. (6).
DS_HD inline double eos_g_star_half(EosTablesView const& eos, double T)
{
    return eos_g_star_half_at_ln_T(eos, std::log(T));
}

/// q_n(T) = Int_0^1 g_*^{1/2}(u T) u^n du = T^{-(n+1)} Int_0^T g_*^{1/2}(T') T'^n dT', T [GeV], into moment[n] for
/// n = 0 .. eos_moment_count - 1: with them the relic tail integrates g_*^{1/2} times a polynomial in u = T/T_1
/// exactly (freeze_out.hpp).
DS_HD inline void eos_moments(EosTablesView const& eos, double T, double* moment)
{
    double const ln_T = std::log(T);
    for (int n = 0; n < eos_moment_count; ++n) {
        moment[n] = interpolate_linear(eos.g_star_half_moment[n], ln_T);
    }
}

/// True when T [GeV] lies inside the tabulated range (outside, end values are held).
DS_HD inline bool eos_covers(EosTablesView const& eos, double T)
{
    return eos.h_eff.contains(std::log(T));
}

/// Entropy density s = (2 pi^2 / 45) h_eff T^3 [GeV^3], T [GeV].
DS_HD inline double entropy_density(double h_eff, double T)
{
    return 2.0 * constants::pi * constants::pi / 45.0 * h_eff * T * T * T;
}

/// Omega h^2 per unit (m_chi Y): s_0 / (rho_c / h^2) [GeV^-1], with s_0 = (2 pi^2/45) g_*s,0 T_0^3.
/// Omega h^2 = m_chi Y_inf s_0 / (rho_c/h^2). For g_*s,0 = 43/11 this is 2.7440e8 GeV^-1.
/// Ref: Kolb & Turner, The Early Universe (1990), eqs. (3.73), (5.47); PDG 2024 T_0 and rho_c/h^2.
DS_HD inline double omega_h2_per_mass_yield(double h_eff_today)
{
    return entropy_density(h_eff_today, constants::T_cmb_today) / constants::rho_crit_over_h2;
}

}  // namespace darkscan
