// SPDX-License-Identifier: MIT
// Reads Slatyer's f_eff tables and resamples them on a uniform ln E grid (see cmb_tables.hpp).
#include "cmb_tables.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <istream>
#include <string>

#include "data_files.hpp"
#include "errors.hpp"

namespace darkscan {

namespace {

/// eV -> GeV.
constexpr double GeV_per_eV = 1e-9;

}  // namespace

FeffRawTable parse_f_eff_table(std::istream& text, std::filesystem::path const& source)
{
    FeffRawTable raw;
    std::string line;
    for (int line_number = 1; std::getline(text, line); ++line_number) {
        auto const first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') {
            continue;
        }
        auto const comma = line.find(',');
        double energy_eV = 0.0;
        double f_eff = 0.0;
        if (comma == std::string::npos || line.find(',', comma + 1) != std::string::npos
            || !data::parse_number(line.substr(0, comma), energy_eV)
            || !data::parse_number(line.substr(comma + 1), f_eff)) {
            data::malformed_line(source, line_number, "expected 'E [eV], f_eff'");
        }
        if (!(energy_eV > 0.0)) {  // parse_number admits only finite values
            data::malformed_line(source, line_number, "energy must be positive and finite");
        }
        if (!(f_eff >= 0.0 && f_eff <= 1.0)) {
            data::malformed_line(source, line_number, "f_eff must lie in [0, 1]");
        }
        double const energy = energy_eV * GeV_per_eV;
        if (!raw.energy_GeV.empty() && !(std::log(energy) > std::log(raw.energy_GeV.back()))) {
            data::malformed_line(source, line_number, "energies must increase from row to row");
        }
        raw.energy_GeV.push_back(energy);
        raw.f_eff.push_back(f_eff);
    }
    if (raw.energy_GeV.size() < 2) {
        throw DataError(source.string() + ": fewer than 2 data rows");
    }
    return raw;
}

FeffRawTable read_f_eff_table(std::filesystem::path const& file)
{
    std::ifstream stream(file);
    if (!stream) {
        throw DataError(file.string() + ": cannot open");
    }
    return parse_f_eff_table(stream, file);
}

UniformTable resample_f_eff(FeffRawTable const& raw)
{
    std::size_t const rows = raw.energy_GeV.size();
    std::vector<double> x(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        x[i] = std::log(raw.energy_GeV[i]);
    }
    int const size = static_cast<int>(std::ceil((x.back() - x.front()) / cmb_grid_step_ln_E)) + 1;
    UniformTable table;
    table.x_min = x.front();
    table.dx = (x.back() - x.front()) / (size - 1);
    table.values.resize(static_cast<std::size_t>(size));
    std::size_t row = 0;  // raw segment [row, row + 1] holding the node
    for (int k = 0; k < size; ++k) {
        double const node = k + 1 < size ? table.x_min + k * table.dx : x.back();
        while (row + 2 < rows && node > x[row + 1]) {
            ++row;
        }
        double const w = (node - x[row]) / (x[row + 1] - x[row]);
        table.values[static_cast<std::size_t>(k)] = (1.0 - w) * raw.f_eff[row] + w * raw.f_eff[row + 1];
    }
    return table;
}

CmbTables load_cmb_tables(std::filesystem::path const& electron_file, std::filesystem::path const& photon_file)
{
    return {resample_f_eff(read_f_eff_table(electron_file)), resample_f_eff(read_f_eff_table(photon_file))};
}

CmbTables load_cmb_tables()
{
    return load_cmb_tables(data::verified_path(cmb_electron_table_file), data::verified_path(cmb_photon_table_file));
}

}  // namespace darkscan
