// SPDX-License-Identifier: MIT
// The scan driver: plans chunks and tiles, streams tiles through the backend, and hands finished tiles to a
// single writer thread (the only HDF5 caller) through a bounded queue.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "darkscan/grid.hpp"
#include "scan_config.hpp"
#include "scan_file.hpp"

namespace darkscan {

/// Chunk shape and tile division of a scan; depends only on the grid and the tile size.
struct ScanPlan {
    ChunkedGrid grid;
    std::uint64_t chunks_per_tile = 1;
    std::uint64_t tile_count = 0;

    Tile tile(std::uint64_t index) const;
};

/// Chunks hold about this many points (1 MiB of float64), or the tile size if that is smaller.
inline constexpr std::uint64_t target_chunk_points = 1u << 17;

ScanPlan plan_scan(Index5 const& extent, std::uint64_t tile_points);

struct ScanSummary {
    std::uint64_t points_total = 0;
    std::uint64_t points_done = 0;
    double wall_seconds = 0.0;
    bool complete = false;
    /// Points with each status bit set (bit k at index k).
    std::array<std::uint64_t, 32> flag_counts{};
};

/// What a scan would do, from its configuration alone (`darkscan scan --dry-run`).
struct ScanEstimate {
    std::uint64_t points = 0;
    std::uint64_t tile_points = 0;  ///< points per tile (whole chunks)
    std::uint64_t tile_count = 0;
    std::uint64_t chunk_points = 0;
    std::vector<std::string> datasets;        ///< 5-D datasets written, status included
    std::uint64_t output_bytes = 0;          ///< the 5-D datasets uncompressed (the file is usually smaller)
    std::uint64_t buffer_bytes = 0;          ///< host tile buffers (three tiles: computing, queued, writing)
    std::string sommerfeld_table;           ///< the Sommerfeld table the scan would build, or "none"
};

/// The plan of `config` alone (grid, tiles, datasets, sizes), without checking anything outside it.
ScanEstimate describe_scan(ScanConfig const& config);

/// Plans the scan of `config` and checks, without computing or writing, everything run_scan checks before it
/// computes: every data file present, intact and parseable, the output creatable, free disk for the
/// uncompressed output (config.disk_check), host memory for the tile buffers. Throws UserError with one line
/// per problem found (`darkscan scan --check` and `--dry-run`).
ScanEstimate estimate_scan(ScanConfig const& config);

/// Every dataset a scan of `config` writes, from the configuration alone (`darkscan schema CONFIG.ini`): the
/// coordinates, the 5-D fields, the relic line and the tile datasets. Reads no data file.
std::vector<DatasetSchema> scan_schema(ScanConfig const& config);

/// Runs the scan described by `config`, writing config.output; first makes the checks of estimate_scan.
/// Stops after the tile in flight when
/// `stop_requested` becomes true; the file then keeps complete = 0. Throws InputError, DataError or
/// OutputError for problems the user can fix.
ScanSummary run_scan(ScanConfig const& config, std::atomic<bool> const& stop_requested);

}  // namespace darkscan
