// SPDX-License-Identifier: MIT
// The backend's profile reducer against a brute-force loop over a random 5-D array with NaNs, ties (0 and -0
// included), infinities and all-NaN cells: every pair of kept axes, minimum and maximum, several slab shapes
// and box orders, one and two threads. Only comparisons are involved, so every backend must agree bit for bit.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "darkscan/kernels/profile_reducer.hpp"
#include "darkscan/kernels/tile_evaluator.hpp"
#include "profile.hpp"

using namespace darkscan;

namespace {

// 308 points per cell with kept axes 0 and 1: two of the reducer's 256-point segments.
Index5 const extent{{2, 3, 4, 7, 11}};
double const nan_value = std::numeric_limits<double>::quiet_NaN();

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

/// Values from a small set, so that most cells have ties; about a quarter NaN.
std::vector<double> random_values(std::mt19937_64& random)
{
    double const choices[] = {nan_value, 2.0, -0.0, 0.0, 1.0, -1.5, std::numeric_limits<double>::infinity(), 2.0};
    std::uniform_int_distribution<int> pick(0, 7);
    std::vector<double> values(product(extent));
    for (double& value : values) {
        value = choices[pick(random)];
    }
    return values;
}

/// The reference: a loop over flat indices in increasing order, replacing the best only by a strictly better
/// non-NaN value, so that ties keep the smallest flat index.
ProfileMaps brute_force(std::vector<double> const& values, std::vector<std::vector<double>> const& carried,
                        std::array<int, 2> const& kept, bool maximum)
{
    std::uint64_t const cells = extent[kept[0]] * extent[kept[1]];
    ProfileMaps maps;
    maps.value.assign(cells, nan_value);
    maps.flat_index.assign(cells, no_profile_index);
    maps.carried.assign(carried.size(), std::vector<double>(cells, nan_value));
    for (std::uint64_t flat = 0; flat < values.size(); ++flat) {
        Index5 const index = unflatten(flat, extent);
        std::uint64_t const cell = index[kept[0]] * extent[kept[1]] + index[kept[1]];
        double const value = values[flat];
        bool const better = maps.flat_index[cell] == no_profile_index
                                ? !std::isnan(value)
                                : (maximum ? value > maps.value[cell] : value < maps.value[cell]);
        if (better) {
            maps.value[cell] = value;
            maps.flat_index[cell] = flat;
            for (std::size_t k = 0; k < carried.size(); ++k) {
                maps.carried[k][cell] = carried[k][flat];
            }
        }
    }
    return maps;
}

/// Feeds the grid to `reducer` in boxes of `box_shape` (clipped at the edges), in grid order or reversed.
void feed(ProfileReducer& reducer, Index5 const& box_shape, bool reversed, std::vector<double> const& values,
          std::vector<std::vector<double>> const& carried)
{
    ChunkedGrid const boxes = make_chunked_grid(extent, box_shape);
    std::vector<std::vector<double>> packed(1 + carried.size());
    for (std::uint64_t n = 0; n < boxes.total_chunks(); ++n) {
        std::uint64_t const b = reversed ? boxes.total_chunks() - 1 - n : n;
        Index5 const origin = boxes.chunk_origin(b);
        Index5 const box = boxes.chunk_extent(b);
        for (auto& buffer : packed) {
            buffer.clear();
        }
        for (std::uint64_t local = 0; local < product(box); ++local) {
            Index5 index = unflatten(local, box);
            for (int axis = 0; axis < axis_count; ++axis) {
                index[axis] += origin[axis];
            }
            std::uint64_t const flat = flatten(index, extent);
            packed[0].push_back(values[flat]);
            for (std::size_t k = 0; k < carried.size(); ++k) {
                packed[k + 1].push_back(carried[k][flat]);
            }
        }
        std::vector<double const*> carried_boxes;
        for (std::size_t k = 1; k < packed.size(); ++k) {
            carried_boxes.push_back(packed[k].data());
        }
        reducer.add_box(origin, box, packed[0].data(), carried_boxes);
    }
}

}  // namespace

