// SPDX-License-Identifier: MIT
// HDF5 scan output (see scan_file.hpp): creation with dimension scales, chunked compressed fields and CF
// attributes under a temporary name, SWMR writing, reopening after a crash, box writes into hyperslabs,
// durable per-tile completion flags, virtual fields of master files and a checked finish.
#include "scan_file.hpp"

#include <fcntl.h>
#include <hdf5_hl.h>
#include <sys/stat.h>
#include <zlib.h>
#include <unistd.h>

#include <array>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <limits>
#include <numeric>
#include <set>
#include <sstream>
#include <system_error>
#include <utility>

#include "darkscan/status.hpp"
#include "errors.hpp"
#include "hdf5_handles.hpp"

namespace darkscan {
namespace {

// Fastest deflate level: 30% faster writes than level 4 for 2.5% larger files (the writer thread bounds the
// end-to-end rate of cheap physics).
constexpr unsigned deflate_level = 1;
// encode_chunk() stores native bytes as the files' little-endian types.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "darkscan writes chunks on little-endian hosts only");
constexpr char const* tile_axis_name = "tile";
constexpr char const* tile_done_name = "tile_done";
constexpr char const* tile_long_name = "tile index";
constexpr char const* tile_done_long_name = "tile completion flag";
constexpr char const* complete_name = "complete";
constexpr char const* conventions = "CF-1.8";
// File space is allocated in pages of this size, and metadata smaller than a page never straddles two: the
// kernel copies a write into the page cache page by page and a fatal signal can only stop it between pages,
// so no kill can tear such metadata.
constexpr hsize_t file_space_page_bytes = 4096;

using HsizeShape = std::array<hsize_t, grid_rank>;

HsizeShape to_hsize(Shape const& shape)
{
    HsizeShape result{};
    std::copy(shape.begin(), shape.end(), result.begin());
    return result;
}

template <class Extents>
std::string shape_text(Extents const& shape)
{
    std::string text = "(";
    for (int d = 0; d < grid_rank; ++d) {
        text += (d == 0 ? "" : ", ") + std::to_string(shape[d]);
    }
    return text + ")";
}

hid_t file_type(ElementType type)
{
    return type == ElementType::float64 ? H5T_IEEE_F64LE : type == ElementType::uint32 ? H5T_STD_U32LE : H5T_STD_U64LE;
}
std::size_t element_bytes(ElementType type)
{
    return type == ElementType::uint32 ? sizeof(std::uint32_t) : sizeof(double);  // float64 and uint64: 8 bytes
}
/// A grid field's fill value, the first element_bytes(field.type) bytes: NaN (float64), all bits set (uint64 masks),
/// the field's uint32_fill_value, else status::not_computed (the status field). The dataset's HDF5 fill value and
/// the padding of edge chunks darkscan compresses itself.
std::array<unsigned char, sizeof(double)> fill_bytes(FieldSpec const& field)
{
    std::array<unsigned char, sizeof(double)> bytes{};
    if (field.type == ElementType::float64) {
        double const nan = std::numeric_limits<double>::quiet_NaN();
        std::memcpy(bytes.data(), &nan, sizeof nan);
    } else if (field.type == ElementType::uint64) {
        std::uint64_t const all_bits = ~std::uint64_t{0};
        std::memcpy(bytes.data(), &all_bits, sizeof all_bits);
    } else {
        std::uint32_t const value = field.uint32_fill_value ? *field.uint32_fill_value : status::not_computed;
        std::memcpy(bytes.data(), &value, sizeof value);
    }
    return bytes;
}
hid_t memory_type(ElementType type)
{
    return type == ElementType::float64  ? H5T_NATIVE_DOUBLE
           : type == ElementType::uint32 ? H5T_NATIVE_UINT32
                                         : H5T_NATIVE_UINT64;
}
char const* type_name(ElementType type)
{
    return type == ElementType::float64 ? "float64" : type == ElementType::uint32 ? "uint32" : "uint64";
}

std::size_t word_count(std::string const& text)
{
    std::istringstream words(text);
    std::size_t count = 0;
    for (std::string word; words >> word;) {
        ++count;
    }
    return count;
}

/// H5DSiterate_scales visitor: stores the path of the first scale attached to a dimension in a std::string.
herr_t first_scale_path(hid_t /*dataset*/, unsigned /*dimension*/, hid_t scale, void* path)
{
    ssize_t const length = H5Iget_name(scale, nullptr, 0);
    if (length <= 0) {
        return -1;
    }
    std::string& text = *static_cast<std::string*>(path);
    text.assign(static_cast<std::size_t>(length) + 1, '\0');
    H5Iget_name(scale, text.data(), text.size());
    text.resize(static_cast<std::size_t>(length));
    return 1;  // stop at the first scale
}

/// Access properties of every scan file: the HDF5 1.10 format (needed for SWMR; readable by HDF5 >= 1.10, so by
/// current h5py, netCDF-4 and xarray) and file locking where the file system supports it.
hdf5::PropertyList file_access_properties(std::filesystem::path const& path)
{
    hdf5::PropertyList access{hdf5::check(H5Pcreate(H5P_FILE_ACCESS), "H5Pcreate", path, "/")};
    hdf5::check(H5Pset_libver_bounds(access.id(), H5F_LIBVER_V110, H5F_LIBVER_V110), "H5Pset_libver_bounds", path, "/");
    hdf5::check(H5Pset_file_locking(access.id(), true, true), "H5Pset_file_locking", path, "/");
    // No other process writes while darkscan reads a file: a bad checksum is damage, not a write in progress,
    // so read metadata once (SWMR retries for 100 rounds otherwise).
    hdf5::check(H5Pset_metadata_read_attempts(access.id(), 1), "H5Pset_metadata_read_attempts", path, "/");
    return access;
}

/// Lets H5Fopen through the marks a killed writer leaves in the superblock (HDF5's `clear_status_flags`
/// property, which `h5clear -s` sets).
void ignore_open_marks(hid_t access)
{
    hbool_t clear_marks = true;
    if (H5Pset(access, "clear_status_flags", &clear_marks) < 0) {
        hdf5::throw_error("H5Pset(clear_status_flags)");
    }
}

/// Throws OutputError for a failed H5Fopen of `path`: "in use" when another process holds its lock, else
/// `context` and the HDF5 error stack.
[[noreturn]] void throw_open_error(std::filesystem::path const& path, std::string const& context)
{
    if (hdf5::error_stack_text().find("unable to lock file") != std::string::npos) {
        H5Eclear2(H5E_DEFAULT);
        throw OutputError(path.string() + " is in use: another process is writing it");
    }
    hdf5::throw_error(context);
}

/// `path` with ".creating-<pid>" appended: where a file is built before it appears under its name.
std::filesystem::path creation_path(std::filesystem::path const& path)
{
    return path.string() + ".creating-" + std::to_string(getpid());
}

/// A POSIX lock of darkscan's own on a whole file, held through a descriptor of it: a write lock while darkscan
/// writes the file (HDF5 drops its flock lock for SWMR writing, and flock does not see POSIX locks, so SWMR
/// readers still follow the scan), a read lock while darkscan reads the state of a file, which keeps a writer out
/// meanwhile. Any close of a descriptor of the file in this process ends the lock (POSIX); file systems without
/// POSIX locks go without.
class FileLock {
public:
    enum class Kind : short { read = F_RDLCK, write = F_WRLCK };

    FileLock() = default;
    /// Throws OutputError "in use" when another process holds a lock that excludes this one.
    FileLock(std::filesystem::path const& path, Kind kind)
    {
        descriptor_ = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
        if (descriptor_ < 0 && kind == Kind::read) {
            descriptor_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);  // a read-only file: nothing to pad
        }
        struct flock whole_file {};
        whole_file.l_type = static_cast<short>(kind);
        whole_file.l_whence = SEEK_SET;
        if (descriptor_ >= 0 && ::fcntl(descriptor_, F_SETLK, &whole_file) != 0) {
            int const error = errno;
            release();
            if (error == EACCES || error == EAGAIN) {
                throw OutputError(path.string() + " is in use: another process is writing it");
            }
        }
    }
    FileLock(FileLock&& other) noexcept : descriptor_(std::exchange(other.descriptor_, -1)) {}
    FileLock& operator=(FileLock&& other) noexcept
    {
        release();
        descriptor_ = std::exchange(other.descriptor_, -1);
        return *this;
    }
    FileLock(FileLock const&) = delete;
    FileLock& operator=(FileLock const&) = delete;
    ~FileLock() { release(); }

