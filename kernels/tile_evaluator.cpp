// SPDX-License-Identifier: MIT
// Thrust implementation of the tile evaluator. Compiled as CUDA for DARKSCAN_BACKEND=CUDA and as C++ for
// OMP and CPP; THRUST_DEVICE_SYSTEM decides what thrust::device means.
#include "darkscan/kernels/tile_evaluator.hpp"

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>

#include "darkscan/config.hpp"
#include "darkscan/kernels/tile_functor.hpp"
#include "physics_tables.hpp"

#if DARKSCAN_USE_CUDA
#include <cuda_runtime.h>
#endif
#if DARKSCAN_USE_OPENMP
#include <omp.h>
#endif

namespace darkscan {

namespace {

/// Calls the tile functor for slot (k a) mod n, a bijection of [0, n) when gcd(a, n) = 1.
struct OrderedSlots {
    TileFunctor functor;
    std::uint64_t n;
    std::uint64_t a;

    DS_HD void operator()(std::uint64_t k) const { functor((k * a) % n); }
};

/// The multiplier a of OrderedSlots. On a GPU neighbouring slots have similar cost and stay together (a = 1),
/// keeping a warp's threads in step. CPU threads take contiguous blocks of iterations while the cost per point
/// varies tenfold along the grid (resonances, thresholds): a near n / 1.618 scatters consecutive k so that every
/// block gets a fair mix. Each slot's value is independent of the order.
std::uint64_t slot_multiplier(std::uint64_t slots)
{
    if (DARKSCAN_USE_CUDA) {
        return 1;
    }
    std::uint64_t a = static_cast<std::uint64_t>(0.6180339887 * static_cast<double>(slots));
    while (a > 1 && std::gcd(a, slots) != 1) {
        --a;
    }
    return a > 1 ? a : 1;
}

}  // namespace

#if DARKSCAN_USE_CUDA
[[noreturn]] void throw_cuda_error(cudaError_t status, char const* statement, char const* file, int line)
{
    throw std::runtime_error(std::string("CUDA error ") + cudaGetErrorName(status) + " (" +
                             cudaGetErrorString(status) + ") in " + statement + " at " + file + ":" +
                             std::to_string(line));
}
#define DS_CUDA_CALL(expr)                                                        \
    do {                                                                          \
        cudaError_t const ds_status_ = (expr);                                    \
        if (ds_status_ != cudaSuccess)                                            \
            ::darkscan::throw_cuda_error(ds_status_, #expr, __FILE__, __LINE__); \
    } while (0)
#endif

TileBuffers::TileBuffers(std::uint64_t slots, std::vector<int> const& stored)
    : status(slots), excluded_by(slots), not_applicable(slots)
{
    for (int k = 0; k < output_count; ++k) {
        if (stored.empty() || std::find(stored.begin(), stored.end(), k) != stored.end()) {
            outputs[k].resize(slots);
        }
    }
}

namespace {

/// Copies host tables to the backend's memory and keeps them alive; returns views of the copies.
class DeviceUpload {
public:
    UniformTableView operator()(UniformTable const& table)
    {
        return {(*this)(table.values), static_cast<int>(table.values.size()), table.x_min, table.dx};
    }

    template <class T>
    T const* operator()(std::vector<T> const& values)
    {
        auto copy = std::make_shared<thrust::device_vector<T>>(values.begin(), values.end());
        T const* data = thrust::raw_pointer_cast(copy->data());
        storage_.push_back(std::move(copy));
        return data;
    }

private:
    std::deque<std::shared_ptr<void>> storage_;
};

}  // namespace

struct TileEvaluator::Impl {
    TileFunctor functor;
    std::uint64_t max_slots = 0;
    std::vector<thrust::device_vector<double>> axes;
    DeviceUpload tables;
    std::deque<thrust::device_vector<double>> outputs;
    std::vector<int> stored;
    thrust::device_vector<status::Flags> status;
    thrust::device_vector<std::uint64_t> excluded_by;
    thrust::device_vector<std::uint64_t> not_applicable;
};

TileEvaluator::TileEvaluator(ChunkedGrid const& grid, std::array<std::vector<double>, axis_count> const& axis_values,
                             AxisParametrisation parametrisation, EvaluationSettings const& settings,
                             PhysicsTables const& tables, std::uint64_t max_tile_chunks,
                             std::vector<int> const& stored)
    : impl_(std::make_unique<Impl>())
{
    auto& impl = *impl_;
    impl.max_slots = max_tile_chunks * grid.chunk_capacity();
    impl.functor.grid = grid;
    impl.functor.parametrisation = parametrisation;
    impl.functor.settings = settings;
    impl.axes.reserve(axis_count);
    for (int axis = 0; axis < axis_count; ++axis) {
        impl.axes.emplace_back(axis_values[axis].begin(), axis_values[axis].end());
        impl.functor.axis_values[axis] = thrust::raw_pointer_cast(impl.axes.back().data());
    }
    impl.functor.tables = tables.view(impl.tables);
    for (int k = 0; k < output_count; ++k) {
        if (stored.empty() || std::find(stored.begin(), stored.end(), k) != stored.end()) {
            impl.stored.push_back(k);
            impl.outputs.emplace_back(impl.max_slots);
            impl.functor.outputs[k] = thrust::raw_pointer_cast(impl.outputs.back().data());
        }
    }
    impl.status.resize(impl.max_slots);
    impl.excluded_by.resize(impl.max_slots);
    impl.not_applicable.resize(impl.max_slots);
    impl.functor.status = thrust::raw_pointer_cast(impl.status.data());
    impl.functor.excluded_by = thrust::raw_pointer_cast(impl.excluded_by.data());
    impl.functor.not_applicable = thrust::raw_pointer_cast(impl.not_applicable.data());
}

TileEvaluator::~TileEvaluator() = default;

void TileEvaluator::evaluate(Tile const& tile, TileBuffers& out)
{
    auto& impl = *impl_;
    std::uint64_t const slots = tile.chunk_count * impl.functor.grid.chunk_capacity();
    if (slots > impl.max_slots || slots > out.slots()) {
        throw std::logic_error("tile of " + std::to_string(slots) + " slots exceeds the buffers");
    }
    TileFunctor functor = impl.functor;
    functor.first_chunk = tile.first_chunk;
    thrust::for_each(thrust::device, thrust::counting_iterator<std::uint64_t>(0),
                     thrust::counting_iterator<std::uint64_t>(slots),
                     OrderedSlots{functor, slots, slot_multiplier(slots)});
#if DARKSCAN_USE_CUDA
    DS_CUDA_CALL(cudaGetLastError());
#endif
    for (std::size_t i = 0; i < impl.stored.size(); ++i) {
        auto& destination = out.outputs[impl.stored[i]];
        if (destination.size() < slots) {
            throw std::logic_error("tile buffers lack a stored output");
        }
        thrust::copy_n(impl.outputs[i].begin(), slots, destination.begin());
    }
    thrust::copy_n(impl.status.begin(), slots, out.status.begin());
    thrust::copy_n(impl.excluded_by.begin(), slots, out.excluded_by.begin());
    thrust::copy_n(impl.not_applicable.begin(), slots, out.not_applicable.begin());
}

std::string backend_description()
{
#if DARKSCAN_USE_CUDA
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
        return "CUDA: no GPU found";
    }
    std::string text = "CUDA:";
    for (int device = 0; device < count; ++device) {
        cudaDeviceProp properties{};
        DS_CUDA_CALL(cudaGetDeviceProperties(&properties, device));
        text += " [" + std::to_string(device) + "] " + properties.name + ", " +
                std::to_string(properties.totalGlobalMem >> 30) + " GiB, sm_" + std::to_string(properties.major) +
                std::to_string(properties.minor);
    }
    return text;
#elif DARKSCAN_USE_OPENMP
    return "OMP: " + std::to_string(omp_get_max_threads()) + " threads";
#else
    return "CPP: serial";
#endif
}

bool device_available()
{
#if DARKSCAN_USE_CUDA
    int count = 0;
    return cudaGetDeviceCount(&count) == cudaSuccess && count > 0;
#else
    return true;
#endif
}

void set_cpu_threads(int n)
{
#if DARKSCAN_USE_OPENMP
    omp_set_num_threads(n > 0 ? n : omp_get_num_procs());
#else
    (void)n;
#endif
}

std::uint64_t default_tile_points()
{
#if DARKSCAN_USE_CUDA
    std::size_t free_bytes = 0;
    std::size_t total_bytes = 0;
    DS_CUDA_CALL(cudaMemGetInfo(&free_bytes, &total_bytes));
    std::uint64_t const bytes_per_point
        = output_count * sizeof(double) + sizeof(status::Flags) + 2 * sizeof(std::uint64_t);
    // A quarter of free memory, at most 2^24 points: large enough to fill the GPU, small enough to stream.
    return std::clamp<std::uint64_t>(free_bytes / 4 / bytes_per_point, 1u << 16, 1u << 24);
#else
    return 1u << 18;
#endif
}

}  // namespace darkscan
