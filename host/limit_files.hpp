// SPDX-License-Identifier: MIT
// Readers of the published limit files (../shared/data/limits, README there) and their conversion to the
// log-log tables the constraint kernels interpolate (CurveView, ColumnGridView of darkscan/physics/table.hpp).
// Every parser reads a stream, so a file and a fuzzer's buffer take the same path; a malformed line is a
// DataError "<source>:<line>: <what>".
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "darkscan/physics/table.hpp"

namespace darkscan {

/// Rows of numbers: '#' starts a comment, fields are separated by white space, tabs or commas, an empty field
/// between commas is NaN (MiniBooNE's shorter columns). Every row must have between min_columns and max_columns
/// fields, each a finite number or empty. Throws DataError naming source and line otherwise, or when the stream
/// holds no row.
std::vector<std::vector<double>> parse_numeric_rows(std::istream& input, std::string const& source,
                                                    int min_columns, int max_columns);

/// A DarkCast limit file (.lmt): a header naming the columns, then one row per mass [GeV].
struct DarkCastLimit {
    enum class Columns {
        lower,        ///< "# mass lower": excluded for g > lower (prompt, invisible, g-2)
        lower_upper,  ///< "# mass lower upper": excluded for lower < g < upper (beam dumps)
        g_r,          ///< "# mass g r": r-value grid, excluded where r < 1; every mass has the same g list
    };
    Columns columns = Columns::lower;
    std::vector<double> mass;
    std::vector<double> first;   ///< lower, or g
    std::vector<double> second;  ///< upper, or r (empty for Columns::lower)
};

/// DarkCast's "no bound at this mass" entry (its gmax).
inline constexpr double darkcast_no_bound = 1.0e5;

/// Reads a DarkCast .lmt file. Throws DataError for an unknown header or a row of the wrong width.
DarkCastLimit parse_darkcast_limit(std::istream& input, std::string const& source);

/// Host storage of a CurveView: x = ln(mass / GeV), y = ln(value); NaN y masks a node.
struct HostCurve {
    std::vector<double> x;
    std::vector<double> y;

    CurveView view() const { return {x.data(), y.data(), static_cast<int>(x.size())}; }
};

/// The curve ln(value) against ln(mass): rows sorted by mass (a few files list masses downwards), rows with a
/// non-positive mass dropped; a value that is non-positive, non-finite or >= `no_bound` becomes a masked node.
/// `scale` converts the file's units (e.g. 1e-36 for pb to cm^2). Throws DataError when fewer than two nodes
/// remain.
HostCurve make_log_curve(std::vector<double> const& mass, std::vector<double> const& value, std::string const& source,
                         double scale = 1.0, double no_bound = darkcast_no_bound);

/// Host storage of a ColumnGridView.
struct HostColumnGrid {
    std::vector<double> x;
    std::vector<int> first;
    std::vector<double> y;
    std::vector<double> z;

    ColumnGridView view() const
    {
        return {x.data(), static_cast<int>(x.size()), first.data(), y.data(), z.data()};
    }
};

/// A grid ln z(ln x, ln y) from rows (x, y, z), grouped into columns of equal x, each sorted in y. Values that are
/// non-positive, non-finite or >= no_bound are masked (NaN). Columns with fewer than two finite values are dropped:
/// a lone node cannot be interpolated along y (LSND lists many masses with one row on its m_V = 2 m_chi edge).
/// Throws DataError when fewer than two columns remain.
HostColumnGrid make_log_column_grid(std::vector<double> const& x, std::vector<double> const& y,
                                    std::vector<double> const& z, std::string const& source, double no_bound);

}  // namespace darkscan
