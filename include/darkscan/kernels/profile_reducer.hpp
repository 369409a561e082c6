// SPDX-License-Identifier: MIT
// Backend interface of profile reductions: the minimum (or maximum) of a 5-D grid dataset over three of its
// axes, where it sits, and other datasets there, folded box by box on the build's Thrust device system.
// Thrust types stay behind this interface.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "darkscan/grid.hpp"

namespace darkscan {

enum class ProfileOperation { minimum, maximum };

/// Flat grid index of a cell without any non-NaN value.
inline constexpr std::uint64_t no_profile_index = ~std::uint64_t{0};

/// Maps over the two kept axes, row-major (kept[0] slowest): cell = i0 * extent[kept[1]] + i1.
struct ProfileMaps {
    std::vector<double> value;               ///< the extremum; NaN where the cell holds only NaN
    std::vector<std::uint64_t> flat_index;   ///< row-major grid index of the extremum, or no_profile_index
    std::vector<std::vector<double>> carried;  ///< each carried dataset at flat_index, NaN where none
};

/// Running profile of a grid dataset: for every cell of the kept axes, the extremum over the other three
/// axes. NaN values are ignored; infinities are ordinary values. Among equal values (0 and -0 included) the
/// smallest flat grid index wins, so the result is the same for any box order, box shape or thread count.
class ProfileReducer {
public:
    /// `kept`: two distinct axes, in the order of the maps; `carried_count` datasets are reported at the
    /// extremum; boxes hold at most `max_box_points` points.
    ProfileReducer(Index5 const& extent, std::array<int, 2> const& kept, ProfileOperation operation,
                   std::size_t carried_count, std::uint64_t max_box_points);
    ~ProfileReducer();
    ProfileReducer(ProfileReducer const&) = delete;
    ProfileReducer& operator=(ProfileReducer const&) = delete;

    /// Folds the box [origin, origin + box) of the grid: `values` and each of `carried` (carried_count host
    /// arrays) are row-major over the box.
    void add_box(Index5 const& origin, Index5 const& box, double const* values,
                 std::vector<double const*> const& carried);
    /// The maps over every box added so far.
    ProfileMaps result() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace darkscan
