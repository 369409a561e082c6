// SPDX-License-Identifier: MIT
// Tests of include/darkscan/grid.hpp and the scan plan: every grid point lands in exactly one tile slot.
#include <doctest/doctest.h>

#include <vector>

#include "darkscan/grid.hpp"
#include "scan_driver.hpp"

using namespace darkscan;

TEST_CASE("flatten and unflatten are inverse, row-major with the last axis fastest")
{
    Index5 const extent{{3, 1, 4, 2, 5}};
    for (std::uint64_t flat = 0; flat < product(extent); ++flat) {
        CHECK(flatten(unflatten(flat, extent), extent) == flat);
    }
    Index5 const last = unflatten(product(extent) - 1, extent);
    CHECK(last[0] == 2);
    CHECK(last[4] == 4);
    CHECK(unflatten(1, extent)[4] == 1);
}

TEST_CASE("chunk shape fills the innermost axes first and respects the target")
{
    Index5 const extent{{7, 5, 100, 3, 9}};
    Index5 const chunk = choose_chunk_shape(extent, 100);
    CHECK(chunk[4] == 9);
    CHECK(chunk[3] == 3);
    CHECK(chunk[2] == 3);  // 100 / 27 = 3
    CHECK(chunk[1] == 1);
    CHECK(chunk[0] == 1);
    CHECK(product(chunk) <= 100);
}

TEST_CASE("every point is visited exactly once, for any tile size")
{
    Index5 const extent{{5, 3, 7, 2, 11}};
    for (std::uint64_t tile_points : {1ull, 7ull, 64ull, 100ull, 1000ull, 2310ull, 100000ull}) {
        ScanPlan const plan = plan_scan(extent, tile_points);
        std::vector<int> visits(product(extent), 0);
        std::uint64_t chunks_seen = 0;
        for (std::uint64_t t = 0; t < plan.tile_count; ++t) {
            Tile const tile = plan.tile(t);
            CHECK(tile.index == t);
            CHECK(tile.first_chunk == chunks_seen);
            chunks_seen += tile.chunk_count;
            for (std::uint64_t slot = 0; slot < tile.chunk_count * plan.grid.chunk_capacity(); ++slot) {
                Index5 index;
                std::uint64_t const capacity = plan.grid.chunk_capacity();
                if (grid_index_of_slot(plan.grid, tile.first_chunk + slot / capacity, slot % capacity, index)) {
                    ++visits[flatten(index, extent)];
                }
            }
        }
        CAPTURE(tile_points);
        CHECK(chunks_seen == plan.grid.total_chunks());
        bool all_once = true;
        for (int v : visits) {
            all_once = all_once && v == 1;
        }
        CHECK(all_once);
    }
}
