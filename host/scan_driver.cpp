// SPDX-License-Identifier: MIT
// Scan driver: plan, output files (new, continued, per-rank parts and their master), the tile pipeline of every
// rank, and the tile protocol between rank 0 and the other ranks.
#include "scan_driver.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <deque>
#include <exception>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include "darkscan/config.hpp"
#include "darkscan/kernels/tile_evaluator.hpp"
#include "data_files.hpp"
#include "errors.hpp"
#include "output_fields.hpp"
#include "physics_tables.hpp"
#include "progress.hpp"
#include "relic_line.hpp"
#include "scan_file.hpp"
#include "tile_pipeline.hpp"

namespace darkscan {

std::vector<std::pair<Index5, Index5>> chunk_run_boxes(ChunkedGrid const& grid, std::uint64_t first_chunk,
                                                       std::uint64_t end_chunk)
{
    // Chunk strides of the row-major chunk numbering: unit[k] chunks step index k by one.
    std::uint64_t unit[axis_count];
    unit[axis_count - 1] = 1;
    for (int k = axis_count - 2; k >= 0; --k) {
        unit[k] = unit[k + 1] * grid.chunk_count[k + 1];
    }
    std::vector<std::pair<Index5, Index5>> boxes;
    // Chunks [from, to), both multiples of unit[k] within one block of unit[k - 1]: a box spanning axis k.
    auto const add = [&](std::uint64_t from, std::uint64_t to, int k) {
        Index5 start = unflatten(from, grid.chunk_count);
        Index5 count;
        for (int axis = 0; axis < axis_count; ++axis) {
            count[axis] = axis < k ? 1 : axis == k ? (to - from) / unit[k] : grid.chunk_count[axis];
        }
        Index5 point_start;
        Index5 point_count;
        for (int axis = 0; axis < axis_count; ++axis) {
            point_start[axis] = start[axis] * grid.chunk[axis];
            std::uint64_t const end = std::min(grid.extent[axis], (start[axis] + count[axis]) * grid.chunk[axis]);
            point_count[axis] = end - point_start[axis];
        }
        boxes.emplace_back(point_start, point_count);
    };
    std::uint64_t from = first_chunk;
    int k = axis_count - 1;
    // Up from the innermost axis: complete the partial blocks at the start.
    for (; k > 0; --k) {
        std::uint64_t const boundary = (from + unit[k - 1] - 1) / unit[k - 1] * unit[k - 1];
        if (boundary >= end_chunk) {
            break;
        }
        if (from < boundary) {
            add(from, boundary, k);
        }
        from = boundary;
    }
    // Down to the innermost axis: whole blocks, then ever smaller ones up to the end.
    for (; k < axis_count; ++k) {
        std::uint64_t const to = end_chunk / unit[k] * unit[k];
        if (from < to) {
            add(from, to, k);
            from = to;
        }
    }
    return boxes;
}

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
        FieldSpec field{info.name, info.units, info.long_name, info.description, ElementType::float64, {}, {}, {}};
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
                           {}, {}, {}};
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
    if (config.relic_line_axis) {
        int const axis = *config.relic_line_axis;
        layout.reduced_fields = relic_line_fields(layout.axes[axis], axis, config.relic_omega_h2);
    }
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

// --- Output files: identity, kinds, parts ------------------------------------------------------------------

// Root attributes that let a later run continue a file.
constexpr char const* kind_attribute = "darkscan_file";  // "scan", "part" or "master"
constexpr char const* identity_attribute = "scan_identity";
constexpr char const* tile_points_attribute = "tile_points";

/// Everything that decides the values of a scan, one "key = value" line each: the build (results are bitwise
/// reproducible only within one version and one kind of backend: CPU backends agree bit for bit, CUDA within
/// 1e-12), the grid and physics settings, and the reference data.
std::string scan_identity(ScanConfig const& config, PhysicsTables const& tables)
{
    std::string identity = std::string("darkscan_version = ") + config::version + "\n"
                           + "git_commit = " + config::git_commit + "\n"
                           + "numerics = " + (DARKSCAN_USE_CUDA ? "cuda" : "cpu") + "\n" + config.result_settings;
    for (auto const& file : tables.data_files()) {
        identity += "data " + file + " = " + data::provenance(file) + "\n";
    }
    return identity;
}

/// "key = value" lines in order.
std::vector<std::pair<std::string, std::string>> setting_lines(std::string const& text)
{
    std::vector<std::pair<std::string, std::string>> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        auto const equals = line.find(" = ");
        if (equals != std::string::npos) {
            lines.emplace_back(line.substr(0, equals), line.substr(equals + 3));
        }
    }
    return lines;
}

/// Throws InputError naming the first setting in which a file (identity `found`) differs from this run.
void check_identity(std::filesystem::path const& path, std::string const& found, std::string const& expected)
{
    if (found == expected) {
        return;
    }
    std::string const advice = " (continue with the settings of the run that wrote it, or use --overwrite)";
    auto const old_lines = setting_lines(found);
    auto const new_lines = setting_lines(expected);
    auto const find_key = [](auto const& lines, std::string const& key) {
        return std::find_if(lines.begin(), lines.end(), [&key](auto const& line) { return line.first == key; });
    };
    for (auto const& [key, value] : new_lines) {
        auto const old = find_key(old_lines, key);
        if (old == old_lines.end()) {
            throw InputError("cannot resume " + path.string() + ": it was written without " + key + " = " + value
                             + advice);
        }
        if (old->second != value) {
            throw InputError("cannot resume " + path.string() + ": " + key + " is '" + value + "' here but was '"
                             + old->second + "'" + advice);
        }
    }
    for (auto const& [key, value] : old_lines) {
        if (find_key(new_lines, key) == new_lines.end()) {
            throw InputError("cannot resume " + path.string() + ": it was written with " + key + " = " + value
                             + ", which this run lacks" + advice);
        }
    }
    throw InputError("cannot resume " + path.string() + ": it was written with other settings" + advice);
}

