// SPDX-License-Identifier: MIT
// A user's program calling darkscan physics: Gamma(V -> e+e-) and the Coulomb Sommerfeld factor, printed for the
// test to compare with the closed forms.
#include <cstdio>

#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/sommerfeld.hpp"
#include "darkscan/physics/widths.hpp"

int main()
{
    darkscan::DarkSectorParameters const p{0.1, 0.05, 1e-3, 0.5, 0.0};
    double const width_ee = darkscan::width_to_leptons(p.m_V, p, darkscan::constants::m_electron);
    double const s_coulomb = darkscan::sommerfeld_coulomb_s(0.1);
    std::printf("width_ee_GeV %.17g\nsommerfeld_coulomb_s %.17g\n", width_ee, s_coulomb);
    return 0;
}
