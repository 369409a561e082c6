// SPDX-License-Identifier: MIT
// Fuzz target: an f_eff table (Slatyer via Hazma) through parse_f_eff_table, then its resampling onto the uniform
// ln E grid the CMB kernels interpolate.
#include <cmath>
#include <sstream>

#include "cmb_tables.hpp"
#include "fuzz_target.hpp"

namespace darkscan::fuzz {

void fuzz_one(std::string const& input)
{
    std::istringstream text(input);
    FeffRawTable const raw = parse_f_eff_table(text, "fuzz/f_eff.dat");
    fuzz_require(raw.energy_GeV.size() >= 2 && raw.energy_GeV.size() == raw.f_eff.size(), "two rows or more");
    for (std::size_t i = 0; i < raw.f_eff.size(); ++i) {
        fuzz_require(std::isfinite(raw.energy_GeV[i]) && raw.energy_GeV[i] > 0.0, "energies positive and finite");
        fuzz_require(i == 0 || raw.energy_GeV[i] > raw.energy_GeV[i - 1], "energies strictly increasing");
        fuzz_require(raw.f_eff[i] >= 0.0 && raw.f_eff[i] <= 1.0, "f_eff in [0, 1]");
    }
    UniformTable const table = resample_f_eff(raw);
    fuzz_require(table.values.size() >= 2 && std::isfinite(table.x_min) && table.dx > 0.0, "a grid of two nodes or more");
    for (double const f : table.values) {
        fuzz_require(f >= 0.0 && f <= 1.0, "resampled f_eff in [0, 1]");
    }
}

}  // namespace darkscan::fuzz
