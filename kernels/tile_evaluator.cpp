// SPDX-License-Identifier: MIT
// Thrust implementation of the tile evaluator. Compiled as CUDA for DARKSCAN_BACKEND=CUDA and as C++ for
// OMP and CPP; THRUST_DEVICE_SYSTEM decides what thrust::device means. On CUDA, tiles run asynchronously on
// two streams with their own device buffers and are copied into page-locked host buffers.
#include "darkscan/kernels/tile_evaluator.hpp"

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <memory>
#include <new>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

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

/// The outputs a tile stores: `stored`, or every output when it is empty.
std::vector<int> stored_outputs(std::vector<int> const& stored)
{
    if (!stored.empty()) {
        return stored;
    }
    std::vector<int> all(output_count);
    std::iota(all.begin(), all.end(), 0);
    return all;
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

namespace {

/// The GPU chosen by use_device(); -1: the CUDA default.
std::atomic<int> selected_device{-1};

/// Makes the chosen GPU current on the calling thread (the current device is per thread), before any call that
/// would otherwise create a context on GPU 0.
void bind_device()
{
    int const device = selected_device.load();
    if (device >= 0) {
        DS_CUDA_CALL(cudaSetDevice(device));
    }
}

/// Owns a stream that does not synchronise with the legacy default stream.
class CudaStream {
public:
    CudaStream() { DS_CUDA_CALL(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking)); }
    ~CudaStream()
    {
        if (stream_ != nullptr) {
            cudaStreamDestroy(stream_);
        }
    }
    CudaStream(CudaStream&& other) noexcept : stream_(std::exchange(other.stream_, nullptr)) {}
    CudaStream& operator=(CudaStream&&) = delete;
    CudaStream(CudaStream const&) = delete;
    CudaStream& operator=(CudaStream const&) = delete;

    cudaStream_t get() const { return stream_; }

private:
    cudaStream_t stream_ = nullptr;
};

/// Device outputs of one tile in flight (the stored ones, in the order of the evaluator's list) and the stream
/// its kernel and copies run on.
struct DeviceTile {
    std::vector<thrust::device_vector<double>> outputs;
    thrust::device_vector<status::Flags> status;
    thrust::device_vector<std::uint64_t> excluded_by;
    thrust::device_vector<std::uint64_t> not_applicable;
    CudaStream stream;

    DeviceTile(std::uint64_t slots, std::size_t stored)
        : status(slots), excluded_by(slots), not_applicable(slots)
    {
        outputs.reserve(stored);
        for (std::size_t i = 0; i < stored; ++i) {
            outputs.emplace_back(slots);
        }
    }
};

}  // namespace
#endif

void* allocate_host_buffer(std::size_t bytes)
{
#if DARKSCAN_USE_CUDA
    bind_device();
    void* pointer = nullptr;
    if (cudaHostAlloc(&pointer, bytes, cudaHostAllocPortable) != cudaSuccess) {
        cudaGetLastError();  // not sticky: clear it
        throw std::bad_alloc();
    }
    return pointer;
#else
    return ::operator new(bytes);
#endif
}

void free_host_buffer(void* pointer) noexcept
{
#if DARKSCAN_USE_CUDA
    int const device = selected_device.load();
    if (device >= 0) {
        cudaSetDevice(device);
    }
    cudaFreeHost(pointer);
#else
    ::operator delete(pointer);
#endif
}

TileBuffers::TileBuffers(std::uint64_t slots, std::vector<int> const& stored)
    : status(slots), excluded_by(slots), not_applicable(slots)
{
    for (int k : stored_outputs(stored)) {
        outputs[k].resize(slots);
    }
}

struct TileEvaluator::Impl {
    TileFunctor functor;
    std::uint64_t max_slots = 0;
    std::vector<thrust::device_vector<double>> axes;
    DeviceUpload tables;
    std::vector<int> stored;  ///< outputs held by the tile buffers
#if DARKSCAN_USE_CUDA
    std::vector<DeviceTile> device;           ///< one per tile in flight
    std::deque<std::size_t> in_flight;        ///< indices into `device`, earliest first
    std::size_t next = 0;                     ///< the device buffers of the next tile
#else
    int in_flight = 0;
#endif

    std::size_t tiles_in_flight() const
    {
#if DARKSCAN_USE_CUDA
        return in_flight.size();
#else
        return static_cast<std::size_t>(in_flight);
#endif
    }
};

TileEvaluator::TileEvaluator(ChunkedGrid const& grid, std::array<std::vector<double>, axis_count> const& axis_values,
                             AxisParametrisation parametrisation, EvaluationSettings const& settings,
                             PhysicsTables const& tables, std::uint64_t max_tile_chunks,
                             std::vector<int> const& stored)
    : impl_(std::make_unique<Impl>())
{
    auto& impl = *impl_;
#if DARKSCAN_USE_CUDA
    bind_device();
#endif
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
    impl.stored = stored_outputs(stored);
#if DARKSCAN_USE_CUDA
    impl.device.reserve(2);
    for (int i = 0; i < 2; ++i) {
        impl.device.emplace_back(impl.max_slots, impl.stored.size());
    }
#endif
}

int TileEvaluator::max_in_flight()
{
    return DARKSCAN_USE_CUDA ? 2 : 1;
}

