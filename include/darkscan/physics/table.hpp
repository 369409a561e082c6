// SPDX-License-Identifier: MIT
// Read-only view of a tabulated function on a uniform grid, the one table format physics functions see.
// The host builds the grid (resampling data files), the backend owns the memory; functions get the view by value.
#pragma once

#include "darkscan/macros.hpp"

namespace darkscan {

/// y(x) sampled at x_k = x_min + k dx, k = 0 .. size-1. Usually x = ln(mass / GeV).
struct UniformTableView {
    double const* values = nullptr;
    int size = 0;
    double x_min = 0.0;
    double dx = 1.0;

    DS_HD double x_max() const { return x_min + dx * (size - 1); }
    DS_HD bool contains(double x) const { return size > 1 && x >= x_min && x <= x_max(); }
};

/// Linear interpolation in x; outside [x_min, x_max] returns the nearest end value.
/// Callers that must not extrapolate check contains() first.
DS_HD inline double interpolate_linear(UniformTableView const& table, double x)
{
    if (table.size < 2 || x <= table.x_min) {
        return table.size > 0 ? table.values[0] : 0.0;
    }
    double const u = (x - table.x_min) / table.dx;
    int k = static_cast<int>(u);
    if (k >= table.size - 1) {
        return table.values[table.size - 1];
    }
    double const w = u - k;
    return (1.0 - w) * table.values[k] + w * table.values[k + 1];
}

/// Row coordinate of y among the strictly increasing values y_k = increasing.values[k]:
///   u(y) = k + (y - y_k) / (y_{k+1} - y_k)  for y_k <= y < y_{k+1}.
/// Tables over the same rows (x = row index: x_min = 0, dx = 1), interpolated at x = u(y), are linear in y
/// between the y_k: a non-uniform grid in y, read exactly. Outside [y_0, y_{size-1}] (and for NaN) the nearest
/// end row.
DS_HD inline double row_coordinate(UniformTableView const& increasing, double y)
{
    int const last = increasing.size - 1;
    if (last < 1 || !(y > increasing.values[0])) {
        return 0.0;
    }
    if (y >= increasing.values[last]) {
        return last;
    }
    int low = 0;  // bisection keeping values[low] <= y < values[high]
    int high = last;
    while (high - low > 1) {
        int const middle = low + (high - low) / 2;
        if (increasing.values[middle] <= y) {
            low = middle;
        } else {
            high = middle;
        }
    }
    return low + (y - increasing.values[low]) / (increasing.values[high] - increasing.values[low]);
}

}  // namespace darkscan
