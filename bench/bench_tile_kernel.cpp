// SPDX-License-Identifier: MIT
// Points/s of the per-point physics (V widths, branching ratios, tree-level sigma v, freeze-out Omega h^2)
// through the backend's tile kernel, with the serial reference loop over the same functor in the same binary,
// so the speed-up is a ratio from one run; and the relic solve alone, one thread, per annihilation regime.
// Run: darkscan_bench --benchmark_out=FILE --benchmark_out_format=json
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
    static PhysicsTables const loaded = load_physics_tables(EquationOfState::saikawa_shirai_2020);
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

/// One relic solve per point, one thread, for a regime of the (m_V, m_chi) plane, epsilon varied point to
/// point: 0 chi chibar -> V V (m_V = m_chi / 2), 1 s-channel below the pole (m_V = 1.67 m_chi),
/// 2 s-channel with the pole in the thermal window (m_V = 2.1 m_chi), 3 the beam-dump line m_V = 3 m_chi.
void bm_relic(benchmark::State& state)
{
    double const ratio[] = {0.5, 1.0 / 0.6, 2.1, 3.0};
    double const m_V_over_m_chi = ratio[state.range(0)];
    PhysicsTablesView const view = tables().view();
    int const points = 256;
    double sink = 0.0;
    for (auto _ : state) {
        for (int i = 0; i < points; ++i) {
            double const m_chi = 0.01 * std::pow(1e4, (i % 16) / 15.0);  // 10 MeV - 100 GeV
            DarkSectorParameters const p{m_V_over_m_chi * m_chi, m_chi, 1e-5 * std::pow(100.0, (i / 16) / 15.0),
                                         0.1, 0.0};
            ChiChibarAnnihilation const sigma{p, view.hadrons};
            sink += relic_abundance(sigma, m_chi, DarkMatterKind::dirac, view.eos, relic_resonance(sigma)).omega_h2;
        }
    }
    benchmark::DoNotOptimize(sink);
    using C = benchmark::Counter;
    state.counters["points_per_s"] = C(double(points), C::kIsIterationInvariantRate);
}

// The tile kernel's cost is the relic solve (about 1e4 points/s per core): grids up to 2^15 points.
BENCHMARK(bm_tile_kernel)->RangeMultiplier(8)->Range(1 << 9, 1 << 15)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(bm_serial_reference)->RangeMultiplier(8)->Range(1 << 9, 1 << 15)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(bm_relic)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);

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