    /// The locked file's descriptor, -1 where it could not be opened.
    int descriptor() const { return descriptor_; }

    void release() noexcept
    {
        if (descriptor_ >= 0) {
            ::close(descriptor_);
            descriptor_ = -1;
        }
    }

private:
    int descriptor_ = -1;
};

/// Pads a file that a failed write (a full disk) left shorter than the end of file its superblock records
/// (version 2 or 3, at offset 0) with zeros up to that end, which HDF5 requires to open it. The missing bytes
/// were never written, so nothing refers to them but the tile whose write failed, which is not marked done.
/// `lock` must be held: padding the file of a running writer would race its writes.
void pad_to_recorded_end(FileLock const& lock)
{
    int const descriptor = lock.descriptor();
    unsigned char superblock[48] = {};
    static unsigned char const signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    ssize_t const got = descriptor < 0 ? -1 : ::pread(descriptor, superblock, sizeof superblock, 0);
    unsigned const offset_size = superblock[9];
    if (got == static_cast<ssize_t>(sizeof superblock) && std::memcmp(superblock, signature, 8) == 0
        && (superblock[8] == 2 || superblock[8] == 3) && offset_size == 8) {
        std::uint64_t recorded_end = 0;
        for (int byte = 7; byte >= 0; --byte) {
            recorded_end = recorded_end << 8 | superblock[12 + 2 * offset_size + byte];
        }
        struct stat status {};
        if (::fstat(descriptor, &status) == 0 && static_cast<std::uint64_t>(status.st_size) < recorded_end) {
            // fails on a read-only file, which HDF5 then reports as truncated
            [[maybe_unused]] int const ignored = ::ftruncate(descriptor, static_cast<off_t>(recorded_end));
        }
    }
}

/// fsync of the directory holding `path`, so that a rename into it survives a crash of the machine.
void sync_directory(std::filesystem::path const& path)
{
    std::filesystem::path const directory = path.has_parent_path() ? path.parent_path() : ".";
    int const descriptor = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY);
    if (descriptor >= 0) {
        ::fsync(descriptor);
        ::close(descriptor);
    }
}

}  // namespace

