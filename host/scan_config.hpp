// SPDX-License-Identifier: MIT
// Scan configuration: INI file (Boost.Program_options) with every option also settable on the command line.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "darkscan/grid.hpp"
#include "darkscan/outputs.hpp"
#include "darkscan/parameters.hpp"
#include "darkscan/physics/eos.hpp"

namespace darkscan {

/// Values of one grid axis and how they were written ("0.5", "lin:a:b:n", "log:a:b:n", "list:a,b,...").
struct AxisValues {
    std::string option;  ///< config key, e.g. "mV"
    std::string spec;    ///< as written
    std::vector<double> values;
};

/// Parses an axis specification; throws InputError naming `option` and the allowed forms.
/// `positive`: values must be > 0 (masses); otherwise >= 0.
AxisValues parse_axis(std::string const& option, std::string const& spec, bool positive);

/// Progress on stderr: automatic (a live line on a terminal, log lines otherwise), always (live), log, never.
enum class ProgressMode { automatic, always, log, never };

/// Output of an MPI scan: one file written by rank 0, or a part file per rank and a master file of virtual
/// datasets.
enum class MpiOutput { single, per_rank };

/// Whether a scan tabulates Sommerfeld factors (automatic: when the scan is large enough to repay the build).
enum class SommerfeldTableMode { automatic, on, off };

struct ScanConfig {
    AxisParametrisation parametrisation;
    std::array<AxisValues, axis_count> axes;  ///< in grid order (m_V-like, m_chi-like, mixing, alpha_D, g_X)
    EquationOfState equation_of_state = EquationOfState::saikawa_shirai_2020;
    std::optional<int> relic_line_axis;  ///< grid axis of the relic line; none: no relic line
    double relic_omega_h2 = 0.12;        ///< Omega h^2 on the relic line
    EvaluationSettings settings;         ///< physics blocks and velocities
    SommerfeldTableMode sommerfeld_table = SommerfeldTableMode::automatic;
    std::filesystem::path output;
    bool overwrite = false;
    bool resume = false;  ///< continue the scan in `output` (start it when there is none)
    std::uint64_t tile_points = 0;  ///< 0: sized by the backend
    int threads = 0;                ///< CPU threads, 0: all cores
    int write_threads = 0;  ///< threads compressing output chunks, 0: the cores left by computing
    std::optional<std::filesystem::path> data_directory;
    ProgressMode progress = ProgressMode::automatic;
    double log_interval_s = 30.0;  ///< seconds between progress log lines
    std::vector<int> devices;  ///< GPUs to use, one per rank on a node in turn; empty: every visible GPU
    MpiOutput mpi_output = MpiOutput::single;
    std::string config_text;  ///< effective configuration (file merged with command line), INI syntax
    /// The settings that determine the results (grid and physics options, defaults included), one
    /// "key = value" line each: a scan continues a file only when they are equal.
    std::string result_settings;

    Index5 extent() const;
    std::uint64_t point_count() const;
};

/// Reads `config_file` (may be empty: command line only) and the command-line `overrides` (tokens after the
/// file name, e.g. {"--out", "x.h5", "--tile", "4096"}). Throws InputError with a one-line message.
ScanConfig read_scan_config(std::filesystem::path const& config_file, std::vector<std::string> const& overrides);

/// Help text listing every scan option with units.
std::string scan_options_help();

}  // namespace darkscan
