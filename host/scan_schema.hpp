// SPDX-License-Identifier: MIT
// `darkscan schema`: the datasets of a scan file (read from any HDF5 file, or planned from a config through
// scan_schema) as a table of path, dimensions, type, units and long_name.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scan_file.hpp"

namespace darkscan {

/// Whether `path` starts with the HDF5 signature (false if it cannot be read).
bool is_hdf5_file(std::filesystem::path const& path);

/// Every dataset of the HDF5 file `path`, in every group: dimension names from the attached dimension scales
/// (the scale's own name for a scale, "dimK" where none is attached), element type, and the `units` and
/// `long_name` attributes (empty where absent). Throws InputError if the file cannot be opened.
std::vector<DatasetSchema> read_file_schema(std::filesystem::path const& path);

/// The table, one row per dataset: first the coordinates of the highest-rank dataset in its dimension order,
/// then every other dataset by path. The same datasets give the same text from a file and from a config.
std::string format_schema(std::vector<DatasetSchema> rows);

}  // namespace darkscan
