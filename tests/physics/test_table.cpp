// SPDX-License-Identifier: MIT
// darkscan/physics/table.hpp: the cubic Lagrange weights shared by the Sommerfeld table and the relic solve's
// <sigma v> nodes.
#include <doctest/doctest.h>

#include <initializer_list>

#include "darkscan/physics/table.hpp"

using namespace darkscan;

TEST_CASE("lagrange4: exact for cubics, the nodes themselves, weights summing to 1")
{
    auto const cubic = [](double x) { return 0.7 - 1.3 * x + 0.4 * x * x - 0.05 * x * x * x; };
    for (double const p : {-0.5, 0.0, 0.3, 1.0, 1.5, 2.7, 3.0, 3.4}) {
        CAPTURE(p);
        double w[4];
        lagrange4(p, w);
        CHECK(w[0] + w[1] + w[2] + w[3] == doctest::Approx(1.0).epsilon(1e-14));
        double const interpolated = w[0] * cubic(0.0) + w[1] * cubic(1.0) + w[2] * cubic(2.0) + w[3] * cubic(3.0);
        CHECK(interpolated == doctest::Approx(cubic(p)).epsilon(1e-13));
    }
    double w[4];
    lagrange4(2.0, w);  // at a node: that node's value alone
    CHECK(w[0] == 0.0);
    CHECK(w[1] == 0.0);
    CHECK(w[2] == 1.0);
    CHECK(w[3] == 0.0);
}
