// SPDX-License-Identifier: MIT
// Points/s of the per-point physics (V widths, branching ratios, tree-level sigma v, freeze-out Omega h^2)
// through the backend's tile kernel, with the serial reference loop over the same functor in the same binary,
// so the speed-up is a ratio from one run; and, one thread each, the relic solve per annihilation regime, the
// Yukawa Sommerfeld factors, the 1s bound state and sigma_T per regime.
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
    // V decays and freeze-out, the blocks of the dark-photon plane; Sommerfeld, bound states and sigma_T have
    // their own benchmarks below.
    EvaluationSettings settings{block_decays | block_relic};

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
    TileEvaluator evaluator(plan.grid, grid.axes, grid.parametrisation, grid.settings, tables(), plan.chunks_per_tile);
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
            evaluate_tile_serial(plan.grid, grid.axes, grid.parametrisation, grid.settings, tables(), plan.tile(t),
                                 buffers);
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

/// Sommerfeld factors S_s and S_p by direct Yukawa solve, per regime, one thread; eps_phi varied over two
/// decades point to point: 0 saturated (eps_v = 1e-7, eps_phi 0.01-1, across resonances), 1 unsaturated
/// (eps_v 0.01-1), 2 Coulomb-like (eps_phi 1e-4 - 1e-3, eps_v 0.05-0.5, WKB-matched).
void bm_sommerfeld(benchmark::State& state)
{
    int const regime = static_cast<int>(state.range(0));
    int const points = 64;
    double sink = 0.0;
    for (auto _ : state) {
        for (int i = 0; i < points; ++i) {
            double const u = (i % 8) / 7.0;
            double const w = (i / 8) / 7.0;
            double const eps_v = regime == 0 ? 1e-7 : regime == 1 ? 0.01 * std::pow(100.0, u) : 0.05 * std::pow(10.0, u);
            double const eps_phi = regime == 2 ? 1e-4 * std::pow(10.0, w) : 0.01 * std::pow(100.0, w);
            SommerfeldFactors const f = sommerfeld_yukawa(eps_v, eps_phi);
            sink += f.s + f.p;
        }
    }
    benchmark::DoNotOptimize(sink);
    using C = benchmark::Counter;
    state.counters["evaluations_per_s"] = C(double(points), C::kIsIterationInvariantRate);
}

/// 1s dark-onium state (existence, binding energy, |psi(0)|^2) by the Yukawa eigenvalue solve, one thread,
/// lambda = m_V/(alpha_D mu) from 0.01 to 1.15 (near the threshold 1.19).
void bm_bound_state(benchmark::State& state)
{
    int const points = 64;
    double sink = 0.0;
    for (auto _ : state) {
        for (int i = 0; i < points; ++i) {
            sink += yukawa_bound_state(1, 0, 0.01 + 1.14 * i / (points - 1.0)).energy;
        }
    }
    benchmark::DoNotOptimize(sink);
    using C = benchmark::Counter;
    state.counters["evaluations_per_s"] = C(double(points), C::kIsIterationInvariantRate);
}

/// sigma_T (attractive and repulsive) at m_chi = 100 GeV, one thread, per regime of kappa = m_chi v_rel/(2 m_V):
/// 0 Born (alpha_D = 1e-8), 1 resonant s-wave kappa ~ 0.1-1, 2 partial waves kappa ~ 1-10, 3 classical kappa > 20
/// (alpha_D = 0.01, m_V chosen for kappa, v_rel 30-300 km/s).
void bm_sidm(benchmark::State& state)
{
    int const regime = static_cast<int>(state.range(0));
    double const kappa_low[] = {1.0, 0.1, 1.0, 30.0};
    int const points = 16;
    double sink = 0.0;
    for (auto _ : state) {
        for (int i = 0; i < points; ++i) {
            double const v_rel = (30.0 + 270.0 * (i % 4) / 3.0) / constants::c_km_per_s;
            double const kappa = kappa_low[regime] * std::pow(10.0, (i / 4) / 3.0);
            double const m_chi = 100.0;
            double const m_V = m_chi * v_rel / (2.0 * kappa);
            sink += sidm_cross_sections(v_rel, m_chi, m_V, regime == 0 ? 1e-8 : 0.01).dirac_cm2_per_g;
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
BENCHMARK(bm_sommerfeld)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_bound_state)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_sidm)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);

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
