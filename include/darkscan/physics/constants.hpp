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

// Conversions.
/// hbar c [GeV cm]: a cross section of 1 GeV^-2 is (hbar c)^2 = 3.8938e-28 cm^2.
inline constexpr double hbar_c_GeV_cm = 1.973269804e-14;
/// speed of light [cm/s].
inline constexpr double c_cm_per_s = 2.99792458e10;
/// sigma v: 1 GeV^-2 times c = 1.16733e-17 cm^3/s.
inline constexpr double GeV_m2_to_cm3_per_s = hbar_c_GeV_cm * hbar_c_GeV_cm * c_cm_per_s;

}  // namespace darkscan::constants