/// Part file `part` of a per-rank scan writing `output`: "<stem>.part<k><extension>" beside it.
std::filesystem::path part_path(std::filesystem::path const& output, int part)
{
    return output.parent_path()
           / (output.stem().string() + ".part" + std::to_string(part) + output.extension().string());
}

/// Numbers of the part files of `output` that exist, in increasing order.
std::vector<int> existing_parts(std::filesystem::path const& output)
{
    std::filesystem::path const directory = output.has_parent_path() ? output.parent_path() : ".";
    std::regex const pattern(std::regex_replace(output.stem().string(), std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)")
                             + R"(\.part([0-9]+))"
                             + std::regex_replace(output.extension().string(), std::regex(R"(\.)"), R"(\.)"));
    std::vector<int> parts;
    std::error_code error;
    for (auto const& entry : std::filesystem::directory_iterator(directory, error)) {
        std::smatch match;
        std::string const name = entry.path().filename().string();
        if (std::regex_match(name, match, pattern) && match[1].length() < 9) {
            parts.push_back(std::stoi(match[1].str()));
        }
    }
    std::sort(parts.begin(), parts.end());
    return parts;
}

/// What a run starts from: nothing (a new scan), or the tiles done by earlier runs and their tile size.
struct Continuation {
    bool exists = false;
    std::uint64_t tile_points = 0;
    std::vector<std::uint8_t> done;  ///< per tile, over every file of the scan
};

/// The state of one file of an earlier run of this scan, checked: its kind, settings and tile size.
ScanFileState checked_state(std::filesystem::path const& path, char const* kind, std::string const& identity,
                            ScanConfig const& config)
{
    ScanFileState state = read_scan_file_state(path);
    std::string const found_kind = state.attribute(kind_attribute);
    if (found_kind != kind) {
        bool const per_rank = found_kind == "part" || found_kind == "master";
        throw InputError("cannot resume " + path.string() + ": it is "
                         + (found_kind.empty() ? "not a darkscan scan file" : "a '" + found_kind + "' file")
                         + (per_rank ? " of an --mpi-output per-rank scan (resume with --mpi-output per-rank)"
                            : found_kind == "scan" ? " (resume with --mpi-output single)"
                                                   : ""));
    }
    check_identity(path, state.attribute(identity_attribute), identity);
    std::string const stored = state.attribute(tile_points_attribute);
    std::uint64_t const tile_points = std::strtoull(stored.c_str(), nullptr, 10);
    if (tile_points == 0) {
        throw InputError("cannot resume " + path.string() + ": it records no tile size");
    }
    if (config.tile_points != 0 && config.tile_points != tile_points) {
        throw InputError("option 'tile': " + std::to_string(config.tile_points) + " differs from the " + stored
                         + " points per tile of " + path.string() + " (resume with --tile " + stored
                         + " or without --tile)");
    }
    return state;
}

/// Rank 0: what the output holds already, checked against this run; throws when it cannot be continued or
/// (without --resume) when it exists and --overwrite is not given. Changes nothing on disk.
Continuation inspect_output(ScanConfig const& config, std::string const& identity)
{
    ExistingFile const existing = config.overwrite ? ExistingFile::overwrite : ExistingFile::refuse;
    std::error_code error;
    bool const output_exists = std::filesystem::exists(config.output, error);
    Continuation continuation;
    if (config.mpi_output == MpiOutput::single) {
        if (!config.resume || !output_exists) {
            check_output_destination(config.output, existing);
            return continuation;
        }
        ScanFileState const state = checked_state(config.output, "scan", identity, config);
        continuation.exists = true;
        continuation.tile_points = std::strtoull(state.attribute(tile_points_attribute).c_str(), nullptr, 10);
        continuation.done = state.tile_done;
        return continuation;
    }
    std::vector<int> const parts = existing_parts(config.output);
    if (!config.resume || (parts.empty() && !output_exists)) {
        if (!config.overwrite && !parts.empty()) {
            throw OutputError("part file " + part_path(config.output, parts.front()).string()
                              + " exists (use --resume to continue the scan, --overwrite to replace it)");
        }
        check_output_destination(config.output, existing);
        return continuation;
    }
    if (parts.empty()) {
        checked_state(config.output, "master", identity, config);  // says what the file is instead
        throw InputError("cannot resume " + config.output.string() + ": its part files "
                         + part_path(config.output, 0).string() + ", ... are missing");
    }
    for (int part : parts) {
        std::filesystem::path const path = part_path(config.output, part);
        ScanFileState const state = checked_state(path, "part", identity, config);
        std::uint64_t const tile_points = std::strtoull(state.attribute(tile_points_attribute).c_str(), nullptr, 10);
        if (continuation.exists
            && (tile_points != continuation.tile_points || state.tile_done.size() != continuation.done.size())) {
            throw InputError("cannot resume " + config.output.string() + ": part file " + path.string()
                             + " has another tile plan than the other parts");
        }
        if (!continuation.exists) {
            continuation.done.assign(state.tile_done.size(), 0);
        }
        continuation.exists = true;
        continuation.tile_points = tile_points;
        for (std::size_t t = 0; t < state.tile_done.size(); ++t) {
            continuation.done[t] |= state.tile_done[t];
        }
    }
    return continuation;
}

/// Points in the tiles whose flag is set.
std::uint64_t points_in_tiles(ScanPlan const& plan, std::vector<std::uint8_t> const& flags)
{
    std::uint64_t points = 0;
    for (std::uint64_t t = 0; t < flags.size(); ++t) {
        if (flags[t]) {
            Tile const tile = plan.tile(t);
            for (std::uint64_t c = 0; c < tile.chunk_count; ++c) {
                points += product(plan.grid.chunk_extent(tile.first_chunk + c));
            }
        }
    }
    return points;
}

