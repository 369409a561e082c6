// SPDX-License-Identifier: MIT
// PROVISIONAL (replaced by the full DarkCast-style production module): production ratios in the m -> 0 limit.
#pragma once

#include "darkscan/macros.hpp"
#include "darkscan/physics/couplings.hpp"

namespace darkscan {

enum class ProductionMechanism : int { e_brem, e_e, mu_brem, mu_mu, p_brem, pi0_gamma, eta_gamma, phi_eta };

DS_HD inline double production_ratio(ProductionMechanism mechanism, double m, DarkSectorParameters p)
{
    (void)m;
    double const e = elementary_charge();
    double x = p.epsilon;
    switch (mechanism) {
    case ProductionMechanism::p_brem:
    case ProductionMechanism::pi0_gamma:
        x = p.epsilon + p.g_X / e;
        break;
    case ProductionMechanism::eta_gamma:
        x = p.epsilon + p.g_X / (2.0 * e);
        break;
    case ProductionMechanism::phi_eta:
        x = p.epsilon - p.g_X / e;
        break;
    default:
        break;
    }
    return x * x;
}

}  // namespace darkscan
