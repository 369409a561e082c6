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

enum class ProgressMode { automatic, always, never };

/// Whether a scan tabulates Sommerfeld factors (automatic: when the scan is large enough to repay the build).
enum class SommerfeldTableMode { automatic, on, off };

struct ScanConfig {
    AxisParametrisation parametrisation;
    std::array<AxisValues, axis_count> axes;  ///< in grid order (m_V-like, m_chi-like, mixing, alpha_D, g_X)
    EquationOfState equation_of_state = EquationOfState::saikawa_shirai_2020;
    std::optional<int> relic_line_axis;  ///< grid axis of the relic line; none: no relic line
    double relic_omega_h2 = 0.12;        ///< Omega h^2 on the relic line
    EvaluationSettings settings;         ///< physics blocks and velocities
    std::uint64_t constraint_terms = 0;  ///< ConstraintTerm bits evaluated (option constraints)
    std::array<double, constraint_term_count> constraint_cl{};  ///< confidence level per term
    SommerfeldTableMode sommerfeld_table = SommerfeldTableMode::automatic;
    std::filesystem::path output;
    bool overwrite = false;
    std::uint64_t tile_points = 0;  ///< 0: sized by the backend
    int threads = 0;                ///< CPU threads, 0: all cores
    std::optional<std::filesystem::path> data_directory;
    ProgressMode progress = ProgressMode::automatic;
    std::string config_text;  ///< effective configuration (file merged with command line), INI syntax

    Index5 extent() const;
    std::uint64_t point_count() const;
};

/// Reads `config_file` (may be empty: command line only) and the command-line `overrides` (tokens after the
/// file name, e.g. {"--out", "x.h5", "--tile", "4096"}). With "--coarse" among the overrides, the keys of the
/// file's [coarse] section replace its main keys (the command line still wins). Throws InputError with a one-line
/// message.
ScanConfig read_scan_config(std::filesystem::path const& config_file, std::vector<std::string> const& overrides);

/// Option `constraints` ("all", "none", names, "-name") -> ConstraintTerm bits. Terms named explicitly must have
/// their physics blocks in `blocks`; the default set ('all') leaves out terms whose blocks are not computed.
/// Throws InputError naming an unknown term or a missing block.
std::uint64_t parse_constraint_terms(std::string const& text, unsigned blocks);

/// Options `dm_type` and `dm-splitting-over-mchi` (a number >= 0, kept for pseudo_dirac only: the other types have
/// splitting 0). `where` prefixes the messages (e.g. "point: "). Throws InputError.
DarkMatterModel parse_dark_matter_model(std::string const& type_text, std::string const& splitting_text,
                                        std::string const& where);

/// Option `relic-likelihood`: gaussian or upper_bound; throws InputError otherwise.
RelicLikelihood parse_relic_likelihood(std::string const& text);

/// Help text listing every scan option with units.
std::string scan_options_help();

}  // namespace darkscan
