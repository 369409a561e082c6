// SPDX-License-Identifier: MIT
// HDF5 output of a scan: one chunked, compressed dataset per output quantity shaped like the 5-D grid,
// coordinate datasets attached as dimension scales, CF-style attributes, per-tile completion flags; an
// existing file opened again to read its fields and add reduced datasets and groups (relic line, profiles).
// All calls go through checked RAII wrappers of the HDF5 C API; errors become darkscan::OutputError
// naming the file and object. Only one thread may use a ScanFile.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace darkscan {

inline constexpr int grid_rank = 5;
using Shape = std::array<std::uint64_t, grid_rank>;

enum class ElementType { float64, uint32, uint64 };

/// A string attribute (root group).
struct Attribute {
    std::string name;
    std::string text;
};

/// One grid dimension: a 1-D coordinate dataset attached as a dimension scale.
struct AxisSpec {
    std::string name;       ///< dataset and dimension name, e.g. "m_V"
    std::string units;      ///< UDUNITS spelling, "1" if dimensionless
    std::string long_name;  ///< human-readable
    std::vector<double> values;
};

/// One output quantity, a dataset of the grid's shape.
struct FieldSpec {
    std::string name;
    std::string units;
    std::string long_name;
    std::string description;
    ElementType type = ElementType::float64;
    /// For bit-field fields (uint32, uint64): CF flag_masks (stored in the field's type) and flag_meanings
    /// (space-separated).
    std::vector<std::uint64_t> flag_masks;
    std::string flag_meanings;
    /// Further scalar float64 attributes, e.g. {"v", 3.3e-5} for a quantity evaluated at one velocity.
    std::vector<std::pair<std::string, double>> numeric_attributes;
    /// Further string attributes, e.g. {"reference", "arXiv:1406.2980"}.
    std::vector<std::pair<std::string, std::string>> text_attributes = {};
    /// A uint32 field's fill value, also written as _FillValue so that readers mask it (e.g. a grid index where
    /// there is none). Without it a uint32 field fills with status::not_computed and has no _FillValue.
    std::optional<std::uint32_t> uint32_fill_value = std::nullopt;
};

/// A group at the root of a scan file and its scalar attributes.
struct GroupSpec {
    std::string name;  ///< one name, no '/'
    std::vector<Attribute> text_attributes;
    std::vector<std::pair<std::string, int>> integer_attributes;  ///< stored as int32
};

/// What a name at the root of a scan file refers to.
enum class ObjectKind { none, group, dataset, other };

struct ScanFileLayout {
    std::vector<AxisSpec> axes;  ///< exactly grid_rank axes, outermost first
    std::vector<FieldSpec> fields;
    Shape chunk_shape{};  ///< every tile write is one chunk of this shape (smaller at the grid's upper edges)
    std::uint64_t tile_count = 0;
};

/// One dataset of a scan file, as `darkscan schema` lists it.
struct DatasetSchema {
    std::string path;  ///< e.g. "omega_h2", or "profile_m_V_epsilon/chi2_total" inside a group
    std::vector<std::pair<std::string, std::uint64_t>> dims;  ///< dimension names and lengths, outermost first
    std::string dtype;                                        ///< float64, uint32, uint8, uint64, ...
    std::string units;
    std::string long_name;
};

/// The datasets a ScanFile of `layout` holds once written: the coordinates, the fields, the tile index and
/// tile_done, and `reduced` fields (each with the axis it removes, as ScanFile::write_reduced_field writes it).
std::vector<DatasetSchema> layout_schema(ScanFileLayout const& layout,
                                         std::vector<std::pair<FieldSpec, int>> const& reduced);

enum class ExistingFile { refuse, overwrite };

/// Throws OutputError with one line for the usual reasons `path` cannot be created: missing or read-only
/// directory, an existing file (with `refuse`) or a non-file in the way.
void check_output_destination(std::filesystem::path const& path, ExistingFile existing);

