// SPDX-License-Identifier: MIT
// Parameters of the dark sector (with the kind of particle chi is), the couplings of the mediator V to each
// fermion, and the tree-level width of V into a fermion pair that every partial width is built from (physics.md
// sections 2 and 3.6).
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/constants.hpp"

namespace darkscan {

/// What chi is, and so how V couples to it (g_D = sqrt(4 pi alpha_D) in every case):
enum class DarkMatterType : int {
    dirac = 0,           ///< Dirac fermion, g_D V_mu chibar gamma^mu chi (physics.md 2)
    complex_scalar = 1,  ///< complex scalar, g_D V_mu i (chi^* d^mu chi - chi d^mu chi^*) + g_D^2 V^2 |chi|^2
    majorana = 2,        ///< Majorana fermion, (g_D/2) V_mu chibar gamma^mu gamma^5 chi: no vector current exists
    pseudo_dirac = 3,    ///< Majorana pair chi_1, chi_2 (m_2 = m_1 + Delta), i g_D V_mu chibar_2 gamma^mu chi_1:
                         ///< the Dirac current split by a small Majorana mass, off-diagonal (inelastic)
};
inline constexpr int dark_matter_type_count = 4;

/// Name of a DarkMatterType as in option dm_type and the HDF5 attribute dm_type.
DS_HD constexpr char const* dark_matter_type_name(DarkMatterType type)
{
    return type == DarkMatterType::dirac            ? "dirac"
           : type == DarkMatterType::complex_scalar ? "complex_scalar"
           : type == DarkMatterType::majorana       ? "majorana"
                                                    : "pseudo_dirac";
}

/// The dark-matter type and, for pseudo_dirac, the mass splitting Delta/m_chi = (m_2 - m_1)/m_1 (0 otherwise).
/// The four are the light-dark-matter benchmarks whose thermal targets are drawn in one (m_chi, Y) plane (e.g. Berlin,
/// Blinov, Krnjaic, Schuster, Toro, arXiv:1807.01730, sec. II); darkscan normalises each coupling so that its vertex
/// is g_D gamma^mu (gamma^5), g_D (p + p')^mu, with alpha_D = g_D^2 / (4 pi).
struct DarkMatterModel {
    DarkMatterType type = DarkMatterType::dirac;
    double splitting = 0.0;
};

/// One point of the model: L ⊃ V_mu [J_chi^mu + eps e J_EM^mu + g_X J_B^mu] (physics.md 2), J_chi the dark
/// current of `dark_matter` (Dirac by default: g_D chibar gamma^mu chi). eps and g_X are taken with their signs:
/// a relative sign between them is a negative g_X.
struct DarkSectorParameters {
    double m_V;      ///< mediator mass [GeV]
    double m_chi;    ///< dark-matter mass [GeV] (pseudo-Dirac: the lighter state chi_1)
    double epsilon;  ///< kinetic mixing: V couples to the EM current with eps e
    double alpha_D;  ///< dark coupling g_D^2 / (4 pi)
    double g_X;      ///< coupling to the baryon current J_B = (1/3) sum_q qbar gamma^mu q
    DarkMatterModel dark_matter{};
};

/// Mass of the heavier state chi_2 of a pseudo-Dirac pair, m_chi (1 + Delta/m_chi) [GeV]; m_chi otherwise.
DS_HD inline double partner_mass(DarkSectorParameters p)
{
    return p.dark_matter.type == DarkMatterType::pseudo_dirac ? p.m_chi * (1.0 + p.dark_matter.splitting) : p.m_chi;
}

/// Mean mass of the pair that annihilates through V* and that V decays to [GeV]: m_chi, or (m_1 + m_2)/2 for the
/// pseudo-Dirac chi_1 chi_2 (its threshold is s = (m_1 + m_2)^2).
DS_HD inline double pair_mass(DarkSectorParameters p)
{
    return p.dark_matter.type == DarkMatterType::pseudo_dirac ? 0.5 * (p.m_chi + partner_mass(p)) : p.m_chi;
}

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
    double const r = 4.0 * m_f * m_f * (1.0 / (M * M));  // 1/M^2 shared by the inlined calls at one M
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
