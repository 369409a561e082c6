// SPDX-License-Identifier: MIT
// Reads Slatyer's CMB deposition-efficiency tables f_eff(E) (arXiv:1506.03811 fig. 3, via Hazma) and resamples
// them onto the uniform ln E grids of darkscan/physics/cmb_energy_injection.hpp.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <vector>

#include "darkscan/physics/cmb_energy_injection.hpp"
#include "uniform_table.hpp"

namespace darkscan {

/// An f_eff table as published: energies [GeV] strictly increasing (kinetic energy of each particle for e+e-,
/// photon energy for photons) and f_eff in [0, 1].
struct FeffRawTable {
    std::vector<double> energy_GeV;
    std::vector<double> f_eff;
};

/// Parses an f_eff table from `text`: blank lines and lines whose first non-blank character is '#' are skipped;
/// every other line is "E [eV], f_eff" (one comma, blanks allowed around each number). `source` names the text in
/// errors. Throws DataError "<source>:<line>: <what>" for a malformed line (not two numbers, E not positive and
/// finite, f_eff outside [0, 1], E not above the previous row's) and "<source>: fewer than 2 data rows".
FeffRawTable parse_f_eff_table(std::istream& text, std::filesystem::path const& source);

/// Reads an f_eff table file (format of parse_f_eff_table); DataError "<file>: cannot open" if unreadable.
FeffRawTable read_f_eff_table(std::filesystem::path const& file);

/// Grid step of the resampled tables in ln E. The raw rows are ~0.53 apart in ln E and are joined linearly in
/// ln E; on this grid linear interpolation reproduces that interpolant to < 1e-3 absolute (worst 7e-4 for e+e-,
/// 4e-4 for photons, at the raw rows where its slope changes).
inline constexpr double cmb_grid_step_ln_E = 0.01;

/// Resamples `raw` onto x = ln(E / GeV) from its first to its last energy in equal steps <= cmb_grid_step_ln_E,
/// linear in x between raw rows (the end nodes are the end rows).
UniformTable resample_f_eff(FeffRawTable const& raw);

/// Host tables behind CmbTablesView. The GPU backend copies each UniformTable to device memory and rebuilds the view.
struct CmbTables {
    UniformTable electron;
    UniformTable photon;

    /// View through `upload` (UniformTable const& -> UniformTableView), e.g. a copy to device memory.
    template <class Upload>
    CmbTablesView view(Upload&& upload) const
    {
        return {upload(electron), upload(photon)};
    }
    /// View of the host memory.
    CmbTablesView view() const { return view(host_view); }
};

/// Data files, relative to the data directory: f_eff^{e+e-} (vs kinetic energy) and f_eff^gamma.
inline constexpr char const* cmb_electron_table_file = "cmb-feff/f_eff_ep.dat";
inline constexpr char const* cmb_photon_table_file = "cmb-feff/f_eff_g.dat";

/// Reads and resamples both tables.
CmbTables load_cmb_tables(std::filesystem::path const& electron_file, std::filesystem::path const& photon_file);

/// Same, from the data directory, each file checked against the manifest (data::verified_path).
CmbTables load_cmb_tables();

}  // namespace darkscan
