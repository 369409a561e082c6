// SPDX-License-Identifier: MIT
// Tests of the HDF5 scan output: a round trip read back with the HDF5 C API (values, fill values of an
// unwritten box, attributes, dimension scales, chunking, tile flags, completion), every refusal, a file whose
// writer was killed (state, reopening, intact tiles), reduced fields and master files of virtual datasets.
#include <doctest/doctest.h>
#include <hdf5_hl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <numeric>

#include "darkscan/status.hpp"
#include "errors.hpp"
#include "hdf5_handles.hpp"
#include "scan_file.hpp"

namespace {

using darkscan::Attribute;
using darkscan::ElementType;
using darkscan::ExistingFile;
using darkscan::FieldSpec;
using darkscan::grid_rank;
using darkscan::ObjectKind;
using darkscan::OutputError;
using darkscan::ScanFile;
using darkscan::ScanFileLayout;
using darkscan::Shape;
namespace fs = std::filesystem;
namespace hdf5 = darkscan::hdf5;
namespace status = darkscan::status;

/// A fresh path in the temporary directory; whatever is there is removed on construction and destruction.
class TemporaryPath {
public:
    explicit TemporaryPath(std::string const& name)
        : path_(fs::temp_directory_path() / ("darkscan_test_" + std::to_string(getpid()) + "_" + name))
    {
        fs::remove_all(path_);
    }
    ~TemporaryPath()
    {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TemporaryPath(TemporaryPath const&) = delete;
    TemporaryPath& operator=(TemporaryPath const&) = delete;

    fs::path const& path() const { return path_; }

private:
    fs::path path_;
};

// Odd sizes and a length-1 axis; the chunk shape divides none of the longer axes, and its 4 on the
// length-1 axis must be clamped to 1. Chunks per axis: 2, 1, 3, 1, 3.
Shape const grid_shape{3, 1, 5, 2, 7};
Shape const chunk_shape{2, 4, 2, 2, 3};
Shape const clamped_chunk_shape{2, 1, 2, 2, 3};
std::uint64_t const tile_count = 2 * 1 * 3 * 1 * 3;
std::uint64_t const unwritten_tile = 5;  // a partial chunk (extent 1 on the last axis) left unwritten
std::size_t const point_count = 3 * 1 * 5 * 2 * 7;

std::string flag_meanings()
{
    std::string meanings;
    for (auto const& flag : status::flag_table) {
        meanings += (meanings.empty() ? "" : " ") + std::string(flag.name);
    }
    return meanings;
}

std::vector<std::uint64_t> flag_masks()
{
    std::vector<std::uint64_t> masks;
    for (auto const& flag : status::flag_table) {
        masks.push_back(flag.mask);
    }
    return masks;
}

ScanFileLayout test_layout()
{
    ScanFileLayout layout;
    layout.axes = {
        {"m_V", "GeV", "mediator mass", {0.1, 0.2, 0.4}},
        {"m_chi", "GeV", "dark matter mass", {1.0}},
        {"epsilon", "1", "kinetic mixing", {1e-5, 1e-4, 1e-3, 1e-2, 1e-1}},
        {"alpha_D", "1", "dark fine-structure constant", {0.1, 0.5}},
        {"g_X", "1", "test coupling", {1, 2, 3, 4, 5, 6, 7}},
    };
    FieldSpec omega{"omega_h2", "1", "relic abundance", "Omega_chi h^2 today", ElementType::float64, {}, "", {}, {}};
    FieldSpec flags{"status", "1", "point status", "bit flags, see flag_meanings", ElementType::uint32,
                    flag_masks(), flag_meanings(), {}, {}};
    layout.fields = {omega, flags};
    layout.chunk_shape = chunk_shape;
    layout.tile_count = tile_count;
    return layout;
}

std::vector<Attribute> const root_attributes{{"darkscan_version", "0.1.0"}, {"backend", "CPP"}, {"empty", ""}};

Shape grid_index(std::size_t flat)
{
    Shape index{};
    for (int d = grid_rank - 1; d >= 0; --d) {
        index[d] = flat % grid_shape[d];
        flat /= grid_shape[d];
    }
    return index;
}

double expected_value(Shape const& i) { return 1e4 * i[0] + 1e3 * i[1] + 1e2 * i[2] + 10.0 * i[3] + i[4] + 0.25; }
std::uint32_t expected_status(Shape const& i)
{
    return (i[0] + i[2] + i[4]) % 2 == 0 ? 0 : status::invalid_parameters;
}

struct Box {
    Shape start;
    Shape count;

