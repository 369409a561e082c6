// SPDX-License-Identifier: MIT
// Fuzz target: the Drees-Hajkarim-Schmitz smdof.dat format (CSV "T, g_*^{1/2}, h_eff, g_eff") through
// make_eos_tables.
#include "fuzz_eos.hpp"

namespace darkscan::fuzz {

void fuzz_one(std::string const& input)
{
    fuzz_eos_table(input, EquationOfState::drees_hajkarim_schmitz_2015,
                   [](std::istream& text, char const* name) { return read_drees_hajkarim_schmitz_2015(text, name); });
}

}  // namespace darkscan::fuzz
