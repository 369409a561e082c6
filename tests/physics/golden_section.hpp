// SPDX-License-Identifier: MIT
// Golden-section search for the maximum of a unimodal function, shared by the Sommerfeld resonance tests.
#pragma once

#include <cmath>

namespace darkscan::test {

/// Position of the maximum of f on [lo, hi] after `steps` golden-section steps (bracket / 1.618^steps).
template <class F>
double golden_section_maximum(F const& f, double lo, double hi, int steps)
{
    double const g = 0.5 * (std::sqrt(5.0) - 1.0);
    double a = lo;
    double b = hi;
    double c = b - g * (b - a);
    double d = a + g * (b - a);
    double fc = f(c);
    double fd = f(d);
    for (int i = 0; i < steps; ++i) {
        if (fc > fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = f(d);
        }
    }
    return 0.5 * (a + b);
}

}  // namespace darkscan::test
