// SPDX-License-Identifier: MIT
// Readers of the published limit files and their log-log tables.
#include "limit_files.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <numeric>
#include <sstream>

#include "data_files.hpp"
#include "errors.hpp"

namespace darkscan {

namespace {

[[noreturn]] void malformed(std::string const& source, int line_number, std::string const& what)
{
    throw DataError(source + ":" + std::to_string(line_number) + ": " + what);
}

/// One field: empty (NaN) or a complete finite number.
bool parse_field(std::string const& field, double& value)
{
    std::size_t const begin = field.find_first_not_of(" \t\r");
    if (begin == std::string::npos) {
        value = NAN;
        return true;
    }
    return data::parse_number(field, value);
}

/// Fields of a line: split at commas when it has any, else at white space.
std::vector<std::string> split_fields(std::string const& line)
{
    std::vector<std::string> fields;
    if (line.find(',') != std::string::npos) {
        std::size_t start = 0;
        while (true) {
            std::size_t const comma = line.find(',', start);
            fields.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (comma == std::string::npos) {
                break;
            }
            start = comma + 1;
        }
        return fields;
    }
    std::istringstream words(line);
    for (std::string word; words >> word;) {
        fields.push_back(word);
    }
    return fields;
}

}  // namespace

std::vector<std::vector<double>> parse_numeric_rows(std::istream& input, std::string const& source,
                                                    int min_columns, int max_columns)
{
    std::vector<std::vector<double>> rows;
    std::string line;
    for (int line_number = 1; std::getline(input, line); ++line_number) {
        line = line.substr(0, line.find('#'));
        if (line.find_first_not_of(" \t\r,") == std::string::npos) {
            continue;
        }
        std::vector<std::string> const fields = split_fields(line);
        int const count = static_cast<int>(fields.size());
        if (count < min_columns || count > max_columns) {
            malformed(source, line_number,
                      std::to_string(count) + " fields, expected " + std::to_string(min_columns) +
                          (max_columns > min_columns ? " to " + std::to_string(max_columns) : std::string()));
        }
        std::vector<double> row(static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i) {
            if (!parse_field(fields[i], row[i])) {
                malformed(source, line_number, "field " + std::to_string(i + 1) + " is not a finite number");
            }
        }
        rows.push_back(std::move(row));
    }
    if (rows.empty()) {
        throw DataError(source + ": no data rows");
    }
    return rows;
}

DarkCastLimit parse_darkcast_limit(std::istream& input, std::string const& source)
{
    std::string header;
    if (!std::getline(input, header)) {
        throw DataError(source + ": empty file");
    }
    std::istringstream words(header);
    std::vector<std::string> names;
    for (std::string word; words >> word;) {
        if (word != "#") {
            names.push_back(word);
        }
    }
    DarkCastLimit limit;
    if (names == std::vector<std::string>{"mass", "lower"}) {
        limit.columns = DarkCastLimit::Columns::lower;
    } else if (names == std::vector<std::string>{"mass", "lower", "upper"}) {
        limit.columns = DarkCastLimit::Columns::lower_upper;
    } else if (names == std::vector<std::string>{"mass", "g", "r"}) {
        limit.columns = DarkCastLimit::Columns::g_r;
    } else {
        malformed(source, 1, "header '" + header + "' is not '# mass lower', '# mass lower upper' or '# mass g r'");
    }
    int const width = static_cast<int>(names.size());
    // Line numbers in messages count the header.
    std::ostringstream body;
    body << "\n" << input.rdbuf();
    std::istringstream rest(body.str());
    auto const rows = parse_numeric_rows(rest, source, width, width);
    for (auto const& row : rows) {
        if (std::any_of(row.begin(), row.end(), [](double v) { return std::isnan(v); })) {
            throw DataError(source + ": empty field in a DarkCast limit row");
        }
        limit.mass.push_back(row[0]);
        limit.first.push_back(row[1]);
        if (width == 3) {
            limit.second.push_back(row[2]);
        }
    }
    return limit;
}

HostCurve make_log_curve(std::vector<double> const& mass, std::vector<double> const& value, std::string const& source,
                         double scale, double no_bound)
{
    std::vector<std::size_t> order(mass.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&mass](std::size_t a, std::size_t b) { return mass[a] < mass[b]; });
    HostCurve curve;
    for (std::size_t i : order) {
        if (!(mass[i] > 0.0) || !std::isfinite(mass[i])) {
            continue;
        }
        double const v = value[i];
        bool const bound = std::isfinite(v) && v > 0.0 && v < no_bound;
        curve.x.push_back(std::log(mass[i]));
        curve.y.push_back(bound ? std::log(v * scale) : NAN);
    }
    if (curve.x.size() < 2) {
        throw DataError(source + ": fewer than two rows with a positive mass");
    }
    return curve;
}

HostColumnGrid make_log_column_grid(std::vector<double> const& x, std::vector<double> const& y,
                                    std::vector<double> const& z, std::string const& source, double no_bound)
{
    std::map<double, std::vector<std::pair<double, double>>> columns;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (x[i] > 0.0 && y[i] > 0.0 && std::isfinite(x[i]) && std::isfinite(y[i])) {
            bool const bound = std::isfinite(z[i]) && z[i] > 0.0 && z[i] < no_bound;
            columns[x[i]].emplace_back(std::log(y[i]), bound ? std::log(z[i]) : NAN);
        }
    }
    HostColumnGrid grid;
    grid.first.push_back(0);
    for (auto& [column_x, nodes] : columns) {
        std::stable_sort(nodes.begin(), nodes.end(),
                         [](auto const& a, auto const& b) { return a.first < b.first; });
        auto const finite = std::count_if(nodes.begin(), nodes.end(), [](auto const& n) { return !std::isnan(n.second); });
        if (finite < 2) {
            continue;
        }
        grid.x.push_back(std::log(column_x));
        for (auto const& [node_y, node_z] : nodes) {
            grid.y.push_back(node_y);
            grid.z.push_back(node_z);
        }
        grid.first.push_back(static_cast<int>(grid.y.size()));
    }
    if (grid.x.size() < 2) {
        throw DataError(source + ": fewer than two grid columns with data");
    }
    return grid;
}

}  // namespace darkscan