void TileEvaluator::start(Tile const& tile, TileBuffers& out)
{
    auto& impl = *impl_;
    std::uint64_t const slots = tile.chunk_count * impl.functor.grid.chunk_capacity();
    if (slots > impl.max_slots || slots > out.slots()) {
        throw std::logic_error("tile of " + std::to_string(slots) + " slots exceeds the buffers");
    }
    if (impl.tiles_in_flight() >= static_cast<std::size_t>(max_in_flight())) {
        throw std::logic_error("more tiles started than max_in_flight()");
    }
    for (int k : impl.stored) {  // before any launch: a throw leaves no kernel running
        if (out.outputs[k].size() < slots) {
            throw std::logic_error("tile buffers lack a stored output");
        }
    }
    TileFunctor functor = impl.functor;
    functor.first_chunk = tile.first_chunk;
    auto const first = thrust::counting_iterator<std::uint64_t>(0);
    auto const last = thrust::counting_iterator<std::uint64_t>(slots);
#if DARKSCAN_USE_CUDA
    bind_device();
    DeviceTile& target = impl.device[impl.next];
    for (std::size_t i = 0; i < impl.stored.size(); ++i) {
        functor.outputs[impl.stored[i]] = thrust::raw_pointer_cast(target.outputs[i].data());
    }
    functor.status = thrust::raw_pointer_cast(target.status.data());
    functor.excluded_by = thrust::raw_pointer_cast(target.excluded_by.data());
    functor.not_applicable = thrust::raw_pointer_cast(target.not_applicable.data());
    cudaStream_t const stream = target.stream.get();
    thrust::for_each(thrust::cuda::par_nosync.on(stream), first, last,
                     OrderedSlots{functor, slots, slot_multiplier(slots)});
    DS_CUDA_CALL(cudaGetLastError());
    for (int k : impl.stored) {
        DS_CUDA_CALL(cudaMemcpyAsync(out.outputs[k].data(), functor.outputs[k], slots * sizeof(double),
                                     cudaMemcpyDeviceToHost, stream));
    }
    DS_CUDA_CALL(cudaMemcpyAsync(out.status.data(), functor.status, slots * sizeof(status::Flags),
                                 cudaMemcpyDeviceToHost, stream));
    DS_CUDA_CALL(cudaMemcpyAsync(out.excluded_by.data(), functor.excluded_by, slots * sizeof(std::uint64_t),
                                 cudaMemcpyDeviceToHost, stream));
    DS_CUDA_CALL(cudaMemcpyAsync(out.not_applicable.data(), functor.not_applicable, slots * sizeof(std::uint64_t),
                                 cudaMemcpyDeviceToHost, stream));
    impl.in_flight.push_back(impl.next);
    impl.next = (impl.next + 1) % impl.device.size();
#else
    // CPU backends: the device is the host, so the kernel writes straight into the tile's buffers.
    for (int k : impl.stored) {
        functor.outputs[k] = out.outputs[k].data();
    }
    functor.status = out.status.data();
    functor.excluded_by = out.excluded_by.data();
    functor.not_applicable = out.not_applicable.data();
    thrust::for_each(thrust::device, first, last, OrderedSlots{functor, slots, slot_multiplier(slots)});
    ++impl.in_flight;
#endif
}

void TileEvaluator::wait_earliest()
{
    auto& impl = *impl_;
    if (impl.tiles_in_flight() == 0) {
        throw std::logic_error("wait_earliest() without a tile in flight");
    }
#if DARKSCAN_USE_CUDA
    bind_device();
    DS_CUDA_CALL(cudaStreamSynchronize(impl.device[impl.in_flight.front()].stream.get()));
    impl.in_flight.pop_front();
#else
    --impl.in_flight;
#endif
}

void TileEvaluator::evaluate(Tile const& tile, TileBuffers& out)
{
    start(tile, out);
    wait_earliest();
}

TileEvaluator::~TileEvaluator() = default;

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
    bind_device();
    std::size_t free_bytes = 0;
    std::size_t total_bytes = 0;
    DS_CUDA_CALL(cudaMemGetInfo(&free_bytes, &total_bytes));
    std::uint64_t const bytes_per_point
        = output_count * sizeof(double) + sizeof(status::Flags) + 2 * sizeof(std::uint64_t);
    // Two tiles in flight in a quarter of free memory, at most 2^22 points (1.1 GiB of page-locked host memory
    // per tile buffer): large enough to fill the GPU, small enough to stream and to checkpoint often.
    return std::clamp<std::uint64_t>(free_bytes / 8 / bytes_per_point, 1u << 16, 1u << 22);
#else
    return 1u << 18;
#endif
}

int device_count()
{
#if DARKSCAN_USE_CUDA
    int count = 0;
    return cudaGetDeviceCount(&count) == cudaSuccess ? count : 0;
#else
    return 0;
#endif
}

void use_device(int device)
{
#if DARKSCAN_USE_CUDA
    int const count = device_count();
    if (device < 0 || device >= count) {
        throw std::invalid_argument("GPU " + std::to_string(device) + " does not exist (" + std::to_string(count)
                                    + " visible)");
    }
    selected_device.store(device);
    bind_device();
#else
    (void)device;
#endif
}

}  // namespace darkscan
