// SPDX-License-Identifier: MIT
// The two g_*(T) fuzz targets: a table read by `read`, resampled by make_eos_tables; a table that is accepted must
// be finite and positive everywhere (the relic solve divides by it and takes its square root), and the moments of
// g_*^{1/2} must lie within its range.
#pragma once

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "eos_tables.hpp"
#include "fuzz_target.hpp"

namespace darkscan::fuzz {

template <class Read>
void fuzz_eos_table(std::string const& input, EquationOfState eos, Read read)
{
    std::istringstream text(input);
    EosTables const tables = make_eos_tables(eos, read(text, "fuzz/eos.dat"));
    for (UniformTable const* table : {&tables.h_eff, &tables.g_eff, &tables.g_star_half}) {
        fuzz_require(table->values.size() >= 2 && std::isfinite(table->x_min) && table->dx > 0.0, "a grid");
        for (double const value : table->values) {
            fuzz_require(std::isfinite(value) && value > 0.0, "g_* tables finite and positive");
        }
    }
    fuzz_require(std::isfinite(tables.h_eff_today) && tables.h_eff_today > 0.0, "h_eff today finite and positive");
    // q_n is a weighted mean of g_*^{1/2} over (0, T], divided by n + 1: within the table's range of values.
    auto const [low, high] = std::minmax_element(tables.g_star_half.values.begin(), tables.g_star_half.values.end());
    for (int n = 0; n < eos_moment_count; ++n) {
        for (double const q : tables.g_star_half_moment[static_cast<std::size_t>(n)].values) {
            fuzz_require(q * (n + 1) >= *low * (1.0 - 1e-9) && q * (n + 1) <= *high * (1.0 + 1e-9),
                         "moments of g_*^{1/2} within its range");
        }
    }
}

}  // namespace darkscan::fuzz
