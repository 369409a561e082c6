// SPDX-License-Identifier: MIT
// Fuzz target: the Saikawa-Shirai g_star.dat format ("T f g_*s g_*rho" rows) through make_eos_tables.
#include "fuzz_eos.hpp"

namespace darkscan::fuzz {

void fuzz_one(std::string const& input)
{
    fuzz_eos_table(input, EquationOfState::saikawa_shirai_2020,
                   [](std::istream& text, char const* name) { return read_saikawa_shirai_2020(text, name); });
}

}  // namespace darkscan::fuzz
