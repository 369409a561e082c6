// SPDX-License-Identifier: MIT
// Scan driver: tiles through the backend, one writer thread for HDF5.
#include "scan_driver.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "darkscan/config.hpp"
#include "darkscan/kernels/tile_evaluator.hpp"
#include "data_files.hpp"
#include "output_fields.hpp"
#include "physics_tables.hpp"
#include "progress.hpp"
#include "relic_line.hpp"
#include "scan_file.hpp"

namespace darkscan {

Tile ScanPlan::tile(std::uint64_t index) const
{
    std::uint64_t const first = index * chunks_per_tile;
    std::uint64_t const left = grid.total_chunks() - first;
    return {index, first, left < chunks_per_tile ? left : chunks_per_tile};
}

ScanPlan plan_scan(Index5 const& extent, std::uint64_t tile_points)
{
    std::uint64_t const chunk_target = tile_points < target_chunk_points ? tile_points : target_chunk_points;
    ScanPlan plan;
    plan.grid = make_chunked_grid(extent, choose_chunk_shape(extent, chunk_target));
    std::uint64_t const capacity = plan.grid.chunk_capacity();
    plan.chunks_per_tile = tile_points > capacity ? tile_points / capacity : 1;
    // No tile larger than the grid: a small scan allocates buffers for its own points only.
    plan.chunks_per_tile = std::min(plan.chunks_per_tile, plan.grid.total_chunks());
    plan.tile_count = (plan.grid.total_chunks() + plan.chunks_per_tile - 1) / plan.chunks_per_tile;
    return plan;
}

namespace {

/// Blocking queue with a capacity; close() wakes every waiter and makes pop() return empty once drained.
template <class T>
class BoundedQueue {
public:
    explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

    bool push(T item)
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
        if (closed_) {
            return false;
        }
        items_.push_back(std::move(item));
        changed_.notify_all();
        return true;
    }

    std::optional<T> pop()
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return closed_ || !items_.empty(); });
        if (items_.empty()) {
            return std::nullopt;
        }
        T item = std::move(items_.front());
        items_.pop_front();
        changed_.notify_all();
        return item;
    }

    void close()
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        changed_.notify_all();
    }

private:
    std::size_t capacity_;
    std::deque<T> items_;
    bool closed_ = false;
    std::mutex mutex_;
    std::condition_variable changed_;
};

/// Outputs written for this scan: derived physical parameters only when an axis is not the parameter itself,
/// then every output of the physics blocks computed (of the constraint terms, the active ones).
std::vector<int> written_outputs(AxisParametrisation parametrisation, EvaluationSettings const& settings,
                                 std::uint64_t constraint_terms)
{
    std::vector<int> outputs;
    if (parametrisation.masses == MassAxes::m_V_over_m_chi) {
        outputs.push_back(out_m_V);
    }
    if (parametrisation.masses == MassAxes::m_chi_over_m_V) {
        outputs.push_back(out_m_chi);
    }
    if (parametrisation.mixing == MixingAxis::yield_Y) {
        outputs.push_back(out_epsilon);
    }
    bool const constraints = settings.computes(block_constraints) && constraint_terms != 0;
    for (int k = out_epsilon + 1; k < output_count; ++k) {
        bool const term_output = k >= out_chi2_first;
        if (settings.computes(output_blocks(k)) && (output_blocks(k) != block_constraints || constraints) &&
            (!term_output || (constraint_terms & term_bit(k - out_chi2_first)) != 0)) {
            outputs.push_back(k);
        }
    }
    return outputs;
}

/// Whether the scan writes the constraint masks excluded_by and not_applicable.
bool writes_constraint_masks(ScanConfig const& config)
{
    return config.settings.computes(block_constraints) && config.constraint_terms != 0;
}

/// Comma list of the names of the terms in `terms`.
std::string constraint_names(std::uint64_t terms)
{
    std::string names;
    for (int term = 0; term < constraint_term_count; ++term) {
        if ((terms & term_bit(term)) != 0) {
            names += (names.empty() ? "" : ",") + std::string(constraint_term_table[term].name);
        }
    }
    return names;
}

