// SPDX-License-Identifier: MIT
// Points/s of the per-point physics (V widths, branching ratios, tree-level sigma v, freeze-out Omega h^2)
// through the backend's tile kernel, with the serial reference loop over the same functor in the same binary,
// so the speed-up is a ratio from one run; and, one thread each, the relic solve per annihilation regime, the
// Yukawa Sommerfeld factors, the 1s bound state, sigma_T per regime and the constraint likelihoods; textbook
// serial baselines of the relic solve and the Sommerfeld factors (textbook_baselines.hpp) on the same points,
// with darkscan's speed-up over them and the agreement of the two as counters; points/s against grid size and
// OMP thread count; the whole scan pipeline (compute and write threads, HDF5) against the kernel alone on the same
// grid.
// Run: scripts/bench.sh (JSON and a Markdown report), or darkscan_bench --benchmark_out=FILE
// --benchmark_out_format=json
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "darkscan/config.hpp"
#include "darkscan/kernels/tile_evaluator.hpp"
#include "mpi_context.hpp"
#include "physics_tables.hpp"
#include "scan_config.hpp"
#include "scan_driver.hpp"
#include "serial_reference.hpp"
#include "textbook_baselines.hpp"

namespace {

using namespace darkscan;

struct BenchGrid {
    std::array<std::vector<double>, axis_count> axes;
    AxisParametrisation parametrisation{MassAxes::m_chi_over_m_V, MixingAxis::epsilon};
    // V decays and freeze-out, the blocks of the dark-photon plane; Sommerfeld, bound states and sigma_T have
    // their own benchmarks below.
    EvaluationSettings settings{block_decays | block_relic};