    bool contains(Shape const& index) const
    {
        for (int d = 0; d < grid_rank; ++d) {
            if (index[d] < start[d] || index[d] >= start[d] + count[d]) {
                return false;
            }
        }
        return true;
    }
};

/// The chunk-aligned boxes covering the grid, last axis fastest; box k is tile k.
std::vector<Box> chunk_boxes()
{
    std::vector<Box> boxes;
    Shape chunk_index{};
    while (true) {
        Box box{};
        for (int d = 0; d < grid_rank; ++d) {
            box.start[d] = chunk_index[d] * clamped_chunk_shape[d];
            box.count[d] = std::min(clamped_chunk_shape[d], grid_shape[d] - box.start[d]);
        }
        boxes.push_back(box);
        int d = grid_rank - 1;
        while (d >= 0 && (chunk_index[d] + 1) * clamped_chunk_shape[d] >= grid_shape[d]) {
            chunk_index[d] = 0;
            --d;
        }
        if (d < 0) {
            return boxes;
        }
        ++chunk_index[d];
    }
}

/// Values of f at every point of `box`, row-major.
template <typename T, typename F>
std::vector<T> box_values(Box const& box, F f)
{
    std::vector<T> values;
    for (std::size_t flat = 0; flat < point_count; ++flat) {
        Shape const index = grid_index(flat);
        if (box.contains(index)) {
            values.push_back(f(index));
        }
    }
    return values;
}

/// Writes both fields of `box` and marks `tile` done.
void write_tile(ScanFile& file, Box const& box, std::uint64_t tile)
{
    auto const values = box_values<double>(box, expected_value);
    auto const flags = box_values<std::uint32_t>(box, expected_status);
    file.write_box(0, box.start, box.count, values.data());
    file.write_box(1, box.start, box.count, flags.data());
    file.mark_tile_done(tile);
}

void write_test_file(fs::path const& path, bool complete)
{
    ScanFile file(path, test_layout(), root_attributes, ExistingFile::refuse);
    std::vector<Box> const boxes = chunk_boxes();
    REQUIRE(boxes.size() == tile_count);
    for (std::uint64_t tile = 0; tile < tile_count; ++tile) {
        if (tile != unwritten_tile) {
            write_tile(file, boxes[tile], tile);
        }
    }
    file.set_root_attribute({"backend", "OMP"});
    file.finish(complete);
}

// Readers over the HDF5 C API; failures throw OutputError like the writer's.

hdf5::File open_read_only(fs::path const& path)
{
    hdf5::SilencedErrorPrinting const silenced;
    return hdf5::File{hdf5::check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "H5Fopen", path, "/")};
}

hdf5::Dataset open_dataset(hdf5::File const& file, std::string const& name)
{
    return hdf5::Dataset{hdf5::check(H5Dopen2(file.id(), name.c_str(), H5P_DEFAULT), "H5Dopen2", "test", name)};
}

template <typename T>
std::vector<T> read_all(hdf5::Dataset const& dataset, hid_t memory_type)
{
    hdf5::Dataspace const space{hdf5::check(H5Dget_space(dataset.id()), "H5Dget_space", "test", "dataset")};
    std::vector<T> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id())));
    hdf5::check(H5Dread(dataset.id(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "H5Dread", "test",
                "dataset");
    return values;
}

/// A scalar variable-length string attribute (the form xarray and netCDF4 read as str).
std::string read_string_attribute(hid_t object, char const* name)
{
    hdf5::Attribute const attribute{
        hdf5::check(H5Aopen(object, name, H5P_DEFAULT), "H5Aopen", "test", name)};
    hdf5::Datatype const type{hdf5::check(H5Aget_type(attribute.id()), "H5Aget_type", "test", name)};
    REQUIRE(H5Tget_class(type.id()) == H5T_STRING);
    REQUIRE(H5Tis_variable_str(type.id()) > 0);
    char* characters = nullptr;
    hdf5::check(H5Aread(attribute.id(), type.id(), &characters), "H5Aread", "test", name);
    std::string text(characters);
    H5free_memory(characters);
    return text;
}

template <typename T>
std::vector<T> read_numeric_attribute(hid_t object, char const* name, hid_t memory_type)
{
    hdf5::Attribute const attribute{hdf5::check(H5Aopen(object, name, H5P_DEFAULT), "H5Aopen", "test", name)};
    hdf5::Dataspace const space{hdf5::check(H5Aget_space(attribute.id()), "H5Aget_space", "test", name)};
    std::vector<T> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id())));
    hdf5::check(H5Aread(attribute.id(), memory_type, values.data()), "H5Aread", "test", name);
    return values;
}

int read_complete(fs::path const& path)
{
    hdf5::File const file = open_read_only(path);
    auto const complete = read_numeric_attribute<int>(file.id(), "complete", H5T_NATIVE_INT);
    REQUIRE(complete.size() == 1);
    return complete[0];
}

/// Files and objects open in any HDF5 file: 0 once every ScanFile and reader handle is gone.
ssize_t open_hdf5_objects() { return H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL); }

