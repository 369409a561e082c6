// SPDX-License-Identifier: MIT
// Per-point status bit flags, written to the `status` dataset. A set bit explains why a value is missing
// or approximate; a value written with status 0 is a regular result.
#pragma once

#include <cstdint>

#include "darkscan/macros.hpp"

namespace darkscan::status {

using Flags = std::uint32_t;

/// The point was never evaluated (fill value of the dataset: an unwritten chunk reads as this).
inline constexpr Flags not_computed = 1u << 0;
/// A parameter is outside the physical domain (non-positive mass or coupling, ...); outputs are NaN.
inline constexpr Flags invalid_parameters = 1u << 1;
/// A tabulated input (R ratio, ...) was needed outside its range; the nearest end value was used.
inline constexpr Flags outside_table_range = 1u << 2;
/// A computation produced a non-finite number; the affected outputs are NaN.
inline constexpr Flags non_finite = 1u << 3;
/// The relic-abundance solve hit an iteration cap, left its x range before Y_eq became negligible, or found
/// <sigma v> still growing faster than x^{1/2} at late times (a pole at threshold); Omega h^2 is the best
/// estimate but its tolerance is not guaranteed.
inline constexpr Flags relic_not_converged = 1u << 4;
/// A Schrodinger solve for a Sommerfeld factor hit its step cap or failed its convergence check; the
/// Sommerfeld outputs are the best estimate.
inline constexpr Flags sommerfeld_not_converged = 1u << 5;
/// A bound-state eigenvalue solve did not converge; the bound-state outputs are the best estimate.
inline constexpr Flags bound_state_not_converged = 1u << 6;
/// The self-interaction cross section did not converge (partial-wave sum or a phase-shift solve); sigma_T is
/// the best estimate.
inline constexpr Flags sidm_not_converged = 1u << 7;
/// An output the point's dark-matter type has no model for (e.g. the Sommerfeld factors of a Majorana chi, whose axial
/// current gives a spin-dependent potential; Majorana chi chi -> V V, which needs the dark Higgs); those outputs are NaN.
inline constexpr Flags not_modelled = 1u << 8;

/// Names and meanings, in bit order, for the dataset attributes flag_masks / flag_meanings (CF style).
struct FlagInfo {
    Flags mask;
    char const* name;
    char const* meaning;
};
inline constexpr FlagInfo flag_table[] = {
    {not_computed, "not_computed", "point not evaluated (scan interrupted or still running)"},
    {invalid_parameters, "invalid_parameters", "parameters outside the physical domain; outputs NaN"},
    {outside_table_range, "outside_table_range", "a data table was used beyond its range (end value held)"},
    {non_finite, "non_finite", "a result was not finite; outputs NaN"},
    {relic_not_converged, "relic_not_converged", "relic abundance solve did not converge; omega_h2 approximate"},
    {sommerfeld_not_converged, "sommerfeld_not_converged", "Sommerfeld Schrodinger solve did not converge; approximate"},
    {bound_state_not_converged, "bound_state_not_converged", "bound-state eigenvalue solve did not converge"},
    {sidm_not_converged, "sidm_not_converged", "sigma_T (partial waves) did not converge; approximate"},
    {not_modelled, "not_modelled", "an output not modelled for the dark-matter type (dm_type); outputs NaN"},
};

}  // namespace darkscan::status