/// The per-term attributes of a chi2_<term> dataset: reference, group, likelihood form, CL and the chi^2 at the
/// published limit (mu = 1).
void add_term_attributes(FieldSpec& field, int term, double cl)
{
    auto const& info = constraint_term_table[term];
    static char const* const forms[] = {"hard", "poisson", "gaussian", "relic_gaussian", "preference"};
    field.text_attributes.emplace_back("reference", info.reference);
    field.text_attributes.emplace_back("constraint_group", info.group);
    field.text_attributes.emplace_back("likelihood", forms[static_cast<int>(info.likelihood)]);
    field.numeric_attributes.emplace_back("cl", cl);
    double at_limit = NAN;
    switch (info.likelihood) {
    case LikelihoodForm::hard_cut:
        at_limit = hard_cut_chi2;
        break;
    case LikelihoodForm::zero_event_poisson:
        at_limit = zero_event_poisson_chi2(1.0, zero_event_upper_limit(cl));
        break;
    case LikelihoodForm::gaussian:
        at_limit = gaussian_chi2(1.0, normal_quantile(cl));
        break;
    default:
        break;
    }
    if (!std::isnan(at_limit)) {
        field.numeric_attributes.emplace_back("chi2_at_limit", at_limit);
    }
}

/// A uint64 bit-mask field over the constraint terms.
FieldSpec constraint_mask_field(char const* name, char const* long_name, char const* description,
                                std::uint64_t terms)
{
    FieldSpec field{name, "1", long_name, description, ElementType::uint64, {}, {}, {}, {}};
    for (int term = 0; term < constraint_term_count; ++term) {
        if ((terms & term_bit(term)) != 0) {
            field.flag_masks.push_back(term_bit(term));
            field.flag_meanings += (field.flag_meanings.empty() ? "" : " ") + std::string(constraint_term_table[term].name);
        }
    }
    return field;
}

/// Points per tile: the configured size, or the backend's default.
std::uint64_t tile_points_of(ScanConfig const& config)
{
    return config.tile_points > 0 ? config.tile_points : default_tile_points();
}

/// The velocity of a velocity-dependent output, as its attribute name and value [units of c]; empty name if none.
std::pair<char const*, double> output_velocity(int output, EvaluationSettings const& settings)
{
    for (int i = 0; i < sommerfeld_velocity_count; ++i) {
        if (output == sommerfeld_s_output(i) || output == sommerfeld_s_output(i) + 1) {
            return {"v", settings.sommerfeld_v[i]};
        }
    }
    for (int i = 0; i < sidm_velocity_count; ++i) {
        if (output >= sigma_t_output(i) && output < sigma_t_output(i) + 3) {
            return {"v_rel", settings.sidm_v_rel[i]};
        }
    }
    return {nullptr, 0.0};
}

ScanFileLayout file_layout(ScanConfig const& config, ScanPlan const& plan, std::vector<int> const& outputs)
{
    ScanFileLayout layout;
    auto const naming = axis_naming(config.parametrisation);
    for (int axis = 0; axis < axis_count; ++axis) {
        layout.axes.push_back(
            {naming[axis].name, naming[axis].units, naming[axis].long_name, config.axes[axis].values});
    }
    for (int k : outputs) {
        auto const& info = output_info(k);
        FieldSpec field{info.name, info.units, info.long_name, info.description, ElementType::float64, {}, {}, {}, {}};
        if (k >= out_chi2_first) {
            add_term_attributes(field, k - out_chi2_first, config.constraint_cl[k - out_chi2_first]);
        }
        auto const [velocity_name, velocity] = output_velocity(k, config.settings);
        if (velocity_name != nullptr) {
            char text[64];
            std::snprintf(text, sizeof text, " (%s = %.4g km/s)", velocity_name, velocity * constants::c_km_per_s);
            field.long_name += text;
            field.numeric_attributes.emplace_back(velocity_name, velocity);
            field.numeric_attributes.emplace_back(std::string(velocity_name) + "_km_s",
                                                  velocity * constants::c_km_per_s);
        }
        layout.fields.push_back(std::move(field));
    }
    FieldSpec status_field{"status", "1", "point status flags",
                           "bit flags; 0 is a regular result, see flag_masks and flag_meanings", ElementType::uint32,
                           {}, {}, {}, {}};
    for (auto const& flag : status::flag_table) {
        status_field.flag_masks.push_back(flag.mask);
        status_field.flag_meanings += (status_field.flag_meanings.empty() ? "" : " ") + std::string(flag.name);
    }
    layout.fields.push_back(std::move(status_field));
    if (writes_constraint_masks(config)) {
        layout.fields.push_back(constraint_mask_field(
            "excluded_by", "constraints excluding the point",
            "bit k set: constraint term k (flag_meanings) excludes the point at its published confidence level "
            "(signal above the published limit)",
            config.constraint_terms));
        layout.fields.push_back(constraint_mask_field(
            "not_applicable", "constraints not applicable at the point",
            "bit k set: constraint term k cannot be evaluated at this point (a limit given on one slice of "
            "parameters, off that slice); its chi2 is 0",
            config.constraint_terms));
    }
    for (int axis = 0; axis < axis_count; ++axis) {
        layout.chunk_shape[axis] = plan.grid.chunk[axis];
    }
    layout.tile_count = plan.tile_count;
    return layout;
}