std::string file_text(fs::path const& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("ScanFile round trip: values, fill values of an unwritten box, tile flags, complete")
{
    TemporaryPath const output("round_trip.h5");
    write_test_file(output.path(), true);
    CHECK(open_hdf5_objects() == 0);

    hdf5::File const file = open_read_only(output.path());
    auto const omega = read_all<double>(open_dataset(file, "omega_h2"), H5T_NATIVE_DOUBLE);
    auto const flags = read_all<std::uint32_t>(open_dataset(file, "status"), H5T_NATIVE_UINT32);
    REQUIRE(omega.size() == point_count);
    REQUIRE(flags.size() == point_count);
    Box const unwritten = chunk_boxes()[unwritten_tile];
    std::size_t unwritten_points = 0;
    for (std::size_t flat = 0; flat < point_count; ++flat) {
        Shape const index = grid_index(flat);
        if (unwritten.contains(index)) {
            ++unwritten_points;
            CHECK(std::isnan(omega[flat]));
            CHECK(flags[flat] == status::not_computed);
        } else {
            CHECK(omega[flat] == expected_value(index));
            CHECK(flags[flat] == expected_status(index));
        }
    }
    CHECK(unwritten_points == 2 * 1 * 2 * 2 * 1);

    auto const tile_done = read_all<std::uint8_t>(open_dataset(file, "tile_done"), H5T_NATIVE_UINT8);
    REQUIRE(tile_done.size() == tile_count);
    for (std::uint64_t tile = 0; tile < tile_count; ++tile) {
        CHECK(tile_done[tile] == (tile == unwritten_tile ? 0 : 1));
    }
    auto const tile_index = read_all<std::uint64_t>(open_dataset(file, "tile"), H5T_NATIVE_UINT64);
    CHECK(tile_index.back() == tile_count - 1);
    CHECK(read_complete(output.path()) == 1);
}

TEST_CASE("ScanFile attributes: CF strings, flags, _FillValue, root attributes")
{
    TemporaryPath const output("attributes.h5");
    write_test_file(output.path(), true);
    hdf5::File const file = open_read_only(output.path());

    CHECK(read_string_attribute(file.id(), "Conventions") == "CF-1.8");
    CHECK(read_string_attribute(file.id(), "darkscan_version") == "0.1.0");
    CHECK(read_string_attribute(file.id(), "backend") == "OMP");  // replaced by set_root_attribute
    CHECK(read_string_attribute(file.id(), "empty").empty());

    hdf5::Dataset const m_V = open_dataset(file, "m_V");
    CHECK(read_string_attribute(m_V.id(), "units") == "GeV");
    CHECK(read_string_attribute(m_V.id(), "long_name") == "mediator mass");
    CHECK(read_all<double>(m_V, H5T_NATIVE_DOUBLE) == std::vector<double>{0.1, 0.2, 0.4});

    hdf5::Dataset const omega = open_dataset(file, "omega_h2");
    CHECK(read_string_attribute(omega.id(), "units") == "1");
    CHECK(read_string_attribute(omega.id(), "long_name") == "relic abundance");
    CHECK(read_string_attribute(omega.id(), "description") == "Omega_chi h^2 today");
    auto const fill_attribute = read_numeric_attribute<double>(omega.id(), "_FillValue", H5T_NATIVE_DOUBLE);
    REQUIRE(fill_attribute.size() == 1);
    CHECK(std::isnan(fill_attribute[0]));
    CHECK(H5Aexists(omega.id(), "flag_masks") == 0);

    hdf5::Dataset const flags = open_dataset(file, "status");
    auto const masks = flag_masks();
    CHECK(read_numeric_attribute<std::uint32_t>(flags.id(), "flag_masks", H5T_NATIVE_UINT32)
          == std::vector<std::uint32_t>(masks.begin(), masks.end()));
    CHECK(read_string_attribute(flags.id(), "flag_meanings") == flag_meanings());
    CHECK(H5Aexists(flags.id(), "_FillValue") == 0);  // would make xarray turn status into float
}

TEST_CASE("ScanFile datasets: types, dimension scales, clamped chunks, shuffle + deflate, fill values")
{
    TemporaryPath const output("layout.h5");
    write_test_file(output.path(), true);
    hdf5::File const file = open_read_only(output.path());

    ScanFileLayout const layout = test_layout();
    std::vector<hdf5::Dataset> axes;
    for (auto const& axis : layout.axes) {
        axes.push_back(open_dataset(file, axis.name));
        CHECK(H5DSis_scale(axes.back().id()) > 0);
        char name[32] = "";
        CHECK(H5DSget_scale_name(axes.back().id(), name, sizeof name) == static_cast<ssize_t>(axis.name.size()));
        CHECK(std::string(name) == axis.name);
    }
    for (auto const& field : layout.fields) {
        hdf5::Dataset const dataset = open_dataset(file, field.name);
        hdf5::Datatype const type{H5Dget_type(dataset.id())};
        CHECK(H5Tequal(type.id(), field.type == ElementType::float64 ? H5T_IEEE_F64LE : H5T_STD_U32LE) > 0);
        for (int d = 0; d < grid_rank; ++d) {
            CHECK(H5DSis_attached(dataset.id(), axes[d].id(), static_cast<unsigned>(d)) > 0);
        }
        hdf5::PropertyList const creation{H5Dget_create_plist(dataset.id())};
        hsize_t chunk[grid_rank] = {};
        REQUIRE(H5Pget_chunk(creation.id(), grid_rank, chunk) == grid_rank);
        for (int d = 0; d < grid_rank; ++d) {
            CHECK(chunk[d] == clamped_chunk_shape[d]);
        }
        REQUIRE(H5Pget_nfilters(creation.id()) == 2);
        auto const filter = [&](unsigned position) {
            unsigned flags = 0;
            std::size_t value_count = 0;
            return H5Pget_filter2(creation.id(), position, &flags, &value_count, nullptr, 0, nullptr, nullptr);
        };
        CHECK(filter(0) == H5Z_FILTER_SHUFFLE);
        CHECK(filter(1) == H5Z_FILTER_DEFLATE);
        if (field.type == ElementType::float64) {
            double fill = 0.0;
            REQUIRE(H5Pget_fill_value(creation.id(), H5T_NATIVE_DOUBLE, &fill) >= 0);
            CHECK(std::isnan(fill));
        } else {
            std::uint32_t fill = 0;
            REQUIRE(H5Pget_fill_value(creation.id(), H5T_NATIVE_UINT32, &fill) >= 0);
            CHECK(fill == status::not_computed);
        }
    }
    hdf5::Dataset const tile_done = open_dataset(file, "tile_done");
    hdf5::Dataset const tile = open_dataset(file, "tile");
    CHECK(H5DSis_attached(tile_done.id(), tile.id(), 0) > 0);
}

TEST_CASE("ScanFile refuses an existing file unless told to overwrite, and leaves it intact")
{
    TemporaryPath const output("existing.h5");
    std::ofstream(output.path()) << "previous results";
    try {
        ScanFile const file(output.path(), test_layout(), {}, ExistingFile::refuse);
        FAIL("an existing file was accepted");
    } catch (OutputError const& error) {
        CHECK(std::string(error.what())
              == "output file " + output.path().string()
                     + " exists (use --resume to continue it, --overwrite to replace it)");
    }
    CHECK(file_text(output.path()) == "previous results");

    ScanFile file(output.path(), test_layout(), {}, ExistingFile::overwrite);
    file.finish(true);
    CHECK(read_complete(output.path()) == 1);
}

TEST_CASE("ScanFile: a missing or unwritable directory throws naming the path and leaves nothing")
{
    TemporaryPath const missing_directory("missing_directory");
    fs::path const in_missing = missing_directory.path() / "out.h5";
    CHECK_THROWS_WITH_AS(ScanFile(in_missing, test_layout(), {}, ExistingFile::refuse),
                         ("cannot create output file " + in_missing.string() + ": directory "
                          + missing_directory.path().string() + " does not exist")
                             .c_str(),
                         OutputError);
    CHECK_FALSE(fs::exists(missing_directory.path()));

    // No one, root included, can create a file in /proc: HDF5 itself reports the failure here.
    fs::path const in_proc = "/proc/darkscan_test.h5";
    try {
        ScanFile const file(in_proc, test_layout(), {}, ExistingFile::refuse);
        FAIL("a file was created in /proc");
    } catch (OutputError const& error) {
        std::string const message = error.what();
        CHECK(message.rfind("cannot create output file /proc/darkscan_test.h5: H5Fcreate(): ", 0) == 0);
        CHECK(message.find('\n') == std::string::npos);
    }
    CHECK_FALSE(fs::exists(in_proc));
}

TEST_CASE("ScanFile: a failure after the file exists removes it, and names the object and HDF5 error stack")
{
    TemporaryPath const output("bad_name.h5");
    ScanFileLayout layout = test_layout();
    layout.fields[0].name = "no_such_group/omega_h2";
    try {
        ScanFile const file(output.path(), layout, {}, ExistingFile::refuse);
        FAIL("a dataset in a missing group was created");
    } catch (OutputError const& error) {
        std::string const message = error.what();
        CHECK(message.rfind(output.path().string() + ": /no_such_group/omega_h2: H5Dcreate2 failed: H5Dcreate2(): ", 0)
              == 0);
        CHECK(message.find("component not found") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(output.path()));
    CHECK(open_hdf5_objects() == 0);
}

TEST_CASE("ScanFile: finish(false) and destruction without finish leave complete = 0")
{
    TemporaryPath const finished("incomplete.h5");
    write_test_file(finished.path(), false);
    CHECK(read_complete(finished.path()) == 0);

    TemporaryPath const abandoned("abandoned.h5");
    {
        ScanFile file(abandoned.path(), test_layout(), root_attributes, ExistingFile::refuse);
        ScanFile moved = std::move(file);
        moved.mark_tile_done(0);
        CHECK(moved.path() == abandoned.path());
    }
    CHECK(open_hdf5_objects() == 0);
    CHECK(read_complete(abandoned.path()) == 0);
    hdf5::File const file = open_read_only(abandoned.path());
    auto const tile_done = read_all<std::uint8_t>(open_dataset(file, "tile_done"), H5T_NATIVE_UINT8);
    CHECK(tile_done[0] == 1);
    CHECK(tile_done[1] == 0);
}

TEST_CASE("ScanFile rejects boxes outside the grid, unknown fields and tiles, bad layouts and use after finish")
{
    TemporaryPath const output("misuse.h5");
    ScanFile file(output.path(), test_layout(), {}, ExistingFile::refuse);
    std::vector<double> const values(point_count, 1.0);
    CHECK_THROWS_AS(file.write_box(0, {0, 0, 0, 0, 5}, {1, 1, 1, 1, 3}, values.data()), OutputError);
    CHECK_THROWS_AS(file.write_box(0, {0, 0, 0, 0, 0}, {1, 0, 1, 1, 1}, values.data()), OutputError);
    CHECK_THROWS_AS(file.write_box(0, {4, 0, 0, 0, 0}, {1, 1, 1, 1, 1}, values.data()), OutputError);
    CHECK_THROWS_AS(file.write_box(2, {0, 0, 0, 0, 0}, {1, 1, 1, 1, 1}, values.data()), OutputError);
    CHECK_THROWS_AS(file.mark_tile_done(tile_count), OutputError);
    CHECK_THROWS_AS(file.set_root_attribute({"complete", "yes"}), OutputError);
    file.write_box(0, {0, 0, 0, 0, 0}, grid_shape, values.data());
    file.finish(true);
    CHECK_THROWS_AS(file.write_box(0, {0, 0, 0, 0, 0}, {1, 1, 1, 1, 1}, values.data()), OutputError);
    CHECK_THROWS_AS(file.finish(true), OutputError);

    TemporaryPath const invalid("invalid_layout.h5");
    ScanFileLayout four_axes = test_layout();
    four_axes.axes.pop_back();
    CHECK_THROWS_AS(ScanFile(invalid.path(), four_axes, {}, ExistingFile::refuse), OutputError);
    ScanFileLayout clashing = test_layout();
    clashing.fields[0].name = "m_V";
    CHECK_THROWS_AS(ScanFile(invalid.path(), clashing, {}, ExistingFile::refuse), OutputError);
    ScanFileLayout float_flags = test_layout();
    float_flags.fields[0].flag_masks = {1};
    float_flags.fields[0].flag_meanings = "one";
    CHECK_THROWS_AS(ScanFile(invalid.path(), float_flags, {}, ExistingFile::refuse), OutputError);
    CHECK_FALSE(fs::exists(invalid.path()));
}

TEST_CASE("ScanFile::open reads the layout back, reads boxes, and adds groups over some axes")
{
    TemporaryPath const output("reopened.h5");
    write_test_file(output.path(), false);
    std::vector<std::uint32_t> const index{0, 4, 2, 0xFFFFFFFFu, 1, 3};  // over (alpha_D, m_V)
    {
        ScanFile file = ScanFile::open(output.path());
        CHECK(file.complete_flag() == 0);
        ScanFileLayout const& layout = file.layout();
        ScanFileLayout const written = test_layout();
        REQUIRE(layout.axes.size() == grid_rank);
        for (int d = 0; d < grid_rank; ++d) {
            CHECK(layout.axes[d].name == written.axes[d].name);
            CHECK(layout.axes[d].units == written.axes[d].units);
            CHECK(layout.axes[d].long_name == written.axes[d].long_name);
            CHECK(layout.axes[d].values == written.axes[d].values);
        }
        REQUIRE(layout.fields.size() == 2);  // in name order; tile_done and the coordinates are not fields
        CHECK(layout.fields[0].name == "omega_h2");
        CHECK(layout.fields[0].type == ElementType::float64);
        CHECK(layout.fields[0].description == "Omega_chi h^2 today");
        CHECK(layout.fields[1].name == "status");
        CHECK(layout.fields[1].type == ElementType::uint32);
        CHECK(layout.chunk_shape == clamped_chunk_shape);
        CHECK(layout.tile_count == tile_count);
        Box const box = chunk_boxes()[0];
        std::vector<double> values(box_values<double>(box, expected_value).size());
        file.read_box(0, box.start, box.count, values.data());
        CHECK(values == box_values<double>(box, expected_value));

        CHECK(file.object_kind("omega_h2") == ObjectKind::dataset);
        CHECK(file.object_kind("maps") == ObjectKind::none);
        CHECK_THROWS_AS(file.object_kind("a/b"), OutputError);
        file.create_group({"maps", {{"operation", "min"}}, {{"source_complete", 0}}});
        CHECK(file.object_kind("maps") == ObjectKind::group);
        CHECK_THROWS_AS(file.create_group({"maps", {}, {}}), OutputError);
        FieldSpec argmin{"argmin_epsilon", "1", "index", "grid index", ElementType::uint32, {}, {}, {}, {}, 0xFFFFFFFFu};
        file.write_axes_field("maps", argmin, {3, 0}, index.data());
        CHECK_THROWS_AS(file.write_axes_field("maps", argmin, {3, 0}, index.data()), OutputError);
        CHECK_THROWS_AS(file.write_axes_field("maps", argmin, {3, 3}, index.data()), OutputError);
        CHECK_THROWS_AS(file.remove_group("omega_h2"), OutputError);
        file.finish(false);
    }
    CHECK(open_hdf5_objects() == 0);
    CHECK(read_complete(output.path()) == 0);
    {
        hdf5::File const file = open_read_only(output.path());
        hdf5::Dataset const argmin = open_dataset(file, "maps/argmin_epsilon");
        CHECK(read_all<std::uint32_t>(argmin, H5T_NATIVE_UINT32) == index);
        CHECK(read_numeric_attribute<std::uint32_t>(argmin.id(), "_FillValue", H5T_NATIVE_UINT32)
              == std::vector<std::uint32_t>{0xFFFFFFFFu});
        hdf5::Dataset const alpha_D = open_dataset(file, "alpha_D");
        hdf5::Dataset const m_V = open_dataset(file, "m_V");
        CHECK(H5DSis_attached(argmin.id(), alpha_D.id(), 0) > 0);
        CHECK(H5DSis_attached(argmin.id(), m_V.id(), 1) > 0);
        hdf5::Group const maps{H5Gopen2(file.id(), "maps", H5P_DEFAULT)};
        CHECK(read_string_attribute(maps.id(), "operation") == "min");
        CHECK(read_numeric_attribute<int>(maps.id(), "source_complete", H5T_NATIVE_INT) == std::vector<int>{0});
    }
    {
        ScanFile file = ScanFile::open(output.path());
        REQUIRE(file.layout().fields.size() == 2);  // the group's 2-D dataset is not a field
        file.remove_group("maps");
        CHECK(file.object_kind("maps") == ObjectKind::none);
        file.finish(false);
    }
    CHECK_THROWS_WITH_AS(ScanFile::open(output.path().string() + ".missing"),
                         doctest::Contains("no such file"), OutputError);
    TemporaryPath const foreign("foreign.h5");
    { std::ofstream(foreign.path()) << "not HDF5"; }
    CHECK_THROWS_AS(ScanFile::open(foreign.path()), OutputError);
    CHECK(open_hdf5_objects() == 0);
}

TEST_CASE("ScanFile appears under its name only when created, and leaves no temporary file")
{
    TemporaryPath const output("atomic.h5");
    {
        ScanFile file(output.path(), test_layout(), root_attributes, ExistingFile::refuse);
        CHECK(fs::exists(output.path()));
        file.finish(false);
    }
    for (auto const& entry : fs::directory_iterator(output.path().parent_path())) {
        CHECK(entry.path().filename().string().find(output.path().filename().string() + ".creating")
              == std::string::npos);
    }
}

TEST_CASE("ScanFile after a kill -9: the state reads, reopen() continues it and every finished tile is intact")
{
    TemporaryPath const output("killed.h5");
    std::vector<Box> const boxes = chunk_boxes();
    std::uint64_t const finished_tiles = 7;
    // A child process writes 7 tiles and half of the 8th, then dies without closing anything, as on kill -9.
    pid_t const child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ScanFile file(output.path(), test_layout(), {{"scan_identity", "test"}, {"end_time", ""}},
                      ExistingFile::refuse);
        for (std::uint64_t tile = 0; tile <= finished_tiles; ++tile) {
            auto const values = box_values<double>(boxes[tile], expected_value);
            file.write_box(0, boxes[tile].start, boxes[tile].count, values.data());
            if (tile < finished_tiles) {
                auto const flags = box_values<std::uint32_t>(boxes[tile], expected_status);
                file.write_box(1, boxes[tile].start, boxes[tile].count, flags.data());
                file.mark_tile_done(tile);
            }
        }
        _exit(0);
    }
    int child_status = 0;
    REQUIRE(waitpid(child, &child_status, 0) == child);
    REQUIRE(WIFEXITED(child_status));

    // The killed writer's marks make a plain read-only open fail; the state is still readable.
    {
        hdf5::SilencedErrorPrinting const silenced;
        hid_t const plain = H5Fopen(output.path().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        CHECK(plain < 0);
        if (plain >= 0) {
            H5Fclose(plain);
        }
    }
    darkscan::ScanFileState const state = darkscan::read_scan_file_state(output.path());
    CHECK_FALSE(state.complete);
    CHECK(state.tiles_done() == finished_tiles);
    CHECK(state.attribute("scan_identity") == "test");
    CHECK(state.attribute("no_such_attribute").empty());

    ScanFile file = ScanFile::reopen(output.path(), test_layout());
    std::vector<std::uint8_t> const done = file.tile_done();
    for (std::uint64_t tile = 0; tile < tile_count; ++tile) {
        CHECK(done[tile] == (tile < finished_tiles ? 1 : 0));
        if (!done[tile]) {
            write_tile(file, boxes[tile], tile);
        }
    }
    file.set_root_attribute({"end_time", "2000-01-01T00:00:00Z"});
    file.finish(true);

    hdf5::File const reader = open_read_only(output.path());  // a clean close clears the marks
    auto const omega = read_all<double>(open_dataset(reader, "omega_h2"), H5T_NATIVE_DOUBLE);
    auto const flags = read_all<std::uint32_t>(open_dataset(reader, "status"), H5T_NATIVE_UINT32);
    for (std::size_t flat = 0; flat < point_count; ++flat) {
        CHECK(omega[flat] == expected_value(grid_index(flat)));
        CHECK(flags[flat] == expected_status(grid_index(flat)));
    }
    CHECK(read_string_attribute(reader.id(), "end_time") == "2000-01-01T00:00:00Z");
    CHECK(read_complete(output.path()) == 1);
}

TEST_CASE("A scan file another process is writing: reading its state and reopening it are refused, the file untouched")
{
    TemporaryPath const output("in_use.h5");
    std::vector<Box> const boxes = chunk_boxes();
    int ready[2] = {-1, -1};
    int release[2] = {-1, -1};
    REQUIRE(pipe(ready) == 0);
    REQUIRE(pipe(release) == 0);
    // A child writes two tiles and keeps the file open (in SWMR writing, without HDF5's lock) until told to stop.
    pid_t const child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ScanFile file(output.path(), test_layout(), root_attributes, ExistingFile::refuse);
        write_tile(file, boxes[0], 0);
        write_tile(file, boxes[1], 1);
        char signal = 'r';
        bool const told = write(ready[1], &signal, 1) == 1 && read(release[0], &signal, 1) == 1;
        file.finish(false);
        _exit(told ? 0 : 1);
    }
    char signal = 0;
    REQUIRE(read(ready[0], &signal, 1) == 1);
    auto const bytes_before = fs::file_size(output.path());
    std::string const in_use = output.path().string() + " is in use: another process is writing it";
    CHECK_THROWS_WITH_AS(darkscan::read_scan_file_state(output.path()), doctest::Contains(in_use.c_str()), OutputError);
    CHECK_THROWS_WITH_AS(ScanFile::reopen(output.path(), test_layout()), doctest::Contains(in_use.c_str()), OutputError);
    CHECK(fs::file_size(output.path()) == bytes_before);
    REQUIRE(write(release[1], &signal, 1) == 1);
    int child_status = 0;
    REQUIRE(waitpid(child, &child_status, 0) == child);
    CHECK((WIFEXITED(child_status) && WEXITSTATUS(child_status) == 0));
    for (int descriptor : {ready[0], ready[1], release[0], release[1]}) {
        close(descriptor);
    }
    // Once the writer has closed it, the state reads.
    CHECK(darkscan::read_scan_file_state(output.path()).tiles_done() == 2);
}

TEST_CASE("ScanFile::reopen and read_scan_file_state refuse what is not a scan file of this layout")
{
    TemporaryPath const output("other_layout.h5");
    write_test_file(output.path(), false);
    ScanFileLayout longer = test_layout();
    longer.axes[4].values.push_back(8);
    CHECK_THROWS_WITH_AS(ScanFile::reopen(output.path(), longer),
                         (output.path().string()
                          + ": /g_X: its shape differs from this scan's (the file was not "
                            "written by this scan)")
                             .c_str(),
                         OutputError);
    ScanFileLayout more_tiles = test_layout();
    more_tiles.tile_count += 1;
    CHECK_THROWS_AS(ScanFile::reopen(output.path(), more_tiles), OutputError);
    CHECK(open_hdf5_objects() == 0);

    TemporaryPath const garbage("garbage.h5");
    std::ofstream(garbage.path()) << "not HDF5";
    try {
        darkscan::read_scan_file_state(garbage.path());
        FAIL("a text file was read as a scan file");
    } catch (OutputError const& error) {
        std::string const message = error.what();
        CHECK(message.rfind(garbage.path().string() + " cannot be read as a darkscan scan file (damaged", 0) == 0);
        CHECK(message.find('\n') == std::string::npos);
    }
    CHECK_THROWS_AS(ScanFile::reopen(garbage.path(), test_layout()), OutputError);
}

TEST_CASE("ScanFile reduced fields exist from creation (NaN) and take their values at the end")
{
    TemporaryPath const output("reduced.h5");
    ScanFileLayout layout = test_layout();
    layout.reduced_fields = {
        {{"line", "1", "a line", "over every axis but epsilon", ElementType::float64, {}, {}, {}}, 2}};
    ScanFile file(output.path(), layout, {}, ExistingFile::refuse);
    std::size_t const reduced_points = point_count / grid_shape[2];
    {
        darkscan::ScanFileState const state = darkscan::read_scan_file_state(output.path());
        CHECK(state.tiles_done() == 0);
    }
    std::vector<double> line(reduced_points);
    std::iota(line.begin(), line.end(), 0.5);
    file.write_reduced_field(0, line.data());
    CHECK_THROWS_AS(file.write_reduced_field(1, line.data()), OutputError);
    file.finish(false);
    hdf5::File const reader = open_read_only(output.path());
    hdf5::Dataset const dataset = open_dataset(reader, "line");
    CHECK(read_all<double>(dataset, H5T_NATIVE_DOUBLE) == line);
    hdf5::Dataset const epsilon = open_dataset(reader, "epsilon");
    hdf5::Dataset const g_X = open_dataset(reader, "g_X");
    CHECK(H5DSis_attached(dataset.id(), g_X.id(), 3) > 0);
    CHECK(H5DSis_attached(dataset.id(), epsilon.id(), 2) == 0);
}

TEST_CASE("ScanFile master: virtual datasets take each box from its part file")
{
    TemporaryPath const directory("master");
    fs::create_directories(directory.path());
    std::vector<Box> const boxes = chunk_boxes();
    darkscan::ScanFileLayout master = test_layout();
    for (int part = 0; part < 2; ++part) {  // part 0 holds the even tiles, part 1 the odd ones
        std::string const name = "part" + std::to_string(part) + ".h5";
        ScanFile file(directory.path() / name, test_layout(), {}, ExistingFile::refuse);
        darkscan::VirtualSource source{name, {}};
        for (std::uint64_t tile = part; tile < tile_count; tile += 2) {
            write_tile(file, boxes[tile], tile);
            source.boxes.emplace_back(boxes[tile].start, boxes[tile].count);
        }
        file.finish(false);
        master.virtual_sources.push_back(source);
    }
    ScanFile file(directory.path() / "master.h5", master, root_attributes, ExistingFile::refuse);
    std::vector<double> omega(point_count);
    file.read_box(0, {0, 0, 0, 0, 0}, grid_shape, omega.data());
    for (std::size_t flat = 0; flat < point_count; ++flat) {
        CHECK(omega[flat] == expected_value(grid_index(flat)));
    }
    file.finish(true);
    darkscan::ScanFileState const state = darkscan::read_scan_file_state(directory.path() / "master.h5");
    CHECK(state.complete);
    CHECK(state.tiles_done() == tile_count);
    hdf5::File const reader = open_read_only(directory.path() / "master.h5");
    auto const flags = read_all<std::uint32_t>(open_dataset(reader, "status"), H5T_NATIVE_UINT32);
    for (std::size_t flat = 0; flat < point_count; ++flat) {
        CHECK(flags[flat] == expected_status(grid_index(flat)));
    }
}

TEST_CASE("ScanFile chunks encoded by darkscan (edge chunks padded) read back as write_box stores them")
{
    TemporaryPath const boxes_written("by_box.h5");
    TemporaryPath const chunks_written("by_chunk.h5");
    write_test_file(boxes_written.path(), true);
    {
        ScanFile file(chunks_written.path(), test_layout(), root_attributes, ExistingFile::refuse);
        darkscan::ChunkScratch scratch;
        std::vector<unsigned char> encoded;
        std::vector<Box> const boxes = chunk_boxes();
        for (std::uint64_t tile = 0; tile < tile_count; ++tile) {
            if (tile == unwritten_tile) {
                continue;
            }
            auto const values = box_values<double>(boxes[tile], expected_value);
            auto const flags = box_values<std::uint32_t>(boxes[tile], expected_status);
            file.encode_chunk(0, boxes[tile].count, values.data(), scratch, encoded);
            file.write_chunk(0, boxes[tile].start, encoded);
            file.encode_chunk(1, boxes[tile].count, flags.data(), scratch, encoded);
            file.write_chunk(1, boxes[tile].start, encoded);
            file.mark_tile_done(tile);
        }
        CHECK_THROWS_AS(file.encode_chunk(0, grid_shape, nullptr, scratch, encoded), OutputError);  // not a chunk
        file.finish(true);
    }
    hdf5::File const by_box = open_read_only(boxes_written.path());
    hdf5::File const by_chunk = open_read_only(chunks_written.path());
    // Bit for bit, the unwritten tile's NaN fill included.
    auto const omega_chunks = read_all<double>(open_dataset(by_chunk, "omega_h2"), H5T_NATIVE_DOUBLE);
    auto const omega_boxes = read_all<double>(open_dataset(by_box, "omega_h2"), H5T_NATIVE_DOUBLE);
    REQUIRE(omega_chunks.size() == omega_boxes.size());
    CHECK(std::memcmp(omega_chunks.data(), omega_boxes.data(), omega_boxes.size() * sizeof(double)) == 0);
    CHECK(read_all<std::uint32_t>(open_dataset(by_chunk, "status"), H5T_NATIVE_UINT32)
          == read_all<std::uint32_t>(open_dataset(by_box, "status"), H5T_NATIVE_UINT32));
}

TEST_CASE("ScanFile: a one-chunk dataset written by chunk reads back in the same session (HDF5 1.10 stale size)")
{
    TemporaryPath const output("one_chunk.h5");
    ScanFileLayout layout = test_layout();
    layout.chunk_shape = grid_shape;
    layout.tile_count = 1;
    ScanFile file(output.path(), layout, {}, ExistingFile::refuse);
    Box const whole{{0, 0, 0, 0, 0}, grid_shape};
    auto const values = box_values<double>(whole, expected_value);
    darkscan::ChunkScratch scratch;
    std::vector<unsigned char> encoded;
    file.encode_chunk(0, grid_shape, values.data(), scratch, encoded);
    file.write_chunk(0, whole.start, encoded);
    file.mark_tile_done(0);
    std::vector<double> read(point_count);
    file.read_box(0, whole.start, whole.count, read.data());
    CHECK(read == values);
    file.finish(false);
}

TEST_CASE("ScanFile: a file left marked open for ordinary writing (a kill while it was being opened) still reopens")
{
    TemporaryPath const output("marked.h5");
    write_test_file(output.path(), false);
    pid_t const child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {  // opens the file for writing without SWMR, then dies
        hid_t const access = H5Pcreate(H5P_FILE_ACCESS);
        H5Pset_libver_bounds(access, H5F_LIBVER_V110, H5F_LIBVER_V110);
        hbool_t clear = true;
        H5Pset(access, "clear_status_flags", &clear);
        H5Fopen(output.path().c_str(), H5F_ACC_RDWR, access);
        _exit(0);
    }
    int child_status = 0;
    REQUIRE(waitpid(child, &child_status, 0) == child);
    CHECK(darkscan::read_scan_file_state(output.path()).tiles_done() == tile_count - 1);
    ScanFile file = ScanFile::reopen(output.path(), test_layout());
    write_tile(file, chunk_boxes()[unwritten_tile], unwritten_tile);
    file.finish(true);
    CHECK(read_complete(output.path()) == 1);
}
