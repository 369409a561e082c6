// SPDX-License-Identifier: MIT
// The 5-D scan grid: flat index <-> five indices, and its division into chunks (the HDF5 chunk shape) and
// tiles (runs of consecutive chunks that the backend evaluates in one launch). Usable on host and device.
#pragma once

#include <cstdint>

#include "darkscan/macros.hpp"

namespace darkscan {

inline constexpr int axis_count = 5;

/// Extents or indices along the five axes, outermost (slowest) first.
struct Index5 {
    std::uint64_t v[axis_count] = {0, 0, 0, 0, 0};
    DS_HD std::uint64_t& operator[](int axis) { return v[axis]; }
    DS_HD std::uint64_t operator[](int axis) const { return v[axis]; }
};

DS_HD inline std::uint64_t product(Index5 const& extent)
{
    std::uint64_t n = 1;
    for (int axis = 0; axis < axis_count; ++axis) {
        n *= extent[axis];
    }
    return n;
}

/// Row-major decomposition of `flat` < product(extent) into five indices.
DS_HD inline Index5 unflatten(std::uint64_t flat, Index5 const& extent)
{
    Index5 index;
    for (int axis = axis_count - 1; axis >= 0; --axis) {
        index[axis] = flat % extent[axis];
        flat /= extent[axis];
    }
    return index;
}

DS_HD inline std::uint64_t flatten(Index5 const& index, Index5 const& extent)
{
    std::uint64_t flat = 0;
    for (int axis = 0; axis < axis_count; ++axis) {
        flat = flat * extent[axis] + index[axis];
    }
    return flat;
}

/// The grid cut into chunks of a fixed shape; chunks at the upper edges are clipped to the grid.
struct ChunkedGrid {
    Index5 extent;       ///< points per axis
    Index5 chunk;        ///< full chunk shape
    Index5 chunk_count;  ///< chunks per axis, ceil(extent / chunk)

    DS_HD std::uint64_t total_chunks() const { return product(chunk_count); }
    DS_HD std::uint64_t chunk_capacity() const { return product(chunk); }

    /// First grid index of chunk `c` (chunks numbered row-major over chunk_count).
    DS_HD Index5 chunk_origin(std::uint64_t c) const
    {
        Index5 origin = unflatten(c, chunk_count);
        for (int axis = 0; axis < axis_count; ++axis) {
            origin[axis] *= chunk[axis];
        }
        return origin;
    }

    /// Shape of chunk `c` after clipping to the grid.
    DS_HD Index5 chunk_extent(std::uint64_t c) const
    {
        Index5 const origin = chunk_origin(c);
        Index5 clipped;
        for (int axis = 0; axis < axis_count; ++axis) {
            std::uint64_t const left = extent[axis] - origin[axis];
            clipped[axis] = left < chunk[axis] ? left : chunk[axis];
        }
        return clipped;
    }
};

/// Tile buffers hold chunk_capacity() slots per chunk; slot `local` of chunk `c` holds, if local is below
/// the clipped chunk's point count, the point at row-major offset `local` in the clipped box. Returns false
/// for unused slots. Values therefore depend only on the global grid index, never on the tiling.
DS_HD inline bool grid_index_of_slot(ChunkedGrid const& grid, std::uint64_t chunk_index, std::uint64_t local,
                                     Index5& grid_index)
{
    Index5 const box = grid.chunk_extent(chunk_index);
    if (local >= product(box)) {
        return false;
    }
    Index5 const origin = grid.chunk_origin(chunk_index);
    Index5 const offset = unflatten(local, box);
    for (int axis = 0; axis < axis_count; ++axis) {
        grid_index[axis] = origin[axis] + offset[axis];
    }
    return true;
}

/// Chunk shape for a grid: fill from the innermost axis outwards up to about `target_points` points, so a
/// chunk is a contiguous slab of the innermost axes (1-2 MiB of float64 for the default target).
inline Index5 choose_chunk_shape(Index5 const& extent, std::uint64_t target_points)
{
    Index5 chunk;
    std::uint64_t budget = target_points > 0 ? target_points : 1;
    for (int axis = axis_count - 1; axis >= 0; --axis) {
        std::uint64_t const take = extent[axis] < budget ? extent[axis] : budget;
        chunk[axis] = take > 0 ? take : 1;
        budget /= chunk[axis];
        if (budget == 0) {
            budget = 1;
        }
    }
    return chunk;
}

inline ChunkedGrid make_chunked_grid(Index5 const& extent, Index5 const& chunk)
{
    ChunkedGrid grid{extent, chunk, {}};
    for (int axis = 0; axis < axis_count; ++axis) {
        grid.chunk_count[axis] = (extent[axis] + chunk[axis] - 1) / chunk[axis];
    }
    return grid;
}

/// A tile: chunks [first_chunk, first_chunk + chunk_count) of the grid.
struct Tile {
    std::uint64_t index = 0;
    std::uint64_t first_chunk = 0;
    std::uint64_t chunk_count = 0;
};

}  // namespace darkscan