/// The Sommerfeld table a scan builds: over the eps_phi = m_V/(alpha_D m_chi) range of its grid and up to the
/// largest eps_v = v/alpha_D it evaluates, when it makes enough Sommerfeld evaluations to repay the build
/// (option sommerfeld-table: auto), always (on) or never (off).
std::optional<SommerfeldTableSpec> sommerfeld_table_for_scan(ScanConfig const& config)
{
    DarkMatterType const type = config.settings.dark_matter.type;
    bool const yukawa = type == DarkMatterType::dirac || type == DarkMatterType::complex_scalar;  // output_modelled
    bool const needs_factors = yukawa && (config.settings.computes(block_sommerfeld) || config.settings.relic_sommerfeld);
    if (!needs_factors || config.sommerfeld_table == SommerfeldTableMode::off) {
        return std::nullopt;
    }
    // eps_phi is monotonic in every coordinate, so its range is spanned by the grid's corners (alpha_D = 0 is
    // no force: the smallest positive alpha_D stands in).
    auto const& alphas = config.axes[3].values;
    auto const positive_alpha = std::find_if(alphas.begin(), alphas.end(), [](double a) { return a > 0; });
    if (positive_alpha == alphas.end()) {
        return std::nullopt;
    }
    double eps_phi_low = INFINITY;
    double eps_phi_high = 0.0;
    for (int corner = 0; corner < (1 << axis_count); ++corner) {
        double coordinate[axis_count];
        for (int axis = 0; axis < axis_count; ++axis) {
            auto const& values = config.axes[axis].values;
            coordinate[axis] = (corner >> axis & 1) ? values.back() : values.front();
        }
        coordinate[3] = std::max(coordinate[3], *positive_alpha);
        DarkSectorParameters const p = physical_parameters(coordinate, config.parametrisation);
        double const eps_phi = p.m_V / (p.alpha_D * p.m_chi);
        eps_phi_low = std::min(eps_phi_low, eps_phi);
        eps_phi_high = std::max(eps_phi_high, eps_phi);
    }
    // Speeds: the configured ones and the freeze-out average's (largest node u = 4.77 at x_f >= 5: v <= 2.2).
    auto const& speeds = config.settings.sommerfeld_v;
    double v_high = *std::max_element(std::begin(speeds), std::end(speeds));
    int evaluations_per_point = config.settings.computes(block_sommerfeld) ? sommerfeld_velocity_count : 0;
    if (config.settings.computes(block_relic)) {
        v_high = std::max(v_high, 2.2);
        evaluations_per_point += 12;
    }
    if (config.settings.relic_sommerfeld) {
        evaluations_per_point += 12 * 30;  // the 12-point average at ~30 rate nodes of the relic solve
    }
    SommerfeldTableSpec spec;
    spec.eps_phi_min = std::max(spec.eps_phi_min, 0.9 * eps_phi_low);
    spec.eps_phi_max = std::min(spec.eps_phi_max, 1.1 * eps_phi_high);
    spec.eps_v_max = std::min(spec.eps_v_max, 1.1 * v_high / *positive_alpha);
    if (!(spec.eps_phi_min < spec.eps_phi_max)) {
        return std::nullopt;  // the grid's eps_phi lie outside the table's domain
    }
    // The full default table costs about as much as 5e5 direct solves (13 s on one core, 25 us per solve):
    // build it when the scan makes more evaluations than that.
    bool const repays = double(config.point_count()) * evaluations_per_point > 5e5;
    if (config.sommerfeld_table == SommerfeldTableMode::automatic && !repays) {
        return std::nullopt;
    }
    return spec;
}

/// The pseudo-Dirac splitting as the text of the root attribute dm_splitting_over_mchi (the shortest form that reads
/// back exactly).
std::string splitting_text(double splitting)
{
    char text[32];
    auto const written = std::to_chars(text, text + sizeof text, splitting);
    return std::string(text, written.ptr);
}

struct FilledTile {
    Tile tile;
    std::unique_ptr<TileBuffers> buffers;
};

}  // namespace

