// SPDX-License-Identifier: MIT
// Fuzz target: the PDG R-ratio compilation format through read_r_ratio_measurements, then the kernel smoother
// built on the rows and evaluated across their range (make_hadron_tables refuses a non-finite result).
#include <cmath>
#include <sstream>

#include "fuzz_target.hpp"
#include "hadron_tables.hpp"

namespace darkscan::fuzz {

void fuzz_one(std::string const& input)
{
    std::istringstream text(input);
    auto const rows = read_r_ratio_measurements(text, "fuzz/rratio.dat");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        fuzz_require(rows[i].sqrt_s > 0.0 && rows[i].r >= 0.0 && rows[i].error > 0.0, "rows positive, errors > 0");
        fuzz_require(i == 0 || rows[i].sqrt_s >= rows[i - 1].sqrt_s, "rows sorted in sqrt(s)");
    }
    RRatioSmoother const smoother(rows);
    double const x_last = std::log(std::min(rows.back().sqrt_s, r_ratio_measurement_cut_GeV));
    for (int k = 0; k <= 16; ++k) {
        double const x = smoother.x_first() + (x_last - smoother.x_first()) * k / 16.0;
        static_cast<void>(smoother(x));
    }
}

}  // namespace darkscan::fuzz
