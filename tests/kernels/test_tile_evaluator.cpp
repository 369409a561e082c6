// SPDX-License-Identifier: MIT
// The backend's tile kernel against the serial reference loop on an odd-sized grid with a partial last tile, every
// physics block and constraint term on:
// CPU backends must agree bit for bit, CUDA within a relative 1e-12 (fused multiply-adds, its own libm).
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "darkscan/config.hpp"
#include "darkscan/kernels/tile_evaluator.hpp"
#include "physics_tables.hpp"
#include "scan_driver.hpp"
#include "serial_reference.hpp"

using namespace darkscan;

namespace {

bool same_value(double backend, double reference)
{
    if (std::isnan(backend) || std::isnan(reference)) {
        return std::isnan(backend) && std::isnan(reference);
    }
    if (DARKSCAN_USE_CUDA) {
        return std::abs(backend - reference) <= 1e-12 * std::abs(reference);
    }
    return std::memcmp(&backend, &reference, sizeof(double)) == 0;
}

/// Points of the grid whose backend and serial results differ (status, constraint masks and every output), over
/// every tile. The backend keeps max_in_flight() tiles going at once (two on CUDA: two streams), as a scan does.
std::uint64_t mismatched_points(std::array<std::vector<double>, axis_count> const& axes,
                                AxisParametrisation parametrisation, EvaluationSettings const& settings,
                                PhysicsTables const& tables, std::uint64_t tile_points, std::uint64_t& points)
{
    Index5 extent;
    for (int axis = 0; axis < axis_count; ++axis) {
        extent[axis] = axes[axis].size();
    }
    ScanPlan const plan = plan_scan(extent, tile_points);
    REQUIRE(plan.tile_count > 2);
    std::uint64_t const slots = plan.chunks_per_tile * plan.grid.chunk_capacity();
    TileEvaluator evaluator(plan.grid, axes, parametrisation, settings, tables, plan.chunks_per_tile);
    auto const depth = static_cast<std::uint64_t>(TileEvaluator::max_in_flight());
    std::vector<TileBuffers> backend;
    for (std::uint64_t i = 0; i < depth; ++i) {
        backend.emplace_back(slots);
    }
    TileBuffers reference(slots);

    std::uint64_t mismatches = 0;
    points = 0;
    auto const compare = [&](std::uint64_t t) {
        Tile const tile = plan.tile(t);
        TileBuffers const& computed = backend[t % depth];
        evaluate_tile_serial(plan.grid, axes, parametrisation, settings, tables, tile, reference);
        for (std::uint64_t c = 0; c < tile.chunk_count; ++c) {
            std::uint64_t const in_chunk = product(plan.grid.chunk_extent(tile.first_chunk + c));
            for (std::uint64_t i = 0; i < in_chunk; ++i) {
                std::uint64_t const slot = c * plan.grid.chunk_capacity() + i;
                ++points;
                bool same = computed.status[slot] == reference.status[slot]
                            && computed.excluded_by[slot] == reference.excluded_by[slot]
                            && computed.not_applicable[slot] == reference.not_applicable[slot];
                for (int k = 0; k < output_count; ++k) {
                    same = same && same_value(computed.outputs[k][slot], reference.outputs[k][slot]);
                }
                mismatches += same ? 0 : 1;
            }
        }
    };
    for (std::uint64_t t = 0; t < plan.tile_count; ++t) {
        if (t >= depth) {
            evaluator.wait_earliest();
            compare(t - depth);
        }
        evaluator.start(plan.tile(t), backend[t % depth]);
    }
    for (std::uint64_t t = plan.tile_count > depth ? plan.tile_count - depth : 0; t < plan.tile_count; ++t) {
        evaluator.wait_earliest();
        compare(t);
    }
    CHECK(points == product(extent));
    return mismatches;
}

/// Every constraint term, those off by default included, so that the kernels evaluate each.
std::uint64_t const every_constraint_term = ~std::uint64_t{0} >> (64 - constraint_term_count);

}  // namespace

TEST_CASE("tile kernel equals the serial reference" * doctest::skip(!device_available()))
{
    std::array<std::vector<double>, axis_count> axes;
    for (int i = 0; i < 37; ++i) {
        axes[0].push_back(1e-3 * std::pow(10.0, 4.0 * i / 36.0));  // m_V 1 MeV .. 10 GeV across every threshold
    }
    axes[1] = {0.1, 0.45, 0.5, 0.7, 2.0};  // m_chi / m_V: V -> chi chibar open, at threshold, closed; VV open
    axes[2] = {0.0, 1e-6, 1e-3};
    axes[3] = {0.0, 0.01, 0.5};
    axes[4] = {0.0, 1e-3};
    AxisParametrisation const parametrisation{MassAxes::m_chi_over_m_V, MixingAxis::epsilon};
    PhysicsTables tables = load_physics_tables(EquationOfState::saikawa_shirai_2020, every_constraint_term);
    // A small Sommerfeld table, so that the backend runs both the table path and the direct-solve fallback.
    SommerfeldTableSpec spec;
    spec.eps_phi_min = 0.02;
    spec.eps_phi_max = 2.0;
    spec.eps_v_max = 0.5;
    tables.sommerfeld = build_sommerfeld_table(spec, 2);
    EvaluationSettings const settings;  // every block
    std::uint64_t points = 0;
    CHECK(mismatched_points(axes, parametrisation, settings, tables, 97, points) == 0);  // 97: partial chunks, tiles
}

TEST_CASE("tile kernel equals the serial reference for every dark-matter type and with relic-accuracy fast"
          * doctest::skip(!device_available()))
{
    std::array<std::vector<double>, axis_count> axes;
    for (int i = 0; i < 13; ++i) {
        axes[0].push_back(1e-3 * std::pow(10.0, 4.0 * i / 12.0));
    }
    axes[1] = {0.2, 0.48, 0.7, 2.0};  // m_chi / m_V: V -> dark matter open, at threshold, closed; V V open
    axes[2] = {1e-6, 1e-3};
    axes[3] = {0.01, 0.5};
    axes[4] = {0.0};
    AxisParametrisation const parametrisation{MassAxes::m_chi_over_m_V, MixingAxis::epsilon};
    PhysicsTables const tables = load_physics_tables(EquationOfState::saikawa_shirai_2020, every_constraint_term);
    for (DarkMatterType const type :
         {DarkMatterType::complex_scalar, DarkMatterType::majorana, DarkMatterType::pseudo_dirac}) {
        CAPTURE(dark_matter_type_name(type));
        EvaluationSettings settings;  // every block
        settings.dark_matter = {type, type == DarkMatterType::pseudo_dirac ? 0.1 : 0.0};
        std::uint64_t points = 0;
        CHECK(mismatched_points(axes, parametrisation, settings, tables, 29, points) == 0);
    }
    EvaluationSettings fast;  // Dirac, every block
    fast.relic_accuracy = RelicAccuracyPreset::fast;
    std::uint64_t points = 0;
    CHECK(mismatched_points(axes, parametrisation, fast, tables, 29, points) == 0);
}
