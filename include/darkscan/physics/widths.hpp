// SPDX-License-Identifier: MIT
// Partial and total widths of the mediator V and its branching ratios (physics.md section 3.6), as functions
// of the vector's mass M: M = m_V gives the on-shell width, M = sqrt(s) the s-dependent width of an s-channel
// propagator, Im Pi(s) = sqrt(s) Gamma_tot(sqrt s) (physics.md 3.2).
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/couplings.hpp"
#include "darkscan/physics/hadrons.hpp"

namespace darkscan {

/// Gamma(V -> l+ l-) of a vector of mass M [GeV] for a charged lepton of mass m_lepton [GeV]:
///   Gamma = (alpha eps^2 M / 3) (1 + 2 m_l^2/M^2) sqrt(1 - 4 m_l^2/M^2), zero for M <= 2 m_l.
/// Ref: physics.md 3.6; Ilten-Soreq-Williams-Xue arXiv:1801.04847 eq. (2.13) with g_l = -eps e.
DS_HD inline double width_to_leptons(double M, DarkSectorParameters p, double m_lepton)
{
    return width_to_fermion_pair(M, lepton_coupling(p), m_lepton, 1.0);
}

/// Gamma(V -> dark matter) of a vector of mass M [GeV], beta = sqrt(1 - 4 m_chi^2/M^2), zero below threshold:
///   Dirac, chi chibar:      (alpha_D M / 3) (1 + 2 m_chi^2/M^2) beta   (physics.md 3.6; arXiv:1801.04847 eq. (2.13));
///   complex scalar, chi chi^*: (alpha_D M / 12) beta^3   (the polarisation-averaged |g_D eps.(p_1 - p_2)|^2 is
///                           (4/3) g_D^2 |p|^2, |p| = M beta / 2);
///   Majorana, chi chi:      (alpha_D M / 6) beta^3   (the axial current: Dirac's axial width g_D^2 M beta^3/(12 pi),
///                           times 1/2 for identical particles);
///   pseudo-Dirac, chi_1 chi_2: the Dirac width at the mean mass mbar = (m_1 + m_2)/2 times (1 - Delta^2/M^2)^{3/2},
///                           Delta = m_2 - m_1 (derived: the trace of the off-diagonal vector current with both masses,
///                           4 (M^2 + 2 mbar^2)(1 - Delta^2/M^2), and the momentum (M/2) beta(mbar) (1 - Delta^2/M^2)^{1/2});
///                           zero for M <= m_1 + m_2.
/// Derived here from the vertices of DarkMatterType (tests: the Delta -> 0 limit of pseudo-Dirac is Dirac; the scalar
/// and Majorana widths vanish like beta^3, the p-wave decay of a vector into two spin-0 or two identical spin-1/2
/// particles).
DS_HD inline double width_to_dark_matter(double M, DarkSectorParameters p)
{
    switch (p.dark_matter.type) {
    case DarkMatterType::dirac:
        break;
    case DarkMatterType::complex_scalar:
    case DarkMatterType::majorana: {
        double const r = 4.0 * p.m_chi * p.m_chi / (M * M);
        if (!(r < 1.0)) {
            return 0.0;
        }
        double const beta = std::sqrt(1.0 - r);
        double const per_beta3 = p.dark_matter.type == DarkMatterType::complex_scalar ? 1.0 / 12.0 : 1.0 / 6.0;
        return per_beta3 * p.alpha_D * M * beta * beta * beta;
    }
    case DarkMatterType::pseudo_dirac: {
        if (!(M > p.m_chi + partner_mass(p))) {
            return 0.0;  // closed; below M = Delta the factor (1 - Delta^2/M^2)^{3/2} would be NaN
        }
        double const delta = partner_mass(p) - p.m_chi;
        double const off_diagonal = 1.0 - delta * delta / (M * M);
        return p.alpha_D * M / 3.0 * fermion_pair_kinematics(M, pair_mass(p)) * off_diagonal * std::sqrt(off_diagonal);
    }
    }
    // width_to_fermion_pair with g_D^2 / (4 pi) = alpha_D, without the square root of dark_coupling.
    return p.alpha_D * M / 3.0 * fermion_pair_kinematics(M, p.m_chi);
}

/// Partial widths of a vector of mass M [GeV]; invisible = the dark-matter pair (width_to_dark_matter). V has no neutrino coupling (physics.md 2);
/// the 3-photon decay below 2 m_e is not included.
struct VectorWidths {
    double ee;
    double mumu;
    double tautau;
    double hadrons;
    double invisible;

    DS_HD double total() const { return ee + mumu + tautau + hadrons + invisible; }
};

/// All partial widths of a vector of mass M [GeV] (hadrons from width_to_hadrons).
DS_HD inline VectorWidths vector_widths(double M, DarkSectorParameters p, HadronTablesView hadron_tables,
                                        NarrowQuarkonia quarkonia = NarrowQuarkonia::included)
{
    return {width_to_leptons(M, p, constants::m_electron), width_to_leptons(M, p, constants::m_muon),
            width_to_leptons(M, p, constants::m_tau), width_to_hadrons(M, p, hadron_tables, quarkonia),
            width_to_dark_matter(M, p)};
}

/// Total width of a vector of mass M [GeV], the sum of VectorWidths.
DS_HD inline double total_width(double M, DarkSectorParameters p, HadronTablesView hadron_tables)
{
    return vector_widths(M, p, hadron_tables).total();
}

/// Branching ratios Gamma_i / Gamma_tot; all zero when no channel is open (Gamma_tot = 0: M < 2 m_e and
/// M < 2 m_chi, or eps = g_X = alpha_D = 0).
struct BranchingRatios {
    double ee;
    double mumu;
    double tautau;
    double hadrons;
    double invisible;
};

DS_HD inline BranchingRatios branching_ratios(VectorWidths const& widths)
{
    double const total = widths.total();
    if (!(total > 0.0)) {
        return {0.0, 0.0, 0.0, 0.0, 0.0};
    }
    return {widths.ee / total, widths.mumu / total, widths.tautau / total, widths.hadrons / total,
            widths.invisible / total};
}

/// BR(V -> pi+ pi-) of a vector of mass M [GeV]: width_to_pi_pi / total_width, a part of
/// BranchingRatios::hadrons (the final state of KLOE's pi+ pi- searches); zero when no channel is open.
DS_HD inline double branching_ratio_pi_pi(double M, DarkSectorParameters p, HadronTablesView hadron_tables)
{
    double const total = total_width(M, p, hadron_tables);
    return total > 0.0 ? width_to_pi_pi(M, p, hadron_tables) / total : 0.0;
}

}  // namespace darkscan
