// SPDX-License-Identifier: MIT
// Serial reference evaluation of a tile: a plain loop over the same TileFunctor the backends run, with
// host memory and no Thrust. Tests compare every backend against it; benchmarks report speed-ups over it.
#pragma once

#include <array>
#include <vector>

#include "darkscan/kernels/tile_evaluator.hpp"

namespace darkscan {

void evaluate_tile_serial(ChunkedGrid const& grid, std::array<std::vector<double>, axis_count> const& axis_values,
                          AxisParametrisation parametrisation, EvaluationSettings const& settings,
                          PhysicsTables const& tables, Tile const& tile, TileBuffers& out);

}  // namespace darkscan
