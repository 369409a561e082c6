// SPDX-License-Identifier: MIT
// Fuzz target: a DarkCast production mixture (.prd) through parse_production_mixture, then its device view
// interpolated across and beyond its mass range.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "fuzz_target.hpp"
#include "production_tables.hpp"

namespace darkscan::fuzz {

void fuzz_one(std::string const& input)
{
    std::istringstream text(input);
    ProductionMixtureTable const table = parse_production_mixture(text, "fuzz/mixture.prd");
    std::size_t const channels = table.mechanisms.size();
    fuzz_require(channels >= 1 && channels <= static_cast<std::size_t>(max_production_channels)
                     && table.fractions.size() == channels,
                 "one to max_production_channels mechanisms, one fraction column each");
    for (std::size_t j = 0; j < channels; ++j) {
        fuzz_require(std::count(table.mechanisms.begin(), table.mechanisms.end(), table.mechanisms[j]) == 1,
                     "distinct mechanisms");
        fuzz_require(table.fractions[j].size() == table.mass.size(), "a fraction per row");
    }
    fuzz_require(table.mass.size() >= 2, "two rows or more");
    for (std::size_t k = 0; k < table.mass.size(); ++k) {
        fuzz_require(std::isfinite(table.mass[k]) && table.mass[k] > 0.0, "masses positive and finite");
        fuzz_require(k == 0 || table.mass[k] > table.mass[k - 1], "masses strictly increasing");
        double sum = 0.0;
        for (std::size_t j = 0; j < channels; ++j) {
            fuzz_require(std::isfinite(table.fractions[j][k]) && table.fractions[j][k] >= 0.0, "fractions >= 0");
            sum += table.fractions[j][k];
        }
        fuzz_require(sum > 0.0 && sum <= max_production_fraction_sum, "row sums in (0, max]");
    }
    ProductionMixtureView const view = table.view();
    double const low = table.mass.front();
    double const high = table.mass.back();
    for (int k = -2; k <= 18; ++k) {
        double const m = std::max(0.5 * low, low + (high - low) * k / 16.0);
        for (int j = 0; j < view.channel_count; ++j) {
            double const f = production_fraction(view, j, m);
            fuzz_require(std::isfinite(f) && f >= 0.0, "interpolated fractions finite and >= 0");
        }
    }
}

}  // namespace darkscan::fuzz
