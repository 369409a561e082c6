// SPDX-License-Identifier: MIT
// From the five grid coordinates to the physical parameters of a point. Axes may be given in derived
// variables: m_chi as a ratio to m_V (or m_V as a ratio to m_chi), and the yield Y in place of epsilon.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/couplings.hpp"

namespace darkscan {

/// How the two mass axes are given.
enum class MassAxes : int {
    absolute = 0,      ///< axis 0 = m_V [GeV], axis 1 = m_chi [GeV]
    m_chi_over_m_V = 1,  ///< axis 0 = m_V [GeV], axis 1 = m_chi / m_V
    m_V_over_m_chi = 2,  ///< axis 0 = m_V / m_chi, axis 1 = m_chi [GeV]
};

/// How the mixing axis is given.
enum class MixingAxis : int {
    epsilon = 0,  ///< axis 2 = epsilon
    yield_Y = 1,  ///< axis 2 = Y = epsilon^2 alpha_D (m_chi/m_V)^4 (light-DM plots)
};

struct AxisParametrisation {
    MassAxes masses = MassAxes::absolute;
    MixingAxis mixing = MixingAxis::epsilon;
};

/// Physical parameters from coordinates (m_V or ratio, m_chi or ratio, epsilon or Y, alpha_D, g_X), with the scan's
/// dark-matter model. Y -> epsilon = sqrt(Y / alpha_D) (m_V/m_chi)^2 needs alpha_D > 0; otherwise epsilon is NaN and
/// the caller flags the point (is_physical returns false).
DS_HD inline DarkSectorParameters physical_parameters(double const (&coordinate)[5], AxisParametrisation axes,
                                                      DarkMatterModel dark_matter = {})
{
    DarkSectorParameters p{};
    p.dark_matter = dark_matter;
    switch (axes.masses) {
    case MassAxes::absolute:
        p.m_V = coordinate[0];
        p.m_chi = coordinate[1];
        break;
    case MassAxes::m_chi_over_m_V:
        p.m_V = coordinate[0];
        p.m_chi = coordinate[1] * coordinate[0];
        break;
    case MassAxes::m_V_over_m_chi:
        p.m_V = coordinate[0] * coordinate[1];
        p.m_chi = coordinate[1];
        break;
    }
    p.alpha_D = coordinate[3];
    p.g_X = coordinate[4];
    if (axes.mixing == MixingAxis::epsilon) {
        p.epsilon = coordinate[2];
    } else {
        double const mass_ratio_squared = (p.m_V / p.m_chi) * (p.m_V / p.m_chi);
        p.epsilon = p.alpha_D > 0.0 ? std::sqrt(coordinate[2] / p.alpha_D) * mass_ratio_squared : NAN;
    }
    return p;
}

/// Physical domain of the model: positive masses, non-negative couplings and splitting, everything finite.
DS_HD inline bool is_physical(DarkSectorParameters const& p)
{
    return std::isfinite(p.m_V) && std::isfinite(p.m_chi) && std::isfinite(p.epsilon) && std::isfinite(p.alpha_D) &&
           std::isfinite(p.g_X) && p.m_V > 0.0 && p.m_chi > 0.0 && p.epsilon >= 0.0 && p.alpha_D >= 0.0 &&
           p.g_X >= 0.0 && std::isfinite(p.dark_matter.splitting) && p.dark_matter.splitting >= 0.0;
}

}  // namespace darkscan
