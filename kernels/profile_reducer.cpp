// SPDX-License-Identifier: MIT
// Thrust implementation of the profile reducer: per box, one pass over segments of each cell's points, then
// one merge per cell into the running maps. Compiled as CUDA for DARKSCAN_BACKEND=CUDA and as C++ for OMP and
// CPP; THRUST_DEVICE_SYSTEM decides what thrust::device means.
#include "darkscan/kernels/profile_reducer.hpp"

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace darkscan {

namespace {

/// Points of a cell scanned by one thread before the per-cell merge.
constexpr std::uint64_t segment_points = 256;

/// Whether (value, flat) beats the best so far (best_value, best_flat): NaN never does; anything beats an
/// empty best; then the smaller (maximum: larger) value; among equal values the smaller flat index. This is a
/// strict total order on the non-NaN candidates, so the winner does not depend on the order of comparison.
DS_HD inline bool improves(double value, std::uint64_t flat, double best_value, std::uint64_t best_flat,
                           bool maximum)
{
    if (std::isnan(value)) {
        return false;
    }
    if (best_flat == no_profile_index) {
        return true;
    }
    if (value != best_value) {
        return maximum ? value > best_value : value < best_value;
    }
    return flat < best_flat;
}

/// A box of the grid seen as cells of the kept axes times points along the removed axes (row-major over the
/// removed axes in grid order, so within a cell a larger ordinal is a larger flat grid index).
struct BoxGeometry {
    Index5 extent;  ///< the grid
    Index5 origin;  ///< the box's first grid index
    Index5 box;     ///< the box's extent
    int kept[2];
    int removed[3];
    std::uint64_t cell_points;  ///< points per cell in the box
    std::uint64_t segments;     ///< segments per cell

    /// Box-local index of point `ordinal` of box cell `cell`.
    DS_HD Index5 local(std::uint64_t cell, std::uint64_t ordinal) const
    {
        Index5 index;
        index[kept[1]] = cell % box[kept[1]];
        index[kept[0]] = cell / box[kept[1]];
        index[removed[2]] = ordinal % box[removed[2]];
        ordinal /= box[removed[2]];
        index[removed[1]] = ordinal % box[removed[1]];
        index[removed[0]] = ordinal / box[removed[1]];
        return index;
    }

    DS_HD std::uint64_t global_flat(Index5 local_index) const
    {
        for (int axis = 0; axis < axis_count; ++axis) {
            local_index[axis] += origin[axis];
        }
        return flatten(local_index, extent);
    }

    /// Cell of the running maps holding box cell `cell`.
    DS_HD std::uint64_t map_cell(std::uint64_t cell) const
    {
        return (origin[kept[0]] + cell / box[kept[1]]) * extent[kept[1]] + origin[kept[1]] + cell % box[kept[1]];
    }

    /// Row-major offset in the box of the grid point `flat` (which lies in the box).
    DS_HD std::uint64_t box_offset(std::uint64_t flat) const
    {
        Index5 index = unflatten(flat, extent);
        for (int axis = 0; axis < axis_count; ++axis) {
            index[axis] -= origin[axis];
        }
        return flatten(index, box);
    }
};

/// The best point of one segment of one cell's points (item = cell * segments + segment).
struct SegmentExtremum {
    BoxGeometry geometry;
    double const* values;
    double* partial_value;
    std::uint64_t* partial_flat;
    bool maximum;

    DS_HD void operator()(std::uint64_t item) const
    {
        std::uint64_t const cell = item / geometry.segments;
        std::uint64_t const first = (item % geometry.segments) * segment_points;
        std::uint64_t const end
            = first + segment_points < geometry.cell_points ? first + segment_points : geometry.cell_points;
        double best = NAN;
        std::uint64_t best_flat = no_profile_index;
        for (std::uint64_t ordinal = first; ordinal < end; ++ordinal) {
            Index5 const index = geometry.local(cell, ordinal);
            double const value = values[flatten(index, geometry.box)];
            std::uint64_t const flat = geometry.global_flat(index);
            if (improves(value, flat, best, best_flat, maximum)) {
                best = value;
                best_flat = flat;
            }
        }
        partial_value[item] = best;
        partial_flat[item] = best_flat;
    }
};

/// Merges a box cell's segments into the running maps and, where the box wins, copies the carried datasets.
struct MergeCell {
    BoxGeometry geometry;
    double const* partial_value;
    std::uint64_t const* partial_flat;
    double const* box_data;  ///< the profiled dataset, then each carried one, box_points apart
    std::uint64_t box_points;
    std::uint64_t carried_count;
    double* value;
    std::uint64_t* flat_index;
    double* carried;  ///< carried dataset k at carried[k * map_cells + cell]
    std::uint64_t map_cells;
    bool maximum;

    DS_HD void operator()(std::uint64_t cell) const
    {
        double best = NAN;
        std::uint64_t best_flat = no_profile_index;
        for (std::uint64_t item = cell * geometry.segments; item < (cell + 1) * geometry.segments; ++item) {
            if (improves(partial_value[item], partial_flat[item], best, best_flat, maximum)) {
                best = partial_value[item];
                best_flat = partial_flat[item];
            }
        }
        std::uint64_t const target = geometry.map_cell(cell);
        if (best_flat == no_profile_index || !improves(best, best_flat, value[target], flat_index[target], maximum)) {
            return;
        }
        value[target] = best;
        flat_index[target] = best_flat;
        std::uint64_t const offset = geometry.box_offset(best_flat);
        for (std::uint64_t k = 0; k < carried_count; ++k) {
            carried[k * map_cells + target] = box_data[(k + 1) * box_points + offset];
        }
    }
};

}  // namespace

struct ProfileReducer::Impl {
    Index5 extent;
    std::array<int, 2> kept{};
    std::array<int, 3> removed{};
    bool maximum = false;
    std::size_t carried_count = 0;
    std::uint64_t max_box_points = 0;
    std::uint64_t map_cells = 0;
    thrust::device_vector<double> box_data;
    thrust::device_vector<double> partial_value;
    thrust::device_vector<std::uint64_t> partial_flat;
    thrust::device_vector<double> value;
    thrust::device_vector<std::uint64_t> flat_index;
    thrust::device_vector<double> carried;
};

ProfileReducer::ProfileReducer(Index5 const& extent, std::array<int, 2> const& kept, ProfileOperation operation,
                               std::size_t carried_count, std::uint64_t max_box_points)
    : impl_(std::make_unique<Impl>())
{
    auto& impl = *impl_;
    bool const valid_axes = kept[0] != kept[1] && kept[0] >= 0 && kept[0] < axis_count && kept[1] >= 0
                            && kept[1] < axis_count;
    if (!valid_axes || max_box_points == 0) {
        throw std::logic_error("ProfileReducer: kept axes must be two distinct grid axes and boxes non-empty");
    }
    impl.extent = extent;
    impl.kept = kept;
    for (int axis = 0, r = 0; axis < axis_count; ++axis) {
        if (axis != kept[0] && axis != kept[1]) {
            impl.removed[r++] = axis;
        }
    }
    impl.maximum = operation == ProfileOperation::maximum;
    impl.carried_count = carried_count;
    impl.max_box_points = max_box_points;
    impl.map_cells = extent[kept[0]] * extent[kept[1]];
    // Fresh vectors rather than resize(): growing an empty vector copies a null range in Thrust 1.17 (undefined
    // behaviour that UBSan reports), and the old contents are never needed.
    impl.box_data = thrust::device_vector<double>(max_box_points * (1 + carried_count));
    impl.value.assign(impl.map_cells, NAN);
    impl.flat_index.assign(impl.map_cells, no_profile_index);
    impl.carried.assign(impl.map_cells * carried_count, NAN);
}

ProfileReducer::~ProfileReducer() = default;

void ProfileReducer::add_box(Index5 const& origin, Index5 const& box, double const* values,
                             std::vector<double const*> const& carried)
{
    auto& impl = *impl_;
    std::uint64_t const box_points = product(box);
    for (int axis = 0; axis < axis_count; ++axis) {
        if (box[axis] == 0 || origin[axis] + box[axis] > impl.extent[axis]) {
            throw std::logic_error("ProfileReducer: box outside the grid or empty");
        }
    }
    if (box_points > impl.max_box_points || carried.size() != impl.carried_count) {
        throw std::logic_error("ProfileReducer: box of " + std::to_string(box_points) + " points or "
                               + std::to_string(carried.size()) + " carried datasets exceeds the reducer's "
                               + std::to_string(impl.max_box_points) + " points or "
                               + std::to_string(impl.carried_count) + " datasets");
    }
    thrust::copy_n(values, box_points, impl.box_data.begin());
    for (std::size_t k = 0; k < carried.size(); ++k) {
        auto const first = impl.box_data.begin() + static_cast<std::ptrdiff_t>((k + 1) * box_points);
        thrust::copy_n(carried[k], box_points, first);
    }

    BoxGeometry geometry{impl.extent, origin, box, {impl.kept[0], impl.kept[1]},
                         {impl.removed[0], impl.removed[1], impl.removed[2]}, 0, 0};
    std::uint64_t const cells = box[impl.kept[0]] * box[impl.kept[1]];
    geometry.cell_points = box_points / cells;
    geometry.segments = (geometry.cell_points + segment_points - 1) / segment_points;
    std::uint64_t const items = cells * geometry.segments;
    if (impl.partial_value.size() < items) {
        impl.partial_value = thrust::device_vector<double>(items);
        impl.partial_flat = thrust::device_vector<std::uint64_t>(items);
    }
    double const* const box_data = thrust::raw_pointer_cast(impl.box_data.data());
    double* const partial_value = thrust::raw_pointer_cast(impl.partial_value.data());
    std::uint64_t* const partial_flat = thrust::raw_pointer_cast(impl.partial_flat.data());
    thrust::for_each(thrust::device, thrust::counting_iterator<std::uint64_t>(0),
                     thrust::counting_iterator<std::uint64_t>(items),
                     SegmentExtremum{geometry, box_data, partial_value, partial_flat, impl.maximum});
    thrust::for_each(thrust::device, thrust::counting_iterator<std::uint64_t>(0),
                     thrust::counting_iterator<std::uint64_t>(cells),
                     MergeCell{geometry, partial_value, partial_flat, box_data, box_points, impl.carried_count,
                               thrust::raw_pointer_cast(impl.value.data()),
                               thrust::raw_pointer_cast(impl.flat_index.data()),
                               thrust::raw_pointer_cast(impl.carried.data()), impl.map_cells, impl.maximum});
}

ProfileMaps ProfileReducer::result() const
{
    auto const& impl = *impl_;
    ProfileMaps maps;
    maps.value.resize(impl.map_cells);
    maps.flat_index.resize(impl.map_cells);
    thrust::copy(impl.value.begin(), impl.value.end(), maps.value.begin());
    thrust::copy(impl.flat_index.begin(), impl.flat_index.end(), maps.flat_index.begin());
    for (std::size_t k = 0; k < impl.carried_count; ++k) {
        auto const first = impl.carried.begin() + static_cast<std::ptrdiff_t>(k * impl.map_cells);
        maps.carried.emplace_back(impl.map_cells);
        thrust::copy(first, first + static_cast<std::ptrdiff_t>(impl.map_cells), maps.carried.back().begin());
    }
    return maps;
}

}  // namespace darkscan
