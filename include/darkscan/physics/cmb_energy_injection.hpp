// SPDX-License-Identifier: MIT
// CMB energy injection by chi chibar annihilation around recombination (physics.md 1 and 3.7): Slatyer's
// deposition efficiency f_eff for the model's final states, weighted by their spectra as in arXiv:1506.03811
// eq. (2), and the annihilation parameter p_ann of each dark-matter type, with the Planck 2018 bound.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/annihilation.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/table.hpp"
#include "darkscan/physics/widths.hpp"

namespace darkscan {

/// Slatyer's f_eff curves (arXiv:1506.03811, fig. 3; data/cmb-feff, read by host/cmb_tables.hpp), on uniform
/// grids in x = ln(E / GeV): `electron` is f_eff^{e+e-} against the kinetic energy of each injected e+ or e-
/// (the table starts at 5 keV, so its axis cannot be the total energy), `photon` f_eff^gamma against the photon
/// energy. Both span 5 keV - 5.9 TeV; outside, the end values are held.
struct CmbTablesView {
    UniformTableView electron;
    UniformTableView photon;
};

/// f_eff^{e+e-}(T) of an e+ or e- injected with kinetic energy T [GeV]. Below the table's 5 keV the end value
/// (0.31) is held: such a positron deposits its annihilation photons, whatever its small kinetic energy.
DS_HD inline double f_eff_electron(CmbTablesView const& tables, double kinetic_energy)
{
    return interpolate_linear(tables.electron, std::log(kinetic_energy));
}

/// f_eff^gamma(E) of a photon of energy E [GeV]. None of darkscan's final states injects photons at tree level
/// (V -> gamma gamma is forbidden by the Landau-Yang theorem; the photons of hadronic decays are not modelled).
DS_HD inline double f_eff_photon(CmbTablesView const& tables, double energy)
{
    return interpolate_linear(tables.photon, std::log(energy));
}

namespace cmb_detail {

/// Int_{xa}^{xb} e^{c x} (g_a + s (x - xa)) dx, accurate for xb -> xa (its two O(D) terms s D / c cancel; the
/// result g_a D + O(D^2) loses only a factor |s / (c g_a)| ~ 1 of precision):
///   e^{c xa} [expm1(c D) (g_a/c - s/c^2) + e^{c D} s D / c],  D = xb - xa.
DS_HD inline double exponential_times_linear(double xa, double xb, double g_a, double s, double c)
{
    double const D = xb - xa;
    return std::exp(c * xa) * (std::expm1(c * D) * (g_a / c - s / (c * c)) + std::exp(c * D) * s * D / c);
}

/// Int_{T_lo}^{T_hi} (T + m) f(ln T) dT [GeV^2] for a table f linear in x = ln T on each cell, end values held
/// outside [x_min, x_max] (as interpolate_linear): exact for that interpolant, one term per cell covered.
/// 0 <= T_lo <= T_hi [GeV], m [GeV].
DS_HD inline double energy_weighted_integral(UniformTableView const& f, double m, double T_lo, double T_hi)
{
    double const T_min = std::exp(f.x_min);
    double const T_max = std::exp(f.x_max());
    double sum = 0.0;
    if (T_lo < T_min) {  // constant f: Int (T + m) dT = (b - a)((a + b)/2 + m)
        double const b = T_hi < T_min ? T_hi : T_min;
        sum += f.values[0] * (b - T_lo) * (0.5 * (T_lo + b) + m);
    }
    if (T_hi > T_max) {
        double const a = T_lo > T_max ? T_lo : T_max;
        sum += f.values[f.size - 1] * (T_hi - a) * (0.5 * (a + T_hi) + m);
    }
    double const x_lo = T_lo > T_min ? std::log(T_lo) : f.x_min;
    double const x_hi = T_hi < T_max ? std::log(T_hi) : f.x_max();
    if (!(x_lo < x_hi)) {
        return sum;
    }
    int k = static_cast<int>((x_lo - f.x_min) / f.dx);
    k = k < f.size - 2 ? k : f.size - 2;
    for (double xa = x_lo; k < f.size - 1 && xa < x_hi; ++k) {
        double const x_k = f.x_min + k * f.dx;
        double const x_next = x_k + f.dx;
        double const xb = x_next < x_hi ? x_next : x_hi;
        double const s = (f.values[k + 1] - f.values[k]) / f.dx;
        double const g_a = f.values[k] + s * (xa - x_k);
        sum += exponential_times_linear(xa, xb, g_a, s, 2.0) + m * exponential_times_linear(xa, xb, g_a, s, 1.0);
        xa = xb;
    }
    return sum;
}

}  // namespace cmb_detail

/// Boxes narrower than this relative width take f at their centre (error ~ width^2, instead of the 1e-16 / width
/// rounding of the integral's logarithms).
inline constexpr double cmb_narrow_box = 1e-6;

/// Energy-weighted mean of f_eff^{e+e-} over a flat spectrum of e+- kinetic energies [T_lo, T_hi] [GeV]:
///   <f> = Int E f(E - m_e) dE / Int E dE,  E = T + m_e the total energy,
/// Slatyer's eq. (2) (arXiv:1506.03811: f_eff = (1/(2 m_chi)) Int dE E [2 f^{e+e-} dN_e+/dE + f^gamma dN_gamma/dE])
/// for a flat dN/dE; T_lo = T_hi is a line, f_eff_electron(T).
DS_HD inline double f_eff_electron_box(CmbTablesView const& tables, double T_lo, double T_hi)
{
    if (T_hi - T_lo <= cmb_narrow_box * T_hi) {
        return f_eff_electron(tables, 0.5 * (T_lo + T_hi));
    }
    double const m = constants::m_electron;
    double const energy_integral = (T_hi - T_lo) * (0.5 * (T_lo + T_hi) + m);  // Int E dE
    return cmb_detail::energy_weighted_integral(tables.electron, m, T_lo, T_hi) / energy_integral;
}

/// Kinetic-energy range [lo, hi] [GeV] of a decay product.
struct KineticEnergyRange {
    double lo;
    double hi;
};

/// Kinetic energies of a daughter of mass m_d [GeV] from V -> d dbar, V of mass m_V and energy E_V [GeV], isotropic
/// in the V frame (a flat spectrum in between). With E* = m_V/2, p* = (m_V^2/4 - m_d^2)^{1/2}, p_V = (E_V^2 -
/// m_V^2)^{1/2}: lab momenta p_+ = (E_V p* + p_V E*)/m_V, p_- = |p_V E* - E_V p*|/m_V, energies
/// E_+ = (E_V E* + p_V p*)/m_V and E_+ E_- = p*^2 + m_d^2 E_V^2/m_V^2, T = p^2/(E + m_d) (no cancellation where
/// a daughter is slow). p_- uses (p_V E*)^2 - (E_V p*)^2 = E_V^2 m_d^2 - m_V^4/4. Requires m_V >= 2 m_d, E_V >= m_V
/// (closed channels give the point V at rest or p* = 0).
DS_HD inline KineticEnergyRange decay_box(double E_V, double m_V, double m_d)
{
    double const half = 0.5 * m_V;
    double const p_star = std::sqrt(std::fmax(0.0, (half - m_d) * (half + m_d)));
    double const p_V = std::sqrt(std::fmax(0.0, (E_V - m_V) * (E_V + m_V)));
    double const E_plus = (E_V * half + p_V * p_star) / m_V;
    double const E_minus = (p_star * p_star + m_d * m_d * E_V * E_V / (m_V * m_V)) / E_plus;
    double const p_plus = (E_V * p_star + p_V * half) / m_V;
    double const a = E_V * m_d;
    double const b = half * m_V;
    double const p_sum = p_V * half + E_V * p_star;  // p_V E* + E_V p*: zero only for V at rest with p* = 0
    double const p_minus = p_sum > 0.0 ? std::fabs(a - b) * (a + b) / (m_V * p_sum) : 0.0;
    return {p_minus * p_minus / (E_minus + m_d), p_plus * p_plus / (E_plus + m_d)};
}

/// Mean share of a muon's energy carried by its decay electron, <E_e>/E_mu = 7/20 for an unpolarised muon at any
/// boost (Michel spectrum, rest-frame mean 7 m_mu / 20); a polarised muon moves it to between 0.30 and 0.40.
inline constexpr double muon_electron_energy_fraction = 0.35;

/// f_eff of chi chibar -> e+ e- at rest: f_eff^{e+e-}(m_chi - m_e) (physics.md 3.7). m_chi [GeV] > m_e.
/// Hazma (hazma/theory/_theory_cmb.py) reads the same table at the total energy m_chi instead; the two agree
/// to < 0.5% above m_chi = 10 MeV, but differ by 14% at 3 MeV and 7% at 1 MeV.
DS_HD inline double f_eff_chi_chibar_to_electrons(CmbTablesView const& tables, double m_chi)
{
    return f_eff_electron(tables, m_chi - constants::m_electron);
}

/// APPROXIMATE f_eff of chi chibar -> mu+ mu- at rest: the muon's decay electron carries 7/20 of its energy on
/// average (muon_electron_energy_fraction) and the neutrinos the rest; the electron is taken at that mean energy:
///   f_eff ~ (7/20) f_eff^{e+e-}(7 m_chi / 20 - m_e).
/// Approximate to roughly 20%: polarisation moves the mean share by up to 14%, and the electron energies spread
/// over the whole Michel spectrum (0 to E_mu), across which f_eff^{e+e-} varies by up to a factor 2. m_chi > m_mu.
DS_HD inline double f_eff_chi_chibar_to_muons(CmbTablesView const& tables, double m_chi)
{
    double const f = muon_electron_energy_fraction;
    return f * f_eff_electron(tables, f * m_chi - constants::m_electron);
}

/// f_eff per V of chi chibar -> V V at rest followed by V -> e+ e- (each V carries energy m_chi):
/// the energy-weighted mean of f_eff^{e+e-} over the flat e+- spectrum of decay_box(m_chi, m_V, m_e) (Slatyer eq. (2)).
/// Reduces to f_eff^{e+e-}(m_chi/2 - m_e) both for m_V -> 2 m_e and for m_V -> m_chi (a line at m_chi/2).
/// m_e < m_V/2, m_V <= m_chi [GeV].
DS_HD inline double f_eff_vector_to_electrons(CmbTablesView const& tables, double m_chi, double m_V)
{
    KineticEnergyRange const box = decay_box(m_chi, m_V, constants::m_electron);
    return f_eff_electron_box(tables, box.lo, box.hi);
}

/// APPROXIMATE f_eff per V of chi chibar -> V V followed by V -> mu+ mu-: the muon box of decay_box(m_chi, m_V,
/// m_mu) with each muon's energy scaled to its electron's (7/20, as f_eff_chi_chibar_to_muons):
///   f_eff ~ (7/20) <f_eff^{e+e-}> over electron total energies (7/20) [E_mu-, E_mu+].
DS_HD inline double f_eff_vector_to_muons(CmbTablesView const& tables, double m_chi, double m_V)
{
    double const f = muon_electron_energy_fraction;
    double const m_e = constants::m_electron;
    double const m_mu = constants::m_muon;
    KineticEnergyRange const muons = decay_box(m_chi, m_V, m_mu);
    return f * f_eff_electron_box(tables, f * (muons.lo + m_mu) - m_e, f * (muons.hi + m_mu) - m_e);
}

/// Deposition efficiency of one annihilation: f_eff summed over the channels that have one, and the fractions
/// of the annihilation energy in channels where it is approximate or not available.
struct CmbEnergyDeposition {
    /// Sum over channels c of (sigma v)_c / (sigma v)_total x f_eff,c, with f_eff,c = 0 for the unavailable ones:
    /// p_ann from it is a lower bound, exact when unavailable_fraction = 0.
    double f_eff;
    /// Share of the annihilations into final states with the approximate muon rule (mu+mu-, V V with V -> mu mu).
    double approximate_fraction;
    /// Share into final states without an f_eff: tau+tau- and hadrons (their energy splits between neutrinos,
    /// pi0 photons and pi+- -> mu -> e in proportions darkscan does not compute), and V V with V -> tau tau,
    /// V -> hadrons, or no open decay (m_V < 2 m_e: V -> 3 gamma, not modelled). chi chibar -> V V -> chi chi chi
    /// chi cannot occur (m_V < m_chi).
    double unavailable_fraction;
    /// m_chi - m_e, the largest kinetic energy any channel injects, lies outside the f_eff table (5 keV - 5.9 TeV);
    /// the end value was held.
    bool outside_table_range;
};

/// f_eff of chi chibar annihilation at rest from the channel rates and the V branching ratios:
///   sigma_v: the v -> 0 (recombination) sigma v_rel per channel [GeV^-2], any common Sommerfeld factor included or
///            not (it cancels in the shares); V V only for m_V < m_chi;
///   vector:  branching ratios of V of mass m_V (for the V V channel);
///   m_chi, m_V [GeV].
/// e+e-: f_eff_chi_chibar_to_electrons; mu+mu-: f_eff_chi_chibar_to_muons (approximate); V V: per V,
/// BR_ee f_eff_vector_to_electrons + BR_mumu f_eff_vector_to_muons (approximate); BR_invisible contributes 0 (its
/// energy stays dark; V -> chi chibar is closed when V V is open). All zero when the total rate is zero.
DS_HD inline CmbEnergyDeposition cmb_energy_deposition(CmbTablesView const& tables, AnnihilationRates const& sigma_v,
                                                      BranchingRatios const& vector, double m_chi, double m_V)
{
    CmbEnergyDeposition result{0.0, 0.0, 0.0, false};
    double const total = sigma_v.total();
    if (!(total > 0.0)) {
        return result;
    }
    double const share_ee = sigma_v.ee / total;
    double const share_mumu = sigma_v.mumu / total;
    double const share_vv = sigma_v.vv / total;
    if (share_ee > 0.0) {
        result.f_eff += share_ee * f_eff_chi_chibar_to_electrons(tables, m_chi);
    }
    if (share_mumu > 0.0) {
        result.f_eff += share_mumu * f_eff_chi_chibar_to_muons(tables, m_chi);
    }
    result.approximate_fraction = share_mumu;
    result.unavailable_fraction = (sigma_v.tautau + sigma_v.hadrons) / total;
    if (share_vv > 0.0) {
        if (vector.ee > 0.0) {
            result.f_eff += share_vv * vector.ee * f_eff_vector_to_electrons(tables, m_chi, m_V);
        }
        if (vector.mumu > 0.0) {
            result.f_eff += share_vv * vector.mumu * f_eff_vector_to_muons(tables, m_chi, m_V);
        }
        double const open = vector.ee + vector.mumu + vector.tautau + vector.hadrons + vector.invisible;
        result.approximate_fraction += share_vv * vector.mumu;
        result.unavailable_fraction += share_vv * (vector.tautau + vector.hadrons + (open > 0.0 ? 0.0 : 1.0));
    }
    double const x_top = std::log(m_chi - constants::m_electron);  // the largest kinetic energy of any channel
    result.outside_table_range = x_top > tables.electron.x_max() || x_top < tables.electron.x_min;
    return result;
}

/// Annihilation parameter [cm^3 s^-1 GeV^-1], comparable with the bounds quoted for self-conjugate DM:
///   p_ann = f_eff <sigma v> / (2 m_chi)   Dirac chi chibar, complex scalar chi chi^*,
///   p_ann = f_eff <sigma v> / m_chi       Majorana chi chi, pseudo-Dirac chi_1 chi_1 (self-conjugate),
/// sigma_v_rel [GeV^-2] at recombination, m_chi [GeV]. The 1/2: rho_DM^2 <sigma v> / (2 m_chi) is the power of a
/// population of equal particles and antiparticles (physics.md 1; Majorana: / m_chi, Planck 2018 eq. (88)).
DS_HD inline double p_ann_cm3_per_s_per_GeV(double f_eff, double sigma_v_rel, double m_chi,
                                            DarkMatterType type = DarkMatterType::dirac)
{
    bool const self_conjugate = type == DarkMatterType::majorana || type == DarkMatterType::pseudo_dirac;
    // GeV^-3 -> cm^3 s^-1 GeV^-1 is the sigma v conversion, GeV^-2 c -> cm^3/s: done here and nowhere else.
    return f_eff * sigma_v_rel / ((self_conjugate ? 1.0 : 2.0) * m_chi) * constants::GeV_m2_to_cm3_per_s;
}

/// Planck 2018 upper bound on p_ann [cm^3 s^-1 GeV^-1], 95%, TT,TE,EE+lowE+lensing+BAO: Planck Collaboration,
/// arXiv:1807.06209, sect. 7.9 (Dark-matter annihilation), eq. (89c). The same section gives 3.5e-28 for
/// TT,TE,EE+lowE (89a) and 3.3e-28 with lensing (89b); Planck 2015: 4.1e-28.
inline constexpr double p_ann_planck2018_95_cm3_per_s_per_GeV = 3.2e-28;

}  // namespace darkscan