TEST_CASE("profile reducer equals a brute-force loop for every kept pair, box shape and order"
          * doctest::skip(!device_available()))
{
    std::mt19937_64 random(20240611);
    std::vector<double> const base = random_values(random);
    std::vector<std::vector<double>> carried{random_values(random), random_values(random)};
    // Box shapes: small boxes aligned to nothing, chunk-aligned slabs of profile_slab_shape, the whole grid.
    std::vector<Index5> const box_shapes{
        Index5{{1, 2, 3, 4, 5}},
        Index5{{2, 3, 2, 4, 5}},
        profile_slab_shape(extent, Index5{{1, 1, 4, 7, 11}}, 700),
        profile_slab_shape(extent, Index5{{1, 1, 1, 3, 11}}, 100),
        extent,
    };
    int cases = 0;
    for (int a = 0; a < axis_count; ++a) {
        for (int b = 0; b < axis_count; ++b) {
            if (a == b) {
                continue;
            }
            std::array<int, 2> const kept{a, b};
            // One cell without any non-NaN value.
            std::vector<double> values = base;
            for (std::uint64_t flat = 0; flat < values.size(); ++flat) {
                Index5 const index = unflatten(flat, extent);
                if (index[a] == 1 && index[b] == 0) {
                    values[flat] = nan_value;
                }
            }
            for (bool maximum : {false, true}) {
                ProfileMaps const expected = brute_force(values, carried, kept, maximum);
                REQUIRE(std::count(expected.flat_index.begin(), expected.flat_index.end(), no_profile_index) == 1);
                for (std::size_t s = 0; s < box_shapes.size(); ++s) {
                    for (bool reversed : {false, true}) {
                        CAPTURE(a);
                        CAPTURE(b);
                        CAPTURE(maximum);
                        CAPTURE(s);
                        CAPTURE(reversed);
                        set_cpu_threads(reversed ? 1 : 2);
                        ProfileReducer reducer(extent, kept,
                                               maximum ? ProfileOperation::maximum : ProfileOperation::minimum,
                                               carried.size(), product(box_shapes[s]));
                        feed(reducer, box_shapes[s], reversed, values, carried);
                        ProfileMaps const got = reducer.result();
                        REQUIRE(got.value.size() == expected.value.size());
                        bool equal = got.flat_index == expected.flat_index && got.carried.size() == carried.size();
                        for (std::size_t cell = 0; equal && cell < got.value.size(); ++cell) {
                            equal = same_bits(got.value[cell], expected.value[cell]);
                            for (std::size_t k = 0; equal && k < carried.size(); ++k) {
                                equal = same_bits(got.carried[k][cell], expected.carried[k][cell]);
                            }
                        }
                        CHECK(equal);
                        ++cases;
                    }
                }
            }
        }
    }
    set_cpu_threads(0);
    CHECK(cases == 20 * 2 * 5 * 2);
}

TEST_CASE("profile reducer: -0 and 0 tie to the smaller index, infinities are values, NaN never wins")
{
    Index5 const line{{1, 1, 1, 1, 4}};  // kept axes 0 and 1: one cell over the last axis
    double const inf = std::numeric_limits<double>::infinity();
    auto const run = [&](std::vector<double> const& values, ProfileOperation operation) {
        ProfileReducer reducer(line, {0, 1}, operation, 0, 4);
        reducer.add_box(Index5{}, line, values.data(), {});
        return reducer.result();
    };
    ProfileMaps const zero = run({nan_value, 0.0, -0.0, 1.0}, ProfileOperation::minimum);
    CHECK(zero.flat_index[0] == 1);
    CHECK_FALSE(std::signbit(zero.value[0]));
    CHECK(run({nan_value, inf, nan_value, inf}, ProfileOperation::minimum).flat_index[0] == 1);
    CHECK(run({-inf, nan_value, 3.0, inf}, ProfileOperation::maximum).flat_index[0] == 3);
    ProfileMaps const empty = run({nan_value, nan_value, nan_value, nan_value}, ProfileOperation::maximum);
    CHECK(empty.flat_index[0] == no_profile_index);
    CHECK(std::isnan(empty.value[0]));
}

TEST_CASE("profile slabs: whole chunks from the innermost axis outwards, within the target or one chunk")
{
    Index5 const grid{{7, 10, 6, 4, 3}};
    Index5 const chunk{{1, 3, 6, 4, 3}};  // 216 points
    auto const check_slab = [&](std::uint64_t target, Index5 const& expected) {
        Index5 const slab = profile_slab_shape(grid, chunk, target);
        for (int axis = 0; axis < axis_count; ++axis) {
            CAPTURE(axis);
            CHECK(slab[axis] == expected[axis]);
            CHECK((slab[axis] % chunk[axis] == 0 || slab[axis] == grid[axis]));
        }
    };
    check_slab(1, chunk);                          // never less than one chunk
    check_slab(216 * 2, Index5{{1, 6, 6, 4, 3}});  // two chunks along axis 1
    check_slab(216 * 4, Index5{{1, 10, 6, 4, 3}});  // 4 chunks reach past the edge: the whole axis
    check_slab(720 * 3, Index5{{3, 10, 6, 4, 3}});
    check_slab(std::uint64_t{1} << 40, grid);
}
