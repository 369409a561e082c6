// SPDX-License-Identifier: MIT
// Gauss-Legendre rules: the 16-point rule shared by the thermal averages, the relic tail's growth test and the WKB
// phase integrals; the 8-point rule of the relic tail's nodes.
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

/// Node i = 0 .. 3 of the positive half of the 8-point Gauss-Legendre rule on [-1, 1], ascending: the roots of P_8
/// and their weights (A&S 25.4.30; weights sum to 1 over the half).
DS_HD inline SymmetricQuadratureNode gauss_legendre_8_node(int i)
{
    constexpr double nodes[4] = {0.18343464249564980, 0.52553240991632899, 0.79666647741362674, 0.96028985649753623};
    constexpr double weights[4] = {0.36268378337836198, 0.31370664587788729, 0.22238103445337447,
                                   0.10122853629037626};
    return {nodes[i], weights[i]};
}

}  // namespace darkscan
