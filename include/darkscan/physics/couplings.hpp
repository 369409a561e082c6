// SPDX-License-Identifier: MIT
// Parameters of the dark sector, the couplings of the mediator V to each fermion, and the tree-level width
// of V into a fermion pair that every partial width is built from (physics.md sections 2 and 3.6).
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/constants.hpp"

namespace darkscan {

/// One point of the model: L ⊃ V_mu [g_D chibar gamma^mu chi + eps e J_EM^mu + g_X J_B^mu] (physics.md 2).
/// eps and g_X are taken with their signs: a relative sign between them is a negative g_X.
struct DarkSectorParameters {
    double m_V;      ///< mediator mass [GeV]
    double m_chi;    ///< Dirac dark-matter mass [GeV]
    double epsilon;  ///< kinetic mixing: V couples to the EM current with eps e
    double alpha_D;  ///< dark coupling g_D^2 / (4 pi)
    double g_X;      ///< coupling to the baryon current J_B = (1/3) sum_q qbar gamma^mu q
};

/// Elementary charge e = sqrt(4 pi alpha) = 0.30282 (alpha in the Thomson limit).
DS_HD inline double elementary_charge()
{
    return std::sqrt(4.0 * constants::pi * constants::alpha_em);
}

/// Dark coupling g_D = sqrt(4 pi alpha_D).
DS_HD inline double dark_coupling(DarkSectorParameters p)
{
    return std::sqrt(4.0 * constants::pi * p.alpha_D);
}

/// Coupling of V to a charged lepton, g_l = eps e Q_l with Q_l = -1 (no baryon number, no neutrinos).
DS_HD inline double lepton_coupling(DarkSectorParameters p)
{
    return -p.epsilon * elementary_charge();
}

/// Coupling of V to a quark of electric charge Q_q (2/3 or -1/3): g_q = eps e Q_q + g_X / 3.
DS_HD inline double quark_coupling(DarkSectorParameters p, double charge)
{
    return p.epsilon * elementary_charge() * charge + p.g_X / 3.0;
}

/// Kinematic factor of a vector decaying to a fermion pair, (1 + 2 m_f^2/M^2) sqrt(1 - 4 m_f^2/M^2);
/// zero at and below threshold (M <= 2 m_f). M: mass of the decaying vector [GeV], m_f [GeV].
DS_HD inline double fermion_pair_kinematics(double M, double m_f)
{
    double const r = 4.0 * m_f * m_f / (M * M);
    return r < 1.0 ? (1.0 + 0.5 * r) * std::sqrt(1.0 - r) : 0.0;
}

/// Width of a vector of mass M into f fbar through a vector coupling g_f [GeV]:
///   Gamma = N_c g_f^2 M / (12 pi) (1 + 2 m_f^2/M^2) sqrt(1 - 4 m_f^2/M^2),
/// N_c: colour factor. Ref: DarkCast model.py, Ilten-Soreq-Williams-Xue arXiv:1801.04847 eq. (2.13).
DS_HD inline double width_to_fermion_pair(double M, double g_f, double m_f, double N_c)
{
    return N_c * g_f * g_f * M / (12.0 * constants::pi) * fermion_pair_kinematics(M, m_f);
}

}  // namespace darkscan