/// Tile buffers per process: the tiles in flight on the device, one waiting, one being written or sent.
std::size_t buffer_count()
{
    return static_cast<std::size_t>(TileEvaluator::max_in_flight()) + 2;
}

/// Bytes per slot of a tile buffer: the stored outputs, the status and the two constraint masks.
std::uint64_t bytes_per_slot(std::vector<int> const& outputs)
{
    return outputs.size() * sizeof(double) + sizeof(status::Flags) + 2 * sizeof(std::uint64_t);
}

/// The master of a per-rank scan: every field a virtual dataset over the part files, each tile taken from the
/// first part that marks it done.
ScanFileLayout master_layout(ScanFileLayout layout, ScanPlan const& plan, std::filesystem::path const& output)
{
    std::vector<std::uint8_t> taken(plan.tile_count, 0);
    for (int part : existing_parts(output)) {
        std::filesystem::path const path = part_path(output, part);
        std::vector<std::uint8_t> flags = read_scan_file_state(path).tile_done;
        if (flags.size() != plan.tile_count) {
            throw OutputError(path.string() + ": its tile plan differs from the scan's");
        }
        VirtualSource source{path.filename().string(), {}};
        for (std::uint64_t t = 0; t < plan.tile_count; ++t) {
            flags[t] = flags[t] && !taken[t];
            taken[t] |= flags[t];
        }
        for (TileRange const& run : tile_runs(flags, 1)) {
            Tile const first = plan.tile(run.first);
            Tile const last = plan.tile(run.first + run.count - 1);
            for (auto const& [start, count] :
                 chunk_run_boxes(plan.grid, first.first_chunk, last.first_chunk + last.chunk_count)) {
                Shape box_start{};
                Shape box_count{};
                for (int axis = 0; axis < axis_count; ++axis) {
                    box_start[axis] = start[axis];
                    box_count[axis] = count[axis];
                }
                source.boxes.emplace_back(box_start, box_count);
            }
        }
        if (!source.boxes.empty()) {
            layout.virtual_sources.push_back(std::move(source));
        }
    }
    if (std::count(taken.begin(), taken.end(), std::uint8_t{1}) != static_cast<std::ptrdiff_t>(plan.tile_count)) {
        throw OutputError(output.string() + ": the part files do not hold every tile");
    }
    return layout;
}

// --- The run: threads of each rank and the tile protocol ------------------------------------------------------

/// Tiles of a run, taken one by one from a source of tile ranges (the dispenser, or the ranges rank 0 assigned).
class TileCursor {
public:
    TileCursor(ScanPlan const& plan, std::function<std::optional<TileRange>()> next_range)
        : plan_(plan), next_range_(std::move(next_range))
    {
    }
    std::optional<Tile> next()
    {
        while (range_.count == 0) {
            std::optional<TileRange> const range = next_range_();
            if (!range) {
                return std::nullopt;
            }
            range_ = *range;
        }
        --range_.count;
        return plan_.tile(range_.first++);
    }

private:
    ScanPlan const& plan_;
    std::function<std::optional<TileRange>()> next_range_;
    TileRange range_;
};

/// The tally of the tiles written in this run, added to by write threads and by rank 0's MPI loop.
class RunTally {
public:
    void add(TileTally const& tally)
    {
        std::lock_guard lock(mutex_);
        total_.add(tally);
    }
    TileTally get() const
    {
        std::lock_guard lock(mutex_);
        return total_;
    }

private:
    mutable std::mutex mutex_;
    TileTally total_;
};

/// Joins every stage, then rethrows the first failure.
void join_all(std::initializer_list<Stage*> stages)
{
    std::exception_ptr first;
    for (Stage* stage : stages) {
        try {
            stage->join();
        } catch (...) {
            if (!first) {
                first = std::current_exception();
            }
        }
    }
    if (first) {
        std::rethrow_exception(first);
    }
}

/// Sleep of a polling MPI loop: short while messages flow, up to 2 ms when idle (the wait ends early when a
/// local thread reports).
class PollInterval {
public:
    void busy() { interval_ = std::chrono::microseconds(50); }
    std::chrono::microseconds next()
    {
        auto const current = interval_;
        interval_ = std::min(interval_ * 2, std::chrono::microseconds(2000));
        return current;
    }

private:
    std::chrono::microseconds interval_{50};
};

/// Sends that must outlive the loop iteration posting them, with their payloads.
class PendingSends {
public:
    void send(MpiContext& mpi, int destination, MpiTag tag, std::vector<std::uint64_t> payload)
    {
        sends_.emplace_back(std::make_unique<std::vector<std::uint64_t>>(std::move(payload)), MpiContext::Request{});
        auto& [data, request] = sends_.back();
        request = mpi.send(destination, tag, data->data(), data->size() * sizeof(std::uint64_t));
    }
    void prune()
    {
        while (!sends_.empty() && sends_.front().second.done()) {
            sends_.pop_front();
        }
    }
    bool empty() const { return sends_.empty(); }

private:
    std::deque<std::pair<std::unique_ptr<std::vector<std::uint64_t>>, MpiContext::Request>> sends_;
};

/// What every rank's run needs.
struct RunContext {
    ScanConfig const& config;
    ScanPlan const& plan;
    std::vector<int> const& outputs;  ///< written outputs, in field order (status last)
    TileEvaluator& evaluator;
    MpiContext& mpi;
    std::atomic<bool> const& stop;
    ScanFile* file;  ///< the file this rank writes; nullptr for the other ranks of a one-file MPI scan
    ProgressReport* progress;  ///< rank 0's
    int write_threads;  ///< threads encoding chunks for the writer
};

/// The write stage of this rank: its file, with write_threads threads encoding chunks.
void write_file(RunContext const& run, TileFlow& flow, std::function<void(TileTally const&)> const& written)
{
    LoopThreads encoders(run.write_threads);
    write_tiles(*run.file, run.plan.grid, run.outputs, flow, encoders,
                [&](Tile const&, TileTally const& tally) { written(tally); });
}

