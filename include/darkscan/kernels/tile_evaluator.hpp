// SPDX-License-Identifier: MIT
// Backend interface: evaluates tiles of the grid on the Thrust device system chosen at build time
// (CUDA, OMP or CPP). Thrust types stay behind this interface.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "darkscan/grid.hpp"
#include "darkscan/outputs.hpp"
#include "darkscan/parameters.hpp"

namespace darkscan {

struct PhysicsTables;

/// Memory of tile host buffers: page-locked on CUDA, so that device-to-host copies run asynchronously and at
/// full speed; ordinary memory on CPU backends. Throws std::bad_alloc when none is left.
void* allocate_host_buffer(std::size_t bytes);
void free_host_buffer(void* pointer) noexcept;

/// std::vector allocator over allocate_host_buffer().
template <class T>
struct HostAllocator {
    using value_type = T;
    HostAllocator() = default;
    template <class U>
    HostAllocator(HostAllocator<U> const&) noexcept
    {
    }
    T* allocate(std::size_t n) { return static_cast<T*>(allocate_host_buffer(n * sizeof(T))); }
    void deallocate(T* pointer, std::size_t) noexcept { free_host_buffer(pointer); }
    friend bool operator==(HostAllocator, HostAllocator) { return true; }
    friend bool operator!=(HostAllocator, HostAllocator) { return false; }
};

template <class T>
using HostVector = std::vector<T, HostAllocator<T>>;

/// Host buffers of one tile: chunk_capacity() slots per chunk, structure of arrays. Only the outputs a scan
/// writes have storage (the others stay empty and are not stored by the kernel).
struct TileBuffers {
    std::array<HostVector<double>, output_count> outputs;
    HostVector<status::Flags> status;
    HostVector<std::uint64_t> excluded_by;
    HostVector<std::uint64_t> not_applicable;

    /// Buffers for `stored` outputs (Output values), or for every output when `stored` is empty.
    explicit TileBuffers(std::uint64_t slots, std::vector<int> const& stored = {});
    std::uint64_t slots() const { return status.size(); }
};

/// Evaluates tiles on the device. A scan keeps max_in_flight() tiles going: on CUDA the kernel of one tile
/// runs while the results of the one before are copied to the host (two streams, each with its own device
/// buffers), and the host writes earlier tiles meanwhile.
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
    /// hold the evaluator's stored outputs; returns once they are there.
    void evaluate(Tile const& tile, TileBuffers& out);
    /// Like evaluate() but returns at once on CUDA: `out` is filled when wait_earliest() has returned for it.
    /// At most max_in_flight() tiles may be started and not yet waited for.
    void start(Tile const& tile, TileBuffers& out);
    /// Waits until the results of the earliest started tile not yet waited for are in its buffers.
    void wait_earliest();
    /// Tiles that can be in flight at once: 2 on CUDA, 1 on CPU backends (start() computes there).
    static int max_in_flight();

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
/// Number of GPUs visible (0 on CPU backends).
int device_count();
/// Makes GPU `device` the one this process uses, on every thread (call before anything else touches CUDA);
/// throws std::invalid_argument when there is no such GPU. No effect on CPU backends.
void use_device(int device);

}  // namespace darkscan
