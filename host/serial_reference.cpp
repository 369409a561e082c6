// SPDX-License-Identifier: MIT
// Serial reference loop over the tile functor.
#include "serial_reference.hpp"

#include <stdexcept>

#include "darkscan/kernels/tile_functor.hpp"
#include "physics_tables.hpp"

namespace darkscan {

void evaluate_tile_serial(ChunkedGrid const& grid, std::array<std::vector<double>, axis_count> const& axis_values,
                          AxisParametrisation parametrisation, EvaluationSettings const& settings,
                          PhysicsTables const& tables, Tile const& tile, TileBuffers& out)
{
    std::uint64_t const slots = tile.chunk_count * grid.chunk_capacity();
    if (slots > out.slots()) {
        throw std::logic_error("tile of " + std::to_string(slots) + " slots exceeds the buffers");
    }
    TileFunctor functor;
    functor.grid = grid;
    functor.first_chunk = tile.first_chunk;
    functor.parametrisation = parametrisation;
    functor.settings = settings;
    functor.tables = tables.view();
    for (int axis = 0; axis < axis_count; ++axis) {
        functor.axis_values[axis] = axis_values[axis].data();
    }
    for (int k = 0; k < output_count; ++k) {
        functor.outputs[k] = out.outputs[k].empty() ? nullptr : out.outputs[k].data();
    }
    functor.status = out.status.data();
    functor.excluded_by = out.excluded_by.data();
    functor.not_applicable = out.not_applicable.data();
    for (std::uint64_t slot = 0; slot < slots; ++slot) {
        functor(slot);
    }
}

}  // namespace darkscan