    explicit BenchGrid(std::uint64_t points, RelicAccuracyPreset relic_accuracy = RelicAccuracyPreset::standard)
    {
        settings.relic_accuracy = relic_accuracy;
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

/// Seconds per call of `pass`, repeated until at least `min_seconds` have passed (one warm-up call first).
template <class Pass>
double seconds_per_pass(Pass&& pass, double min_seconds)
{
    pass();
    int calls = 0;
    auto const t0 = std::chrono::steady_clock::now();
    do {
        pass();
        ++calls;
    } while (seconds_since(t0) < min_seconds);
    return seconds_since(t0) / calls;
}

/// The tile kernel over a grid of about state.range(0) points (200 per m_chi/m_V value) on `threads` OMP threads
/// (set_cpu_threads; 0: all cores, restored afterwards), the relic solve with `relic_accuracy`.
void run_tile_kernel(benchmark::State& state, int threads,
                     RelicAccuracyPreset relic_accuracy = RelicAccuracyPreset::standard)
{
    BenchGrid const grid(state.range(0), relic_accuracy);
    ScanPlan const plan = plan_scan(grid.extent(), product(grid.extent()));
    TileEvaluator evaluator(plan.grid, grid.axes, grid.parametrisation, grid.settings, tables(), plan.chunks_per_tile);
    TileBuffers buffers(plan.chunks_per_tile * plan.grid.chunk_capacity());
    set_cpu_threads(threads);
    for (auto _ : state) {
        auto const t0 = std::chrono::steady_clock::now();
        for (std::uint64_t t = 0; t < plan.tile_count; ++t) {
            evaluator.evaluate(plan.tile(t), buffers);
        }
        state.SetIterationTime(seconds_since(t0));
    }
    set_cpu_threads(0);
    using C = benchmark::Counter;
    state.counters["points_per_s"] = C(double(product(grid.extent())), C::kIsIterationInvariantRate);
    if (threads > 0) {
        state.counters["threads"] = threads;
    }
}

void bm_tile_kernel(benchmark::State& state)
{
    run_tile_kernel(state, 0);
}

/// bm_tile_kernel with relic-accuracy fast (Omega h^2 within 1% of standard), on every core.
void bm_tile_kernel_fast(benchmark::State& state)
{
    run_tile_kernel(state, 0, RelicAccuracyPreset::fast);
}

#if !DARKSCAN_USE_CUDA
/// bm_tile_kernel/points:N/threads:T, the thread-scaling variant (CPU backends).
void bm_tile_kernel_threads(benchmark::State& state)
{
    run_tile_kernel(state, static_cast<int>(state.range(1)));
}
#endif

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

/// The scan pipeline against the kernel alone, on one grid of state.range(1) points (m_V log axis x 2 mass
/// ratios x 100 epsilon values, as BenchGrid) in 8 tiles, with state.range(2) compute threads (0: all cores);
/// physics state.range(0): 0 V decays and freeze-out at tree level (relic-sommerfeld off, as bm_tile_kernel),
/// 1 V decays only (the cheapest points, where writing weighs most). Each iteration times the tiles through the
/// TileEvaluator alone (counter kernel_points_per_s), then the whole `darkscan scan`: data tables, plan, compute and
/// write threads, the HDF5 file with its flushes, fsyncs and relic line (points_per_s, the iteration time);
/// efficiency = end-to-end points/s / kernel points/s. With one compute thread on a multi-core machine the writer has a core of its own,
/// as beside a GPU.
void bm_scan_pipeline(benchmark::State& state)
{
    bool const decays_only = state.range(0) == 1;
    std::uint64_t const n_mass = std::max<std::int64_t>(1, state.range(1) / 200);
    std::uint64_t const points = n_mass * 200;
    std::string const out =
        (std::filesystem::temp_directory_path() / ("darkscan_bench_" + std::to_string(getpid()) + ".h5")).string();
    ScanConfig const config = read_scan_config(
        "", {"--mV", "log:1e-3:10:" + std::to_string(n_mass), "--mchi_over_mV", "list:0.3333333333333333,0.6",
             "--epsilon", "log:1e-6:1e-2:100", "--alphaD", "0.5", "--physics", decays_only ? "" : "relic",
             "--relic-sommerfeld", "off", "--tile", std::to_string(std::max<std::uint64_t>(1, points / 8)),
             "--threads", std::to_string(state.range(2)),
             "--out", out, "--overwrite", "--progress", "never"});
    ScanPlan const plan = plan_scan(config.extent(), config.tile_points);
    std::array<std::vector<double>, axis_count> axes;
    for (int axis = 0; axis < axis_count; ++axis) {
        axes[axis] = config.axes[axis].values;
    }
    set_cpu_threads(config.threads);
    TileEvaluator evaluator(plan.grid, axes, config.parametrisation, config.settings, tables(), plan.chunks_per_tile);
    TileBuffers buffers(plan.chunks_per_tile * plan.grid.chunk_capacity());
    auto const mpi = MpiContext::from_environment(nullptr, nullptr);
    std::atomic<bool> const stop{false};
    double kernel_seconds = 0.0;
    double scan_seconds = 0.0;
    for (auto _ : state) {
        auto const t0 = std::chrono::steady_clock::now();
        for (std::uint64_t t = 0; t < plan.tile_count; ++t) {
            evaluator.evaluate(plan.tile(t), buffers);
        }
        kernel_seconds += seconds_since(t0);
        auto const t1 = std::chrono::steady_clock::now();
        ScanSummary const summary = run_scan(config, stop, *mpi);
        double const seconds = seconds_since(t1);
        scan_seconds += seconds;
        state.SetIterationTime(seconds);
        if (!summary.complete || summary.points_done != points) {
            state.SkipWithError("the scan did not complete");
            break;
        }
    }
    double const file_bytes = std::filesystem::exists(out) ? double(std::filesystem::file_size(out)) : 0.0;
    std::filesystem::remove(out);
    set_cpu_threads(0);
    // What the kernel writes per point: every output buffer, the status flags and the two constraint masks.
    double buffer_bytes = double(buffers.status.size() * sizeof(status::Flags)) +
                          double((buffers.excluded_by.size() + buffers.not_applicable.size()) * sizeof(std::uint64_t));
    for (auto const& output : buffers.outputs) {
        buffer_bytes += double(output.size() * sizeof(double));
    }
    double const kernel_bytes_per_point = buffer_bytes / double(buffers.slots());
    double const kernel_points_per_s = double(points) * double(state.iterations()) / kernel_seconds;
    using C = benchmark::Counter;
    state.counters["points_per_s"] = C(double(points), C::kIsIterationInvariantRate);
    state.counters["kernel_points_per_s"] = kernel_points_per_s;
    state.counters["kernel_bytes_per_point"] = kernel_bytes_per_point;
    state.counters["kernel_write_bytes_per_s"] = kernel_bytes_per_point * kernel_points_per_s;
    state.counters["file_bytes_per_point"] = file_bytes / double(points);
    state.counters["file_write_bytes_per_s"] = file_bytes * double(state.iterations()) / scan_seconds;
    state.counters["efficiency"] = kernel_seconds / scan_seconds;
    state.counters["tiles"] = double(plan.tile_count);
    if (config.threads > 0) {
        state.counters["threads"] = config.threads;
    }
}

/// Points of bm_relic: regime 0 chi chibar -> V V (m_V = m_chi / 2), 1 s-channel below the pole
/// (m_V = 1.67 m_chi), 2 s-channel with the pole in the thermal window (m_V = 2.1 m_chi), 3 the beam-dump line
/// m_V = 3 m_chi; point i of 256: m_chi = 10 MeV - 100 GeV (i % 16), epsilon = 1e-5 - 1e-3 (i / 16), alpha_D = 0.1.
constexpr int relic_points = 256;
DarkSectorParameters relic_point(int regime, int i)
{
    double const ratio[] = {0.5, 1.0 / 0.6, 2.1, 3.0};
    double const m_chi = 0.01 * std::pow(1e4, (i % 16) / 15.0);
    return {ratio[regime] * m_chi, m_chi, 1e-5 * std::pow(100.0, (i / 16) / 15.0), 0.1, 0.0};
}

/// darkscan's relic solve at one point, as the scan runs it (relic-accuracy standard; fast: RelicAccuracy::fast()).
double relic_darkscan(DarkSectorParameters const& p, RelicAccuracy const& accuracy = {})
{
    PhysicsTablesView const view = tables().view();
    ChiChibarAnnihilation const sigma{p, view.hadrons};
    return relic_abundance(sigma, p.m_chi, DarkMatterKind::dirac, view.eos, relic_resonance(sigma), accuracy).omega_h2;
}

/// One relic solve per point, one thread, for a regime of the (m_V, m_chi) plane (relic_point), epsilon varied
/// point to point, with `accuracy`.
void relic_solves(benchmark::State& state, RelicAccuracy const& accuracy)
{
    int const regime = static_cast<int>(state.range(0));
    double sink = 0.0;
    for (auto _ : state) {
        for (int i = 0; i < relic_points; ++i) {
            sink += relic_darkscan(relic_point(regime, i), accuracy);
        }
    }
    benchmark::DoNotOptimize(sink);
    using C = benchmark::Counter;
    state.counters["points_per_s"] = C(double(relic_points), C::kIsIterationInvariantRate);
}

/// The physics tables with the Sommerfeld table a scan of the bm_relic points builds (sommerfeld-table auto: eps_phi
/// = m_V/(alpha_D m_chi) = 5-30, eps_v up to 2.2/alpha_D), built once (~1 s).
PhysicsTablesView relic_sommerfeld_tables()
{
    static SommerfeldTable const table = [] {
        SommerfeldTableSpec spec;
        spec.eps_phi_min = 0.9 * 5.0;
        spec.eps_phi_max = 1.1 * 30.0;
        spec.eps_v_max = 1.1 * 2.2 / 0.1;
        return build_sommerfeld_table(spec, 2);
    }();
    PhysicsTablesView view = tables().view();
    view.sommerfeld = table.view();
    return view;
}

/// The relic solve as the scan runs it by default for Dirac dark matter (relic-sommerfeld auto: the rate times the
/// thermal Sommerfeld factor, from the table), with relic-accuracy state.range(1): 0 standard, 1 fast.
void bm_relic_sommerfeld(benchmark::State& state)
{
    int const regime = static_cast<int>(state.range(0));
    RelicAccuracyPreset const preset = state.range(1) == 1 ? RelicAccuracyPreset::fast : RelicAccuracyPreset::standard;
    PhysicsTablesView const view = relic_sommerfeld_tables();
    double sink = 0.0;
    for (auto _ : state) {
        for (int i = 0; i < relic_points; ++i) {
            sink += point_relic(relic_point(regime, i), view, true, preset).omega_h2;
        }
    }
    benchmark::DoNotOptimize(sink);
    using C = benchmark::Counter;
    state.counters["points_per_s"] = C(double(relic_points), C::kIsIterationInvariantRate);
}

/// The relic solve with the tree-level rate (relic-sommerfeld off), relic-accuracy standard.
void bm_relic(benchmark::State& state)
{
    relic_solves(state, RelicAccuracy{});
}

/// The same with relic-accuracy fast (RelicAccuracy::fast(): within 1% of standard).
void bm_relic_fast(benchmark::State& state)
{
    relic_solves(state, RelicAccuracy::fast());
}

/// sigma(s) of chi chibar annihilation (every channel: the V widths at sqrt(s), the R ratio, V V) on the points
/// of bm_relic/N, at 16 energies across the thermal window at x = 20, sqrt(s) = 2 m_chi (1 + t/20), t = 0.1-10.
void bm_cross_section(benchmark::State& state)
{
    int const regime = static_cast<int>(state.range(0));
    PhysicsTablesView const view = tables().view();
    constexpr int energies = 16;
    double sink = 0.0;
    for (auto _ : state) {
        for (int i = 0; i < relic_points; ++i) {
            DarkSectorParameters const p = relic_point(regime, i);
            ChiChibarAnnihilation const sigma{p, view.hadrons};
            for (int j = 0; j < energies; ++j) {
                double const sqrt_s = 2.0 * p.m_chi * (1.0 + 0.1 * std::pow(100.0, j / (energies - 1.0)) / 20.0);
                sink += sigma(sqrt_s * sqrt_s);
            }
        }
    }
    benchmark::DoNotOptimize(sink);
    using C = benchmark::Counter;
    state.counters["evaluations_per_s"] = C(double(relic_points * energies), C::kIsIterationInvariantRate);
}

/// Thermal averages <sigma v>(x) of the relic solve (relic_thermal_average: features, poles and narrow
/// quarkonia resolved) on the points of bm_relic/N at x = 5, 10, 20 and 40.
void bm_thermal_average(benchmark::State& state)
{
    int const regime = static_cast<int>(state.range(0));
    PhysicsTablesView const view = tables().view();
    constexpr double xs[] = {5.0, 10.0, 20.0, 40.0};
    double sink = 0.0;
    for (auto _ : state) {
        for (int i = 0; i < relic_points; ++i) {
            DarkSectorParameters const p = relic_point(regime, i);
            ChiChibarAnnihilation const sigma{p, view.hadrons};
            SChannelResonance const pole = relic_resonance(sigma);
            for (double const x : xs) {
                sink += relic_thermal_average(sigma, p.m_chi, x, pole, RelicAccuracy{}.structure_tolerance);
            }
        }
    }
    benchmark::DoNotOptimize(sink);
    using C = benchmark::Counter;
    state.counters["evaluations_per_s"] = C(double(relic_points * 4), C::kIsIterationInvariantRate);
}

/// Points of bm_sommerfeld: regime 0 saturated (eps_v = 1e-7, eps_phi 0.01-1, across resonances), 1 unsaturated
/// (eps_v 0.01-1), 2 Coulomb-like (eps_phi 1e-4 - 1e-3, eps_v 0.05-0.5, WKB-matched); point i of 64: eps_v from
/// i % 8, eps_phi from i / 8, each over its range in log steps.
constexpr int sommerfeld_points = 64;
struct SommerfeldPoint {
    double eps_v;
    double eps_phi;
};
SommerfeldPoint sommerfeld_point(int regime, int i)
{
    double const u = (i % 8) / 7.0;
    double const w = (i / 8) / 7.0;
    double const eps_v = regime == 0 ? 1e-7 : regime == 1 ? 0.01 * std::pow(100.0, u) : 0.05 * std::pow(10.0, u);
    double const eps_phi = regime == 2 ? 1e-4 * std::pow(10.0, w) : 0.01 * std::pow(100.0, w);
    return {eps_v, eps_phi};
}

/// Sommerfeld factors S_s and S_p by direct Yukawa solve, per regime (sommerfeld_point), one thread; eps_phi
/// varied over its range point to point.
void bm_sommerfeld(benchmark::State& state)
{
    int const regime = static_cast<int>(state.range(0));
    double sink = 0.0;
    for (auto _ : state) {
        for (int i = 0; i < sommerfeld_points; ++i) {
            SommerfeldPoint const q = sommerfeld_point(regime, i);
            SommerfeldFactors const f = sommerfeld_yukawa(q.eps_v, q.eps_phi);
            sink += f.s + f.p;
        }
    }
    benchmark::DoNotOptimize(sink);
    using C = benchmark::Counter;
    state.counters["evaluations_per_s"] = C(double(sommerfeld_points), C::kIsIterationInvariantRate);
}

/// The Sommerfeld table over the points of bm_sommerfeld (eps_phi 1e-4 - 1, eps_v <= 1), built once (~2 s).
SommerfeldTable const& bench_sommerfeld_table()
{
    static SommerfeldTable const table = [] {
        SommerfeldTableSpec spec;
        spec.eps_phi_min = 1e-4;
        spec.eps_phi_max = 1.1;
        spec.eps_v_max = 1.1;
        return build_sommerfeld_table(spec, 2);
    }();
    return table;
}

/// The same points through the table (sommerfeld_yukawa_tabulated: the table where verified, the direct solve
/// elsewhere); counter `served` = fraction of the points the table serves.
void bm_sommerfeld_table(benchmark::State& state)
{
    int const regime = static_cast<int>(state.range(0));
    SommerfeldTableView const view = bench_sommerfeld_table().view();
    double sink = 0.0;
    for (auto _ : state) {
        for (int i = 0; i < sommerfeld_points; ++i) {
            SommerfeldPoint const q = sommerfeld_point(regime, i);
            SommerfeldFactors const f = sommerfeld_yukawa_tabulated(view, q.eps_v, q.eps_phi);
            sink += f.s + f.p;
        }
    }
    benchmark::DoNotOptimize(sink);
    int served = 0;
    for (int i = 0; i < sommerfeld_points; ++i) {
        SommerfeldPoint const q = sommerfeld_point(regime, i);
        SommerfeldFactors unused{};
        served += sommerfeld_table_lookup(view, q.eps_v, q.eps_phi, unused) ? 1 : 0;
    }
    using C = benchmark::Counter;
    state.counters["evaluations_per_s"] = C(double(sommerfeld_points), C::kIsIterationInvariantRate);
    state.counters["served"] = double(served) / sommerfeld_points;
}

/// Indices of the points a textbook baseline runs: every `stride`-th of `count`. The baselines are 10^2-10^4
/// times slower than darkscan; a stride of one more than the row length walks the diagonal of the point
/// grid, so the subset spans both axes of every regime.
std::vector<int> strided_points(int count, int stride)
{
    std::vector<int> indices;
    for (int i = 0; i < count; i += stride) {
        indices.push_back(i);
    }
    return indices;
}

/// Counters shared by the textbook benchmarks: the baseline's rate, darkscan's on the same points (timed here,
/// before the baseline, outside the benchmark's own clock), their ratio and the largest relative difference
/// between the two results.
void set_baseline_counters(benchmark::State& state, std::size_t points, double baseline_seconds_per_pass,
                           double darkscan_seconds_per_pass, double max_rel_diff, double tolerance)
{
    using C = benchmark::Counter;
    state.counters["points_per_s"] = C(double(points), C::kIsIterationInvariantRate);
    state.counters["points"] = double(points);
    state.counters["darkscan_points_per_s"] = double(points) / darkscan_seconds_per_pass;
    state.counters["speedup"] = baseline_seconds_per_pass / darkscan_seconds_per_pass;
    state.counters["max_rel_diff"] = max_rel_diff;
    state.counters["tolerance"] = tolerance;
    if (!(max_rel_diff <= tolerance)) {
        state.SkipWithError("baseline and darkscan differ by more than the stated tolerance");
    }
}

double relative_difference(double value, double reference)
{
    return std::fabs(value / reference - 1.0);
}

/// Textbook relic solve (textbook::relic_abundance_rk45: adaptive Cash-Karp RK45 in x, Simpson thermal average
/// at every right-hand side) on the points of bm_relic/N (its diagonal: every 17th, 16 points: all masses and
/// all epsilons), one thread; counters speedup = darkscan's relic_abundance rate / this rate on the same points
/// and max_rel_diff of Omega h^2.
void bm_relic_textbook(benchmark::State& state)
{
    int const regime = static_cast<int>(state.range(0));
    PhysicsTablesView const view = tables().view();
    std::vector<int> const points = strided_points(relic_points, 17);
    std::vector<double> reference(points.size());
    double const darkscan_seconds = seconds_per_pass(
        [&] {
            for (std::size_t j = 0; j < points.size(); ++j) {
                reference[j] = relic_darkscan(relic_point(regime, points[j]));
            }
        },
        0.2);
    std::vector<double> baseline(points.size());
    double baseline_seconds = 0.0;
    for (auto _ : state) {
        auto const t0 = std::chrono::steady_clock::now();
        for (std::size_t j = 0; j < points.size(); ++j) {
            DarkSectorParameters const p = relic_point(regime, points[j]);
            ChiChibarAnnihilation const sigma{p, view.hadrons};
            baseline[j] = textbook::relic_abundance_rk45(sigma, p.m_chi, DarkMatterKind::dirac, view.eos).omega_h2;
        }
        baseline_seconds += seconds_since(t0);
    }
    double max_rel_diff = 0.0;
    for (std::size_t j = 0; j < points.size(); ++j) {
        max_rel_diff = std::fmax(max_rel_diff, relative_difference(baseline[j], reference[j]));
    }
    set_baseline_counters(state, points.size(), baseline_seconds / double(state.iterations()), darkscan_seconds,
                          max_rel_diff, textbook::relic_agreement);
}

/// Textbook Sommerfeld solve (textbook::sommerfeld_rk4: fixed-step RK4 to x_max = 10/eps_phi, Riccati-Bessel
/// match) on the points of bm_sommerfeld/N (its diagonal: every 9th, 8 points), one thread; counters speedup =
/// darkscan's sommerfeld_yukawa rate / this rate on the same points and max_rel_diff over S_s and S_p.
void bm_sommerfeld_textbook(benchmark::State& state)
{
    int const regime = static_cast<int>(state.range(0));
    std::vector<int> const points = strided_points(sommerfeld_points, 9);
    std::vector<SommerfeldFactors> reference(points.size());
    double const darkscan_seconds = seconds_per_pass(
        [&] {
            for (std::size_t j = 0; j < points.size(); ++j) {
                SommerfeldPoint const q = sommerfeld_point(regime, points[j]);
                reference[j] = sommerfeld_yukawa(q.eps_v, q.eps_phi);
            }
        },
        0.2);
    std::vector<SommerfeldFactors> baseline(points.size());
    double baseline_seconds = 0.0;
    for (auto _ : state) {
        auto const t0 = std::chrono::steady_clock::now();
        for (std::size_t j = 0; j < points.size(); ++j) {
            SommerfeldPoint const q = sommerfeld_point(regime, points[j]);
            baseline[j] = textbook::sommerfeld_rk4(q.eps_v, q.eps_phi);
        }
        baseline_seconds += seconds_since(t0);
    }
    double max_rel_diff = 0.0;
    for (std::size_t j = 0; j < points.size(); ++j) {
        max_rel_diff = std::fmax(max_rel_diff, relative_difference(baseline[j].s, reference[j].s));
        max_rel_diff = std::fmax(max_rel_diff, relative_difference(baseline[j].p, reference[j].p));
    }
    set_baseline_counters(state, points.size(), baseline_seconds / double(state.iterations()), darkscan_seconds,
                          max_rel_diff, textbook::sommerfeld_agreement);
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

/// The constraint block alone, one thread: rates, recast of every default term's limit files and the
/// likelihoods, over the dark-photon plane (m_V 1 MeV-10 GeV, eps 1e-8-1e-2, m_chi/m_V = 1/3 and 0.6,
/// alpha_D = 0.5) and a g_X slice. The V widths of the point are computed outside the timed loop.
void bm_constraints(benchmark::State& state)
{
    static PhysicsTables const loaded
        = load_physics_tables(EquationOfState::saikawa_shirai_2020, default_constraint_terms());
    PhysicsTablesView const view = loaded.view();
    struct Point {
        DarkSectorParameters p;
        VectorWidths widths;
        BranchingRatios branching;
        AnnihilationRates sigma_v0;
    };
    std::vector<Point> points;
    for (int i = 0; i < 32; ++i) {
        for (int j = 0; j < 8; ++j) {
            double const m_V = 1e-3 * std::pow(1e4, i / 31.0);
            double const ratio = (j % 2 == 0) ? 1.0 / 3.0 : 0.6;
            DarkSectorParameters const p{m_V, ratio * m_V, 1e-8 * std::pow(1e6, (j / 2) / 3.0), 0.5,
                                         j >= 6 ? 1e-4 : 0.0};
            VectorWidths const widths = vector_widths(m_V, p, view.hadrons);
            points.push_back({p, widths, branching_ratios(widths),
                              annihilation_sigma_v_rel(4.0 * p.m_chi * p.m_chi, p, view.hadrons,
                                                       PropagatorWidth::running)});
        }
    }
    ConstraintSettings const settings;
    ConstraintBlockInputs blocks;
    blocks.sommerfeld_s_recombination = 1.0;
    double sink = 0.0;
    for (auto _ : state) {
        for (Point const& point : points) {
            ConstraintRates const rates
                = constraint_rates(point.p, point.branching, point.sigma_v0, view.constraints.cmb, blocks);
            ConstraintInputs const inputs
                = constraint_inputs(point.p, point.widths, view.hadrons, 0.12, rates, settings);
            sink += evaluate_constraints(inputs, view.constraints, settings).chi2_total;
        }
    }
    benchmark::DoNotOptimize(sink);
    using C = benchmark::Counter;
    state.counters["points_per_s"] = C(double(points.size()), C::kIsIterationInvariantRate);
    state.counters["terms"] = double(__builtin_popcountll(view.constraints.terms));
}

// The tile kernel's cost is the relic solve (about 1e4 points/s per core): grids of 200 to 32 600 points.
BENCHMARK(bm_tile_kernel)->RangeMultiplier(8)->Range(1 << 6, 1 << 15)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(bm_tile_kernel_fast)->Arg(1 << 15)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(bm_serial_reference)->RangeMultiplier(8)->Range(1 << 6, 1 << 15)->UseManualTime()->Unit(benchmark::kMillisecond);
#if !DARKSCAN_USE_CUDA
// Thread scaling on CPU: bm_tile_kernel/points:N/threads:T (the CPP backend is serial: one thread only).
BENCHMARK(bm_tile_kernel_threads)
    ->Name("bm_tile_kernel")
    ->ArgsProduct({{1 << 12, 1 << 15}, DARKSCAN_USE_OPENMP ? std::vector<std::int64_t>{1, 2} : std::vector<std::int64_t>{1}})
    ->ArgNames({"points", "threads"})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
#endif
// Pipeline efficiency: freeze-out grids of 4 000 and 32 600 points, and a million points of V decays alone, on
// every core and on one compute thread.
BENCHMARK(bm_scan_pipeline)
    ->ArgNames({"physics", "points", "threads"})
    ->Args({0, 1 << 12, 0})
    ->Args({0, 1 << 15, 0})
    ->Args({1, 1 << 20, 0})
    ->Args({1, 1 << 20, 1})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(bm_cross_section)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_thermal_average)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_relic)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_relic_fast)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_relic_sommerfeld)->ArgsProduct({{0, 1, 2, 3}, {0, 1}})->Unit(benchmark::kMillisecond);
BENCHMARK(bm_relic_textbook)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_sommerfeld)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_sommerfeld_table)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_sommerfeld_textbook)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_bound_state)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_sidm)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_constraints)->Unit(benchmark::kMillisecond);

/// CPU model from /proc/cpuinfo ("unknown" elsewhere).
std::string cpu_model()
{
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos) {
            return line.substr(line.find(':') + 2);
        }
    }
    return "unknown";
}

}  // namespace

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    benchmark::AddCustomContext("darkscan_backend", darkscan::backend_description());
    benchmark::AddCustomContext("cpu_model", cpu_model());
    benchmark::AddCustomContext("darkscan_git_commit", darkscan::config::git_commit);
    benchmark::AddCustomContext("darkscan_build", std::string(darkscan::config::build_type) + ", " +
                                                      darkscan::config::compiler);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
