// SPDX-License-Identifier: MIT
// The relic-line search along one axis: exact for power laws on a log axis, crossings counted, gaps skipped.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "relic_line.hpp"

using namespace darkscan;

TEST_CASE("relic line: Omega ~ epsilon^-2 on a log axis is interpolated exactly")
{
    std::vector<double> epsilon;
    std::vector<double> omega;
    for (int k = 0; k < 9; ++k) {
        epsilon.push_back(1e-6 * std::pow(10.0, 0.5 * k));
        omega.push_back(0.12 * std::pow(epsilon.back() / 3.7e-5, -2.0));
    }
    RelicCrossing const crossing = find_relic_crossing(epsilon, omega.data(), 1, 0.12);
    CHECK(crossing.count == 1);
    CHECK(crossing.coordinate == doctest::Approx(3.7e-5).epsilon(1e-12));
}

TEST_CASE("relic line: strided lines, several crossings, non-finite gaps, no crossing")
{
    // Omega dips below the target and rises again (a resonance along the axis): two crossings, first reported.
    std::vector<double> const coordinate{1.0, 2.0, 3.0, 4.0, 5.0};
    std::vector<double> const dip{1.0, 0.06, 0.03, 0.06, 1.0};
    std::vector<double> strided(2 * dip.size(), -7.0);  // stride 2: every other entry belongs to another line
    for (std::size_t k = 0; k < dip.size(); ++k) {
        strided[2 * k] = dip[k];
    }
    RelicCrossing const two = find_relic_crossing(coordinate, strided.data(), 2, 0.12);
    CHECK(two.count == 2);
    double const expected = std::exp(std::log(1.0) + (std::log(1.0) - std::log(0.12)) / (std::log(1.0) - std::log(0.06))
                                                         * (std::log(2.0) - std::log(1.0)));
    CHECK(two.coordinate == doctest::Approx(expected).epsilon(1e-12));

    std::vector<double> const gap{1.0, NAN, 0.01, 0.005, 0.001};  // the crossing straddles a failed point
    RelicCrossing const none = find_relic_crossing(coordinate, gap.data(), 1, 0.12);
    CHECK(none.count == 0);
    CHECK(std::isnan(none.coordinate));

    std::vector<double> const on_node{1.0, 0.12, 0.01, 0.005, 0.001};  // a node on the target counts once
    RelicCrossing const once = find_relic_crossing(coordinate, on_node.data(), 1, 0.12);
    CHECK(once.count == 1);
    CHECK(once.coordinate == 2.0);

    std::vector<double> const linear_axis{0.0, 1.0, 2.0};  // an axis starting at 0: linear in the coordinate
    std::vector<double> const falling{1.0, 0.12 * 0.12, 1e-4};
    RelicCrossing const lin = find_relic_crossing(linear_axis, falling.data(), 1, 0.12);
    CHECK(lin.coordinate == doctest::Approx(0.5).epsilon(1e-12));
}
