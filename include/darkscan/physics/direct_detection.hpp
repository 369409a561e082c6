// SPDX-License-Identifier: MIT
// Elastic scattering of chi on nuclei and electrons through V exchange, in the forms direct-detection limits
// are published in (physics.md 4.1 items 6-7): the spin-independent per-nucleon cross section of a target
// (isospin-symmetric convention), the proton cross section, and the DM-electron reference cross section
// sigma_e-bar of Essig-Mardon-Volansky; plus the target table and an approximate reference momentum transfer.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/couplings.hpp"

namespace darkscan {

/// Reduced mass m1 m2 / (m1 + m2) [GeV].
DS_HD inline double reduced_mass(double m1, double m2)
{
    return m1 * m2 / (m1 + m2);
}

/// Cross section [GeV^-2] of chi on a target of vector charge g_T under V exchange, non-relativistic limit:
///   sigma = mu^2 g_D^2 g_T^2 / (pi (m_V^2 + q^2)^2),
/// mu: chi-target reduced mass [GeV], g_D = sqrt(4 pi alpha_D), q: momentum transfer at which the propagator
/// is evaluated [GeV] (0: contact limit, valid for m_V >> q). Derivation: the t-channel amplitude of two vector
/// currents at q << masses is M = g_D g_T (2 m_chi)(2 m_T) / (m_V^2 + q^2), spin independent, and
/// sigma = |M|^2 / (16 pi (m_chi + m_T)^2); a nucleus of Z protons and A - Z neutrons has the coherent charge
/// Z g_p + (A - Z) g_n. For g_T = -eps e (electron) and q^2 = (alpha m_e)^2 this is sigma_e-bar of
/// Essig, Mardon, Volansky, arXiv:1108.5383 (sec. II); for g_T = eps e (proton) the sigma_p of physics.md
/// 4.1 item 6 (16 pi alpha alpha_D eps^2 mu_p^2 / m_V^4); same normalisation as DaMaSCUS-SUN's Sigma_Proton and
/// Hidden-Sector-Limits' sigman / sigmae.
DS_HD inline double vector_exchange_cross_section(double mu, double g_D, double g_T, double m_V, double q)
{
    double const propagator = m_V * m_V + q * q;
    return mu * mu * g_D * g_D * g_T * g_T / (constants::pi * propagator * propagator);
}

/// Vector couplings of V to the nucleons, g_p = eps e + g_X and g_n = g_X (physics.md 2: the valence-quark sums
/// 2 g_u + g_d and g_u + 2 g_d of the conserved currents J_EM and J_B).
struct NucleonCouplings {
    double proton;
    double neutron;
};

DS_HD inline NucleonCouplings nucleon_couplings(DarkSectorParameters p)
{
    return {p.epsilon * elementary_charge() + p.g_X, p.g_X};
}

/// Nucleon mass in the chi-nucleon reduced mass mu_n of the per-nucleon cross sections: m_p. Experiments use
/// m_p, m_n or the atomic mass unit; the spread, < 1.5% in mu_n^2, only matters for m_chi >~ 1 GeV.
inline constexpr double nucleon_mass_for_mu_n = constants::m_proton;

/// chi-proton spin-independent cross section [GeV^-2], sigma_p = mu_p^2 g_D^2 g_p^2 / (pi (m_V^2 + q_ref^2)^2);
/// pure eps and q_ref = 0: 16 pi alpha alpha_D eps^2 mu_p^2 / m_V^4 (physics.md 4.1 item 6).
DS_HD inline double sigma_proton_si(DarkSectorParameters p, double q_ref)
{
    return vector_exchange_cross_section(reduced_mass(p.m_chi, nucleon_mass_for_mu_n), dark_coupling(p),
                                         nucleon_couplings(p).proton, p.m_V, q_ref);
}

/// A direct-detection target: atomic number Z, mean mass number A of the natural isotopic mix, nuclear mass
/// [GeV] (standard atomic weight x u - Z m_e), and a typical analysis-threshold recoil energy [GeV] for
/// reference_momentum_transfer() (order of magnitude: the threshold of the experiment that sets the light-DM
/// limit on that target).
struct TargetNucleus {
    double Z;
    double A;
    double mass;
    double recoil_energy_reference;
};

enum class DirectDetectionTarget { xenon, argon, germanium, cawo4 };

/// Target table. A: abundance-weighted mass numbers of the natural isotopes (CIAAW isotopic compositions,
/// Meija et al., Pure Appl. Chem. 88 (2016) 293); mass: CIAAW standard atomic weights (Xe 131.293, Ar 39.948
/// (atmospheric), Ge 72.630, O 15.999) x 0.93149410 GeV - Z m_e. Reference recoil energies: Xe 4.9 keV, the
/// lower end of the XENON1T window (arXiv:1805.12562); Ar 0.6 keV, DarkSide-50's 0.1 keVee ionisation-only
/// threshold (arXiv:1802.06994); Ge 0.4 keV, CDMSlite's 56 eVee (arXiv:1509.02448) through the Lindhard yield;
/// CaWO4 0.03 keV, the 30 eV threshold of CRESST-III (arXiv:1904.00498).
/// CaWO4 is represented by oxygen: below m_chi ~ 2 GeV, where CRESST sets the limit, mostly O (and Ca) recoils pass
/// its threshold (a light chi's largest recoil energy, 2 mu_N^2 v^2 / m_N, is 11 times smaller on W than on O), and
/// Ca has the same Z/A as O to 0.3%. At m_chi >~ 5 GeV tungsten dominates; its (Z/A)^2 = 0.162 is 0.65 of oxygen's 0.250, so the O entry then
/// overstates a pure-eps sigma_n^eff by up to 1.5 (g_X alone: no difference, Z/A drops out).
DS_HD inline TargetNucleus target_nucleus(DirectDetectionTarget target)
{
    switch (target) {
    case DirectDetectionTarget::xenon:
        return {54.0, 131.39, 122.271, 4.9e-6};
    case DirectDetectionTarget::argon:
        return {18.0, 39.985, 37.2021, 0.6e-6};
    case DirectDetectionTarget::germanium:
        return {32.0, 72.705, 67.6381, 0.4e-6};
    case DirectDetectionTarget::cawo4:
        break;  // oxygen, below
    }
    return {8.0, 16.004, 14.8989, 0.03e-6};
}

/// Per-nucleon spin-independent cross section [GeV^-2] comparable with published isospin-symmetric limits on the
/// target, the nucleus cross section divided by A^2 mu_N^2 / mu_n^2:
///   sigma_n^eff = mu_n^2 g_D^2 [Z g_p + (A - Z) g_n]^2 / (pi (m_V^2 + q_ref^2)^2 A^2)      (physics.md 4.1 item 6),
/// mu_n: chi-nucleon reduced mass (nucleon_mass_for_mu_n). Pure eps: sigma_p (Z/A)^2; pure g_X: sigma_p, any
/// target. q_ref [GeV]: 0 for the contact limit, else reference_momentum_transfer() (light mediators).
DS_HD inline double sigma_nucleon_si_effective(DarkSectorParameters p, TargetNucleus target, double q_ref)
{
    NucleonCouplings const g = nucleon_couplings(p);
    double const per_nucleon_charge = (target.Z * g.proton + (target.A - target.Z) * g.neutron) / target.A;
    return vector_exchange_cross_section(reduced_mass(p.m_chi, nucleon_mass_for_mu_n), dark_coupling(p),
                                         per_nucleon_charge, p.m_V, q_ref);
}

/// Largest chi speed in the lab, v_esc + v_sun = (544 + 250.2) km/s [c]: Galactic escape speed (RAVE, Smith et al.,
/// astro-ph/0611671) plus the Sun's Galactic speed (Baxter et al., arXiv:2105.00599, the recommended conventions);
/// the Earth's orbital 29.8 km/s averages out over a year and is left out.
inline constexpr double dark_matter_speed_max = (544.0 + 250.2) / constants::c_km_per_s;

/// Approximate experiment-typical momentum transfer [GeV] on a target for the light-mediator propagator:
///   q_ref = min(sqrt(2 m_N E_R), 2 mu_N v_max),
/// the momentum of a recoil of energy E_R [GeV] (e.g. target.recoil_energy_reference), capped by the kinematic
/// maximum of a chi of mass m_chi [GeV] at v_max = dark_matter_speed_max (mu_N: chi-nucleus reduced mass).
/// Approximate: a limit integrates over the recoil spectrum above threshold, so for m_V <~ q_ref the effective
/// propagator lies within a factor of a few of (m_V^2 + q_ref^2)^-1, not on it.
DS_HD inline double reference_momentum_transfer(TargetNucleus target, double m_chi, double E_R)
{
    double const q_recoil = std::sqrt(2.0 * target.mass * E_R);
    double const q_max = 2.0 * reduced_mass(m_chi, target.mass) * dark_matter_speed_max;
    return q_recoil < q_max ? q_recoil : q_max;
}

/// Reference momentum transfer of DM-electron scattering, q_0 = alpha m_e [GeV] (Essig-Mardon-Volansky).
inline constexpr double electron_reference_momentum = constants::alpha_em * constants::m_electron;

/// DM-electron reference cross section [GeV^-2] for F_DM = 1:
///   sigma_e-bar = 16 pi alpha alpha_D eps^2 mu_chi_e^2 / (m_V^2 + (alpha m_e)^2)^2,
/// the free chi-electron cross section at q = q_0 = alpha m_e. Ref: Essig, Mardon, Volansky, arXiv:1108.5383,
/// sec. II (definition of sigma_e-bar and F_DM; as implemented in DaMaSCUS-SUN's Sigma_Electron and
/// Hidden-Sector-Limits' sigmae). The limits it is compared with assume F_DM = 1 (heavy mediator), so this is
/// approximate for m_V <~ alpha m_e = 3.7 keV, more precisely below the momentum transfers the experiments probe
/// (a few to tens of keV), where the true form factor (m_V^2 + q_0^2)/(m_V^2 + q^2) departs from 1.
DS_HD inline double sigma_electron_reference(DarkSectorParameters p)
{
    return vector_exchange_cross_section(reduced_mass(p.m_chi, constants::m_electron), dark_coupling(p),
                                         lepton_coupling(p), p.m_V, electron_reference_momentum);
}

/// How the point's dark matter scatters elastically on a target at the speeds of the Galactic halo:
enum class ScatteringRegime {
    coherent,    ///< vector current (Dirac, complex scalar): the spin-independent cross sections above apply
    suppressed,  ///< Majorana: the axial current's non-relativistic limit is chi^dagger sigma chi (spin) and
                 ///< v.S (velocity): no coherent spin-independent rate at leading order; SI limits cannot be recast
    inelastic,   ///< pseudo-Dirac, chi_1 T -> chi_2 T open (Delta below the kinematic reach): no elastic vertex,
                 ///< the up-scattering has its own spectrum; elastic limits cannot be recast
    closed,      ///< pseudo-Dirac with Delta above the reach: no scattering at tree level
};

/// ScatteringRegime of p on a target of mass target_mass [GeV] (nucleus; an electron bound in an atom takes the
/// energy of the chi, pass target_mass <= 0 for it). The inelastic reach is the kinetic energy of the relative
/// motion at the largest lab speed v_max = dark_matter_speed_max, Delta < mu v_max^2 / 2 (mu the chi-nucleus reduced
/// mass; for an electron bound in an atom, the chi's own m_chi v_max^2/2) (Tucker-Smith & Weiner, hep-ph/0101138,
/// sec. II: up-scattering needs v > v_min = (m_N E_R/mu + Delta)/sqrt(2 m_N E_R)).
DS_HD inline ScatteringRegime dark_matter_scattering(DarkSectorParameters p, double target_mass)
{
    switch (p.dark_matter.type) {
    case DarkMatterType::dirac:
    case DarkMatterType::complex_scalar:
        return ScatteringRegime::coherent;
    case DarkMatterType::majorana:
        return ScatteringRegime::suppressed;
    case DarkMatterType::pseudo_dirac:
        break;
    }
    double const mu = target_mass > 0.0 ? reduced_mass(p.m_chi, target_mass) : p.m_chi;
    double const reach = 0.5 * mu * dark_matter_speed_max * dark_matter_speed_max;
    return partner_mass(p) - p.m_chi < reach ? ScatteringRegime::inelastic : ScatteringRegime::closed;
}

/// Factor of the spin-independent outputs sigma_chiN_SI and sigma_chie for the regime: 1 where the vector-current
/// cross section describes the scattering (coherent; inelastic: the strength of chi_1 -> chi_2), 0 where there is
/// none at leading order (suppressed, closed).
DS_HD inline double spin_independent_factor(ScatteringRegime regime)
{
    return regime == ScatteringRegime::coherent || regime == ScatteringRegime::inelastic ? 1.0 : 0.0;
}

}  // namespace darkscan
