// SPDX-License-Identifier: MIT
// `darkscan profile`: checks the request against the file, streams slabs of the datasets through the backend's
// ProfileReducer and writes the maps, with their coordinates and attributes, into a group of the file.
#include "profile.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "darkscan/config.hpp"
#include "darkscan/kernels/tile_evaluator.hpp"
#include "errors.hpp"
#include "output_fields.hpp"

namespace darkscan {
namespace {

std::string joined(std::vector<std::string> const& words, std::string const& separator)
{
    std::string text;
    for (std::size_t i = 0; i < words.size(); ++i) {
        text += (i == 0 ? "" : separator) + words[i];
    }
    return text;
}

Index5 to_index5(Shape const& shape)
{
    Index5 index;
    for (int axis = 0; axis < axis_count; ++axis) {
        index[axis] = shape[axis];
    }
    return index;
}

Shape to_shape(Index5 const& index)
{
    Shape shape{};
    for (int axis = 0; axis < axis_count; ++axis) {
        shape[axis] = index[axis];
    }
    return shape;
}

/// The fields of `file` to read, in the order of `names` (the profiled one first); throws InputError for a
/// missing, non-float or repeated name.
std::vector<std::size_t> find_fields(ScanFileLayout const& layout, std::vector<std::string> const& names,
                                     std::string const& file_name)
{
    std::vector<std::size_t> indices;
    for (std::string const& name : names) {
        auto const field = std::find_if(layout.fields.begin(), layout.fields.end(),
                                        [&name](FieldSpec const& spec) { return spec.name == name; });
        if (field == layout.fields.end()) {
            throw InputError("option 'dataset': " + file_name + " has no 5-D dataset '" + name + "'");
        }
        if (field->type != ElementType::float64) {
            throw InputError("option 'dataset': '" + name + "' is uint32, not a float dataset");
        }
        std::size_t const index = static_cast<std::size_t>(field - layout.fields.begin());
        if (std::find(indices.begin(), indices.end(), index) != indices.end()) {
            throw InputError("option 'dataset': '" + name + "' given twice");
        }
        indices.push_back(index);
    }
    return indices;
}

}  // namespace

int find_axis(std::string const& name, std::vector<AxisSpec> const& axes, std::string const& option)
{
    std::string listed;
    for (std::size_t d = 0; d < axes.size(); ++d) {
        char const* const key = axis_option(static_cast<int>(d), axes[d].name);
        if (name == axes[d].name || (key != nullptr && name == key)) {
            return static_cast<int>(d);
        }
        bool const other_key = key != nullptr && axes[d].name != key;
        listed += (d == 0 ? "" : ", ") + axes[d].name + (other_key ? " or " + std::string(key) : "");
    }
    throw InputError("option '" + option + "': '" + name + "' is not an axis of the file (axes: " + listed + ")");
}

Index5 profile_slab_shape(Index5 const& extent, Index5 const& chunk, std::uint64_t target_points)
{
    Index5 slab;
    std::uint64_t points = 1;
    for (int axis = axis_count - 1; axis >= 0; --axis) {
        std::uint64_t const chunk_extent = std::max<std::uint64_t>(1, std::min(chunk[axis], extent[axis]));
        std::uint64_t const chunks = std::max<std::uint64_t>(1, target_points / (points * chunk_extent));
        slab[axis] = std::min(extent[axis], chunks * chunk_extent);
        points *= slab[axis];
    }
    return slab;
}

namespace {

/// A request checked against the file: everything needed to reduce and write.
struct ProfilePlan {
    int complete = 0;  ///< the file's root attribute
    std::array<int, 2> kept{};
    std::vector<int> removed;
    std::vector<std::string> removed_names;
    std::vector<std::size_t> fields;  ///< the profiled field, then the reported ones
    std::string group;
    bool replace_group = false;
    bool maximum = false;
    std::string operation;   ///< "minimum" or "maximum"
    std::string arg_prefix;  ///< "argmin_" or "argmax_"
    std::string at_suffix;   ///< "_at_min" or "_at_max"
};

/// Checks `options` against `file`; throws InputError or OutputError with one line.
ProfilePlan plan_profile(ScanFile const& file, ProfileOptions const& options)
{
    std::string const file_name = options.file.string();
    ProfilePlan plan;
    plan.complete = file.complete_flag();
    if (plan.complete != 1 && !options.allow_incomplete) {
        throw InputError(file_name + " is incomplete (root attribute complete = " + std::to_string(plan.complete)
                         + ", its scan did not finish); use --allow-incomplete to profile the points it holds");
    }
    ScanFileLayout const& layout = file.layout();
    if (options.keep.size() != 2) {
        throw InputError("option 'keep': give two axes, AXIS1,AXIS2 (" + std::to_string(options.keep.size())
                         + " given)");
    }
    plan.kept = {find_axis(options.keep[0], layout.axes, "keep"), find_axis(options.keep[1], layout.axes, "keep")};
    if (plan.kept[0] == plan.kept[1]) {
        throw InputError("option 'keep': '" + options.keep[0] + "' and '" + options.keep[1] + "' are the same axis "
                         + layout.axes[plan.kept[0]].name);
    }
    for (int axis = 0; axis < axis_count; ++axis) {
        if (axis != plan.kept[0] && axis != plan.kept[1]) {
            plan.removed.push_back(axis);
            plan.removed_names.push_back(layout.axes[axis].name);
        }
    }

    std::vector<std::string> datasets = options.datasets;
    if (datasets.empty()) {
        bool const has_default
            = std::any_of(layout.fields.begin(), layout.fields.end(),
                          [](FieldSpec const& field) { return field.name == default_profile_dataset; });
        if (!has_default) {
            throw InputError(file_name + " has no dataset " + default_profile_dataset
                             + "; name the dataset to profile with --dataset NAME");
        }
        datasets.emplace_back(default_profile_dataset);
    }
    plan.fields = find_fields(layout, datasets, file_name);

    plan.group = options.group.empty()
                     ? "profile_" + layout.axes[plan.kept[0]].name + "_" + layout.axes[plan.kept[1]].name
                     : options.group;
    if (!plan.group.empty() && plan.group.front() == '/') {
        plan.group.erase(0, 1);
    }
    if (plan.group.empty() || plan.group.find('/') != std::string::npos) {
        throw InputError("option 'group': '" + options.group + "' is not one group name at the root");
    }
    ObjectKind const existing = file.object_kind(plan.group);
    if (existing == ObjectKind::dataset || existing == ObjectKind::other) {
        throw InputError("option 'group': /" + plan.group + " in " + file_name + " is not a group");
    }
    if (existing == ObjectKind::group && !options.overwrite) {
        throw OutputError(file_name + ": group /" + plan.group + " exists (use --overwrite to replace it)");
    }
    plan.replace_group = existing == ObjectKind::group;

    plan.maximum = options.operation == ProfileOperation::maximum;
    plan.operation = plan.maximum ? "maximum" : "minimum";
    plan.arg_prefix = plan.maximum ? "argmax_" : "argmin_";
    plan.at_suffix = plan.maximum ? "_at_max" : "_at_min";
    std::set<std::string> written(datasets.begin(), datasets.end());
    for (std::string const& name : plan.removed_names) {
        written.insert(plan.arg_prefix + name);
        written.insert(name + plan.at_suffix);
    }
    for (int axis : plan.kept) {
        written.insert(layout.axes[axis].name);
    }
    if (written.size() != datasets.size() + 2 * plan.removed.size() + plan.kept.size()) {
        throw InputError("option 'dataset': a dataset name (" + joined(datasets, ", ")
                         + ") clashes with an axis or argument dataset the profile writes");
    }
    return plan;
}

/// Streams the planned fields of `file` through the backend in `slabs` (boxes of whole chunks).
ProfileMaps reduce_slabs(ScanFile& file, ProfilePlan const& plan, ChunkedGrid const& slabs, int threads)
{
    set_cpu_threads(threads);
    ProfileReducer reducer(slabs.extent, plan.kept,
                           plan.maximum ? ProfileOperation::maximum : ProfileOperation::minimum,
                           plan.fields.size() - 1, slabs.chunk_capacity());
    std::vector<std::vector<double>> buffers(plan.fields.size(), std::vector<double>(slabs.chunk_capacity()));
    std::vector<double const*> carried;
    for (std::size_t k = 1; k < buffers.size(); ++k) {
        carried.push_back(buffers[k].data());
    }
    for (std::uint64_t slab = 0; slab < slabs.total_chunks(); ++slab) {
        Index5 const origin = slabs.chunk_origin(slab);
        Index5 const box = slabs.chunk_extent(slab);
        for (std::size_t k = 0; k < plan.fields.size(); ++k) {
            file.read_box(plan.fields[k], to_shape(origin), to_shape(box), buffers[k].data());
        }
        reducer.add_box(origin, box, buffers[0].data(), carried);
    }
    return reducer.result();
}

/// The group's datasets: the kept coordinates, the map, per removed axis the index and coordinate of the
/// extremum, and the reported datasets there.
void write_maps(ScanFile& file, ProfilePlan const& plan, ProfileMaps const& maps, Index5 const& extent)
{
    ScanFileLayout const& layout = file.layout();
    FieldSpec const& profiled = layout.fields[plan.fields[0]];
    std::string const& group = plan.group;
    std::string const& operation = plan.operation;
    std::string const over = "over " + joined(plan.removed_names, ", ");
    std::string const none_text = "where the cell has no non-NaN " + profiled.name;
    std::vector<int> const map_axes{plan.kept[0], plan.kept[1]};
    for (int axis : plan.kept) {
        AxisSpec const& spec = layout.axes[axis];
        file.write_axes_field(group,
                              {spec.name, spec.units, spec.long_name,
                               "the coordinate /" + spec.name + ", copied so that the group reads on its own",
                               ElementType::float64, {}, {}, {}},
                              {axis}, spec.values.data());
    }
    file.write_axes_field(group,
                          {profiled.name, profiled.units, profiled.long_name,
                           operation + " of " + profiled.name + " " + over + "; NaN " + none_text,
                           ElementType::float64, {}, {}, {}},
                          map_axes, maps.value.data());
    std::vector<std::uint32_t> index(maps.flat_index.size());
    std::vector<double> coordinate(maps.flat_index.size());
    for (int axis : plan.removed) {
        AxisSpec const& spec = layout.axes[axis];
        for (std::size_t cell = 0; cell < maps.flat_index.size(); ++cell) {
            bool const found = maps.flat_index[cell] != no_profile_index;
            std::uint64_t const i = found ? unflatten(maps.flat_index[cell], extent)[axis] : 0;
            index[cell] = found ? static_cast<std::uint32_t>(i) : profile_index_fill;
            coordinate[cell] = found ? spec.values[i] : NAN;
        }
        file.write_axes_field(group,
                              {plan.arg_prefix + spec.name, "1",
                               "index along " + spec.name + " of the " + operation + " of " + profiled.name,
                               "grid index into /" + spec.name + " of the " + operation + " of " + profiled.name + " "
                                   + over + "; " + std::to_string(profile_index_fill) + " (_FillValue) " + none_text,
                               ElementType::uint32, {}, {}, {}, {}, profile_index_fill},
                              map_axes, index.data());
        file.write_axes_field(group,
                              {spec.name + plan.at_suffix, spec.units,
                               spec.long_name + " at the " + operation + " of " + profiled.name,
                               "/" + spec.name + " at " + plan.arg_prefix + spec.name + "; NaN " + none_text,
                               ElementType::float64, {}, {}, {}},
                              map_axes, coordinate.data());
    }
    for (std::size_t k = 1; k < plan.fields.size(); ++k) {
        FieldSpec const& reported = layout.fields[plan.fields[k]];
        file.write_axes_field(group,
                              {reported.name, reported.units, reported.long_name,
                               reported.name + " at the " + operation + " of " + profiled.name + " " + over + "; NaN "
                                   + none_text,
                               ElementType::float64, {}, {}, {}},
                              map_axes, maps.carried[k - 1].data());
    }
}

}  // namespace

ProfileSummary run_profile(ProfileOptions const& options)
{
    auto const started = std::chrono::steady_clock::now();
    ScanFile file = ScanFile::open(options.file);
    ProfilePlan const plan = plan_profile(file, options);
    ScanFileLayout const& layout = file.layout();
    Index5 extent;
    for (int axis = 0; axis < axis_count; ++axis) {
        extent[axis] = layout.axes[axis].values.size();
    }
    ChunkedGrid const slabs
        = make_chunked_grid(extent, profile_slab_shape(extent, to_index5(layout.chunk_shape), options.slab_points));
    ProfileMaps const maps = reduce_slabs(file, plan, slabs, options.threads);

    FieldSpec const& profiled = layout.fields[plan.fields[0]];
    std::vector<std::string> reported;
    for (std::size_t k = 1; k < plan.fields.size(); ++k) {
        reported.push_back(layout.fields[plan.fields[k]].name);
    }
    if (plan.replace_group) {
        file.remove_group(plan.group);
    }
    file.create_group(
        {plan.group,
         {{"profiled_dataset", profiled.name},
          {"operation", plan.maximum ? "max" : "min"},
          {"kept_axes", layout.axes[plan.kept[0]].name + " " + layout.axes[plan.kept[1]].name},
          {"removed_axes", joined(plan.removed_names, " ")},
          {"reported_datasets", joined(reported, " ")},
          {"created", utc_now_iso8601()},
          {"darkscan_version", config::version},
          {"git_commit", config::git_commit},
          {"description", "profile of " + profiled.name + ": its " + plan.operation + " over "
                              + joined(plan.removed_names, ", ")
                              + " (NaN points ignored; among equal values the point of smallest flat grid index), "
                              + plan.arg_prefix + "<axis> and <axis>" + plan.at_suffix
                              + " where it sits, and the reported datasets there"}},
         {{"source_complete", plan.complete}}});
    try {
        write_maps(file, plan, maps, extent);
        file.finish(false);
    } catch (...) {
        // No half-written group is left behind while the file is still open.
        try {
            file.remove_group(plan.group);
        } catch (...) {
        }
        throw;
    }
    ProfileSummary summary;
    summary.group = plan.group;
    summary.dataset = profiled.name;
    summary.removed_axes = plan.removed_names;
    summary.points = product(extent);
    summary.slabs = slabs.total_chunks();
    summary.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

}  // namespace darkscan
