// SPDX-License-Identifier: MIT
// Tests of the tile pipeline's scheduling pieces: runs of flags, the guided dispenser (each tile not done handed
// out once, long runs first, single tiles last, stop), tallies, and the boxes of a run of chunks.
#include <doctest/doctest.h>

#include <random>
#include <set>
#include <vector>

#include "scan_driver.hpp"
#include "tile_pipeline.hpp"

using namespace darkscan;

TEST_CASE("tile_runs: maximal runs of a flag value")
{
    std::vector<std::uint8_t> const flags{1, 1, 0, 1, 0, 0, 0, 1};
    auto const done = tile_runs(flags, 1);
    REQUIRE(done.size() == 3);
    CHECK(done[0].first == 0);
    CHECK(done[0].count == 2);
    CHECK(done[1].first == 3);
    CHECK(done[2].first == 7);
    auto const todo = tile_runs(flags, 0);
    REQUIRE(todo.size() == 2);
    CHECK(todo[1].first == 4);
    CHECK(todo[1].count == 3);
    CHECK(tile_runs({}, 0).empty());
}

TEST_CASE("TileDispenser hands out every tile not done exactly once, in guided runs, and stops")
{
    std::vector<std::uint8_t> done(1000, 0);
    for (std::size_t t = 100; t < 130; ++t) {
        done[t] = 1;  // finished by an earlier run
    }
    done[999] = 1;
    TileDispenser dispenser(done, 4);
    std::vector<int> handed(done.size(), 0);
    std::vector<std::uint64_t> sizes;
    while (auto const range = dispenser.next()) {
        REQUIRE(range->count > 0);
        sizes.push_back(range->count);
        for (std::uint64_t t = range->first; t < range->first + range->count; ++t) {
            ++handed[t];
        }
    }
    for (std::size_t t = 0; t < done.size(); ++t) {
        CHECK(handed[t] == (done[t] ? 0 : 1));
    }
    CHECK(sizes.front() == 100);  // 969 left / (2 x 4) = 121, cut at the run's end
    CHECK(sizes[1] == 108);  // 869 / 8
    CHECK(sizes.back() == 1);
    CHECK(sizes.size() < 100);
    CHECK_FALSE(dispenser.next());

    TileDispenser stopped(std::vector<std::uint8_t>(10, 0), 1);
    CHECK(stopped.next()->count == 5);
    stopped.stop();
    CHECK_FALSE(stopped.next());
}

TEST_CASE("TileTally adds and round-trips through its array form")
{
    TileTally a;
    a.tiles = 2;
    a.points = 30;
    a.flag_counts[4] = 7;
    TileTally b = TileTally::from_array(a.to_array().data());
    b.add(a);
    CHECK(b.tiles == 4);
    CHECK(b.points == 60);
    CHECK(b.flag_counts[4] == 14);
    CHECK(b.flag_counts[0] == 0);
}

TEST_CASE("chunk_run_boxes covers exactly the points of a run of chunks, in at most 9 boxes")
{
    // Chunks per axis 3, 2, 3, 2, 2 (clipped at the upper edges).
    ChunkedGrid const grid = make_chunked_grid(Index5{{5, 4, 7, 3, 4}}, Index5{{2, 2, 3, 2, 3}});
    std::uint64_t const chunks = grid.total_chunks();
    REQUIRE(chunks == 72);
    std::mt19937 random(12345);
    for (int trial = 0; trial < 300; ++trial) {
        std::uint64_t first = random() % chunks;
        std::uint64_t end = random() % (chunks + 1);
        if (trial == 0) {
            first = 0;
            end = chunks;
        }
        if (end < first) {
            std::swap(first, end);
        }
        std::set<std::uint64_t> expected;
        for (std::uint64_t c = first; c < end; ++c) {
            Index5 const origin = grid.chunk_origin(c);
            Index5 const box = grid.chunk_extent(c);
            for (std::uint64_t local = 0; local < product(box); ++local) {
                Index5 const offset = unflatten(local, box);
                Index5 index;
                for (int axis = 0; axis < axis_count; ++axis) {
                    index[axis] = origin[axis] + offset[axis];
                }
                expected.insert(flatten(index, grid.extent));
            }
        }
        auto const boxes = chunk_run_boxes(grid, first, end);
        CHECK(boxes.size() <= 9);
        std::multiset<std::uint64_t> covered;
        for (auto const& [start, count] : boxes) {
            for (std::uint64_t local = 0; local < product(count); ++local) {
                Index5 const offset = unflatten(local, count);
                Index5 index;
                for (int axis = 0; axis < axis_count; ++axis) {
                    index[axis] = start[axis] + offset[axis];
                    REQUIRE(index[axis] < grid.extent[axis]);
                }
                covered.insert(flatten(index, grid.extent));
            }
        }
        CHECK(covered.size() == expected.size());  // no point twice
        CHECK(std::set<std::uint64_t>(covered.begin(), covered.end()) == expected);
    }
    CHECK(chunk_run_boxes(grid, 0, chunks).size() == 1);
    CHECK(chunk_run_boxes(grid, 5, 5).empty());
}