std::string utc_now_iso8601()
{
    std::time_t const now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

struct ScanFile::Impl {
    std::filesystem::path path;
    ScanFileLayout layout;
    Shape shape{};
    hdf5::File file;  // declared before the objects in it, so it is released after them
    std::vector<hdf5::Dataset> axes;
    hdf5::Dataset tile_index;
    hdf5::Dataset tile_done;
    std::vector<hdf5::Dataset> fields;
    std::vector<hdf5::Dataset> reduced_fields;
    hdf5::PropertyList access;  // the file's access properties (H5Fget_vfd_handle needs them)
    FileLock writer_lock;       // held from before HDF5 writes anything until the file is closed
    std::filesystem::path path_being_written;  // `path`, or the temporary name while the file is created
    bool finished = false;

    Impl(std::filesystem::path file_path, ScanFileLayout file_layout)
        : path(std::move(file_path)), layout(std::move(file_layout))
    {
    }
    ~Impl()
    {
        hdf5::SilencedErrorPrinting const silenced;
        release();
    }
    Impl(Impl const&) = delete;
    Impl& operator=(Impl const&) = delete;

    [[noreturn]] void fail(std::string const& message) const { throw OutputError(path.string() + ": " + message); }

    template <typename Status>
    Status check(Status status, std::string_view call, std::string_view object) const
    {
        return hdf5::check(status, call, path, object);
    }

    void require_open(std::string const& operation) const
    {
        if (finished) {
            fail(operation + " after finish()");
        }
    }

    void check_root_attribute_name(std::string const& name) const
    {
        if (name.empty() || name == complete_name) {
            fail("root attribute name '" + name + "' is empty or reserved");
        }
    }

    /// Checks the layout before anything touches the disk.
    void validate(std::vector<Attribute> const& root_attributes) const
    {
        if (layout.axes.size() != grid_rank) {
            fail("layout has " + std::to_string(layout.axes.size()) + " axes, expected " + std::to_string(grid_rank));
        }
        std::set<std::string> names{tile_axis_name, tile_done_name};
        auto const add_name = [&](std::string const& name) {
            if (name.empty() || !names.insert(name).second) {
                fail("dataset name '" + name + "' is empty or used twice (tile and tile_done are reserved)");
            }
        };
        for (AxisSpec const& axis : layout.axes) {
            add_name(axis.name);
            if (axis.values.empty()) {
                fail("axis " + axis.name + " has no values");
            }
        }
        if (layout.fields.empty()) {
            fail("layout has no fields");
        }
        for (FieldSpec const& field : layout.fields) {
            add_name(field.name);
            if (!field.flag_masks.empty()
                && (field.type == ElementType::float64 || word_count(field.flag_meanings) != field.flag_masks.size())) {
                fail("field " + field.name + ": flag_masks need an integer field and one flag_meanings word per mask");
            }
            if (field.uint32_fill_value && field.type != ElementType::uint32) {
                fail("field " + field.name + ": uint32_fill_value needs a uint32 field");
            }
        }
        for (ReducedFieldSpec const& reduced : layout.reduced_fields) {
            add_name(reduced.field.name);
            if (reduced.removed_axis < 0 || reduced.removed_axis >= grid_rank) {
                fail("reduced field " + reduced.field.name + ": removed axis " + std::to_string(reduced.removed_axis)
                     + " out of range");
            }
        }
        if (std::find(layout.chunk_shape.begin(), layout.chunk_shape.end(), 0u) != layout.chunk_shape.end()) {
            fail("chunk shape " + shape_text(layout.chunk_shape) + " has a zero extent");
        }
        if (layout.tile_count == 0) {
            fail("tile_count is 0");
        }
        for (Attribute const& attribute : root_attributes) {
            check_root_attribute_name(attribute.name);
        }
    }

    void set_shape()
    {
        for (int d = 0; d < grid_rank; ++d) {
            shape[d] = layout.axes[d].values.size();
        }
    }

    /// Builds the file at `building` (a temporary name), then switches it to SWMR writing.
    void create(std::filesystem::path const& building, std::vector<Attribute> const& root_attributes)
    {
        path_being_written = building;
        set_shape();
        access = file_access_properties(path);
        hdf5::PropertyList const creation{check(H5Pcreate(H5P_FILE_CREATE), "H5Pcreate", "/")};
        check(H5Pset_file_space_strategy(creation.id(), H5F_FSPACE_STRATEGY_PAGE, false, 1),
              "H5Pset_file_space_strategy", "/");
        check(H5Pset_file_space_page_size(creation.id(), file_space_page_bytes), "H5Pset_file_space_page_size", "/");
        // Root attributes in the object header (compact storage), where `complete` is rewritten in place.
        check(H5Pset_attr_phase_change(creation.id(), 64, 48), "H5Pset_attr_phase_change", "/");
        file = hdf5::File{H5Fcreate(building.c_str(), H5F_ACC_EXCL, creation.id(), access.id())};
        if (!file.is_open()) {
            hdf5::throw_error("cannot create output file " + path.string());
        }

        for (AxisSpec const& axis : layout.axes) {
            axes.push_back(create_coordinate(axis.name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, axis.values.size(),
                                             axis.values.data()));
            write_string_attribute(axes.back().id(), "/" + axis.name, "units", axis.units);
            write_string_attribute(axes.back().id(), "/" + axis.name, "long_name", axis.long_name);
        }
        create_tile_datasets();
        for (FieldSpec const& field : layout.fields) {
            create_field(field);
        }
        for (ReducedFieldSpec const& reduced : layout.reduced_fields) {
            create_reduced_field(reduced);
        }
        if (!layout.virtual_sources.empty()) {
            std::vector<std::uint8_t> const all_done(layout.tile_count, 1);
            check(H5Dwrite(tile_done.id(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, all_done.data()),
                  "H5Dwrite", std::string("/") + tile_done_name);
        }

        write_string_attribute(file.id(), "/", "Conventions", conventions);
        for (Attribute const& attribute : root_attributes) {
            write_string_attribute(file.id(), "/", attribute.name, attribute.text);
        }
        write_complete(0);
        start_swmr_write();
    }

    /// Opens the file at `path` for writing after a stop or a crash (see reopen()) and starts SWMR writing.
    void reopen()
    {
        set_shape();
        access = file_access_properties(path);
        // A killed writer leaves the superblock marked open for writing; clear the marks (what `h5clear -s` does).
        // File locking still keeps out a second live writer. Opening in SWMR mode at once leaves no moment in
        // which a kill would leave the file marked open for ordinary writing.
        ignore_open_marks(access.id());
        writer_lock = FileLock(path, FileLock::Kind::write);
        pad_to_recorded_end(writer_lock);
        file = hdf5::File{H5Fopen(path.c_str(), H5F_ACC_RDWR | H5F_ACC_SWMR_WRITE, access.id())};
        if (!file.is_open()) {
            throw_open_error(path, "cannot reopen " + path.string() + " to continue it (damaged)");
        }
        // A killed writer may have written past the end of allocation recorded at its last flush; never hand out
        // that space again. The new end stays page-aligned for paged allocation.
        haddr_t end_of_allocation = 0;
        check(H5Fget_eoa(file.id(), &end_of_allocation), "H5Fget_eoa", "/");
        std::error_code error;
        auto const file_bytes = static_cast<haddr_t>(std::filesystem::file_size(path, error));
        haddr_t const end = std::max(end_of_allocation, error ? haddr_t{0} : file_bytes);
        haddr_t const aligned = (end + file_space_page_bytes - 1) / file_space_page_bytes * file_space_page_bytes;
        check(H5Fincrement_filesize(file.id(), aligned - end), "H5Fincrement_filesize", "/");

        for (AxisSpec const& axis : layout.axes) {
            axes.push_back(open_dataset(axis.name, 1, {axis.values.size()}));
        }
        tile_index = open_dataset(tile_axis_name, 1, {layout.tile_count});
        tile_done = open_dataset(tile_done_name, 1, {layout.tile_count});
        for (FieldSpec const& field : layout.fields) {
            fields.push_back(open_dataset(field.name, grid_rank, std::vector<hsize_t>(shape.begin(), shape.end())));
            hdf5::PropertyList const creation{
                check(H5Dget_create_plist(fields.back().id()), "H5Dget_create_plist", "/" + field.name)};
            HsizeShape chunk{};
            HsizeShape const expected = clamped_chunk_shape();
            if (H5Pget_chunk(creation.id(), grid_rank, chunk.data()) != grid_rank || chunk != expected) {
                fail("/" + field.name + ": chunk shape differs from this scan's " + shape_text(expected));
            }
        }
        for (ReducedFieldSpec const& reduced : layout.reduced_fields) {
            reduced_fields.push_back(open_dataset(reduced.field.name, grid_rank - 1, reduced_dimensions(reduced)));
        }
    }

    /// Dataset `name`, which must have `rank` dimensions of these lengths.
    hdf5::Dataset open_dataset(std::string const& name, int rank, std::vector<hsize_t> const& dimensions)
    {
        std::string const object = "/" + name;
        if (check(H5Lexists(file.id(), name.c_str(), H5P_DEFAULT), "H5Lexists", object) <= 0) {
            fail(object + ": missing (the file was not written by this scan)");
        }
        hdf5::Dataset dataset{check(H5Dopen2(file.id(), name.c_str(), H5P_DEFAULT), "H5Dopen2", object)};
        hdf5::Dataspace const space{check(H5Dget_space(dataset.id()), "H5Dget_space", object)};
        std::vector<hsize_t> found(static_cast<std::size_t>(std::max(0, H5Sget_simple_extent_ndims(space.id()))));
        H5Sget_simple_extent_dims(space.id(), found.data(), nullptr);
        if (static_cast<int>(found.size()) != rank || found != dimensions) {
            fail(object + ": its shape differs from this scan's (the file was not written by this scan)");
        }
        return dataset;
    }

    /// Closes field `index` and opens it again (HDF5 reloads what it caches of the dataset).
    void reopen_field(std::size_t index)
    {
        std::string const& name = layout.fields[index].name;
        check(fields[index].close(), "H5Dclose", "/" + name);
        fields[index] = hdf5::Dataset{check(H5Dopen2(file.id(), name.c_str(), H5P_DEFAULT), "H5Dopen2", "/" + name)};
    }

    /// SWMR writing from here on (H5Fstart_swmr_write flushes everything first).
    void start_swmr_write()
    {
        check(H5Fstart_swmr_write(file.id()), "H5Fstart_swmr_write", "/");
        writer_lock = FileLock(path_being_written, FileLock::Kind::write);
    }


    /// Flushes every write to the operating system, then to the disk.
    void flush_durably()
    {
        check(H5Fflush(file.id(), H5F_SCOPE_LOCAL), "H5Fflush", "/");
        void* handle = nullptr;
        check(H5Fget_vfd_handle(file.id(), access.id(), &handle), "H5Fget_vfd_handle", "/");
        if (handle != nullptr && ::fsync(*static_cast<int*>(handle)) != 0 && errno != EINVAL && errno != EROFS) {
            fail(std::string("fsync failed: ") + std::strerror(errno));
        }
    }

    HsizeShape clamped_chunk_shape() const
    {
        HsizeShape chunk{};
        for (int d = 0; d < grid_rank; ++d) {
            chunk[d] = std::min(layout.chunk_shape[d], shape[d]);
        }
        return chunk;
    }

    std::vector<hsize_t> reduced_dimensions(ReducedFieldSpec const& reduced) const
    {
        std::vector<hsize_t> dimensions;
        for (int d = 0; d < grid_rank; ++d) {
            if (d != reduced.removed_axis) {
                dimensions.push_back(shape[d]);
            }
        }
        return dimensions;
    }

    /// Opens the existing file and reads its layout back (ScanFile::open).
    void open_existing()
    {
        std::error_code error;
        if (!std::filesystem::is_regular_file(path, error)) {
            throw OutputError("cannot open scan file " + path.string() + ": no such file");
        }
        file = hdf5::File{H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT)};
        if (!file.is_open()) {
            hdf5::throw_error("cannot open scan file " + path.string() + " for writing");
        }
        std::vector<std::pair<std::string, hdf5::Dataset>> grid_datasets;
        for (std::string const& name : root_names()) {
            if (object_kind(name) != ObjectKind::dataset) {
                continue;
            }
            hdf5::Dataset dataset{check(H5Dopen2(file.id(), name.c_str(), H5P_DEFAULT), "H5Dopen2", "/" + name)};
            if (dimensions_of(dataset.id(), "/" + name).size() == grid_rank) {
                grid_datasets.emplace_back(name, std::move(dataset));
            }
        }
        for (auto const& [name, dataset] : grid_datasets) {
            if (open_axes(dataset.id())) {
                break;
            }
        }
        if (axes.empty()) {
            fail("no 5-D dataset with a dimension scale on every dimension (not a darkscan scan file?)");
        }
        for (auto& [name, dataset] : grid_datasets) {
            std::string const object = "/" + name;
            auto const dimensions = dimensions_of(dataset.id(), object);
            auto const type = element_type(dataset.id(), object);
            if (!type || !std::equal(dimensions.begin(), dimensions.end(), shape.begin())) {
                continue;
            }
            if (fields.empty()) {
                read_chunk_shape(dataset.id(), object);
            }
            layout.fields.push_back({name, read_string_attribute(dataset.id(), object, "units"),
                                     read_string_attribute(dataset.id(), object, "long_name"),
                                     read_string_attribute(dataset.id(), object, "description"), *type, {}, {}, {}});
            fields.push_back(std::move(dataset));
        }
        if (object_kind(tile_done_name) == ObjectKind::dataset && object_kind(tile_axis_name) == ObjectKind::dataset) {
            std::string const object = std::string("/") + tile_done_name;
            tile_done = hdf5::Dataset{check(H5Dopen2(file.id(), tile_done_name, H5P_DEFAULT), "H5Dopen2", object)};
            tile_index = hdf5::Dataset{
                check(H5Dopen2(file.id(), tile_axis_name, H5P_DEFAULT), "H5Dopen2", std::string("/") + tile_axis_name)};
            layout.tile_count = dimensions_of(tile_done.id(), object).front();
        }
    }

    /// Names of the links in the root group, in name order.
    std::vector<std::string> root_names() const
    {
        H5G_info_t info{};
        check(H5Gget_info(file.id(), &info), "H5Gget_info", "/");
        std::vector<std::string> names;
        for (hsize_t i = 0; i < info.nlinks; ++i) {
            auto const get_name = [&](char* text, std::size_t size) {
                return check(H5Lget_name_by_idx(file.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, text, size, H5P_DEFAULT),
                             "H5Lget_name_by_idx", "/");
            };
            std::string name(static_cast<std::size_t>(get_name(nullptr, 0)) + 1, '\0');
            name.resize(static_cast<std::size_t>(get_name(name.data(), name.size())));
            names.push_back(std::move(name));
        }
        return names;
    }

    ObjectKind object_kind(std::string const& name) const
    {
        std::string const object = "/" + name;
        if (name.empty() || name.find('/') != std::string::npos) {
            fail("'" + name + "' is not a name at the root (empty or contains '/')");
        }
        if (check(H5Lexists(file.id(), name.c_str(), H5P_DEFAULT), "H5Lexists", object) <= 0) {
            return ObjectKind::none;
        }
        hdf5::Object const opened{check(H5Oopen(file.id(), name.c_str(), H5P_DEFAULT), "H5Oopen", object)};
        switch (H5Iget_type(opened.id())) {
        case H5I_GROUP:
            return ObjectKind::group;
        case H5I_DATASET:
            return ObjectKind::dataset;
        default:
            return ObjectKind::other;
        }
    }

    std::vector<hsize_t> dimensions_of(hid_t dataset, std::string const& object) const
    {
        hdf5::Dataspace const space{check(H5Dget_space(dataset), "H5Dget_space", object)};
        int const rank = check(H5Sget_simple_extent_ndims(space.id()), "H5Sget_simple_extent_ndims", object);
        std::vector<hsize_t> dimensions(static_cast<std::size_t>(rank));
        check(H5Sget_simple_extent_dims(space.id(), dimensions.data(), nullptr), "H5Sget_simple_extent_dims", object);
        return dimensions;
    }

    /// float64 for any float type (read and written through double), uint32; none for other types.
    std::optional<ElementType> element_type(hid_t dataset, std::string const& object) const
    {
        hdf5::Datatype const type{check(H5Dget_type(dataset), "H5Dget_type", object)};
        H5T_class_t const type_class = H5Tget_class(type.id());
        if (type_class == H5T_FLOAT) {
            return ElementType::float64;
        }
        if (type_class == H5T_INTEGER && H5Tget_sign(type.id()) == H5T_SGN_NONE && H5Tget_size(type.id()) == 4) {
            return ElementType::uint32;
        }
        return std::nullopt;
    }

    /// Takes the root dimension scales of a 5-D dataset as the axes, if every dimension has one.
    bool open_axes(hid_t dataset)
    {
        std::vector<std::string> names;
        for (unsigned d = 0; d < grid_rank; ++d) {
            std::string scale;
            if (H5DSiterate_scales(dataset, d, nullptr, first_scale_path, &scale) != 1 || scale.size() < 2
                || scale.find('/', 1) != std::string::npos) {
                H5Eclear2(H5E_DEFAULT);
                return false;
            }
            names.push_back(scale.substr(1));
        }
        for (int d = 0; d < grid_rank; ++d) {
            std::string const object = "/" + names[d];
            hdf5::Dataset axis{check(H5Dopen2(file.id(), names[d].c_str(), H5P_DEFAULT), "H5Dopen2", object)};
            AxisSpec spec{names[d], read_string_attribute(axis.id(), object, "units"),
                          read_string_attribute(axis.id(), object, "long_name"), {}};
            spec.values.resize(dimensions_of(axis.id(), object).front());
            check(H5Dread(axis.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, spec.values.data()), "H5Dread",
                  object);
            shape[d] = spec.values.size();
            layout.axes.push_back(std::move(spec));
            axes.push_back(std::move(axis));
        }
        return true;
    }

    void read_chunk_shape(hid_t dataset, std::string const& object)
    {
        hdf5::PropertyList const creation{check(H5Dget_create_plist(dataset), "H5Dget_create_plist", object)};
        HsizeShape chunk = to_hsize(shape);
        if (H5Pget_layout(creation.id()) == H5D_CHUNKED) {
            check(H5Pget_chunk(creation.id(), grid_rank, chunk.data()), "H5Pget_chunk", object);
        }
        std::copy(chunk.begin(), chunk.end(), layout.chunk_shape.begin());
    }

    /// Attribute `name` of `object` and its type, if it exists and holds one value of class `type_class`.
    std::optional<std::pair<hdf5::Attribute, hdf5::Datatype>> open_scalar_attribute(
        hid_t object, std::string const& where, char const* name, H5T_class_t type_class) const
    {
        if (check(H5Aexists(object, name), "H5Aexists", where) <= 0) {
            return std::nullopt;
        }
        hdf5::Attribute attribute{check(H5Aopen(object, name, H5P_DEFAULT), "H5Aopen", where)};
        hdf5::Datatype type{check(H5Aget_type(attribute.id()), "H5Aget_type", where)};
        hdf5::Dataspace const space{check(H5Aget_space(attribute.id()), "H5Aget_space", where)};
        if (H5Tget_class(type.id()) != type_class || H5Sget_simple_extent_npoints(space.id()) != 1) {
            return std::nullopt;
        }
        return std::make_pair(std::move(attribute), std::move(type));
    }

    /// A scalar string attribute (variable or fixed length); empty if absent or not a scalar string.
    std::string read_string_attribute(hid_t object, std::string const& object_name, char const* name) const
    {
        std::string const where = object_name + " attribute " + name;
        auto const opened = open_scalar_attribute(object, where, name, H5T_STRING);
        if (!opened) {
            return {};
        }
        auto const& [attribute, type] = *opened;
        if (check(H5Tis_variable_str(type.id()), "H5Tis_variable_str", where) > 0) {
            char* characters = nullptr;
            check(H5Aread(attribute.id(), type.id(), &characters), "H5Aread", where);
            std::string text = characters != nullptr ? characters : "";
            H5free_memory(characters);
            return text;
        }
        std::string text(H5Tget_size(type.id()), '\0');
        check(H5Aread(attribute.id(), type.id(), text.data()), "H5Aread", where);
        return text.substr(0, text.find('\0'));
    }

    /// A scalar integer attribute; none if absent or not a scalar integer.
    std::optional<int> read_integer_attribute(hid_t object, std::string const& object_name, char const* name) const
    {
        std::string const where = object_name + " attribute " + name;
        auto const opened = open_scalar_attribute(object, where, name, H5T_INTEGER);
        if (!opened) {
            return std::nullopt;
        }
        int value = 0;
        check(H5Aread(opened->first.id(), H5T_NATIVE_INT, &value), "H5Aread", where);
        return value;
    }

    /// A 1-D dataset holding `values`, made the dimension scale `name`.
    hdf5::Dataset create_coordinate(std::string const& name, hid_t type, hid_t memory, hsize_t length,
                                    void const* values)
    {
        std::string const object = "/" + name;
        hdf5::Dataspace const space{check(H5Screate_simple(1, &length, nullptr), "H5Screate_simple", object)};
        hdf5::Dataset dataset{check(
            H5Dcreate2(file.id(), name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
            "H5Dcreate2", object)};
        check(H5Dwrite(dataset.id(), memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), "H5Dwrite", object);
        check(H5DSset_scale(dataset.id(), name.c_str()), "H5DSset_scale", object);
        return dataset;
    }

    void create_tile_datasets()
    {
        std::vector<std::uint64_t> indices(layout.tile_count);
        std::iota(indices.begin(), indices.end(), std::uint64_t{0});
        tile_index = create_coordinate(tile_axis_name, H5T_STD_U64LE, H5T_NATIVE_UINT64, indices.size(),
                                       indices.data());
        std::string const index_object = std::string("/") + tile_axis_name;
        write_string_attribute(tile_index.id(), index_object, "units", "1");
        write_string_attribute(tile_index.id(), index_object, "long_name", tile_long_name);
        write_string_attribute(tile_index.id(), index_object, "description",
                               "index of a tile, a chunk-aligned box of the grid computed and written as one unit");

        std::string const object = std::string("/") + tile_done_name;
        hsize_t const length = layout.tile_count;
        hdf5::Dataspace const space{check(H5Screate_simple(1, &length, nullptr), "H5Screate_simple", object)};
        // The default fill value 0 makes every tile read as not done until mark_tile_done(); allocated now, so
        // that setting a flag writes one byte in place and no metadata.
        hdf5::PropertyList const creation{check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate", object)};
        check(H5Pset_alloc_time(creation.id(), H5D_ALLOC_TIME_EARLY), "H5Pset_alloc_time", object);
        tile_done = hdf5::Dataset{check(
            H5Dcreate2(file.id(), tile_done_name, H5T_STD_U8LE, space.id(), H5P_DEFAULT, creation.id(), H5P_DEFAULT),
            "H5Dcreate2", object)};
        check(H5DSattach_scale(tile_done.id(), tile_index.id(), 0), "H5DSattach_scale", object);
        write_string_attribute(tile_done.id(), object, "units", "1");
        write_string_attribute(tile_done.id(), object, "long_name", tile_done_long_name);
        write_string_attribute(tile_done.id(), object, "description",
                               "1 once every field of the tile is written and the file flushed, else 0");
    }

    void create_field(FieldSpec const& field)
    {
        std::string const object = "/" + field.name;
        HsizeShape const dimensions = to_hsize(shape);
        HsizeShape const chunk = clamped_chunk_shape();
        std::array<unsigned char, sizeof(double)> const fill = fill_bytes(field);

        hdf5::Dataspace const space{
            check(H5Screate_simple(grid_rank, dimensions.data(), nullptr), "H5Screate_simple", object)};
        hdf5::PropertyList const creation{check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate", object)};
        check(H5Pset_fill_value(creation.id(), memory_type(field.type), fill.data()), "H5Pset_fill_value", object);
        if (layout.virtual_sources.empty()) {
            check(H5Pset_chunk(creation.id(), grid_rank, chunk.data()), "H5Pset_chunk", object);
            check(H5Pset_shuffle(creation.id()), "H5Pset_shuffle", object);
            check(H5Pset_deflate(creation.id(), deflate_level), "H5Pset_deflate", object);
            check(H5Pset_fill_time(creation.id(), H5D_FILL_TIME_IFSET), "H5Pset_fill_time", object);
        } else {
            map_virtual_sources(creation.id(), space.id(), field.name);
        }
        hdf5::Dataset dataset{check(H5Dcreate2(file.id(), field.name.c_str(), file_type(field.type), space.id(),
                                               H5P_DEFAULT, creation.id(), H5P_DEFAULT),
                                    "H5Dcreate2", object)};
        for (int d = 0; d < grid_rank; ++d) {
            check(H5DSattach_scale(dataset.id(), axes[d].id(), static_cast<unsigned>(d)), "H5DSattach_scale",
                  object + " dimension " + layout.axes[d].name);
        }

        write_field_attributes(dataset.id(), object, field);
        fields.push_back(std::move(dataset));
    }

    /// Every box of every source into the virtual dataset `name` (same name in the part files).
    void map_virtual_sources(hid_t creation, hid_t virtual_space, std::string const& name)
    {
        std::string const object = "/" + name;
        for (VirtualSource const& source : layout.virtual_sources) {
            for (auto const& [start, count] : source.boxes) {
                HsizeShape const box_start = to_hsize(start);
                HsizeShape const box_count = to_hsize(count);
                check(H5Sselect_hyperslab(virtual_space, H5S_SELECT_SET, box_start.data(), nullptr, box_count.data(),
                                          nullptr),
                      "H5Sselect_hyperslab", object);
                hdf5::Dataspace const source_space{check(H5Scopy(virtual_space), "H5Scopy", object)};
                check(
                    H5Pset_virtual(creation, virtual_space, source.file_name.c_str(), name.c_str(), source_space.id()),
                    "H5Pset_virtual", object + " from " + source.file_name);
            }
        }
        check(H5Sselect_all(virtual_space), "H5Sselect_all", object);
    }

    void create_reduced_field(ReducedFieldSpec const& reduced)
    {
        FieldSpec const& field = reduced.field;
        std::string const object = "/" + field.name;
        std::vector<hsize_t> const dimensions = reduced_dimensions(reduced);
        hdf5::Dataspace const space{
            check(H5Screate_simple(grid_rank - 1, dimensions.data(), nullptr), "H5Screate_simple", object)};
        hdf5::PropertyList const creation{check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate", object)};
        if (field.type == ElementType::float64) {
            double const nan = std::numeric_limits<double>::quiet_NaN();
            check(H5Pset_fill_value(creation.id(), H5T_NATIVE_DOUBLE, &nan), "H5Pset_fill_value", object);
        }
        // Allocated now, so that writing it at the end changes no metadata.
        check(H5Pset_alloc_time(creation.id(), H5D_ALLOC_TIME_EARLY), "H5Pset_alloc_time", object);
        hdf5::Dataset dataset{check(H5Dcreate2(file.id(), field.name.c_str(), file_type(field.type), space.id(),
                                               H5P_DEFAULT, creation.id(), H5P_DEFAULT),
                                    "H5Dcreate2", object)};
        for (int d = 0, r = 0; d < grid_rank; ++d) {
            if (d != reduced.removed_axis) {
                check(H5DSattach_scale(dataset.id(), axes[d].id(), static_cast<unsigned>(r++)), "H5DSattach_scale",
                      object + " dimension " + layout.axes[d].name);
            }
        }
        write_field_attributes(dataset.id(), object, field);
        reduced_fields.push_back(std::move(dataset));
    }

    /// units, long_name, description, _FillValue (float64) and the CF flag attributes of a field's dataset.
    void write_field_attributes(hid_t dataset, std::string const& object, FieldSpec const& field)
    {
        write_string_attribute(dataset, object, "units", field.units);
        write_string_attribute(dataset, object, "long_name", field.long_name);
        write_string_attribute(dataset, object, "description", field.description);
        if (field.type == ElementType::float64) {
            double const nan = std::numeric_limits<double>::quiet_NaN();
            write_scalar_attribute(dataset, object, "_FillValue", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &nan);
        }
        if (field.uint32_fill_value) {
            write_scalar_attribute(dataset, object, "_FillValue", H5T_STD_U32LE, H5T_NATIVE_UINT32,
                                   &*field.uint32_fill_value);
        }
        if (!field.flag_masks.empty()) {
            hsize_t const mask_count = field.flag_masks.size();
            hdf5::Dataspace const masks_space{
                check(H5Screate_simple(1, &mask_count, nullptr), "H5Screate_simple", object)};
            // Stored in the field's own type (CF); converted from the uint64 list by HDF5.
            write_attribute(dataset, object, "flag_masks", file_type(field.type), H5T_NATIVE_UINT64,
                            masks_space.id(), field.flag_masks.data());
            write_string_attribute(dataset, object, "flag_meanings", field.flag_meanings);
        }
        for (auto const& [name, value] : field.numeric_attributes) {
            write_scalar_attribute(dataset, object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
        }
        for (auto const& [name, text] : field.text_attributes) {
            write_string_attribute(dataset, object, name, text);
        }
    }

    /// Writes attribute `name` on `object` (named `object_name` in errors): in place when it exists with the
    /// same type and shape, else (re)created.
    void write_attribute(hid_t object, std::string const& object_name, std::string const& name, hid_t type,
                         hid_t memory, hid_t space, void const* value)
    {
        std::string const where = object_name + " attribute " + name;
        if (check(H5Aexists(object, name.c_str()), "H5Aexists", where) > 0) {
            hdf5::Attribute existing{check(H5Aopen(object, name.c_str(), H5P_DEFAULT), "H5Aopen", where)};
            hdf5::Datatype const existing_type{check(H5Aget_type(existing.id()), "H5Aget_type", where)};
            hdf5::Dataspace const existing_space{check(H5Aget_space(existing.id()), "H5Aget_space", where)};
            if (check(H5Tequal(existing_type.id(), type), "H5Tequal", where) > 0
                && check(H5Sextent_equal(existing_space.id(), space), "H5Sextent_equal", where) > 0) {
                check(H5Awrite(existing.id(), memory, value), "H5Awrite", where);
                check(existing.close(), "H5Aclose", where);
                return;
            }
            check(existing.close(), "H5Aclose", where);
            check(H5Adelete(object, name.c_str()), "H5Adelete", where);
        }
        hdf5::Attribute attribute{
            check(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2", where)};
        check(H5Awrite(attribute.id(), memory, value), "H5Awrite", where);
        check(attribute.close(), "H5Aclose", where);
    }

    void write_scalar_attribute(hid_t object, std::string const& object_name, std::string const& name, hid_t type,
                                hid_t memory, void const* value)
    {
        hdf5::Dataspace const scalar{check(H5Screate(H5S_SCALAR), "H5Screate", object_name)};
        write_attribute(object, object_name, name, type, memory, scalar.id(), value);
    }

    /// A scalar variable-length UTF-8 string: h5py, xarray (h5netcdf) and netCDF4 all read it as str.
    void write_string_attribute(hid_t object, std::string const& object_name, std::string const& name,
                                std::string const& text)
    {
        hdf5::Datatype const type{check(H5Tcopy(H5T_C_S1), "H5Tcopy", object_name)};
        check(H5Tset_size(type.id(), H5T_VARIABLE), "H5Tset_size", object_name);
        check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset", object_name);
        char const* const characters = text.c_str();
        write_scalar_attribute(object, object_name, name, type.id(), type.id(), &characters);
    }

    void write_complete(int value)
    {
        write_scalar_attribute(file.id(), "/", complete_name, H5T_STD_I32LE, H5T_NATIVE_INT, &value);
    }

    /// Closes every object, then the file, reporting the first failure (where buffered data reaches the disk).
    void close_checked()
    {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            check(fields[i].close(), "H5Dclose", "/" + layout.fields[i].name);
        }
        for (std::size_t i = 0; i < reduced_fields.size(); ++i) {
            check(reduced_fields[i].close(), "H5Dclose", "/" + layout.reduced_fields[i].field.name);
        }
        check(tile_done.close(), "H5Dclose", std::string("/") + tile_done_name);
        check(tile_index.close(), "H5Dclose", std::string("/") + tile_axis_name);
        for (std::size_t d = 0; d < axes.size(); ++d) {
            check(axes[d].close(), "H5Dclose", "/" + layout.axes[d].name);
        }
        check(file.close(), "H5Fclose", "/");
        writer_lock.release();
    }

    /// Closes whatever is open, ignoring failures (destructor and failed construction).
    void release() noexcept
    {
        fields.clear();
        reduced_fields.clear();
        tile_done.close();
        tile_index.close();
        axes.clear();
        file.close();
        writer_lock.release();
    }
};

std::vector<DatasetSchema> layout_schema(ScanFileLayout const& layout,
                                         std::vector<std::pair<FieldSpec, int>> const& reduced)
{
    std::vector<DatasetSchema> rows;
    std::vector<std::pair<std::string, std::uint64_t>> grid_dims;
    for (AxisSpec const& axis : layout.axes) {
        grid_dims.emplace_back(axis.name, axis.values.size());
    }
    for (AxisSpec const& axis : layout.axes) {
        rows.push_back({axis.name, {{axis.name, axis.values.size()}}, "float64", axis.units, axis.long_name});
    }
    for (FieldSpec const& field : layout.fields) {
        rows.push_back({field.name, grid_dims, type_name(field.type), field.units, field.long_name});
    }
    for (auto const& [field, removed_axis] : reduced) {
        auto dims = grid_dims;
        dims.erase(dims.begin() + removed_axis);
        rows.push_back({field.name, dims, type_name(field.type), field.units, field.long_name});
    }
    rows.push_back({tile_axis_name, {{tile_axis_name, layout.tile_count}}, "uint64", "1", tile_long_name});
    rows.push_back({tile_done_name, {{tile_axis_name, layout.tile_count}}, "uint8", "1", tile_done_long_name});
    return rows;
}

void check_output_destination(std::filesystem::path const& path, ExistingFile existing)
{
    std::filesystem::path const directory = path.has_parent_path() ? path.parent_path() : ".";
    std::error_code error;
    if (!std::filesystem::is_directory(directory, error)) {
        throw OutputError("cannot create output file " + path.string() + ": directory " + directory.string()
                          + " does not exist");
    }
    auto const existing_status = std::filesystem::status(path, error);
    if (existing == ExistingFile::refuse && std::filesystem::exists(std::filesystem::symlink_status(path, error))) {
        throw OutputError("output file " + path.string()
                          + " exists (use --resume to continue it, --overwrite to replace it)");
    }
    if (std::filesystem::exists(existing_status) && !std::filesystem::is_regular_file(existing_status)) {
        throw OutputError("cannot overwrite output file " + path.string() + ": not a regular file");
    }
    if (access(directory.c_str(), W_OK | X_OK) != 0) {
        throw OutputError("cannot create output file " + path.string() + ": directory " + directory.string()
                          + " is not writable (" + std::strerror(errno) + ")");
    }
}

ScanFile::ScanFile(std::filesystem::path path, ScanFileLayout layout, std::vector<Attribute> const& root_attributes,
                   ExistingFile existing)
    : impl_(std::make_unique<Impl>(std::move(path), std::move(layout)))
{
    hdf5::SilencedErrorPrinting const silenced;
    impl_->validate(root_attributes);
    check_output_destination(impl_->path, existing);
    std::filesystem::path const building = creation_path(impl_->path);
    std::error_code ignored;
    std::filesystem::remove(building, ignored);  // left by an earlier process with this id
    try {
        impl_->create(building, root_attributes);
        impl_->flush_durably();
        std::error_code exists;
        if (existing == ExistingFile::refuse && std::filesystem::exists(impl_->path, exists)) {
            impl_->fail("appeared while the scan file was being created");
        }
        std::filesystem::rename(building, impl_->path);  // the open file keeps its descriptor
        sync_directory(impl_->path);
    } catch (std::filesystem::filesystem_error const& error) {
        impl_->release();
        std::filesystem::remove(building, ignored);
        throw OutputError("cannot create output file " + impl_->path.string() + ": " + error.code().message());
    } catch (...) {
        impl_->release();
        std::filesystem::remove(building, ignored);
        throw;
    }
}

ScanFile ScanFile::open(std::filesystem::path path)
{
    ScanFile scan_file;
    scan_file.impl_ = std::make_unique<Impl>(std::move(path), ScanFileLayout{});
    hdf5::SilencedErrorPrinting const silenced;
    scan_file.impl_->open_existing();
    return scan_file;
}

ScanFile ScanFile::reopen(std::filesystem::path path, ScanFileLayout layout)
{
    ScanFile scan_file;
    scan_file.impl_ = std::make_unique<Impl>(std::move(path), std::move(layout));
    hdf5::SilencedErrorPrinting const silenced;
    scan_file.impl_->validate({});
    scan_file.impl_->reopen();
    return scan_file;
}

ScanFile::~ScanFile() = default;
ScanFile::ScanFile(ScanFile&&) noexcept = default;
ScanFile& ScanFile::operator=(ScanFile&&) noexcept = default;

void ScanFile::write_box(std::size_t field_index, Shape const& start, Shape const& count, void const* data)
{
    transfer_box("write_box", field_index, start, count, const_cast<void*>(data), true);
}

void ScanFile::encode_chunk(std::size_t field_index, Shape const& count, void const* data, ChunkScratch& scratch,
                            std::vector<unsigned char>& encoded) const
{
    Impl const& impl = *impl_;
    if (field_index >= impl.layout.fields.size()) {
        impl.fail("encode_chunk: field index " + std::to_string(field_index) + " out of range");
    }
    FieldSpec const& field = impl.layout.fields[field_index];
    std::size_t const element = element_bytes(field.type);
    HsizeShape const chunk = impl.clamped_chunk_shape();
    std::size_t points = 1;
    for (int d = 0; d < grid_rank; ++d) {
        if (count[d] == 0 || count[d] > chunk[d]) {
            impl.fail("encode_chunk: extent " + shape_text(count) + " is not within the chunk " + shape_text(chunk));
        }
        points *= chunk[d];
    }
    auto const* source = static_cast<unsigned char const*>(data);
    if (!std::equal(count.begin(), count.end(), chunk.begin())) {
        // An edge chunk: its points into the full chunk's row-major places, the fill value elsewhere.
        std::array<unsigned char, sizeof(double)> const fill = fill_bytes(field);
        scratch.full.resize(points * element);
        for (std::size_t i = 0; i < points; ++i) {
            std::memcpy(scratch.full.data() + i * element, fill.data(), element);
        }
        std::size_t const rows = count[0] * count[1] * count[2] * count[3];
        for (std::size_t row = 0; row < rows; ++row) {
            std::size_t index[grid_rank - 1];
            std::size_t left = row;
            for (int d = grid_rank - 2; d >= 0; --d) {
                index[d] = left % count[d];
                left /= count[d];
            }
            std::size_t in_chunk = 0;
            for (int d = 0; d < grid_rank - 1; ++d) {
                in_chunk = in_chunk * chunk[d] + index[d];
            }
            std::memcpy(scratch.full.data() + in_chunk * chunk[grid_rank - 1] * element,
                        source + row * count[grid_rank - 1] * element, count[grid_rank - 1] * element);
        }
        source = scratch.full.data();
    }
    // HDF5's shuffle filter: byte b of element i goes to b * points + i.
    scratch.shuffled.resize(points * element);
    for (std::size_t b = 0; b < element; ++b) {
        unsigned char* const destination = scratch.shuffled.data() + b * points;
        for (std::size_t i = 0; i < points; ++i) {
            destination[i] = source[i * element + b];
        }
    }
    // HDF5's deflate filter: one zlib stream of the whole chunk.
    uLongf size = compressBound(static_cast<uLong>(scratch.shuffled.size()));
    encoded.resize(size);
    if (compress2(encoded.data(), &size, scratch.shuffled.data(), static_cast<uLong>(scratch.shuffled.size()),
                  static_cast<int>(deflate_level))
        != Z_OK) {
        impl.fail("/" + impl.layout.fields[field_index].name + ": deflate failed");
    }
    encoded.resize(size);
}

void ScanFile::write_chunk(std::size_t field_index, Shape const& start, std::vector<unsigned char> const& encoded)
{
    Impl& impl = *impl_;
    impl.require_open("write_chunk");
    if (field_index >= impl.fields.size()) {
        impl.fail("write_chunk: field index " + std::to_string(field_index) + " out of range");
    }
    hdf5::SilencedErrorPrinting const silenced;
    HsizeShape const offset = to_hsize(start);
    std::string const object = "/" + impl.layout.fields[field_index].name;
    impl.check(
        H5Dwrite_chunk(impl.fields[field_index].id(), H5P_DEFAULT, 0, offset.data(), encoded.size(), encoded.data()),
        "H5Dwrite_chunk", object);
    if (impl.clamped_chunk_shape() == to_hsize(impl.shape)) {
        // A dataset of one chunk: HDF5 1.10 keeps a stale size for a chunk written directly there, and reads in
        // this session would decode garbage (the file itself is right). Reopening the dataset reloads it.
        impl.reopen_field(field_index);
    }
}

void ScanFile::read_box(std::size_t field_index, Shape const& start, Shape const& count, void* data)
{
    transfer_box("read_box", field_index, start, count, data, false);
}

void ScanFile::transfer_box(char const* operation, std::size_t field_index, Shape const& start, Shape const& count,
                            void* data, bool write)
{
    Impl& impl = *impl_;
    impl.require_open(operation);
    if (field_index >= impl.fields.size()) {
        impl.fail(std::string(operation) + ": field index " + std::to_string(field_index) + " out of range ("
                  + std::to_string(impl.fields.size()) + " fields)");
    }
    FieldSpec const& field = impl.layout.fields[field_index];
    std::string const object = "/" + field.name;
    for (int d = 0; d < grid_rank; ++d) {
        if (count[d] == 0 || start[d] > impl.shape[d] || count[d] > impl.shape[d] - start[d]) {
            impl.fail(object + ": box at " + shape_text(start) + " of extent " + shape_text(count)
                      + " is empty or outside the grid " + shape_text(impl.shape));
        }
    }
    hdf5::SilencedErrorPrinting const silenced;
    HsizeShape const box_start = to_hsize(start);
    HsizeShape const box_count = to_hsize(count);
    hid_t const dataset = impl.fields[field_index].id();
    hdf5::Dataspace const file_space{impl.check(H5Dget_space(dataset), "H5Dget_space", object)};
    impl.check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, box_start.data(), nullptr, box_count.data(),
                                   nullptr),
               "H5Sselect_hyperslab", object);
    hdf5::Dataspace const memory_space{
        impl.check(H5Screate_simple(grid_rank, box_count.data(), nullptr), "H5Screate_simple", object)};
    if (write) {
        impl.check(H5Dwrite(dataset, memory_type(field.type), memory_space.id(), file_space.id(), H5P_DEFAULT, data),
                   "H5Dwrite", object);
    } else {
        impl.check(H5Dread(dataset, memory_type(field.type), memory_space.id(), file_space.id(), H5P_DEFAULT, data),
                   "H5Dread", object);
    }
}

void ScanFile::write_reduced_field(std::size_t index, void const* data)
{
    Impl& impl = *impl_;
    impl.require_open("write_reduced_field");
    if (index >= impl.reduced_fields.size()) {
        impl.fail("write_reduced_field: index " + std::to_string(index) + " out of range ("
                  + std::to_string(impl.reduced_fields.size()) + " reduced fields)");
    }
    FieldSpec const& field = impl.layout.reduced_fields[index].field;
    hdf5::SilencedErrorPrinting const silenced;
    impl.check(H5Dwrite(impl.reduced_fields[index].id(), memory_type(field.type), H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
               "H5Dwrite", "/" + field.name);
}

void ScanFile::write_axes_field(std::string const& group, FieldSpec const& field, std::vector<int> const& axes,
                                void const* data)
{
    Impl& impl = *impl_;
    impl.require_open("write_axes_field");
    std::string const object = (group.empty() ? "" : "/" + group) + "/" + field.name;
    std::set<int> const distinct(axes.begin(), axes.end());
    if (axes.empty() || distinct.size() != axes.size() || *distinct.begin() < 0 || *distinct.rbegin() >= grid_rank) {
        impl.fail(object + ": the axes of a dataset must be distinct grid axes");
    }
    hdf5::SilencedErrorPrinting const silenced;
    hdf5::Group parent;
    if (!group.empty()) {
        parent = hdf5::Group{impl.check(H5Gopen2(impl.file.id(), group.c_str(), H5P_DEFAULT), "H5Gopen2", "/" + group)};
    }
    hid_t const location = group.empty() ? impl.file.id() : parent.id();
    if (impl.check(H5Lexists(location, field.name.c_str(), H5P_DEFAULT), "H5Lexists", object) > 0) {
        impl.fail(object + ": dataset exists already");
    }
    std::vector<hsize_t> dimensions;
    for (int d : axes) {
        dimensions.push_back(impl.shape[d]);
    }
    hdf5::Dataspace const space{impl.check(
        H5Screate_simple(static_cast<int>(dimensions.size()), dimensions.data(), nullptr), "H5Screate_simple", object)};
    // The HDF5 fill value agrees with the _FillValue attribute, as netCDF readers expect.
    hdf5::PropertyList const creation{impl.check(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate", object)};
    if (field.type == ElementType::float64) {
        double const nan = std::numeric_limits<double>::quiet_NaN();
        impl.check(H5Pset_fill_value(creation.id(), H5T_NATIVE_DOUBLE, &nan), "H5Pset_fill_value", object);
    }
    if (field.uint32_fill_value) {
        impl.check(H5Pset_fill_value(creation.id(), H5T_NATIVE_UINT32, &*field.uint32_fill_value),
                   "H5Pset_fill_value", object);
    }
    hdf5::Dataset dataset{impl.check(H5Dcreate2(location, field.name.c_str(), file_type(field.type), space.id(),
                                                H5P_DEFAULT, creation.id(), H5P_DEFAULT),
                                     "H5Dcreate2", object)};
    for (std::size_t r = 0; r < axes.size(); ++r) {
        impl.check(H5DSattach_scale(dataset.id(), impl.axes[axes[r]].id(), static_cast<unsigned>(r)),
                   "H5DSattach_scale", object + " dimension " + impl.layout.axes[axes[r]].name);
    }
    impl.write_field_attributes(dataset.id(), object, field);
    impl.check(H5Dwrite(dataset.id(), memory_type(field.type), H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "H5Dwrite",
               object);
    impl.check(dataset.close(), "H5Dclose", object);
}

void ScanFile::create_group(GroupSpec const& group)
{
    Impl& impl = *impl_;
    impl.require_open("create_group");
    hdf5::SilencedErrorPrinting const silenced;
    std::string const object = "/" + group.name;
    if (impl.object_kind(group.name) != ObjectKind::none) {
        impl.fail(object + " exists already");
    }
    hdf5::Group created{
        impl.check(H5Gcreate2(impl.file.id(), group.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "H5Gcreate2",
                   object)};
    for (Attribute const& attribute : group.text_attributes) {
        impl.write_string_attribute(created.id(), object, attribute.name, attribute.text);
    }
    for (auto const& [name, value] : group.integer_attributes) {
        impl.write_scalar_attribute(created.id(), object, name, H5T_STD_I32LE, H5T_NATIVE_INT, &value);
    }
    impl.check(created.close(), "H5Gclose", object);
}

void ScanFile::remove_group(std::string const& name)
{
    Impl& impl = *impl_;
    impl.require_open("remove_group");
    hdf5::SilencedErrorPrinting const silenced;
    if (impl.object_kind(name) != ObjectKind::group) {
        impl.fail("/" + name + " is not a group");
    }
    impl.check(H5Ldelete(impl.file.id(), name.c_str(), H5P_DEFAULT), "H5Ldelete", "/" + name);
}

ObjectKind ScanFile::object_kind(std::string const& name) const
{
    impl_->require_open("object_kind");
    hdf5::SilencedErrorPrinting const silenced;
    return impl_->object_kind(name);
}

int ScanFile::complete_flag() const
{
    impl_->require_open("complete_flag");
    hdf5::SilencedErrorPrinting const silenced;
    return impl_->read_integer_attribute(impl_->file.id(), "/", complete_name).value_or(0);
}

ScanFileLayout const& ScanFile::layout() const { return impl_->layout; }

void ScanFile::mark_tile_done(std::uint64_t tile)
{
    Impl& impl = *impl_;
    impl.require_open("mark_tile_done");
    std::string const object = std::string("/") + tile_done_name;
    if (tile >= impl.layout.tile_count) {
        impl.fail(object + ": tile " + std::to_string(tile) + " out of range (tile_count "
                  + std::to_string(impl.layout.tile_count) + ")");
    }
    hdf5::SilencedErrorPrinting const silenced;
    hsize_t const start = tile;
    hsize_t const one = 1;
    std::uint8_t const done = 1;
    hdf5::Dataspace const file_space{impl.check(H5Dget_space(impl.tile_done.id()), "H5Dget_space", object)};
    impl.check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, &start, nullptr, &one, nullptr),
               "H5Sselect_hyperslab", object);
    hdf5::Dataspace const memory_space{impl.check(H5Screate_simple(1, &one, nullptr), "H5Screate_simple", object)};
    // The tile's data first, durably; only then its flag, so a flag on disk always has its data on disk.
    impl.flush_durably();
    impl.check(H5Dwrite(impl.tile_done.id(), H5T_NATIVE_UINT8, memory_space.id(), file_space.id(), H5P_DEFAULT, &done),
               "H5Dwrite", object);
    impl.check(H5Dflush(impl.tile_done.id()), "H5Dflush", object);
}

std::vector<std::uint8_t> ScanFile::tile_done()
{
    Impl& impl = *impl_;
    impl.require_open("tile_done");
    hdf5::SilencedErrorPrinting const silenced;
    std::vector<std::uint8_t> flags(impl.layout.tile_count);
    impl.check(H5Dread(impl.tile_done.id(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, flags.data()), "H5Dread",
               std::string("/") + tile_done_name);
    return flags;
}

void ScanFile::set_root_attribute(Attribute const& attribute)
{
    Impl& impl = *impl_;
    impl.require_open("set_root_attribute");
    impl.check_root_attribute_name(attribute.name);
    hdf5::SilencedErrorPrinting const silenced;
    impl.write_string_attribute(impl.file.id(), "/", attribute.name, attribute.text);
}

void ScanFile::finish(bool complete)
{
    Impl& impl = *impl_;
    impl.require_open("finish");
    impl.finished = true;
    hdf5::SilencedErrorPrinting const silenced;
    // Everything written so far reaches the disk before the file can be marked complete.
    impl.flush_durably();
    if (complete) {
        impl.write_complete(1);
    }
    impl.close_checked();
}

std::uint64_t ScanFileState::tiles_done() const
{
    return static_cast<std::uint64_t>(std::count(tile_done.begin(), tile_done.end(), std::uint8_t{1}));
}

std::string ScanFileState::attribute(std::string const& name) const
{
    auto const found = attributes.find(name);
    return found == attributes.end() ? std::string() : found->second;
}

namespace {

/// H5Aiterate2 callback: stores a scalar string attribute of the root group in a std::map<std::string, std::string>.
herr_t collect_string_attribute(hid_t location, char const* name, H5A_info_t const* /*info*/, void* attributes)
{
    hdf5::Attribute const attribute{H5Aopen(location, name, H5P_DEFAULT)};
    hdf5::Datatype const type{H5Aget_type(attribute.id())};
    if (!attribute.is_open() || !type.is_open() || H5Tget_class(type.id()) != H5T_STRING
        || H5Tis_variable_str(type.id()) <= 0) {
        return 0;
    }
    char* characters = nullptr;
    if (H5Aread(attribute.id(), type.id(), &characters) < 0) {
        return -1;
    }
    (*static_cast<std::map<std::string, std::string>*>(attributes))[name] = characters != nullptr ? characters : "";
    H5free_memory(characters);
    return 0;
}

}  // namespace

ScanFileState read_scan_file_state(std::filesystem::path const& path)
{
    hdf5::SilencedErrorPrinting const silenced;
    std::string const context = path.string() + " cannot be read as a darkscan scan file";
    hdf5::PropertyList const access = file_access_properties(path);
    ignore_open_marks(access.id());  // a file whose writer was killed
    FileLock const lock(path, FileLock::Kind::read);
    pad_to_recorded_end(lock);
    hdf5::File const file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, access.id())};
    if (!file.is_open()) {
        throw_open_error(path, context + " (damaged, or not an HDF5 1.10 file)");
    }
    ScanFileState state;
    if (H5Aiterate2(file.id(), H5_INDEX_NAME, H5_ITER_NATIVE, nullptr, collect_string_attribute, &state.attributes)
        < 0) {
        hdf5::throw_error(context + " (damaged: root attributes)");
    }
    if (H5Aexists(file.id(), complete_name) <= 0 || H5Lexists(file.id(), tile_done_name, H5P_DEFAULT) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        throw OutputError(context + " (no " + complete_name + " attribute or " + tile_done_name + " dataset: not "
                          "written by darkscan, or damaged)");
    }
    int complete = 0;
    hdf5::Attribute const complete_attribute{H5Aopen(file.id(), complete_name, H5P_DEFAULT)};
    if (H5Aread(complete_attribute.id(), H5T_NATIVE_INT, &complete) < 0) {
        hdf5::throw_error(context + " (damaged: attribute " + complete_name + ")");
    }
    state.complete = complete == 1;
    hdf5::Dataset const tile_done{H5Dopen2(file.id(), tile_done_name, H5P_DEFAULT)};
    hdf5::Dataspace const space{H5Dget_space(tile_done.id())};
    hssize_t const tiles = space.is_open() ? H5Sget_simple_extent_npoints(space.id()) : -1;
    if (tiles < 0) {
        hdf5::throw_error(context + " (damaged: " + tile_done_name + ")");
    }
    state.tile_done.resize(static_cast<std::size_t>(tiles));
    if (H5Dread(tile_done.id(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, state.tile_done.data()) < 0) {
        hdf5::throw_error(context + " (damaged: " + tile_done_name + ")");
    }
    return state;
}

std::filesystem::path const& ScanFile::path() const { return impl_->path; }

}  // namespace darkscan
