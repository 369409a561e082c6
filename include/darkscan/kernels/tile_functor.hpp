// SPDX-License-Identifier: MIT
// Per-slot work of a tile: decode the slot's global grid index, evaluate the point, store structure-of-arrays
// outputs. Shared by the Thrust backends and the serial reference loop, so both run the same code.
#pragma once

#include <cstdint>

#include "darkscan/grid.hpp"
#include "darkscan/macros.hpp"
#include "darkscan/parameters.hpp"
#include "darkscan/point_evaluation.hpp"

namespace darkscan {

struct TileFunctor {
    ChunkedGrid grid;
    std::uint64_t first_chunk = 0;
    double const* axis_values[axis_count] = {};  ///< coordinate arrays, in the backend's memory
    AxisParametrisation parametrisation;
    EvaluationSettings settings;
    PhysicsTablesView tables;
    double* outputs[output_count] = {};  ///< one array of tile slots per output; null: not stored
    status::Flags* status = nullptr;
    std::uint64_t* excluded_by = nullptr;
    std::uint64_t* not_applicable = nullptr;

    DS_HD void operator()(std::uint64_t slot) const
    {
        std::uint64_t const capacity = grid.chunk_capacity();
        Index5 index;
        if (!grid_index_of_slot(grid, first_chunk + slot / capacity, slot % capacity, index)) {
            return;  // slot beyond a clipped edge chunk
        }
        double coordinate[axis_count];
        for (int axis = 0; axis < axis_count; ++axis) {
            coordinate[axis] = axis_values[axis][index[axis]];
        }
        DarkSectorParameters const p = physical_parameters(coordinate, parametrisation, settings.dark_matter);
        PointResult const result = evaluate_point(p, tables, settings);
        for (int k = 0; k < output_count; ++k) {
            if (outputs[k] != nullptr) {
                outputs[k][slot] = result.value[k];
            }
        }
        status[slot] = result.status;
        excluded_by[slot] = result.excluded_by;
        not_applicable[slot] = result.not_applicable;
    }
};

}  // namespace darkscan
