// SPDX-License-Identifier: MIT
// Reference data: darkscan reads the published tables in place from one data directory and checks each
// file against the SHA-256 in the manifest (data/MANIFEST.tsv, compiled in).
#pragma once

#include <filesystem>
#include <fstream>
#include <functional>
#include <fstream>
#include <istream>
#include <string>
#include <string_view>

namespace darkscan::data {

/// The data directory: the last value given to set_directory() (from --data-dir), else the environment
/// variable DARKSCAN_DATA_DIR, else the configure-time default (CMake cache DARKSCAN_DATA_DIR).
std::filesystem::path directory();
void set_directory(std::filesystem::path const& path);

/// Absolute path of a manifest entry (e.g. "rratio/rratio.dat") after checking that the file exists and
/// that its SHA-256 matches the manifest. Throws DataError naming the file otherwise. Checked once per run.
std::filesystem::path verified_path(std::string_view relative_path);

/// Opens a data file as text; throws DataError "<file>: cannot open" if it cannot be read. Parsers take the
/// stream (so that tests and fuzzers feed them text from memory) and the file name for their messages.
std::ifstream open_text(std::filesystem::path const& file);

/// Calls visit(line, line_number) for every line of a data file, numbered from 1, without a trailing carriage
/// return (CRLF line ends); throws DataError "<file>: cannot open" if it cannot be read.
void for_each_line(std::filesystem::path const& file, std::function<void(std::string const&, int)> const& visit);

/// Same for every line of a text stream (a file's contents in memory, e.g. for tests and fuzzing).
void for_each_line(std::istream& text, std::function<void(std::string const&, int)> const& visit);

/// Parses `token` as one finite number (std::strtod syntax) with optional blanks (space, tab, CR) around it; false
/// on anything else (an empty token, trailing text, an embedded NUL, overflow or underflow), value unchanged.
bool parse_number(std::string const& token, double& value);

/// Throws DataError "<file>:<line>: <what>" for a malformed line of a data file.
[[noreturn]] void malformed_line(std::filesystem::path const& file, int line_number, std::string const& what);

/// The manifest entry's provenance line "upstream-repo@commit:path (licence)", for output attributes.
std::string provenance(std::string_view relative_path);

}  // namespace darkscan::data
