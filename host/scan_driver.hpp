// SPDX-License-Identifier: MIT
// The scan driver: plans chunks and tiles, opens or continues the output, streams tiles through the backend and
// a single writer thread (the only HDF5 caller), and under MPI shares the tiles among ranks: rank 0 hands them
// out on request and either writes every tile (one file) or lets each rank write its own part file (per-rank
// output, joined by a master file of virtual datasets).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "darkscan/grid.hpp"
#include "mpi_context.hpp"
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

/// The boxes of grid points, as (start, count), covered by chunks [first_chunk, end_chunk) of `grid`, numbered
/// row-major: at most 2 axis_count - 1 boxes (the tiles a part file holds, as virtual-dataset mappings).
std::vector<std::pair<Index5, Index5>> chunk_run_boxes(ChunkedGrid const& grid, std::uint64_t first_chunk,
                                                       std::uint64_t end_chunk);

struct ScanSummary {
    std::uint64_t points_total = 0;
    std::uint64_t points_resumed = 0;  ///< done by earlier runs
    std::uint64_t points_done = 0;  ///< computed by this run
    std::uint64_t tiles_total = 0;
    std::uint64_t tiles_resumed = 0;
    std::uint64_t tiles_done = 0;
    double wall_seconds = 0.0;
    bool complete = false;
    int ranks = 1;
    /// Points of this run with each status bit set (bit k at index k).
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
    std::uint64_t buffer_bytes = 0;  ///< host tile buffers per rank (in flight, queued, being written)
    std::uint64_t device_bytes = 0;  ///< device buffers per rank (CUDA: two tiles in flight)
    std::string sommerfeld_table;           ///< the Sommerfeld table the scan would build, or "none"
    int ranks = 1;
    std::string output_files;  ///< the files written
    std::string resume;  ///< with --resume: what would be continued, or that a new scan starts
};

/// The plan of `config` alone (grid, tiles, datasets, sizes), without checking anything outside it.
ScanEstimate describe_scan(ScanConfig const& config);

/// Plans the scan of `config` and checks, without computing or writing, everything run_scan checks before it
/// computes: every data file present, intact and parseable, the output creatable (or, with --resume, continued),
/// free disk for the uncompressed output (config.disk_check), host memory for the tile buffers. Throws UserError
/// with one line per problem found (`darkscan scan --check` and `--dry-run`).
ScanEstimate estimate_scan(ScanConfig const& config, MpiContext& mpi);

/// Every dataset a scan of `config` writes, from the configuration alone (`darkscan schema CONFIG.ini`): the
/// coordinates, the 5-D fields, the relic line and the tile datasets. Reads no data file.
std::vector<DatasetSchema> scan_schema(ScanConfig const& config);

/// Runs the scan described by `config`, writing config.output, on every rank of `mpi` (collective); first makes
/// the checks of estimate_scan. Stops after the tiles in flight when `stop_requested` becomes true; the file then
/// keeps complete = 0 and can be continued with --resume. Throws InputError, DataError or OutputError for
/// problems the user can fix (on every rank alike when they arise before the tiles are shared out; a failure
/// while tiles run ends the job).
ScanSummary run_scan(ScanConfig const& config, std::atomic<bool> const& stop_requested, MpiContext& mpi);

}  // namespace darkscan
