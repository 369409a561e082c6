// SPDX-License-Identifier: MIT
// Dataset tables of scan files: reading any HDF5 file's datasets and attributes, and formatting the table.
#include "scan_schema.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>

#include "errors.hpp"
#include "hdf5_handles.hpp"

namespace darkscan {
namespace {

using Object = hdf5::Handle<H5Oclose>;

std::string type_text(hid_t type)
{
    std::string const bits = std::to_string(8 * H5Tget_size(type));
    switch (H5Tget_class(type)) {
    case H5T_FLOAT: return "float" + bits;
    case H5T_INTEGER: return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + bits;
    case H5T_STRING: return "string";
    default: return "other";
    }
}

/// A string attribute of `object` (variable or fixed length); empty if absent or not a string.
std::string string_attribute(hid_t object, char const* name)
{
    if (H5Aexists(object, name) <= 0) {
        return {};
    }
    hdf5::Attribute const attribute{H5Aopen(object, name, H5P_DEFAULT)};
    hdf5::Datatype const type{H5Aget_type(attribute.id())};
    if (!attribute.is_open() || !type.is_open() || H5Tget_class(type.id()) != H5T_STRING) {
        return {};
    }
    hdf5::Dataspace const space{H5Aget_space(attribute.id())};
    if (H5Sget_simple_extent_npoints(space.id()) != 1) {
        return {};
    }
    if (H5Tis_variable_str(type.id()) > 0) {
        char* text = nullptr;
        if (H5Aread(attribute.id(), type.id(), &text) < 0 || text == nullptr) {
            return {};
        }
        std::string result(text);
        H5free_memory(text);
        return result;
    }
    std::string text(H5Tget_size(type.id()), '\0');
    if (H5Aread(attribute.id(), type.id(), text.data()) < 0) {
        return {};
    }
    return text.substr(0, text.find('\0'));
}

/// H5DSiterate_scales callback: the attached scale's path without the leading '/'.
herr_t scale_path(hid_t /*dataset*/, unsigned /*dimension*/, hid_t scale, void* path)
{
    char name[1024] = "";
    H5Iget_name(scale, name, sizeof name);
    *static_cast<std::string*>(path) = name[0] == '/' ? name + 1 : name;
    return 1;  // the first scale names the dimension
}

struct Visit {
    std::vector<DatasetSchema> rows;
};

/// H5Lvisit callback: one row per dataset.
herr_t visit_link(hid_t group, char const* name, H5L_info_t const* /*info*/, void* data)
{
    Object const object{H5Oopen(group, name, H5P_DEFAULT)};
    if (!object.is_open() || H5Iget_type(object.id()) != H5I_DATASET) {
        return 0;
    }
    hid_t const dataset = object.id();
    DatasetSchema row;
    row.path = name;
    hdf5::Dataspace const space{H5Dget_space(dataset)};
    int const rank = H5Sget_simple_extent_ndims(space.id());
    std::vector<hsize_t> extent(rank > 0 ? rank : 0);
    H5Sget_simple_extent_dims(space.id(), extent.data(), nullptr);
    bool const is_scale = H5DSis_scale(dataset) > 0;
    for (int d = 0; d < rank; ++d) {
        std::string dimension = "dim" + std::to_string(d);
        if (is_scale && rank == 1) {
            dimension = row.path;
        } else if (H5DSget_num_scales(dataset, static_cast<unsigned>(d)) > 0) {
            H5DSiterate_scales(dataset, static_cast<unsigned>(d), nullptr, scale_path, &dimension);
        }
        row.dims.emplace_back(dimension, extent[d]);
    }
    hdf5::Datatype const type{H5Dget_type(dataset)};
    row.dtype = type_text(type.id());
    row.units = string_attribute(dataset, "units");
    row.long_name = string_attribute(dataset, "long_name");
    static_cast<Visit*>(data)->rows.push_back(std::move(row));
    return 0;
}

}  // namespace

bool is_hdf5_file(std::filesystem::path const& path)
{
    static constexpr std::array<char, 8> signature{'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
    std::ifstream in(path, std::ios::binary);
    std::array<char, 8> head{};
    return in.read(head.data(), head.size()) && head == signature;
}

std::vector<DatasetSchema> read_file_schema(std::filesystem::path const& path)
{
    hdf5::SilencedErrorPrinting const silenced;
    hdf5::File const file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)};
    if (!file.is_open()) {
        throw InputError("cannot open " + path.string() + " as an HDF5 file: " + hdf5::error_stack_text());
    }
    Visit visit;
    if (H5Lvisit(file.id(), H5_INDEX_NAME, H5_ITER_INC, visit_link, &visit) < 0) {
        hdf5::throw_error(path.string() + ": cannot list the datasets");
    }
    return visit.rows;
}

std::string format_schema(std::vector<DatasetSchema> rows)
{
    auto const widest = std::max_element(rows.begin(), rows.end(), [](auto const& a, auto const& b) {
        return a.dims.size() < b.dims.size() || (a.dims.size() == b.dims.size() && a.path > b.path);
    });
    std::vector<std::string> coordinates;
    if (widest != rows.end()) {
        for (auto const& dimension : widest->dims) {
            coordinates.push_back(dimension.first);
        }
    }
    auto const rank = [&](DatasetSchema const& row) {
        auto const found = std::find(coordinates.begin(), coordinates.end(), row.path);
        return found - coordinates.begin();  // coordinates.size() for the rest
    };
    std::stable_sort(rows.begin(), rows.end(), [&](auto const& a, auto const& b) {
        return rank(a) != rank(b) ? rank(a) < rank(b) : a.path < b.path;
    });

    std::vector<std::array<std::string, 5>> cells{{"dataset", "dims", "dtype", "units", "long_name"}};
    for (auto const& row : rows) {
        std::string dims = "(";
        for (std::size_t d = 0; d < row.dims.size(); ++d) {
            dims += (d ? ", " : "") + row.dims[d].first + "=" + std::to_string(row.dims[d].second);
        }
        cells.push_back({row.path, dims + ")", row.dtype, row.units, row.long_name});
    }
    std::array<std::size_t, 5> width{};
    for (auto const& line : cells) {
        for (std::size_t c = 0; c < width.size(); ++c) {
            width[c] = std::max(width[c], line[c].size());
        }
    }
    std::string text;
    for (std::size_t r = 0; r < cells.size(); ++r) {
        std::string line;
        for (std::size_t c = 0; c < width.size(); ++c) {
            line += cells[r][c];
            if (c + 1 < width.size()) {
                line += std::string(width[c] - cells[r][c].size() + 2, ' ');
            }
        }
        text += line + "\n";
        if (r == 0) {
            std::string rule;
            for (std::size_t c = 0; c < width.size(); ++c) {
                rule += std::string(width[c], '-') + (c + 1 < width.size() ? "  " : "");
            }
            text += rule + "\n";
        }
    }
    return text;
}

}  // namespace darkscan
