// SPDX-License-Identifier: MIT
// Points/s of the per-point physics (V widths, branching ratios, tree-level sigma v) through the backend's
// tile kernel, with the serial reference loop over the same functor in the same binary, so the speed-up is a
// ratio from one run. Run: darkscan_bench --benchmark_out=FILE --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>

#include "darkscan/config.hpp"
#include "darkscan/kernels/tile_evaluator.hpp"
#include "physics_tables.hpp"
#include "scan_driver.hpp"
#include "serial_reference.hpp"

namespace {

using namespace darkscan;

struct BenchGrid {
    std::array<std::vector<double>, axis_count> axes;
    AxisParametrisation parametrisation{MassAxes::m_chi_over_m_V, MixingAxis::epsilon};

    explicit BenchGrid(std::uint64_t points)
    {
        std::uint64_t const n_mass = std::max<std::uint64_t>(1, points / 200);
        for (std::uint64_t i = 0; i < n_mass; ++i) {
            axes[0].push_back(1e-3 * std::pow(1e4, double(i) / double(std::max<std::uint64_t>(1, n_mass - 1))));
        }
        axes[1] = {1.0 / 3.0, 0.6};
        for (int i = 0; i < 100; ++i) {
            axes[2].push_back(1e-6 * std::pow(1e4, i / 99.0));
        }
        axes[3] = {0.5};
        axes[4] = {0.0};
    }
    Index5 extent() const
    {
        Index5 e;
        for (int axis = 0; axis < axis_count; ++axis) {
            e[axis] = axes[axis].size();
        }
        return e;
    }
};

PhysicsTables const& tables()
{
    static PhysicsTables const loaded = load_physics_tables();
    return loaded;
}

double seconds_since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void bm_tile_kernel(benchmark::State& state)
{
    BenchGrid const grid(state.range(0));
    ScanPlan const plan = plan_scan(grid.extent(), product(grid.extent()));
    TileEvaluator evaluator(plan.grid, grid.axes, grid.parametrisation, tables(), plan.chunks_per_tile);
    TileBuffers buffers(plan.chunks_per_tile * plan.grid.chunk_capacity());
    for (auto _ : state) {
        auto const t0 = std::chrono::steady_clock::now();
        for (std::uint64_t t = 0; t < plan.tile_count; ++t) {
            evaluator.evaluate(plan.tile(t), buffers);
        }
        state.SetIterationTime(seconds_since(t0));
    }
    using C = benchmark::Counter;
    state.counters["points_per_s"] = C(double(product(grid.extent())), C::kIsIterationInvariantRate);
}

void bm_serial_reference(benchmark::State& state)
{
    BenchGrid const grid(state.range(0));
    ScanPlan const plan = plan_scan(grid.extent(), product(grid.extent()));
    TileBuffers buffers(plan.chunks_per_tile * plan.grid.chunk_capacity());
    for (auto _ : state) {
        auto const t0 = std::chrono::steady_clock::now();
        for (std::uint64_t t = 0; t < plan.tile_count; ++t) {
            evaluate_tile_serial(plan.grid, grid.axes, grid.parametrisation, tables(), plan.tile(t), buffers);
        }
        state.SetIterationTime(seconds_since(t0));
    }
    using C = benchmark::Counter;
    state.counters["points_per_s"] = C(double(product(grid.extent())), C::kIsIterationInvariantRate);
}

BENCHMARK(bm_tile_kernel)->RangeMultiplier(8)->Range(1 << 12, 1 << 21)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(bm_serial_reference)->RangeMultiplier(8)->Range(1 << 12, 1 << 21)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    benchmark::AddCustomContext("darkscan_backend", darkscan::backend_description());
    benchmark::AddCustomContext("darkscan_git_commit", darkscan::config::git_commit);
    benchmark::AddCustomContext("darkscan_build", std::string(darkscan::config::build_type) + ", " +
                                                      darkscan::config::compiler);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
