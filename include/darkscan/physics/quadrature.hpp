// SPDX-License-Identifier: MIT
// The 16-point Gauss-Legendre rule shared by the thermal averages, the relic tail and the WKB phase integrals.
#pragma once

#include "darkscan/macros.hpp"

namespace darkscan {

/// A node t in (0, 1) of a rule symmetric on [-1, 1] (its mirror is -t) and its weight.
struct SymmetricQuadratureNode {
    double t;
    double weight;
};

/// Node i = 0 .. 7 of the positive half of the 16-point Gauss-Legendre rule on [-1, 1], ascending: the roots of
/// the Legendre polynomial P_16 and their weights (A&S 25.4.30; weights sum to 1 over the half). The arrays are
/// local because device code cannot read namespace-scope arrays.
DS_HD inline SymmetricQuadratureNode gauss_legendre_16_node(int i)
{
    constexpr double nodes[8] = {0.095012509837637441, 0.28160355077925892, 0.45801677765722737,
                                 0.61787624440264377,  0.755404408355003,   0.86563120238783176,
                                 0.9445750230732326,   0.98940093499164994};
    constexpr double weights[8] = {0.1894506104550685,  0.18260341504492358, 0.16915651939500254,
                                   0.14959598881657674, 0.12462897125553388, 0.095158511682492786,
                                   0.062253523938647894, 0.027152459411754096};
    return {nodes[i], weights[i]};
}

}  // namespace darkscan