std::uint64_t tile_slots(ScanPlan const& plan, Tile const& tile)
{
    return tile.chunk_count * plan.grid.chunk_capacity();
}

/// A job of one process: compute and write threads, progress on this thread.
TileTally run_alone(RunContext const& run, std::vector<std::uint8_t> const& done)
{
    TileDispenser dispenser(done, 1);
    TileCursor cursor(run.plan, [&] { return dispenser.next(); });
    TileFlow flow(buffer_count(), run.plan.chunks_per_tile * run.plan.grid.chunk_capacity(), run.outputs);
    Wakeup wakeup;
    RunTally tally;
    Stage writer([&] { write_file(run, flow, [&](TileTally const& t) { tally.add(t); }); }, wakeup);
    std::function<std::optional<Tile>()> const next_tile = [&] { return cursor.next(); };
    Stage compute([&] { compute_tiles(run.evaluator, flow, next_tile, run.stop); }, wakeup);
    bool closed = false;
    while (!writer.finished()) {
        if (compute.finished() && !closed) {
            flow.filled.close();
            closed = true;
        }
        run.progress->update(tally.get().points);
        wakeup.wait_for(std::chrono::milliseconds(200));
    }
    flow.close();
    join_all({&compute, &writer});
    run.progress->update(tally.get().points);
    return tally.get();
}

