// SPDX-License-Identifier: MIT
// Fuzz target: a DarkCast limit file (.lmt) through parse_darkcast_limit, then the log-log curve or r-value grid
// the constraint kernels interpolate.
#include <cmath>
#include <sstream>

#include "fuzz_target.hpp"
#include "limit_files.hpp"

namespace darkscan::fuzz {

void fuzz_one(std::string const& input)
{
    std::istringstream text(input);
    DarkCastLimit const limit = parse_darkcast_limit(text, "fuzz/limit.lmt");
    std::size_t const rows = limit.mass.size();
    fuzz_require(rows >= 1 && limit.first.size() == rows, "a value per row");
    fuzz_require(limit.second.size() == (limit.columns == DarkCastLimit::Columns::lower ? 0 : rows),
                 "a second column exactly where the header names one");
    for (std::size_t i = 0; i < rows; ++i) {
        fuzz_require(std::isfinite(limit.mass[i]) && std::isfinite(limit.first[i]), "finite rows");
    }
    if (limit.columns == DarkCastLimit::Columns::g_r) {
        HostColumnGrid const grid
            = make_log_column_grid(limit.mass, limit.first, limit.second, "fuzz/limit.lmt", darkcast_no_bound);
        fuzz_require(grid.x.size() >= 2 && grid.first.size() == grid.x.size() + 1, "two columns or more");
        for (std::size_t c = 0; c < grid.x.size(); ++c) {
            fuzz_require(c == 0 || grid.x[c] > grid.x[c - 1], "columns strictly increasing in x");
        }
        return;
    }
    HostCurve const curve = make_log_curve(limit.mass, limit.first, "fuzz/limit.lmt");
    fuzz_require(curve.x.size() >= 2 && curve.y.size() == curve.x.size(), "two nodes or more");
    for (std::size_t i = 0; i < curve.x.size(); ++i) {
        fuzz_require(std::isfinite(curve.x[i]) && (std::isfinite(curve.y[i]) || std::isnan(curve.y[i])),
                     "finite nodes, masked ones NaN");
        fuzz_require(i == 0 || curve.x[i] >= curve.x[i - 1], "nodes sorted in mass");
    }
}

}  // namespace darkscan::fuzz
