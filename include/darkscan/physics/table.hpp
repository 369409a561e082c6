// SPDX-License-Identifier: MIT
// Read-only views of tabulated functions, the table formats physics functions see: a uniform grid (resampled
// smooth data), a curve through published nodes and a grid of such curves (limit data, exact at every node).
// The host builds the tables from data files, the backend owns the memory; functions get the views by value.
#pragma once

#include <cmath>

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

/// Cubic Lagrange weights at p (in units of the step, p = 0 at the first of 4 equally spaced nodes).
DS_HD inline void lagrange4(double p, double w[4])
{
    double const a = p;
    double const b = p - 1.0;
    double const c = p - 2.0;
    double const d = p - 3.0;
    w[0] = -b * c * d / 6.0;
    w[1] = a * c * d / 2.0;
    w[2] = -a * b * d / 2.0;
    w[3] = a * b * c / 6.0;
}

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

/// Index k of the node interval with nodes[k] <= x <= nodes[k+1] (the rightmost such k where nodes repeat, so a
/// repeated node is a step taking its right-hand value), or -1 when x is outside [nodes[0], nodes[size-1]] or NaN.
/// nodes: non-decreasing, size >= 2.
DS_HD inline int find_interval(double const* nodes, int size, double x)
{
    if (size < 2 || !(x >= nodes[0]) || !(x <= nodes[size - 1])) {
        return -1;
    }
    int low = 0;
    int high = size - 1;
    while (high - low > 1) {
        int const middle = low + (high - low) / 2;
        if (nodes[middle] <= x) {
            low = middle;
        } else {
            high = middle;
        }
    }
    return low;
}

/// Piecewise-linear y(x) through published nodes (x_k, y_k), exact at every node: the form of a digitised limit
/// curve, usually x = ln(mass / GeV) and y = ln(limit). x_k non-decreasing (a repeated x is a step); a NaN y_k
/// masks the node ("no bound there"), so there is no value on either interval touching it.
struct CurveView {
    double const* x = nullptr;
    double const* y = nullptr;
    int size = 0;
};

/// y(x) of a CurveView: y_k at a node, NaN outside the curve's x range or between a node and a masked one.
DS_HD inline double interpolate_curve(CurveView const& curve, double x)
{
    int const k = find_interval(curve.x, curve.size, x);
    if (k < 0) {
        return NAN;
    }
    double const x0 = curve.x[k];
    double const x1 = curve.x[k + 1];
    double const y0 = curve.y[k];
    double const y1 = curve.y[k + 1];
    if (x1 == x0 || x == x1) {
        return y1;
    }
    if (x == x0) {
        return y0;  // exact at a node, even next to a masked one
    }
    double const w = (x - x0) / (x1 - x0);
    return y0 + w * (y1 - y0);  // NaN if either node is masked
}

/// z(x, y) on columns: column c sits at x_c (increasing) and holds its own increasing nodes y and values z, entries
/// first[c] .. first[c+1]-1 of y and z. The form of 2-D limit grids whose rows are not a full rectangle (LSND's
/// partial grid, DarkCast's r-value grids, the E137 grid with its "no sensitivity" sentinel as NaN).
struct ColumnGridView {
    double const* x = nullptr;
    int columns = 0;
    int const* first = nullptr;  ///< columns + 1 offsets
    double const* y = nullptr;
    double const* z = nullptr;
};

/// z(x, y): linear along y within the two columns bracketing x (interpolate_curve), then linear in x. NaN outside
/// the columns' x range, outside either column's y range, or next to a masked value.
DS_HD inline double interpolate_column_grid(ColumnGridView const& grid, double x, double y)
{
    int const c = find_interval(grid.x, grid.columns, x);
    if (c < 0) {
        return NAN;
    }
    auto column = [&grid](int i) {
        return CurveView{grid.y + grid.first[i], grid.z + grid.first[i], grid.first[i + 1] - grid.first[i]};
    };
    double const x0 = grid.x[c];
    double const x1 = grid.x[c + 1];
    if (x == x0) {
        return interpolate_curve(column(c), y);
    }
    if (x == x1) {
        return interpolate_curve(column(c + 1), y);
    }
    double const z0 = interpolate_curve(column(c), y);
    double const z1 = interpolate_curve(column(c + 1), y);
    double const w = (x - x0) / (x1 - x0);
    return z0 + w * (z1 - z0);
}

}  // namespace darkscan
