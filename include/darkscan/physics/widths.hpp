// SPDX-License-Identifier: MIT
// Partial and total widths of the mediator V and its branching ratios (physics.md section 3.6), as functions
// of the vector's mass M: M = m_V gives the on-shell width, M = sqrt(s) the s-dependent width of an s-channel
// propagator, Im Pi(s) = sqrt(s) Gamma_tot(sqrt s) (physics.md 3.2).
#pragma once

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

/// Gamma(V -> chi chibar) of a vector of mass M [GeV]:
///   Gamma = (alpha_D M / 3) (1 + 2 m_chi^2/M^2) sqrt(1 - 4 m_chi^2/M^2), zero for M <= 2 m_chi.
/// Ref: physics.md 3.6 (eq. (2.13) of arXiv:1801.04847 with g_f = g_D).
DS_HD inline double width_to_dark_matter(double M, DarkSectorParameters p)
{
    return width_to_fermion_pair(M, dark_coupling(p), p.m_chi, 1.0);
}

/// Partial widths of a vector of mass M [GeV]; invisible = chi chibar. V has no neutrino coupling (physics.md 2);
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
