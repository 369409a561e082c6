// SPDX-License-Identifier: MIT
// Fuzz target: a DarkCast VMD curve (rf.*.dat) through read_vmd_curve, then the VMD content of a curve set made of
// it across and beyond its mass range.
#include <cmath>
#include <sstream>

#include "fuzz_target.hpp"
#include "hadron_tables.hpp"

namespace darkscan::fuzz {

void fuzz_one(std::string const& input)
{
    std::istringstream text(input);
    VmdCurve const curve = read_vmd_curve(text, "fuzz/rf.dat");
    fuzz_require(curve.mass.size() >= 2 && curve.mass.size() == curve.r_mu.size(), "two rows or more");
    for (std::size_t i = 0; i < curve.mass.size(); ++i) {
        fuzz_require(std::isfinite(curve.mass[i]) && std::isfinite(curve.r_mu[i]), "finite rows");
        fuzz_require(i == 0 || curve.mass[i] > curve.mass[i - 1], "masses strictly increasing");
    }
    VmdCurves const curves{{curve}, {curve}, {curve}, {curve}, curve};
    double const low = curve.mass.front();
    double const high = curve.mass.back();
    for (int k = -2; k <= 18; ++k) {
        static_cast<void>(curves.content(low + (high - low) * k / 16.0));
    }
}

}  // namespace darkscan::fuzz