/// The time now in ISO 8601 UTC, "2025-01-31T12:00:00Z" (start_time, end_time and created attributes).
std::string utc_now_iso8601();

class ScanFile {
public:
    /// Creates the file with every dataset, fill values (NaN for float64, status::not_computed for uint32, all bits
    /// set for uint64 masks; only float64 has a _FillValue attribute: xarray would turn a masked bit field into
    /// float),
    /// `tile_done` (uint8, zeros, along dimension `tile` whose coordinate is the tile index) and root
    /// attributes `Conventions` = "CF-1.8", `root_attributes` and `complete` = 0.
    /// Throws OutputError if the layout is inconsistent, the file exists and `existing` is refuse, or it cannot
    /// be created; no file is left behind then.
    ScanFile(std::filesystem::path path, ScanFileLayout layout, std::vector<Attribute> const& root_attributes,
             ExistingFile existing);
    /// Opens the existing scan file `path` to read its fields and add datasets and groups. The layout is read
    /// back: the axes are the dimension scales of its 5-D datasets, the fields every 5-D dataset of the grid's
    /// shape whose type is a float (read as float64) or uint32, with units, long_name and description; the chunk
    /// shape is the first field's. Throws OutputError naming the file if it is missing, cannot be opened for
    /// writing, or holds no 5-D dataset with a dimension scale on every dimension.
    static ScanFile open(std::filesystem::path path);
    ~ScanFile();
    ScanFile(ScanFile&&) noexcept;
    ScanFile& operator=(ScanFile&&) noexcept;

    /// Writes a box of field `field_index` starting at `start` with extent `count`; `data` is row-major
    /// over the box, of the field's element type.
    void write_box(std::size_t field_index, Shape const& start, Shape const& count, void const* data);
    /// Reads a box of field `field_index` (same conventions as write_box) into `data`.
    void read_box(std::size_t field_index, Shape const& start, Shape const& count, void* data);
    /// Creates a (grid_rank - 1)-dimensional dataset `field` over every axis but `removed_axis` (the axes'
    /// dimension scales attached) and writes `data`, row-major over the remaining axes in grid order.
    void write_reduced_field(FieldSpec const& field, int removed_axis, void const* data);
    /// Creates dataset `field` in root group `group` ("": the root itself) over the grid axes `axes` (distinct,
    /// in the order of the dataset's dimensions) with their dimension scales attached, and writes `data`,
    /// row-major over `axes`. Throws OutputError if the dataset exists.
    void write_axes_field(std::string const& group, FieldSpec const& field, std::vector<int> const& axes,
                          void const* data);
    /// Creates the root group `group.name` with its attributes; throws OutputError if the name is taken.
    void create_group(GroupSpec const& group);
    /// Unlinks the root group `name` and everything in it (HDF5 does not reclaim the space; h5repack does).
    /// Throws OutputError if `name` is not a group.
    void remove_group(std::string const& name);
    /// What `name` at the root refers to.
    ObjectKind object_kind(std::string const& name) const;
    /// The root attribute `complete`: 1 once a scan finished, 0 before (and when absent).
    int complete_flag() const;
    ScanFileLayout const& layout() const;
    /// Sets tile_done[tile] = 1 and flushes the file, so a completed tile survives a crash.
    void mark_tile_done(std::uint64_t tile);
    /// Sets or replaces a string attribute on the root group (`complete` is reserved).
    void set_root_attribute(Attribute const& attribute);
    /// Flushes, then sets `complete` = 1 (only if `complete` is true) and closes; a full disk surfaces here.
    /// Any call after finish() throws OutputError.
    void finish(bool complete);

    std::filesystem::path const& path() const;

private:
    ScanFile() = default;
    void transfer_box(char const* operation, std::size_t field_index, Shape const& start, Shape const& count,
                      void* data, bool write);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace darkscan
