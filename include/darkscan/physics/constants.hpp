// SPDX-License-Identifier: MIT
// Physical constants and unit conversions, natural units (hbar = c = k_B = 1, energies in GeV).
// Values: PDG 2024 Review of Particle Physics unless stated.
#pragma once

namespace darkscan::constants {

inline constexpr double pi = 3.14159265358979323846;

/// Fine-structure constant at low energy (Thomson limit), used for every sub-Z process.
inline constexpr double alpha_em = 1.0 / 137.035999084;

// Masses [GeV].
inline constexpr double m_electron = 0.51099895000e-3;
inline constexpr double m_muon = 0.1056583755;
inline constexpr double m_tau = 1.77686;
inline constexpr double m_pi_charged = 0.13957039;
inline constexpr double m_pi_neutral = 0.1349768;
/// eta mass, 0.547862(17) GeV.
inline constexpr double m_eta = 0.547862;
/// K+ mass, 0.493677(15) GeV.
inline constexpr double m_K_charged = 0.493677;
/// K0 mass, 0.497611(13) GeV.
inline constexpr double m_K_neutral = 0.497611;
/// W mass, 80.3692(133) GeV (PDG 2024 fit).
inline constexpr double m_W = 80.3692;

// Mean lives [s].
/// K+: 1.2380(20)e-8 s.
inline constexpr double tau_K_charged_s = 1.2380e-8;
/// B+: 1.638(4)e-12 s.
inline constexpr double tau_B_charged_s = 1.638e-12;

// Z-pole electroweak inputs (physics.md section 1, binding for the code base): MSbar alpha and weak mixing
// angle at m_Z, and the Z width.
/// alpha(m_Z) = 1/127.95.
inline constexpr double alpha_em_m_Z = 1.0 / 127.95;
/// sin^2 theta_W(m_Z) = 0.23122.
inline constexpr double sin2_theta_W = 0.23122;
/// Gamma_Z = 2.4952 GeV.
inline constexpr double Gamma_Z = 2.4952;
/// proton mass, 0.93827208816(29) GeV.
inline constexpr double m_proton = 0.93827208816;

// Conversions.
/// hbar [GeV s] (exact, SI 2019): a width Gamma [GeV] is the mean life hbar/Gamma.
inline constexpr double hbar_GeV_s = 6.582119569e-25;
/// hbar c [GeV cm]: a cross section of 1 GeV^-2 is (hbar c)^2 = 3.8938e-28 cm^2.
inline constexpr double hbar_c_GeV_cm = 1.973269804e-14;
/// speed of light [cm/s].
inline constexpr double c_cm_per_s = 2.99792458e10;
/// speed of light [km/s]: a halo velocity of 10 km/s is v = 3.3356e-5.
inline constexpr double c_km_per_s = 2.99792458e5;
/// 1 GeV/c^2 in grams (PDG 2024: 1 eV/c^2 = 1.782661921e-36 kg).
inline constexpr double GeV_in_g = 1.782661921e-24;
/// Cross section: 1 GeV^-2 = (hbar c)^2 = 3.8938e-28 cm^2.
inline constexpr double GeV_m2_to_cm2 = hbar_c_GeV_cm * hbar_c_GeV_cm;
/// sigma v: 1 GeV^-2 times c = 1.16733e-17 cm^3/s.
inline constexpr double GeV_m2_to_cm3_per_s = hbar_c_GeV_cm * hbar_c_GeV_cm * c_cm_per_s;

// Cosmology (PDG 2024, Astrophysical constants and parameters, table 2.1).
/// Planck mass M_Pl = (hbar c / G_N)^{1/2} [GeV], the M_Pl of the Boltzmann equation: 1.220890(14)e19 GeV.
inline constexpr double M_Planck = 1.220890e19;
/// Boltzmann constant [GeV/K] (exact, SI 2019): 8.617333262e-5 eV/K.
inline constexpr double k_Boltzmann_GeV_per_K = 8.617333262e-14;
/// Present CMB temperature T_0 = 2.7255(6) K [K].
inline constexpr double T_cmb_today_K = 2.7255;
/// Present CMB temperature [GeV] (T_0 k_B = 2.34865e-13 GeV).
inline constexpr double T_cmb_today = T_cmb_today_K * k_Boltzmann_GeV_per_K;
/// Critical density over h^2, rho_c/h^2 = 3 (100 km/s/Mpc)^2 / (8 pi G_N) = 1.053672(24)e-5 GeV cm^-3.
inline constexpr double rho_crit_over_h2_GeV_per_cm3 = 1.053672e-5;
/// rho_c/h^2 in natural units [GeV^4]: times (hbar c)^3 [GeV cm]^3 (= 8.0959e-47 GeV^4).
inline constexpr double rho_crit_over_h2 =
    rho_crit_over_h2_GeV_per_cm3 * hbar_c_GeV_cm * hbar_c_GeV_cm * hbar_c_GeV_cm;

// Hadronic width of the mediator (PDG 2024).
/// D0 mass [GeV], 1.86484(5) GeV: 2 m_D0 is the open-charm threshold of e+e- -> hadrons.
inline constexpr double m_D0 = 1.86484;
/// B+ mass [GeV], 5.27934(12) GeV: 2 m_B+ is the open-bottom threshold of e+e- -> hadrons.
inline constexpr double m_B_charged = 5.27934;
/// Top-quark mass from direct measurements [GeV], 172.57(29) GeV.
inline constexpr double m_top = 172.57;
/// Z mass [GeV], 91.1876(21) GeV.
inline constexpr double m_Z = 91.1876;
/// Strong coupling alpha_s(m_Z), MSbar, world average 0.1180(9) (PDG 2024, QCD review).
inline constexpr double alpha_s_m_Z = 0.1180;

}  // namespace darkscan::constants
