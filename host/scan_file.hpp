// SPDX-License-Identifier: MIT
// HDF5 output of a scan: one chunked, compressed dataset per output quantity shaped like the 5-D grid,
// coordinate datasets attached as dimension scales, CF-style attributes, per-tile completion flags.
// All calls go through checked RAII wrappers of the HDF5 C API; errors become darkscan::OutputError
// naming the file and object. Only one thread may use a ScanFile.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace darkscan {

inline constexpr int grid_rank = 5;
using Shape = std::array<std::uint64_t, grid_rank>;

enum class ElementType { float64, uint32 };

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
    /// For the status field: CF flag_masks (stored as a uint32 array) and flag_meanings (space-separated).
    std::vector<std::uint32_t> flag_masks;
    std::string flag_meanings;
    /// Further scalar float64 attributes, e.g. {"v", 3.3e-5} for a quantity evaluated at one velocity.
    std::vector<std::pair<std::string, double>> numeric_attributes;
};

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

class ScanFile {
public:
    /// Creates the file with every dataset, fill values (NaN for float64, status::not_computed for uint32),
    /// `tile_done` (uint8, zeros, along dimension `tile` whose coordinate is the tile index) and root
    /// attributes `Conventions` = "CF-1.8", `root_attributes` and `complete` = 0.
    /// Throws OutputError if the layout is inconsistent, the file exists and `existing` is refuse, or it cannot
    /// be created; no file is left behind then.
    ScanFile(std::filesystem::path path, ScanFileLayout layout, std::vector<Attribute> const& root_attributes,
             ExistingFile existing);
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
    /// Sets tile_done[tile] = 1 and flushes the file, so a completed tile survives a crash.
    void mark_tile_done(std::uint64_t tile);
    /// Sets or replaces a string attribute on the root group (`complete` is reserved).
    void set_root_attribute(Attribute const& attribute);
    /// Flushes, then sets `complete` = 1 (only if `complete` is true) and closes; a full disk surfaces here.
    /// Any call after finish() throws OutputError.
    void finish(bool complete);

    std::filesystem::path const& path() const;

private:
    void transfer_box(char const* operation, std::size_t field_index, Shape const& start, Shape const& count,
                      void* data, bool write);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace darkscan