/// Rank 0 of an MPI job: hands out tiles on request, computes tiles itself, writes its own (and in a one-file
/// scan every other rank's) tiles, and reports progress.
TileTally run_root(RunContext const& run, std::vector<std::uint8_t> const& done)
{
    bool const one_file = run.config.mpi_output == MpiOutput::single;
    std::uint64_t const slots = run.plan.chunks_per_tile * run.plan.grid.chunk_capacity();
    TileDispenser dispenser(done, run.mpi.size());
    TileCursor cursor(run.plan, [&] { return dispenser.next(); });
    // Two more buffers to receive other ranks' tiles into.
    TileFlow flow(buffer_count() + (one_file ? 2 : 0), slots, run.outputs);
    Wakeup wakeup;
    RunTally written;  // by this rank's writer
    RunTally reported;  // by other ranks' writers (per-rank output)
    Stage writer([&] { write_file(run, flow, [&](TileTally const& t) { written.add(t); }); }, wakeup);
    std::function<std::optional<Tile>()> const next_tile = [&] { return cursor.next(); };
    Stage compute([&] { compute_tiles(run.evaluator, flow, next_tile, run.stop); }, wakeup);

    PendingSends sends;
    PollInterval poll;
    // A rank has finished once its `finished` message and every tile (one file) or report (per-rank output) it
    // announces there have arrived: MPI keeps messages of different tags in no order.
    std::vector<std::uint64_t> received(static_cast<std::size_t>(run.mpi.size()), 0);
    std::vector<std::optional<std::uint64_t>> announced(static_cast<std::size_t>(run.mpi.size()));
    auto const ranks_running = [&] {
        int running = 0;
        for (std::size_t rank = 1; rank < received.size(); ++rank) {
            running += !(announced[rank] && *announced[rank] == received[rank]);
        }
        return running;
    };
    int workers_running = run.mpi.size() - 1;
    bool stop_sent = false;
    bool closed = false;
    std::vector<std::uint64_t> message(TileTally{}.to_array().size());
    // Until this rank's writer is done and every other rank has finished (per-rank output: writing its part).
    while (!writer.finished() || workers_running > 0) {
        if ((writer.finished() && !closed) || compute.failed()) {
            break;  // the writer or this rank's compute failed: end the job now, not once every tile is handed out
        }
        if (run.stop.load() && !stop_sent) {
            dispenser.stop();
            for (int rank = 1; rank < run.mpi.size(); ++rank) {
                sends.send(run.mpi, rank, MpiTag::stop, {0});
            }
            stop_sent = true;
        }
        while (auto const waiting = run.mpi.probe(MpiTag::request)) {
            std::uint64_t ignored = 0;
            run.mpi.receive_now(waiting->source, MpiTag::request, &ignored, sizeof ignored);
            TileRange const range = dispenser.next().value_or(TileRange{});
            sends.send(run.mpi, waiting->source, MpiTag::assign, {range.first, range.count});
            poll.busy();
        }
        while (one_file) {
            auto const waiting = run.mpi.probe(MpiTag::tile);
            if (!waiting) {
                break;
            }
            std::optional<std::unique_ptr<TileBuffers>> buffers = flow.pool.try_pop();
            if (!buffers) {
                break;  // received once the writer has freed a buffer
            }
            std::uint64_t index = 0;
            run.mpi.receive_now(waiting->source, MpiTag::tile, &index, sizeof index);
            Tile const tile = run.plan.tile(index);
            std::uint64_t const used = tile_slots(run.plan, tile);
            for (int k : run.outputs) {
                run.mpi.receive_now(waiting->source, MpiTag::tile_data, (*buffers)->outputs[k].data(),
                                    used * sizeof(double));
            }
            run.mpi.receive_now(waiting->source, MpiTag::tile_data, (*buffers)->status.data(),
                                used * sizeof(status::Flags));
            run.mpi.receive_now(waiting->source, MpiTag::tile_data, (*buffers)->excluded_by.data(),
                                used * sizeof(std::uint64_t));
            run.mpi.receive_now(waiting->source, MpiTag::tile_data, (*buffers)->not_applicable.data(),
                                used * sizeof(std::uint64_t));
            flow.filled.push({tile, std::move(*buffers)});
            ++received[static_cast<std::size_t>(waiting->source)];
            poll.busy();
        }
        while (auto const waiting = run.mpi.probe(MpiTag::written)) {
            run.mpi.receive_now(waiting->source, MpiTag::written, message.data(),
                                message.size() * sizeof(std::uint64_t));
            reported.add(TileTally::from_array(message.data()));
            ++received[static_cast<std::size_t>(waiting->source)];
            poll.busy();
        }
        while (auto const waiting = run.mpi.probe(MpiTag::finished)) {
            std::uint64_t messages = 0;
            run.mpi.receive_now(waiting->source, MpiTag::finished, &messages, sizeof messages);
            announced[static_cast<std::size_t>(waiting->source)] = messages;
            poll.busy();
        }
        workers_running = ranks_running();
        sends.prune();
        // One file: the writer takes the other ranks' tiles until each has finished.
        if (compute.finished() && (!one_file || workers_running == 0) && !closed) {
            flow.filled.close();
            closed = true;
        }
        run.progress->update(written.get().points + reported.get().points);
        wakeup.wait_for(poll.next());
    }
    flow.close();
    join_all({&compute, &writer});
    while (!sends.empty()) {
        sends.prune();
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    run.progress->update(written.get().points + reported.get().points);
    return written.get();
}

/// Ranks other than 0: compute the tiles rank 0 assigns, then send them to rank 0 (one file) or write them into
/// this rank's part file and report them.
TileTally run_worker(RunContext const& run)
{
    bool const one_file = run.config.mpi_output == MpiOutput::single;
    std::uint64_t const slots = run.plan.chunks_per_tile * run.plan.grid.chunk_capacity();
    BoundedQueue<TileRange> assigned(std::size_t{1} << 20);
    TileCursor cursor(run.plan, [&] { return assigned.pop(); });
    TileFlow flow(buffer_count(), slots, run.outputs);
    Wakeup wakeup;
    RunTally written;
    BoundedQueue<TileTally> reports(std::size_t{1} << 20);
    std::optional<Stage> writer;
    if (!one_file) {
        writer.emplace(
            [&] {
                write_file(run, flow, [&](TileTally const& t) {
                    written.add(t);
                    reports.push(t);
                    wakeup.notify();
                });
            },
            wakeup);
    }
    std::atomic<bool> stop{false};  // set on a signal here or on rank 0's word
    std::function<std::optional<Tile>()> const next_tile = [&] { return cursor.next(); };
    Stage compute([&] { compute_tiles(run.evaluator, flow, next_tile, stop); }, wakeup);

    PollInterval poll;
    PendingSends sends;
    std::uint64_t request = 0;
    std::array<std::uint64_t, 2> reply{};
    MpiContext::Request reply_receive;
    bool requesting = false;
    bool ended = false;  // no more tiles will be assigned
    bool stop_told = false;
    bool closed = false;
    struct Shipment {
        FilledTile tile;
        std::unique_ptr<std::uint64_t> index;
        std::vector<MpiContext::Request> sends;
    };
    std::deque<Shipment> shipments;
    std::uint64_t messages_sent = 0;  // tiles (one file) or reports (per-rank output), announced when finished
    auto const end_assignments = [&] {
        ended = true;
        assigned.close();
    };
    while (true) {
        if (!stop_told && run.mpi.probe(MpiTag::stop, 0)) {
            std::uint64_t ignored = 0;
            run.mpi.receive_now(0, MpiTag::stop, &ignored, sizeof ignored);
            stop_told = true;
        }
        bool const stopping = stop_told || run.stop.load();
        stop.store(stopping);
        if (stopping && !ended && !requesting) {
            end_assignments();
        }
        if (!ended && !requesting && assigned.size() == 0) {
            reply_receive = run.mpi.receive(0, MpiTag::assign, reply.data(), sizeof reply);
            sends.send(run.mpi, 0, MpiTag::request, {request});
            requesting = true;
        }
        if (requesting && reply_receive.done()) {
            requesting = false;
            poll.busy();
            if (reply[1] == 0 || stopping) {
                end_assignments();
            } else {
                assigned.push({reply[0], reply[1]});
            }
        }
        while (one_file) {
            std::optional<FilledTile> item = flow.filled.try_pop();
            if (!item) {
                break;
            }
            Shipment shipment{std::move(*item), std::make_unique<std::uint64_t>(0), {}};
            *shipment.index = shipment.tile.tile.index;
            std::uint64_t const used = tile_slots(run.plan, shipment.tile.tile);
            TileBuffers const& buffers = *shipment.tile.buffers;
            shipment.sends.push_back(run.mpi.send(0, MpiTag::tile, shipment.index.get(), sizeof(std::uint64_t)));
            for (int k : run.outputs) {
                shipment.sends.push_back(
                    run.mpi.send(0, MpiTag::tile_data, buffers.outputs[k].data(), used * sizeof(double)));
            }
            shipment.sends.push_back(
                run.mpi.send(0, MpiTag::tile_data, buffers.status.data(), used * sizeof(status::Flags)));
            shipment.sends.push_back(
                run.mpi.send(0, MpiTag::tile_data, buffers.excluded_by.data(), used * sizeof(std::uint64_t)));
            shipment.sends.push_back(
                run.mpi.send(0, MpiTag::tile_data, buffers.not_applicable.data(), used * sizeof(std::uint64_t)));
            shipments.push_back(std::move(shipment));
            ++messages_sent;
            poll.busy();
        }
        while (!shipments.empty()
               && std::all_of(shipments.front().sends.begin(), shipments.front().sends.end(),
                              [](auto& r) { return r.done(); })) {
            flow.pool.push(std::move(shipments.front().tile.buffers));
            shipments.pop_front();
        }
        while (std::optional<TileTally> const report = reports.try_pop()) {
            auto const values = report->to_array();
            sends.send(run.mpi, 0, MpiTag::written, {values.begin(), values.end()});
            ++messages_sent;
            poll.busy();
        }
        sends.prune();
        if (compute.finished() && !closed) {
            flow.filled.close();
            closed = true;
        }
        bool const delivered = one_file ? closed && flow.filled.size() == 0 && shipments.empty()
                                        : writer->finished() && reports.size() == 0;
        if ((compute.finished() && delivered && !requesting) || (writer && writer->finished() && !closed)) {
            break;
        }
        wakeup.wait_for(poll.next());
    }
    flow.close();
    assigned.close();  // a compute thread waiting for its next range (after a failed writer) ends too
    if (writer) {
        join_all({&compute, &*writer});
    } else {
        join_all({&compute});
    }
    while (!sends.empty()) {
        sends.prune();
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    run.mpi.send(0, MpiTag::finished, &messages_sent, sizeof messages_sent);
    return written.get();
}

}  // namespace

namespace {

/// Bytes of memory available to this process: MemAvailable of /proc/meminfo (free memory plus what the kernel
/// can reclaim), else the free physical pages.
std::uint64_t available_memory_bytes()
{
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (meminfo >> key >> kib >> unit) {
        if (key == "MemAvailable:") {
            return kib * 1024;
        }
    }
    return std::uint64_t(sysconf(_SC_AVPHYS_PAGES)) * std::uint64_t(sysconf(_SC_PAGESIZE));
}

std::string mib_text(double bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MiB", bytes / (1024.0 * 1024.0));
    return text;
}

/// Free space for the output: the uncompressed size (an upper bound of the file, up to HDF5's metadata, given
/// 1 MiB) against what statvfs reports available to this user on the output's file system, plus the size of a
/// file that --overwrite would replace. Refuses (disk-check = refuse) or warns on stderr (warn).
void check_free_disk(ScanConfig const& config, std::uint64_t output_bytes)
{
    std::filesystem::path const directory = config.output.has_parent_path() ? config.output.parent_path() : ".";
    struct statvfs disk {};
    if (statvfs(directory.c_str(), &disk) != 0) {
        return;  // check_output_destination has reported an unusable directory
    }
    double available = double(disk.f_bavail) * double(disk.f_frsize);
    std::error_code error;
    if (config.overwrite && std::filesystem::is_regular_file(config.output, error)) {
        available += double(std::filesystem::file_size(config.output, error));
    }
    double const needed = double(output_bytes) + 1024.0 * 1024.0;
    if (needed <= available) {
        return;
    }
    std::string const message = "output " + config.output.string() + " needs up to " + mib_text(needed)
                                + " before compression, and " + directory.string() + " has " + mib_text(available)
                                + " free (option 'disk-check': warn runs it anyway)";
    if (config.disk_check == DiskCheck::refuse) {
        throw OutputError(message);
    }
    std::fprintf(stderr, "darkscan: warning: %s\n", message.c_str());
}

/// Host memory for the tile buffers against the memory available.
void check_memory(std::uint64_t buffer_bytes, std::uint64_t tile_points)
{
    std::uint64_t const available = available_memory_bytes();
    if (buffer_bytes > available) {
        throw InputError("option 'tile': 3 tiles of " + std::to_string(tile_points) + " points need "
                         + mib_text(double(buffer_bytes)) + " of buffers, and " + mib_text(double(available))
                         + " of memory is available; give a smaller tile");
    }
}

/// The plan of `config` with tiles of `tile_points`: grid, tiles, datasets, sizes.
ScanEstimate plan_estimate(ScanConfig const& config, std::uint64_t tile_points)
{
    ScanEstimate estimate;
    estimate.points = config.point_count();
    ScanPlan const plan = plan_scan(config.extent(), tile_points);
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
    if (config.relic_line_axis) {  // float64 and uint32 over the other four axes
        estimate.output_bytes += estimate.points / config.extent()[*config.relic_line_axis]
                                 * (sizeof(double) + sizeof(std::uint32_t));
    }
    estimate.buffer_bytes = buffer_count() * estimate.tile_points * bytes_per_slot(outputs);
    estimate.device_bytes
        = DARKSCAN_USE_CUDA ? TileEvaluator::max_in_flight() * estimate.tile_points * bytes_per_slot(outputs) : 0;
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

/// What a run checks before it computes, and what it finds.
struct CheckedScan {
    std::optional<PhysicsTables> tables;
    std::string identity;
    Continuation continuation;
    ScanEstimate estimate;
};

/// With --overwrite of a per-rank scan: removes the master and part files of the earlier scan, so that nothing
/// of it mixes with this one. Called once every check has passed: a refused run leaves them as they were.
void remove_replaced_parts(ScanConfig const& config)
{
    if (config.mpi_output == MpiOutput::single || !config.overwrite) {
        return;
    }
    std::error_code error;
    for (int part : existing_parts(config.output)) {
        std::filesystem::remove(part_path(config.output, part), error);
    }
    std::filesystem::remove(config.output, error);
}

/// Every check before compute, every problem collected: the data files (loaded: present, intact, parseable), and
/// with `output` (rank 0) the output (new, or with --resume continued), its free disk and the memory of the tile
/// buffers. Throws UserError with one line per problem; else, with `remove_old`, clears an earlier per-rank scan
/// that --overwrite replaces.
CheckedScan check_scan(ScanConfig const& config, bool output, bool remove_old)
{
    std::vector<std::string> problems;
    auto const attempt = [&](auto const& check) {
        try {
            check();
        } catch (UserError const& error) {
            problems.emplace_back(error.what());
        }
    };
    CheckedScan checked;
    attempt([&] {
        if (config.data_directory) {
            data::set_directory(*config.data_directory);
        }
        checked.tables = load_physics_tables(config.equation_of_state, config.constraint_terms, config.constraint_cl);
        checked.identity = scan_identity(config, *checked.tables);
    });
    if (output && checked.tables) {
        attempt([&] { checked.continuation = inspect_output(config, checked.identity); });
    } else if (output && !(config.resume && std::filesystem::exists(config.output))) {
        // Without the tables a file cannot be judged for resuming, but the path is still checked and reported.
        attempt([&] {
            check_output_destination(config.output,
                                     config.overwrite ? ExistingFile::overwrite : ExistingFile::refuse);
        });
    }
    checked.estimate = plan_estimate(config, checked.continuation.exists ? checked.continuation.tile_points
                                                                          : tile_points_of(config));
    if (output) {
        if (!checked.continuation.exists) {
            attempt([&] { check_free_disk(config, checked.estimate.output_bytes); });
        }
        attempt([&] { check_memory(checked.estimate.buffer_bytes, checked.estimate.tile_points); });
    }
    if (!problems.empty()) {
        std::string lines;
        for (auto const& problem : problems) {
            lines += (lines.empty() ? "" : "\n") + problem;
        }
        throw UserError(lines);
    }
    if (output && remove_old) {
        remove_replaced_parts(config);
    }
    return checked;
}

}  // namespace

ScanEstimate describe_scan(ScanConfig const& config)
{
    return plan_estimate(config, tile_points_of(config));
}

ScanEstimate estimate_scan(ScanConfig const& config, MpiContext& mpi)
{
    CheckedScan const checked = check_scan(config, true, false);
    Continuation const& continuation = checked.continuation;
    ScanEstimate estimate = checked.estimate;
    estimate.ranks = mpi.size();
    if (config.mpi_output == MpiOutput::single) {
        estimate.output_files = config.output.string() + (mpi.active() ? " (written by rank 0)" : "");
    } else {
        estimate.output_files = part_path(config.output, 0).string()
                                + (mpi.active() ? " .. " + part_path(config.output, mpi.size() - 1).string() : "")
                                + " (one per rank), master " + config.output.string()
                                + " (virtual datasets over the parts)";
    }
    if (config.resume) {
        if (!continuation.exists) {
            estimate.resume = "nothing to resume: a new scan starts";
        } else {
            std::uint64_t const done = static_cast<std::uint64_t>(
                std::count(continuation.done.begin(), continuation.done.end(), std::uint8_t{1}));
            char text[160];
            std::snprintf(text, sizeof text, "%llu of %llu tiles done (%.1f%%), %llu to compute",
                          static_cast<unsigned long long>(done),
                          static_cast<unsigned long long>(estimate.tile_count),
                          100.0 * double(done) / double(estimate.tile_count),
                          static_cast<unsigned long long>(estimate.tile_count - done));
            estimate.resume = text;
        }
    }
    return estimate;
}

std::vector<DatasetSchema> scan_schema(ScanConfig const& config)
{
    ScanPlan const plan = plan_scan(config.extent(), tile_points_of(config));
    ScanFileLayout const layout
        = file_layout(config, plan, written_outputs(config.parametrisation, config.settings, config.constraint_terms));
    std::vector<std::pair<FieldSpec, int>> reduced;
    for (ReducedFieldSpec const& field : layout.reduced_fields) {
        reduced.emplace_back(field.field, field.removed_axis);
    }
    return layout_schema(layout, reduced);
}

ScanSummary run_scan(ScanConfig const& config, std::atomic<bool> const& stop_requested, MpiContext& mpi)
{
    auto const started = std::chrono::steady_clock::now();
    std::string const start_time = utc_now_iso8601();
    bool const root = mpi.rank() == 0;
    bool const per_rank = config.mpi_output == MpiOutput::per_rank;

    // Setup: devices, threads, tables and what the output holds already; errors are agreed by every rank.
    std::optional<PhysicsTables> tables;
    int write_threads = 1;
    int threads = 1;  // this rank's compute threads (CPU backends) and the Sommerfeld table build's
    std::string identity;
    Continuation continuation;
    std::exception_ptr error;
    try {
        if (config.data_directory) {
            data::set_directory(*config.data_directory);
        }
        if (!config.devices.empty() && !DARKSCAN_USE_CUDA) {
            throw InputError(std::string("option 'devices': this darkscan has the ") + config::backend
                             + " backend, which uses no GPU");
        }
        if (DARKSCAN_USE_CUDA && (device_count() > 1 || !config.devices.empty())) {
            int const device = config.devices.empty() ? mpi.local_rank() % device_count()
                                                      : config.devices[mpi.local_rank() % config.devices.size()];
            try {
                use_device(device);
            } catch (std::invalid_argument const& failure) {
                throw InputError(std::string("option 'devices': ") + failure.what());
            }
        }
        // The node's cores shared among its ranks; a rank's cores shared between compute and chunk encoding.
        int const cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / mpi.local_size());
        threads = config.threads > 0 ? config.threads : cores;
        set_cpu_threads(threads);
        int const compute_threads = DARKSCAN_USE_CUDA ? 1 : threads;
        write_threads = config.write_threads > 0 ? config.write_threads : std::clamp(cores - compute_threads, 1, 16);
        CheckedScan checked = check_scan(config, root, true);
        tables = std::move(checked.tables);
        identity = std::move(checked.identity);
        continuation = std::move(checked.continuation);
    } catch (...) {
        error = std::current_exception();
    }
    mpi.agree(error);
    std::vector<std::uint64_t> shared{continuation.exists, continuation.tile_points};
    mpi.broadcast(shared);
    bool const continues = shared[0] != 0;
    ScanPlan const plan = plan_scan(config.extent(), continues ? shared[1] : tile_points_of(config));
    if (!continues) {
        continuation.done.assign(plan.tile_count, 0);
    }
    std::vector<int> const outputs = written_outputs(config.parametrisation, config.settings, config.constraint_terms);
    ScanFileLayout const layout = file_layout(config, plan, outputs);

    // The Sommerfeld table, then this rank's file: the output (rank 0 of a one-file scan) or its part.
    std::optional<ScanFile> file;
    std::vector<Attribute> attributes;
    try {
        if (auto const spec = sommerfeld_table_for_scan(config)) {
            tables->sommerfeld = build_sommerfeld_table(*spec, threads);
        }
        std::string data_provenance;
        for (auto const& data_file : tables->data_files()) {
            data_provenance += data_file + " <- " + data::provenance(data_file) + "\n";
        }
        attributes = {{kind_attribute, per_rank ? "part" : "scan"},
                      {"darkscan_version", config::version},
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
                      {"relic_accuracy", relic_accuracy_name(config.settings.relic_accuracy)},
                      {"dm_type", dark_matter_type_name(config.settings.dark_matter.type)},
                      {"dm_splitting_over_mchi", splitting_text(config.settings.dark_matter.splitting)},
                      {"sommerfeld_table", describe(tables->sommerfeld)},
                      {identity_attribute, identity},
                      {tile_points_attribute, std::to_string(continues ? shared[1] : tile_points_of(config))},
                      {"start_time", start_time},
                      {"end_time", ""}};
        if (per_rank) {
            ScanFileLayout part_layout = layout;
            part_layout.reduced_fields.clear();  // the relic line is the master's
            std::filesystem::path const path = part_path(config.output, mpi.rank());
            std::error_code exists_error;
            if (continues && std::filesystem::exists(path, exists_error)) {
                file.emplace(ScanFile::reopen(path, part_layout));
            } else {
                file.emplace(path, part_layout, attributes,
                             config.overwrite ? ExistingFile::overwrite : ExistingFile::refuse);
            }
        } else if (root) {
            if (continues) {
                file.emplace(ScanFile::reopen(config.output, layout));
            } else {
                file.emplace(config.output, layout, attributes,
                             config.overwrite ? ExistingFile::overwrite : ExistingFile::refuse);
            }
        }
    } catch (...) {
        error = std::current_exception();
    }
    mpi.agree(error);

    ScanSummary summary;
    summary.ranks = mpi.size();
    summary.points_total = config.point_count();
    summary.tiles_total = plan.tile_count;
    summary.tiles_resumed =
        static_cast<std::uint64_t>(std::count(continuation.done.begin(), continuation.done.end(), std::uint8_t{1}));
    summary.points_resumed = points_in_tiles(plan, continuation.done);

    // The tiles: every rank computes; failures from here on end the whole job (the files stay resumable).
    TileTally tally;
    try {
        std::array<std::vector<double>, axis_count> axis_values;
        for (int axis = 0; axis < axis_count; ++axis) {
            axis_values[axis] = config.axes[axis].values;
        }
        TileEvaluator evaluator(plan.grid, axis_values, config.parametrisation, config.settings, *tables,
                                plan.chunks_per_tile, outputs);
        ProgressStyle style = ProgressStyle::silent;
        if (root && config.progress != ProgressMode::never) {
            bool const terminal = isatty(STDERR_FILENO) != 0;
            style = config.progress == ProgressMode::always || (config.progress == ProgressMode::automatic && terminal)
                        ? ProgressStyle::live
                        : ProgressStyle::log;
        }
        ProgressReport progress(summary.points_total, summary.tiles_total, summary.points_resumed,
                                summary.tiles_resumed, style, config.log_interval_s);
        ScanFile* const own_file = file ? &*file : nullptr;
        RunContext const run{config, plan, outputs, evaluator, mpi, stop_requested, own_file, &progress, write_threads};
        tally = !mpi.active() ? run_alone(run, continuation.done)
                : root        ? run_root(run, continuation.done)
                              : run_worker(run);
        progress.close();

        if (per_rank) {
            file->finish(false);  // a part is never complete by itself
            file.reset();
        }
    } catch (OutputError const& failure) {  // a full disk, a vanished directory, ...
        std::string const message = std::string(failure.what())
                                    + " (the tiles marked done are kept: fix the cause, then continue with --resume)";
        if (mpi.active()) {
            mpi.abort(message.c_str(), exit_user_error);
        }
        throw OutputError(message);
    } catch (std::exception const& failure) {
        if (mpi.active()) {
            mpi.abort(failure.what(), dynamic_cast<UserError const*>(&failure) ? exit_user_error : 1);
        }
        throw;
    }

    // The end: totals on rank 0, which completes the output when every tile is done.
    auto const values = tally.to_array();
    auto const totals = mpi.sum_to_root(std::vector<std::uint64_t>(values.begin(), values.end()));
    TileTally const run_tally = TileTally::from_array(totals.data());
    std::vector<std::uint64_t> complete{0};
    try {
        if (root) {
            complete[0] = summary.tiles_resumed + run_tally.tiles == plan.tile_count;
            std::optional<ScanFile> master;
            if (per_rank && complete[0]) {
                attributes.front().text = "master";
                master.emplace(config.output, master_layout(layout, plan, config.output), attributes,
                               ExistingFile::overwrite);
            }
            ScanFile* const output = per_rank ? (master ? &*master : nullptr) : &*file;
            if (output != nullptr) {
                if (complete[0] && config.relic_line_axis) {
                    auto const omega = std::find(outputs.begin(), outputs.end(), out_omega_h2);
                    Shape extent{};
                    for (int axis = 0; axis < axis_count; ++axis) {
                        extent[axis] = plan.grid.extent[axis];
                    }
                    write_relic_line(*output, static_cast<std::size_t>(omega - outputs.begin()), 0, extent,
                                     *config.relic_line_axis, config.axes[*config.relic_line_axis].values,
                                     config.relic_omega_h2);
                }
                output->set_root_attribute({"end_time", utc_now_iso8601()});
                output->finish(complete[0] != 0);
            }
        }
    } catch (...) {
        error = std::current_exception();
    }
    mpi.agree(error);
    mpi.broadcast(complete);
    summary.complete = complete[0] != 0;
    summary.tiles_done = run_tally.tiles;
    summary.points_done = run_tally.points;
    summary.flag_counts = run_tally.flag_counts;
    summary.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

}  // namespace darkscan