ScanEstimate estimate_scan(ScanConfig const& config)
{
    if (config.data_directory) {
        data::set_directory(*config.data_directory);
    }
    load_physics_tables(config.equation_of_state, config.constraint_terms,
                        config.constraint_cl);  // every data file present and intact
    check_output_destination(config.output, config.overwrite ? ExistingFile::overwrite : ExistingFile::refuse);
    ScanEstimate estimate;
    estimate.points = config.point_count();
    ScanPlan const plan = plan_scan(config.extent(), tile_points_of(config));
    estimate.chunk_points = plan.grid.chunk_capacity();
    estimate.tile_points = plan.chunks_per_tile * estimate.chunk_points;
    estimate.tile_count = plan.tile_count;
    auto const outputs = written_outputs(config.parametrisation, config.settings, config.constraint_terms);
    ScanFileLayout const layout = file_layout(config, plan, outputs);
    std::uint64_t point_bytes = 0;
    for (FieldSpec const& field : layout.fields) {
        estimate.datasets.push_back(field.name);
        point_bytes += field.type == ElementType::uint32 ? sizeof(std::uint32_t) : sizeof(double);
    }
    estimate.output_bytes = estimate.points * point_bytes;
    // Stored outputs, status and the two constraint masks, in each of the three tile buffers.
    estimate.buffer_bytes = 3 * estimate.tile_points
                            * (outputs.size() * sizeof(double) + sizeof(status::Flags) + 2 * sizeof(std::uint64_t));
    auto const spec = sommerfeld_table_for_scan(config);
    if (spec) {
        char text[160];
        std::snprintf(text, sizeof text, "eps_phi %.3g..%.3g, eps_v <= %.3g (built at the start)", spec->eps_phi_min,
                      spec->eps_phi_max, spec->eps_v_max);
        estimate.sommerfeld_table = text;
    } else {
        estimate.sommerfeld_table = "none";
    }
    return estimate;
}

std::vector<DatasetSchema> scan_schema(ScanConfig const& config)
{
    ScanPlan const plan = plan_scan(config.extent(), tile_points_of(config));
    ScanFileLayout const layout
        = file_layout(config, plan, written_outputs(config.parametrisation, config.settings, config.constraint_terms));
    std::vector<std::pair<FieldSpec, int>> reduced;
    if (config.relic_line_axis) {
        int const axis = *config.relic_line_axis;
        for (FieldSpec const& field : relic_line_fields(layout.axes[axis], config.relic_omega_h2)) {
            reduced.emplace_back(field, axis);
        }
    }
    return layout_schema(layout, reduced);
}

