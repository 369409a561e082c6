// SPDX-License-Identifier: MIT
// HDF5 output of a scan: one chunked, compressed dataset per output quantity shaped like the 5-D grid,
// coordinate datasets attached as dimension scales, CF-style attributes, per-tile completion flags that make
// the file a checkpoint (reopened to continue after a stop or a crash), master files whose fields are virtual
// datasets over part files, and existing files opened again to read their fields and add groups (profiles).
// All calls go through checked RAII wrappers of the HDF5 C API; errors become darkscan::OutputError naming the
// file and object. Only one thread may use a ScanFile.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
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

/// A (grid_rank - 1)-dimensional dataset over every axis but `removed_axis` (the axes' dimension scales
/// attached), e.g. the relic line; created with the file (NaN or 0 until written) and written once at the end.
struct ReducedFieldSpec {
    FieldSpec field;
    int removed_axis = 0;
};

/// Boxes of the grid whose values a master file takes from the same-named datasets of one part file.
struct VirtualSource {
    std::string file_name;  ///< the part file, in the master's directory
    std::vector<std::pair<Shape, Shape>> boxes;  ///< (start, count) of each box
};

struct ScanFileLayout {
    std::vector<AxisSpec> axes;  ///< exactly grid_rank axes, outermost first
    std::vector<FieldSpec> fields;
    std::vector<ReducedFieldSpec> reduced_fields;
    Shape chunk_shape{};  ///< every tile write is one chunk of this shape (smaller at the grid's upper edges)
    std::uint64_t tile_count = 0;
    /// Empty for a scan file. Otherwise the file is a master: every field is a virtual dataset mapping these
    /// boxes (which must not overlap) of the part files, and every tile is marked done at creation.
    std::vector<VirtualSource> virtual_sources;
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

/// What a scan file holds, read without opening it for writing; works on a file whose writer was killed.
struct ScanFileState {
    bool complete = false;
    std::vector<std::uint8_t> tile_done;
    std::map<std::string, std::string> attributes;  ///< the root group's string attributes

    std::uint64_t tiles_done() const;
    /// The attribute `name`, or "" if there is none.
    std::string attribute(std::string const& name) const;
};

/// Reads the state of the scan file at `path`. Throws OutputError "<path> cannot be read as a darkscan scan
/// file (...)" naming the HDF5 error when it is not one or is damaged.
ScanFileState read_scan_file_state(std::filesystem::path const& path);

/// Throws OutputError with one line for the usual reasons `path` cannot be created: missing or read-only
/// directory, an existing file (with `refuse`) or a non-file in the way.
void check_output_destination(std::filesystem::path const& path, ExistingFile existing);

/// The time now in ISO 8601 UTC, "2025-01-31T12:00:00Z" (start_time, end_time and created attributes).
std::string utc_now_iso8601();

/// Scratch memory of ScanFile::encode_chunk(), one per thread.
struct ChunkScratch {
    std::vector<unsigned char> full;  ///< an edge chunk padded to the full chunk shape
    std::vector<unsigned char> shuffled;  ///< bytes grouped by significance
};

/// Crash safety. Files use the HDF5 1.10 format and are written in SWMR (single-writer/multiple-reader) mode,
/// in which HDF5 orders its metadata writes so that the file on disk is consistent at every moment: a killed
/// writer leaves a readable file holding every tile marked done. Small metadata lies within 4 KiB file pages
/// (paged allocation), so no signal can tear it. A file is created under a temporary name and renamed once
/// every object exists, so a crash never leaves a half-created file at `path`. reopen() clears the
/// open-for-writing marks a killed writer leaves and moves the end of allocation past every byte written.
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
    /// Opens the scan file `path`, created with `layout`, to continue writing it after a stop or a crash.
    /// Throws OutputError when the file cannot be opened (damaged, in use by another writer) or its datasets
    /// do not match `layout`.
    static ScanFile reopen(std::filesystem::path path, ScanFileLayout layout);
    ~ScanFile();
    ScanFile(ScanFile&&) noexcept;
    ScanFile& operator=(ScanFile&&) noexcept;

    /// Writes a box of field `field_index` starting at `start` with extent `count`; `data` is row-major
    /// over the box, of the field's element type.
    void write_box(std::size_t field_index, Shape const& start, Shape const& count, void const* data);
    /// Encodes one chunk of field `field_index` as the file stores it (the full chunk shape, the fill value
    /// beyond the grid's edges, byte shuffle, deflate) into `encoded`, for write_chunk(). `count` is the
    /// chunk's extent clipped to the grid, `data` row-major over it. Calls no HDF5 function: any number of
    /// threads may encode at once while the file's own thread writes.
    void encode_chunk(std::size_t field_index, Shape const& count, void const* data, ChunkScratch& scratch,
                      std::vector<unsigned char>& encoded) const;
    /// Writes a chunk encoded by encode_chunk() whose first point is `start` (bypassing HDF5's filters).
    void write_chunk(std::size_t field_index, Shape const& start, std::vector<unsigned char> const& encoded);
    /// Reads a box of field `field_index` (same conventions as write_box) into `data`.
    void read_box(std::size_t field_index, Shape const& start, Shape const& count, void* data);
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
    /// Writes reduced field `index` of the layout: `data` is row-major over the remaining axes in grid order.
    void write_reduced_field(std::size_t index, void const* data);
    /// Makes every write so far durable (flush and fsync), then sets tile_done[tile] = 1 and flushes it: a
    /// tile marked done survives a crash of the process or of the machine.
    void mark_tile_done(std::uint64_t tile);
    /// The tile_done flags.
    std::vector<std::uint8_t> tile_done();
    /// Sets a string attribute on the root group (`complete` is reserved). An attribute set while tiles are
    /// written should exist from creation (e.g. with text ""): it is then rewritten in place.
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
