// SPDX-License-Identifier: MIT
// Two-body kinematics shared by the decay widths, production ratios and displaced-decay escape factors.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"

namespace darkscan {

/// Kallen function of three masses [GeV^4]: lambda(M^2, m_1^2, m_2^2) = [M^2 - (m_1 + m_2)^2] [M^2 - (m_1 - m_2)^2],
/// the factorised form of a^2 + b^2 + c^2 - 2ab - 2ac - 2bc (no cancellation near threshold); negative below
/// threshold (M < m_1 + m_2). Masses [GeV]. Ref: PDG, Review of Particle Physics, "Kinematics" (two-body decays).
DS_HD inline double kallen_of_masses(double M, double m_1, double m_2)
{
    double const s = M * M;
    return (s - (m_1 + m_2) * (m_1 + m_2)) * (s - (m_1 - m_2) * (m_1 - m_2));
}

/// Squared momentum of either daughter of a two-body decay at rest [GeV^2], p^2 = lambda(M^2, m_1^2, m_2^2)/(4 M^2),
/// M the parent's mass [GeV]; negative below threshold.
DS_HD inline double two_body_momentum_squared(double M, double m_1, double m_2)
{
    return kallen_of_masses(M, m_1, m_2) / (4.0 * M * M);
}

/// Momentum [GeV] of the daughters of a two-body decay at rest, lambda^{1/2}/(2 M); 0 at and below threshold.
DS_HD inline double two_body_momentum(double M, double m_1, double m_2)
{
    double const p2 = two_body_momentum_squared(M, m_1, m_2);
    return p2 > 0.0 ? std::sqrt(p2) : 0.0;
}

}  // namespace darkscan
