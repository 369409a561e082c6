// SPDX-License-Identifier: MIT
// HDF5 output of a scan: one chunked, compressed dataset per output quantity shaped like the 5-D grid,
// coordinate datasets attached as dimension scales, CF-style attributes, per-tile completion flags that make
// the file a checkpoint (reopened to continue after a stop or a crash), and master files whose fields are
// virtual datasets over part files. All calls go through checked RAII wrappers of the HDF5 C API; errors
// become darkscan::OutputError naming the file and object. Only one thread may use a ScanFile.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
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
    /// Creates the file with every dataset, fill values (NaN for float64, status::not_computed for uint32),
    /// `tile_done` (uint8, zeros, along dimension `tile` whose coordinate is the tile index) and root
    /// attributes `Conventions` = "CF-1.8", `root_attributes` and `complete` = 0.
    /// Throws OutputError if the layout is inconsistent, the file exists and `existing` is refuse, or it cannot
    /// be created; no file is left behind then.
    ScanFile(std::filesystem::path path, ScanFileLayout layout, std::vector<Attribute> const& root_attributes,
             ExistingFile existing);
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
