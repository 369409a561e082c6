// SPDX-License-Identifier: MIT
// The relic line: along one grid axis (epsilon by default), the coordinate where Omega h^2 crosses a target
// (0.12), for every combination of the other four axes, written to the scan file as its own dataset.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "scan_file.hpp"

namespace darkscan {

/// Crossings of Omega h^2 = target along one line of the grid.
struct RelicCrossing {
    double coordinate;     ///< the first crossing in increasing coordinate; NaN if none
    std::uint32_t count;   ///< number of crossings (several near a resonance)
};

/// Scans omega[k * stride], k = 0 .. coordinates.size() - 1, for sign changes of omega - target between
/// neighbours where both are finite and positive, and interpolates linearly in (ln coordinate, ln omega)
/// when both coordinates are positive (log axes, power laws like Omega ~ epsilon^-2), else in
/// (coordinate, ln omega). A node exactly on the target is a crossing at that node.
RelicCrossing find_relic_crossing(std::vector<double> const& coordinates, double const* omega, std::size_t stride,
                                  double target);

/// The datasets of the relic line along `axis`: "relic_line_<axis name>" (first crossing, the axis's units) and
/// "relic_line_<axis name>_crossings" (count), over the other four axes.
std::vector<ReducedFieldSpec> relic_line_fields(AxisSpec const& axis_spec, int axis, double target);

/// Reads field `omega_field` of `file` (shape `extent`) slab by slab, finds the crossing along `axis` for every
/// line and writes reduced fields `first_reduced_field` and the one after it (relic_line_fields). Memory: one
/// slab, the grid over every axis but the outermost non-line axis.
void write_relic_line(ScanFile& file, std::size_t omega_field, std::size_t first_reduced_field, Shape const& extent,
                      int axis, std::vector<double> const& coordinates, double target);

}  // namespace darkscan
