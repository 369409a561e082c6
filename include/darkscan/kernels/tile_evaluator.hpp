// SPDX-License-Identifier: MIT
// Backend interface: evaluates tiles of the grid on the Thrust device system chosen at build time
// (CUDA, OMP or CPP). Thrust types stay behind this interface.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "darkscan/grid.hpp"
#include "darkscan/outputs.hpp"
#include "darkscan/parameters.hpp"

namespace darkscan {

struct PhysicsTables;

/// Host buffers of one tile: chunk_capacity() slots per chunk, structure of arrays. Only the outputs a scan
/// writes have storage (the others stay empty and are not stored by the kernel).
struct TileBuffers {
    std::array<std::vector<double>, output_count> outputs;
    std::vector<status::Flags> status;
    std::vector<std::uint64_t> excluded_by;
    std::vector<std::uint64_t> not_applicable;

    /// Buffers for `stored` outputs (Output values), or for every output when `stored` is empty.
    explicit TileBuffers(std::uint64_t slots, std::vector<int> const& stored = {});
    std::uint64_t slots() const { return status.size(); }
};

class TileEvaluator {
public:
    /// Copies the axis coordinates and physics tables to the device; `max_tile_chunks` sizes the buffers, which
    /// hold the `stored` outputs (every output when empty).
    TileEvaluator(ChunkedGrid const& grid, std::array<std::vector<double>, axis_count> const& axis_values,
                  AxisParametrisation parametrisation, EvaluationSettings const& settings, PhysicsTables const& tables,
                  std::uint64_t max_tile_chunks, std::vector<int> const& stored = {});
    ~TileEvaluator();
    TileEvaluator(TileEvaluator const&) = delete;
    TileEvaluator& operator=(TileEvaluator const&) = delete;

    /// Evaluates every point of `tile` and copies the results into `out` (slots of chunk after chunk), which must
    /// hold the evaluator's stored outputs.
    void evaluate(Tile const& tile, TileBuffers& out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Device system name and, on CUDA, the GPUs found ("CUDA: NVIDIA H100 ..., 80 GiB"; "OMP: 2 threads").
std::string backend_description();
/// True when the build's backend can run here (always on CPU backends; a visible GPU on CUDA).
bool device_available();
/// Threads used by the OMP backend (n <= 0: all cores); no effect on other backends.
void set_cpu_threads(int n);
/// Default tile size [points] for this backend: on CUDA from free device memory, on CPU a cache-sized slab.
std::uint64_t default_tile_points();

}  // namespace darkscan