ScanSummary run_scan(ScanConfig const& config, std::atomic<bool> const& stop_requested)
{
    auto const started = std::chrono::steady_clock::now();
    std::string const start_time = utc_now_iso8601();
    if (config.data_directory) {
        data::set_directory(*config.data_directory);
    }
    set_cpu_threads(config.threads);
    PhysicsTables tables = load_physics_tables(config.equation_of_state, config.constraint_terms, config.constraint_cl);
    if (auto const spec = sommerfeld_table_for_scan(config)) {
        tables.sommerfeld = build_sommerfeld_table(*spec, config.threads);
    }

    ScanPlan const plan = plan_scan(config.extent(), tile_points_of(config));
    std::vector<int> const outputs = written_outputs(config.parametrisation, config.settings, config.constraint_terms);

    std::string data_provenance;
    for (auto const& file : tables.data_files()) {
        data_provenance += file + " <- " + data::provenance(file) + "\n";
    }
    ScanFileLayout const layout = file_layout(config, plan, outputs);
    ScanFile file(config.output, layout,
                  {{"darkscan_version", config::version},
                   {"git_commit", config::git_commit},
                   {"backend", backend_description()},
                   {"config_text", config.config_text},
                   {"data_files", data_provenance},
                   {"equation_of_state", std::string(to_string(config.equation_of_state))},
                   {"physics", physics_blocks_text(config.settings.blocks)},
                   {"constraints", constraint_names(config.constraint_terms)},
                   {"relic_likelihood",
                    config.settings.constraints.relic == RelicLikelihood::gaussian ? "gaussian" : "upper_bound"},
                   {"relic_sommerfeld", config.settings.relic_sommerfeld ? "on" : "off"},
                   {"dm_type", dark_matter_type_name(config.settings.dark_matter.type)},
                   {"dm_splitting_over_mchi", splitting_text(config.settings.dark_matter.splitting)},
                   {"sommerfeld_table", describe(tables.sommerfeld)},
                   {"start_time", start_time}},
                  config.overwrite ? ExistingFile::overwrite : ExistingFile::refuse);

    std::array<std::vector<double>, axis_count> axis_values;
    for (int axis = 0; axis < axis_count; ++axis) {
        axis_values[axis] = config.axes[axis].values;
    }
    TileEvaluator evaluator(plan.grid, axis_values, config.parametrisation, config.settings, tables,
                            plan.chunks_per_tile, outputs);

    // Three buffers: one being computed, one queued, one being written.
    std::uint64_t const slots = plan.chunks_per_tile * plan.grid.chunk_capacity();
    BoundedQueue<std::unique_ptr<TileBuffers>> free_buffers(3);
    for (int i = 0; i < 3; ++i) {
        free_buffers.push(std::make_unique<TileBuffers>(slots, outputs));
    }
    BoundedQueue<FilledTile> filled(2);

    ScanSummary summary;
    summary.points_total = config.point_count();
    std::exception_ptr writer_error;
    std::uint64_t tiles_written = 0;
    bool const masks = writes_constraint_masks(config);
    std::thread writer([&] {
        try {
            while (auto item = filled.pop()) {
                auto const& buffers = *item->buffers;
                for (std::uint64_t c = 0; c < item->tile.chunk_count; ++c) {
                    std::uint64_t const chunk = item->tile.first_chunk + c;
                    Index5 const origin = plan.grid.chunk_origin(chunk);
                    Index5 const box = plan.grid.chunk_extent(chunk);
                    Shape start{};
                    Shape count{};
                    for (int axis = 0; axis < axis_count; ++axis) {
                        start[axis] = origin[axis];
                        count[axis] = box[axis];
                    }
                    std::uint64_t const offset = c * plan.grid.chunk_capacity();
                    for (std::size_t f = 0; f < outputs.size(); ++f) {
                        file.write_box(f, start, count, buffers.outputs[outputs[f]].data() + offset);
                    }
                    file.write_box(outputs.size(), start, count, buffers.status.data() + offset);
                    if (masks) {
                        file.write_box(outputs.size() + 1, start, count, buffers.excluded_by.data() + offset);
                        file.write_box(outputs.size() + 2, start, count, buffers.not_applicable.data() + offset);
                    }
                    std::uint64_t const points = product(box);
                    for (std::uint64_t i = 0; i < points; ++i) {
                        for (status::Flags flags = buffers.status[offset + i]; flags != 0; flags &= flags - 1) {
                            ++summary.flag_counts[__builtin_ctz(flags)];
                        }
                    }
                    summary.points_done += points;
                }
                file.mark_tile_done(item->tile.index);
                ++tiles_written;
                free_buffers.push(std::move(item->buffers));
            }
        } catch (...) {
            writer_error = std::current_exception();
            free_buffers.close();  // stops the compute loop
        }
    });

    bool const show_progress = config.progress == ProgressMode::always ||
                               (config.progress == ProgressMode::automatic && isatty(STDERR_FILENO));
    ProgressLine progress(summary.points_total, show_progress);
    std::uint64_t points_computed = 0;
    try {
        for (std::uint64_t t = 0; t < plan.tile_count && !stop_requested.load(); ++t) {
            auto buffers = free_buffers.pop();
            if (!buffers) {
                break;
            }
            Tile const tile = plan.tile(t);
            evaluator.evaluate(tile, **buffers);
            for (std::uint64_t c = 0; c < tile.chunk_count; ++c) {
                points_computed += product(plan.grid.chunk_extent(tile.first_chunk + c));
            }
            if (!filled.push({tile, std::move(*buffers)})) {
                break;
            }
            progress.update(points_computed);
        }
    } catch (...) {
        filled.close();
        writer.join();
        progress.close();
        throw;
    }
    filled.close();
    writer.join();
    progress.close();
    if (writer_error) {
        std::rethrow_exception(writer_error);
    }

    summary.complete = tiles_written == plan.tile_count;
    if (summary.complete && config.relic_line_axis) {
        auto const omega = std::find(outputs.begin(), outputs.end(), out_omega_h2);
        Shape extent{};
        for (int axis = 0; axis < axis_count; ++axis) {
            extent[axis] = plan.grid.extent[axis];
        }
        int const axis = *config.relic_line_axis;
        write_relic_line(file, static_cast<std::size_t>(omega - outputs.begin()), extent, axis, layout.axes[axis],
                         config.relic_omega_h2);
    }
    file.set_root_attribute({"end_time", utc_now_iso8601()});
    file.finish(summary.complete);
    summary.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

}  // namespace darkscan
