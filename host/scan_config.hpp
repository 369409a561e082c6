// SPDX-License-Identifier: MIT
// Scan configuration: INI file (Boost.Program_options) with every option also settable on the command line.
#pragma once

#include <boost/program_options/parsers.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "darkscan/grid.hpp"
#include "darkscan/outputs.hpp"
#include "darkscan/parameters.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/eos.hpp"

namespace darkscan {

/// Values of one grid axis and how they were written ("0.5", "lin:a:b:n", "log:a:b:n", "list:a,b,...").
struct AxisValues {
    std::string option;  ///< config key, e.g. "mV"
    std::string spec;    ///< as written
    std::vector<double> values;
};

/// Limits of a configuration; a value beyond one is refused with a message naming the option.
inline constexpr std::uint64_t max_axis_points = std::uint64_t{1} << 24;  ///< values per axis (128 MiB of float64)
inline constexpr std::uint64_t max_grid_points = std::uint64_t{1} << 42;  ///< 4.4e12 points (35 TB per dataset)
inline constexpr double max_mass_GeV = constants::M_Planck;               ///< mV, mchi
inline constexpr double max_epsilon = 1.0;                                ///< kinetic mixing
inline constexpr double max_alpha_D = 4.0 * constants::pi;                ///< g_D <= 4 pi: perturbative
inline constexpr double max_g_X = 3.5449077018110318;                     ///< sqrt(4 pi): g_X^2/(4 pi) <= 1
inline constexpr int max_threads = 4096;
inline constexpr std::size_t max_config_bytes = std::size_t{1} << 20;    ///< a config file is text of 1 MiB at most

/// Parses an axis specification; throws InputError naming `option` and the allowed forms.
/// `positive`: values must be > 0 (masses); otherwise >= 0. Values above `max_value` and lin/log counts above
/// max_axis_points are refused.
AxisValues parse_axis(std::string const& option, std::string const& spec, bool positive,
                      double max_value = INFINITY);

/// Progress on stderr: automatic (a live line on a terminal, log lines otherwise), always (live), log, never.
enum class ProgressMode { automatic, always, log, never };

/// Output of an MPI scan: one file written by rank 0, or a part file per rank and a master file of virtual
/// datasets.
enum class MpiOutput { single, per_rank };

/// What a scan does when the output's file system has less free space than the uncompressed output.
enum class DiskCheck { refuse, warn };

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
    DiskCheck disk_check = DiskCheck::refuse;
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
/// file name, e.g. {"--out", "x.h5", "--tile", "4096"}). With "--coarse" among the overrides, the keys of the
/// file's [coarse] section replace its main keys (the command line still wins). Throws InputError with a one-line
/// message.
ScanConfig read_scan_config(std::filesystem::path const& config_file, std::vector<std::string> const& overrides);

/// Same from the text of a config file (INI syntax), named `origin` in errors; an empty origin means no
/// config file (command line only).
ScanConfig read_scan_config_text(std::string const& config_text, std::string const& origin,
                                 std::vector<std::string> const& overrides);

/// Throws InputError naming the first word that contains '%'. Boost.Program_options (1.74) builds its error
/// messages by replacing placeholders such as %value% and %canonical_option% with the words at fault, and loops
/// forever when a word contains the placeholder it replaces (`--overwrite %value%`); no darkscan option or value
/// needs a '%', so every command line and config file is checked before Boost sees it.
void refuse_percent_signs(std::vector<std::string> const& words, std::string const& where);

/// Throws InputError "<where>: <name> = <value> is above the limit <limit>" for the first parameter of `p` beyond
/// the limits above (masses up to M_Pl, epsilon <= 1, alpha_D <= 4 pi, g_X <= sqrt(4 pi)): the check every axis
/// gets, for parameters derived from ratio or Y axes and for `darkscan point`.
void check_parameter_limits(DarkSectorParameters const& p, std::string const& where);

/// Throws InputError "<where>: unexpected argument '<word>' (<hint>)" for the first word of a parsed command line
/// that is neither an option nor an option's value (boost parses it as a positional argument).
void reject_positional_arguments(boost::program_options::parsed_options const& parsed, std::string const& where,
                                 std::string const& hint);

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

/// The relic-accuracy option: standard or fast (RelicAccuracyPreset); InputError naming the option otherwise.
RelicAccuracyPreset parse_relic_accuracy(std::string const& text);

/// The relic-sommerfeld option against the dark-matter type and blocks of `settings`: auto (on for Dirac dark matter,
/// the type the factor is modelled for, when the relic block is computed), on, off. InputError starting with `where`
/// for another value, or for on without the relic block or with another type.
bool parse_relic_sommerfeld(std::string const& text, EvaluationSettings const& settings, std::string const& where);

/// The option value of a RelicAccuracyPreset: "standard" or "fast" (root attribute relic_accuracy, point JSON).
char const* relic_accuracy_name(RelicAccuracyPreset preset);

/// Help text listing every scan option with units.
std::string scan_options_help();

}  // namespace darkscan
