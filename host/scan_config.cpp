// SPDX-License-Identifier: MIT
// Scan configuration parsing and validation.
#include "scan_config.hpp"

#include <boost/program_options.hpp>

#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#include "constraint_tables.hpp"
#include "eos_tables.hpp"
#include "errors.hpp"
#include "output_fields.hpp"

namespace po = boost::program_options;

namespace darkscan {

namespace {

constexpr char const* axis_forms = "a number, lin:START:STOP:N, log:START:STOP:N or list:V1,V2,...";
constexpr char const* coarse_option = "coarse";
constexpr char const* coarse_prefix = "coarse.";

double parse_number(std::string const& option, std::string const& text)
{
    std::size_t used = 0;
    double value = 0.0;
    try {
        value = std::stod(text, &used);
    } catch (std::exception const&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || !std::isfinite(value)) {
        throw InputError("option '" + option + "': '" + text + "' is not a finite number");
    }
    return value;
}

/// A whole number in [1, limit]; `what` says what is counted (in the message).
std::uint64_t parse_count(std::string const& option, std::string const& text, std::uint64_t limit,
                          char const* what = "point count")
{
    double const n = parse_number(option, text);
    if (n < 1 || n != std::floor(n)) {
        throw InputError("option '" + option + "': " + what + " '" + text + "' must be a whole number >= 1");
    }
    if (n > double(limit)) {
        throw InputError("option '" + option + "': " + what + " '" + text + "' is above the limit "
                         + std::to_string(limit));
    }
    return static_cast<std::uint64_t>(n);
}

/// A number for a message, the shortest text that reads back as the same double: 1e+20, 0.5, 12.566370614359172
/// (so a value just above a limit never prints as the limit itself).
std::string number_text(double value)
{
    char text[32];
    auto const end = std::to_chars(text, text + sizeof text, value).ptr;
    return std::string(text, end);
}

std::vector<std::string> split(std::string const& text, char separator)
{
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator)) {
        parts.push_back(part);
    }
    if (!text.empty() && text.back() == separator) {
        parts.emplace_back();
    }
    return parts;
}

std::string trim(std::string const& text)
{
    auto const first = text.find_first_not_of(" \t");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

AxisValues parse_axis(std::string const& option, std::string const& raw_spec, bool positive, double max_value)
{
    std::string const spec = trim(raw_spec);
    AxisValues axis{option, spec, {}};
    auto const parts = split(spec, ':');
    if (spec.empty()) {
        throw InputError("option '" + option + "' is empty; give " + axis_forms);
    }
    if (parts.size() == 1) {
        axis.values.push_back(parse_number(option, parts[0]));
    } else if (parts[0] == "list" && parts.size() == 2) {
        for (auto const& item : split(parts[1], ',')) {
            axis.values.push_back(parse_number(option, trim(item)));
        }
        if (axis.values.empty()) {
            throw InputError("option '" + option + "': '" + spec + "' lists no values");
        }
    } else if ((parts[0] == "lin" || parts[0] == "log") && parts.size() == 4) {
        double const start = parse_number(option, trim(parts[1]));
        double const stop = parse_number(option, trim(parts[2]));
        std::uint64_t const n = parse_count(option, trim(parts[3]), max_axis_points);
        bool const logarithmic = parts[0] == "log";
        if (logarithmic && (start <= 0 || stop <= 0)) {
            throw InputError("option '" + option + "': '" + spec + "' is logarithmic and needs START > 0 and STOP > 0");
        }
        if (n > 1 && !(start < stop)) {
            throw InputError("option '" + option + "': '" + spec + "' is an empty range; need START < STOP");
        }
        if (n == 1 && start != stop) {
            throw InputError("option '" + option + "': '" + spec + "' has 1 point but START != STOP");
        }
        axis.values.resize(n);
        for (std::uint64_t i = 0; i < n; ++i) {
            double const t = n > 1 ? double(i) / double(n - 1) : 0.0;
            axis.values[i] = logarithmic ? std::exp(std::log(start) + t * (std::log(stop) - std::log(start)))
                                         : start + t * (stop - start);
        }
        axis.values.front() = start;  // exact end points, free of rounding
        axis.values.back() = stop;
    } else {
        throw InputError("option '" + option + "': cannot read '" + spec + "'; give " + axis_forms);
    }
    for (std::size_t i = 0; i < axis.values.size(); ++i) {
        double const value = axis.values[i];
        if (positive ? !(value > 0) : !(value >= 0)) {
            throw InputError("option '" + option + "': value " + number_text(value) + " must be " +
                             (positive ? "> 0" : ">= 0"));
        }
        if (value > max_value) {
            throw InputError("option '" + option + "': value " + number_text(value) + " is above the limit "
                             + number_text(max_value));
        }
        if (i > 0 && !(value > axis.values[i - 1])) {
            throw InputError("option '" + option + "': values must be strictly increasing");
        }
    }
    return axis;
}

namespace {

po::options_description grid_options()
{
    po::options_description options("Grid axes (each: " + std::string(axis_forms) + ")");
    options.add_options()
        ("mV", po::value<std::string>(), "mediator mass m_V [GeV]")
        ("mchi", po::value<std::string>(), "dark-matter mass m_chi [GeV]")
        ("mchi_over_mV", po::value<std::string>(), "m_chi / m_V, in place of mchi (mV = 3 mchi: 0.3333333333)")
        ("mV_over_mchi", po::value<std::string>(), "m_V / m_chi, in place of mV (the axis then is mchi)")
        ("epsilon", po::value<std::string>(), "kinetic mixing epsilon")
        ("Y", po::value<std::string>(), "yield Y = epsilon^2 alphaD (mchi/mV)^4, in place of epsilon")
        ("alphaD", po::value<std::string>(), "dark coupling alpha_D = g_D^2/(4 pi)")
        ("gX", po::value<std::string>()->default_value("0"), "coupling g_X of V to the baryon current");
    return options;
}

po::options_description run_options()
{
    po::options_description options("Run");
    options.add_options()
        ("out", po::value<std::string>(), "output HDF5 file")
        ("overwrite", po::value<bool>()->default_value(false)->implicit_value(true), "replace an existing output file")
        ("disk-check", po::value<std::string>()->default_value("refuse"),
         "when the output's file system has less free space than the uncompressed output: refuse, or warn and run")
        ("tile", po::value<std::string>()->default_value("0"), "points per tile (0: sized to the device)")
        ("threads", po::value<std::string>()->default_value("0"), "CPU threads for the OMP backend (0: all cores)")
        ("write-threads", po::value<std::string>()->default_value("0"),
         "threads compressing the output (0: the cores that computing leaves, at least 1; on CUDA all but one)")
        ("data-dir", po::value<std::string>(), "reference-data directory (default: DARKSCAN_DATA_DIR or build setting)")
        ("resume", po::value<bool>()->default_value(false)->implicit_value(true),
         "continue the scan in the output file after a stop or a crash, computing only the tiles not done (starts "
         "it when there is no file); refused when the settings differ")
        ("progress", po::value<std::string>()->default_value("auto"),
         "auto (a live line on a terminal, log lines otherwise), always (live line), log, never")
        ("log-interval", po::value<std::string>()->default_value("30"),
         "seconds between progress log lines (also one at every tenth of the scan)")
        ("devices", po::value<std::string>(), "GPUs to use (CUDA), e.g. 0,1,2,3: the ranks on a node take them in "
         "turn (default: every visible GPU)")
        ("mpi-output", po::value<std::string>()->default_value("single"),
         "with MPI: single (one file, written by rank 0) or per-rank (a part file per rank, and the output as a "
         "master file of virtual datasets over them)");
    return options;
}

/// Options of the command line only: how the config file is read.
po::options_description section_options()
{
    po::options_description options("Config file");
    options.add_options()
        (coarse_option, po::bool_switch(),
         "apply the config file's [coarse] section over its main keys: a low-resolution version of the scan (keys "
         "in [coarse] are the keys above; the command line still wins)");
    return options;
}

po::options_description physics_options()
{
    po::options_description options("Physics");
    options.add_options()
        ("dm_type", po::value<std::string>()->default_value("dirac"),
         "what chi is: dirac, complex_scalar, majorana or pseudo_dirac (a Majorana pair chi_1, chi_2 with the "
         "off-diagonal vector coupling)")
        ("dm-splitting-over-mchi", po::value<std::string>()->default_value("0.1"),
         "mass splitting Delta/m_chi = (m_2 - m_1)/m_1 of pseudo_dirac, >= 0 (0: the Dirac limit); ignored for the "
         "other types")
        ("eos", po::value<std::string>()->default_value("saikawa_shirai_2020"),
         "g_*(T) table of the relic calculation: saikawa_shirai_2020 or drees_hajkarim_schmitz_2015")
        ("relic-line-axis", po::value<std::string>()->default_value("auto"),
         "axis along which the relic line Omega h^2 = relic-omega-h2 is found: epsilon, Y, alphaD, gX, mV, mchi, "
         "mchi_over_mV, mV_over_mchi (the axis option in use), none, or auto (the epsilon or Y axis when it has "
         "several values)")
        ("relic-omega-h2", po::value<std::string>()->default_value("0.12"), "Omega h^2 of the relic line")
        ("physics", po::value<std::string>()->default_value("all"),
         "blocks computed besides V decays: all, or a comma list of relic, sommerfeld, bound_states, sidm, "
         "constraints")
        ("constraints", po::value<std::string>()->default_value("all"),
         "constraint terms (with 'constraints' in physics): all (the default set), none, or a comma list of term "
         "names, 'all' and '-name' (remove); names: see darkscan info")
        ("constraint-cl", po::value<std::string>()->default_value(""),
         "confidence levels replacing the published ones, e.g. 'e137:0.95,cms:0.95'")
        ("relic-likelihood", po::value<std::string>()->default_value("gaussian"),
         "relic_density term: gaussian (Planck 0.120 +- 0.001 with the theory error) or upper_bound (no penalty "
         "below 0.120: chi may be a sub-component)")
        ("relic-theory-error", po::value<std::string>()->default_value("0.05"),
         "relative theory error of Omega h^2 in the relic_density term")
        ("relic-fraction-scaling", po::value<std::string>()->default_value("off"),
         "on: scale direct-detection signals by f = min(1, Omega h^2/0.120) and the CMB's by f^2 (chi a fraction "
         "of the dark matter; needs the relic block); off")
        ("sommerfeld-v-recombination", po::value<std::string>()->default_value("1e-8"),
         "per-particle speed v [units of c] of the Sommerfeld factors at recombination (CMB)")
        ("sommerfeld-v-dwarf-km-s", po::value<std::string>()->default_value("10"),
         "per-particle speed v [km/s] of the Sommerfeld factors in dwarf galaxies")
        ("sommerfeld-v-milky-way-km-s", po::value<std::string>()->default_value("220"),
         "per-particle speed v [km/s] of the Sommerfeld factors in the Milky Way")
        ("relic-sommerfeld", po::value<std::string>()->default_value("auto"),
         "multiply the freeze-out rate by the thermal Sommerfeld factor <S_s>(x) (kinetic equilibrium): auto (on "
         "for dm_type dirac, the type it is modelled for; off for the others), on, off")
        ("relic-accuracy", po::value<std::string>()->default_value("standard"),
         "tolerances of the relic solve: standard (halving them moves Omega h^2 by < 0.1%) or fast (within 1% of "
         "standard, 1.3-1.6 times faster)")
        ("sommerfeld-table", po::value<std::string>()->default_value("auto"),
         "tabulate the Yukawa Sommerfeld factors (cells verified to 0.2%, direct solves elsewhere): auto (when the "
         "scan makes over 5e5 evaluations), on, off")
        ("sidm-v-rel-dwarf-km-s", po::value<std::string>()->default_value("50"),
         "relative velocity v_rel [km/s] of sigma_T/m in dwarf galaxies")
        ("sidm-v-rel-cluster-km-s", po::value<std::string>()->default_value("1500"),
         "relative velocity v_rel [km/s] of sigma_T/m in galaxy clusters (the sidm_cluster term)")
        ("sidm-v-rel-bullet-km-s", po::value<std::string>()->default_value("4700"),
         "relative velocity v_rel [km/s] of sigma_T/m in the Bullet Cluster (the sidm_bullet_cluster term): the "
         "merger velocity of Randall et al. (arXiv:0704.0261) from the bow shock; the halos' own relative speed "
         "is lower (~16% in Milosavljevic et al., astro-ph/0703199), which gives a larger sigma_T and a stronger "
         "bound, so the default is the conservative end");
    return options;
}

/// "all" or a comma list of block names -> PhysicsBlock mask (V decays always included).
unsigned parse_physics_blocks(std::string const& text)
{
    if (trim(text) == "all") {
        return block_all;
    }
    unsigned blocks = block_decays;
    for (auto const& item : split(text, ',')) {
        std::string const name = trim(item);
        bool found = false;
        for (auto const& [block_name, block] : physics_block_names) {
            if (name == block_name) {
                blocks |= block;
                found = true;
            }
        }
        if (!found) {
            throw InputError("option 'physics': '" + name +
                             "' is not one of all, relic, sommerfeld, bound_states, sidm, constraints");
        }
    }
    return blocks;
}

/// Option `constraint-cl`: "name:cl,..." over the published levels.
std::array<double, constraint_term_count> parse_constraint_cl(std::string const& text)
{
    auto cl = published_confidence_levels();
    for (auto const& item : split(text, ',')) {
        if (trim(item).empty()) {
            continue;
        }
        auto const colon = item.find(':');
        if (colon == std::string::npos) {
            throw InputError("option 'constraint-cl': '" + trim(item) + "' is not NAME:CL");
        }
        int const term = constraint_term_by_name(trim(item.substr(0, colon)), "constraint-cl");
        LikelihoodForm const form = constraint_term_table[term].likelihood;
        if (form == LikelihoodForm::hard_cut || form == LikelihoodForm::preference) {
            throw InputError("option 'constraint-cl': '" + trim(item.substr(0, colon)) + "' is a "
                             + (form == LikelihoodForm::hard_cut ? "hard cut" : "preference")
                             + " and has no confidence level");
        }
        double const level = parse_number("constraint-cl", trim(item.substr(colon + 1)));
        if (!(level > 0.0 && level < 1.0)) {
            throw InputError("option 'constraint-cl': confidence level '" + trim(item.substr(colon + 1)) +
                             "' must lie between 0 and 1");
        }
        cl[term] = level;
    }
    return cl;
}

std::string value_text(po::variable_value const& value)
{
    if (auto const* text = boost::any_cast<std::string>(&value.value())) {
        return *text;
    }
    if (auto const* flag = boost::any_cast<bool>(&value.value())) {
        return *flag ? "true" : "false";
    }
    return {};
}

/// The physics blocks a constraint term needs besides the V decays.
unsigned blocks_needed(int term)
{
    switch (term) {
    case term_relic_density:
        return block_relic;
    case term_sidm_cluster:
    case term_sidm_bullet_cluster:
        return block_sidm;
    case term_bfactory_dark_onium:
        return block_bound_states;
    case term_cmb:
        return block_sommerfeld;
    default:
        return 0;
    }
}

}  // namespace

std::uint64_t parse_constraint_terms(std::string const& text, unsigned blocks)
{
    std::uint64_t terms = 0;
    std::uint64_t named = 0;
    for (auto const& item : split(text, ',')) {
        std::string const name = trim(item);
        if (name == "all") {
            terms |= default_constraint_terms();
        } else if (name == "none") {
            terms = 0;
        } else if (!name.empty() && name[0] == '-') {
            terms &= ~term_bit(constraint_term_by_name(name.substr(1), "constraints"));
        } else {
            std::uint64_t const bit = term_bit(constraint_term_by_name(name, "constraints"));
            terms |= bit;
            named |= bit;
        }
    }
    if ((blocks & block_constraints) == 0) {
        if (named != 0) {
            throw InputError("option 'constraints': the terms need 'constraints' in option 'physics'");
        }
        return 0;
    }
    for (int term = 0; term < constraint_term_count; ++term) {
        unsigned const needed = blocks_needed(term);
        if ((terms & term_bit(term)) == 0 || (blocks & needed) == needed) {
            continue;
        }
        if ((named & term_bit(term)) != 0) {
            throw InputError("option 'constraints': '" + std::string(constraint_term_table[term].name) + "' needs '" +
                             physics_blocks_text(needed) + "' in option 'physics'");
        }
        terms &= ~term_bit(term);
    }
    return terms;
}

namespace {

DarkMatterType parse_dark_matter_type(std::string const& text, std::string const& option)
{
    for (int k = 0; k < dark_matter_type_count; ++k) {
        auto const type = static_cast<DarkMatterType>(k);
        if (text == dark_matter_type_name(type)) {
            return type;
        }
    }
    throw InputError(option + ": '" + text + "' is not one of dirac, complex_scalar, majorana, pseudo_dirac");
}

}  // namespace

DarkMatterModel parse_dark_matter_model(std::string const& type_text, std::string const& splitting_text,
                                        std::string const& where)
{
    DarkMatterModel model;
    model.type = parse_dark_matter_type(type_text, where + "option 'dm_type'");
    double const splitting = parse_number("dm-splitting-over-mchi", splitting_text);
    if (!(splitting >= 0.0)) {
        throw InputError(where + "option 'dm-splitting-over-mchi': '" + splitting_text + "' must be >= 0");
    }
    if (model.type == DarkMatterType::pseudo_dirac) {
        model.splitting = splitting;
    }
    return model;
}

RelicLikelihood parse_relic_likelihood(std::string const& text)
{
    if (text == "gaussian") {
        return RelicLikelihood::gaussian;
    }
    if (text == "upper_bound") {
        return RelicLikelihood::upper_bound;
    }
    throw InputError("option 'relic-likelihood': '" + text + "' is not one of gaussian, upper_bound");
}

RelicAccuracyPreset parse_relic_accuracy(std::string const& text)
{
    if (text == "standard") {
        return RelicAccuracyPreset::standard;
    }
    if (text == "fast") {
        return RelicAccuracyPreset::fast;
    }
    throw InputError("option 'relic-accuracy': '" + text + "' is not one of standard, fast");
}

bool parse_relic_sommerfeld(std::string const& text, EvaluationSettings const& settings, std::string const& where)
{
    bool const dirac = settings.dark_matter.type == DarkMatterType::dirac;
    if (text == "auto") {
        return dirac && settings.computes(block_relic);
    }
    if (text == "off") {
        return false;
    }
    if (text != "on") {
        throw InputError(where + ": '" + text + "' is not one of auto, on, off");
    }
    if (!settings.computes(block_relic)) {
        throw InputError(where + ": on needs 'relic' in option 'physics'");
    }
    if (!dirac) {
        throw InputError(where + ": on is modelled for dm_type dirac only, not "
                         + dark_matter_type_name(settings.dark_matter.type));
    }
    return true;
}

char const* relic_accuracy_name(RelicAccuracyPreset preset)
{
    return preset == RelicAccuracyPreset::fast ? "fast" : "standard";
}

void check_parameter_limits(DarkSectorParameters const& p, std::string const& where)
{
    struct Limit {
        char const* name;
        double value;
        double limit;
    };
    for (Limit const& limit : {Limit{"m_V [GeV]", p.m_V, max_mass_GeV}, Limit{"m_chi [GeV]", p.m_chi, max_mass_GeV},
                               Limit{"epsilon", p.epsilon, max_epsilon}, Limit{"alpha_D", p.alpha_D, max_alpha_D},
                               Limit{"g_X", p.g_X, max_g_X}}) {
        if (limit.value > limit.limit) {
            throw InputError(where + ": " + limit.name + " = " + number_text(limit.value) + " is above the limit "
                             + number_text(limit.limit));
        }
    }
}

void refuse_percent_signs(std::vector<std::string> const& words, std::string const& where)
{
    for (auto const& word : words) {
        if (word.find('%') != std::string::npos) {
            throw InputError(where + ": '" + word + "' contains '%', which no option or value may contain");
        }
    }
}

void reject_positional_arguments(po::parsed_options const& parsed, std::string const& where, std::string const& hint)
{
    for (auto const& option : parsed.options) {
        if (option.position_key >= 0) {  // a word that is neither an option nor an option's value
            throw InputError(where + ": unexpected argument '" + option.value.front() + "' (" + hint + ")");
        }
    }
}

std::string scan_options_help()
{
    po::options_description all;
    all.add(grid_options()).add(physics_options()).add(run_options()).add(section_options());
    std::ostringstream out;
    out << all;
    return out.str();
}

Index5 ScanConfig::extent() const
{
    Index5 extent;
    for (int axis = 0; axis < axis_count; ++axis) {
        extent[axis] = axes[axis].values.size();
    }
    return extent;
}

std::uint64_t ScanConfig::point_count() const
{
    return product(extent());
}

namespace {

/// The text of a config file; refuses a missing file, a directory and anything over max_config_bytes.
std::string read_config_file(std::filesystem::path const& config_file)
{
    std::error_code error;
    if (std::filesystem::is_directory(config_file, error)) {
        throw InputError("config file " + config_file.string() + " is a directory");
    }
    std::ifstream in(config_file, std::ios::binary);
    if (!in) {
        throw InputError("config file " + config_file.string() + " cannot be read (missing or not readable)");
    }
    std::string text(max_config_bytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) {
        throw InputError("config file " + config_file.string() + " cannot be read");
    }
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_config_bytes) {
        throw InputError("config file " + config_file.string() + " is larger than "
                         + std::to_string(max_config_bytes) + " bytes (not a config file?)");
    }
    return text;
}

/// The config-file half of refuse_percent_signs: the non-comment part of every line.
void refuse_percent_signs_in_config(std::string const& config_text, std::string const& origin)
{
    std::istringstream lines(config_text);
    int line_number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++line_number;
        if (line.substr(0, line.find('#')).find('%') != std::string::npos) {
            throw InputError(origin + ": line " + std::to_string(line_number)
                             + " contains '%', which no option or value may contain");
        }
    }
}

/// Refuses a grid of more than max_grid_points (each product checked before it could overflow).
void check_grid_size(std::array<AxisValues, axis_count> const& axes)
{
    std::uint64_t points = 1;
    std::string shape;
    for (auto const& axis : axes) {
        shape += (shape.empty() ? "" : " x ") + std::to_string(axis.values.size()) + " (" + axis.option + ")";
    }
    for (auto const& axis : axes) {
        if (axis.values.size() > max_grid_points / points) {
            throw InputError("the grid " + shape + " has more than " + std::to_string(max_grid_points)
                             + " points; split the scan");
        }
        points *= axis.values.size();
    }
}

}  // namespace

ScanConfig read_scan_config(std::filesystem::path const& config_file, std::vector<std::string> const& overrides)
{
    if (config_file.empty()) {
        return read_scan_config_text({}, {}, overrides);
    }
    return read_scan_config_text(read_config_file(config_file), config_file.string(), overrides);
}

ScanConfig read_scan_config_text(std::string const& config_text, std::string const& origin,
                                 std::vector<std::string> const& overrides)
{
    refuse_percent_signs(overrides, "command line");
    refuse_percent_signs_in_config(config_text, origin);
    po::options_description all;
    all.add(grid_options()).add(physics_options()).add(run_options());
    po::options_description command_line;
    command_line.add(all).add(section_options());
    po::variables_map variables;
    bool coarse = false;
    try {
        po::parsed_options const parsed = po::command_line_parser(overrides).options(command_line).run();
        reject_positional_arguments(parsed, "command line", "the config file comes first, then --key value pairs");
        po::store(parsed, variables);
        coarse = variables[coarse_option].as<bool>();
    } catch (po::error const& error) {
        throw InputError(std::string("command line: ") + error.what());
    }
    if (origin.empty() && coarse) {
        throw InputError("option 'coarse' needs a config file with a [coarse] section");
    }
    if (!origin.empty()) {
        // A UTF-8 byte-order mark (some Windows editors write one) is not part of the first key.
        std::string_view constexpr byte_order_mark = "\xEF\xBB\xBF";
        bool const marked = config_text.compare(0, byte_order_mark.size(), byte_order_mark) == 0;
        std::istringstream in(marked ? config_text.substr(byte_order_mark.size()) : config_text);
        try {
            // Keys of the [coarse] section arrive as unregistered "coarse.KEY"; any other unknown key is an error.
            po::parsed_options const parsed = po::parse_config_file(in, all, true);
            po::parsed_options main_keys(&all);
            po::parsed_options coarse_keys(&all);
            bool has_coarse_section = false;
            for (po::option option : parsed.options) {
                if (!option.unregistered) {
                    main_keys.options.push_back(option);
                    continue;
                }
                std::string const key = option.string_key;
                option.string_key = key.substr(key.rfind(coarse_prefix, 0) == 0 ? std::strlen(coarse_prefix) : 0);
                if (option.string_key == key || all.find_nothrow(option.string_key, false) == nullptr) {
                    throw InputError(origin + ": unrecognised option '" + key
                                     + "' (the only section read is [coarse], with the keys of the main part)");
                }
                has_coarse_section = true;
                option.unregistered = false;
                option.original_tokens.clear();
                coarse_keys.options.push_back(option);
            }
            if (coarse && !has_coarse_section) {
                throw InputError("option 'coarse': config file " + origin + " has no [coarse] section");
            }
            // Stored first wins: the command line, then the [coarse] section when asked for, then the main keys.
            if (coarse) {
                po::store(coarse_keys, variables);
            }
            po::store(main_keys, variables);
        } catch (po::error const& error) {
            throw InputError(origin + ": " + error.what());
        }
    }
    try {
        po::notify(variables);
    } catch (po::error const& error) {
        throw InputError(error.what());
    }

    auto const given = [&](char const* key) { return variables.count(key) > 0; };
    auto const text = [&](char const* key) { return variables[key].as<std::string>(); };
    auto const exactly_one = [&](char const* a, char const* b) {
        int const n = int(given(a)) + int(given(b));
        if (n != 1) {
            throw InputError(std::string("give exactly one of the options '") + a + "', '" + b + "'"
                             + (n == 0 ? " (none given)" : " (several given)"));
        }
    };

    ScanConfig config;
    // Axis 0 is m_V or m_V/m_chi, axis 1 m_chi or m_chi/m_V; one of the two masses must be absolute.
    if (given("mV_over_mchi") && given("mchi_over_mV")) {
        throw InputError("options 'mV_over_mchi' and 'mchi_over_mV' cannot be combined (one mass must be in GeV)");
    }
    exactly_one("mV", "mV_over_mchi");
    exactly_one("mchi", "mchi_over_mV");
    if (given("mV_over_mchi")) {
        config.parametrisation.masses = MassAxes::m_V_over_m_chi;
        config.axes[0] = parse_axis("mV_over_mchi", text("mV_over_mchi"), true);
    } else {
        config.axes[0] = parse_axis("mV", text("mV"), true, max_mass_GeV);
    }
    if (given("mchi_over_mV")) {
        config.parametrisation.masses = MassAxes::m_chi_over_m_V;
        config.axes[1] = parse_axis("mchi_over_mV", text("mchi_over_mV"), true);
    } else {
        config.axes[1] = parse_axis("mchi", text("mchi"), true, max_mass_GeV);
    }
    exactly_one("epsilon", "Y");
    if (given("Y")) {
        config.parametrisation.mixing = MixingAxis::yield_Y;
        config.axes[2] = parse_axis("Y", text("Y"), false);
    } else {
        config.axes[2] = parse_axis("epsilon", text("epsilon"), false, max_epsilon);
    }
    if (!given("alphaD")) {
        throw InputError("option 'alphaD' is required (dark coupling alpha_D)");
    }
    config.axes[3] = parse_axis("alphaD", text("alphaD"), false, max_alpha_D);
    config.axes[4] = parse_axis("gX", text("gX"), false, max_g_X);
    check_grid_size(config.axes);
    if (config.parametrisation.mixing == MixingAxis::yield_Y && config.axes[3].values.front() <= 0) {
        throw InputError("option 'alphaD': a Y axis needs alphaD > 0 (epsilon = sqrt(Y/alphaD) (mV/mchi)^2)");
    }
    // Ratio and Y axes: each derived parameter is monotonic in every axis, so its extremes lie at the grid's corners.
    for (unsigned corner = 0; corner < (1u << axis_count); ++corner) {
        double coordinate[axis_count];
        for (int axis = 0; axis < axis_count; ++axis) {
            auto const& values = config.axes[axis].values;
            coordinate[axis] = (corner >> axis) & 1u ? values.back() : values.front();
        }
        check_parameter_limits(physical_parameters(coordinate, config.parametrisation),
                               "the grid (a corner of its axes)");
    }

    config.equation_of_state = parse_equation_of_state(text("eos"), "option 'eos'");
    config.settings.dark_matter = parse_dark_matter_model(text("dm_type"), text("dm-splitting-over-mchi"), "");
    config.settings.blocks = parse_physics_blocks(text("physics"));
    auto const speed = [&](char const* option, double unit_c) {
        double const v = parse_number(option, text(option)) / unit_c;
        if (!(v > 0 && v < 1)) {
            throw InputError(std::string("option '") + option + "': '" + text(option)
                             + "' must be a speed above 0 and below the speed of light");
        }
        return v;
    };
    config.settings.sommerfeld_v[v_recombination] = speed("sommerfeld-v-recombination", 1.0);
    config.settings.sommerfeld_v[v_dwarf] = speed("sommerfeld-v-dwarf-km-s", constants::c_km_per_s);
    config.settings.sommerfeld_v[v_milky_way] = speed("sommerfeld-v-milky-way-km-s", constants::c_km_per_s);
    config.settings.sidm_v_rel[v_rel_dwarf] = speed("sidm-v-rel-dwarf-km-s", constants::c_km_per_s);
    config.settings.sidm_v_rel[v_rel_cluster] = speed("sidm-v-rel-cluster-km-s", constants::c_km_per_s);
    config.settings.sidm_v_rel[v_rel_bullet] = speed("sidm-v-rel-bullet-km-s", constants::c_km_per_s);

    config.settings.relic_sommerfeld = parse_relic_sommerfeld(text("relic-sommerfeld"), config.settings,
                                                              "option 'relic-sommerfeld'");

    config.settings.relic_accuracy = parse_relic_accuracy(text("relic-accuracy"));
    if (config.settings.relic_accuracy != RelicAccuracyPreset::standard && !config.settings.computes(block_relic)) {
        throw InputError("option 'relic-accuracy': fast needs 'relic' in option 'physics'");
    }

    config.constraint_terms = parse_constraint_terms(text("constraints"), config.settings.blocks);
    config.constraint_cl = parse_constraint_cl(text("constraint-cl"));
    config.settings.constraints.relic = parse_relic_likelihood(text("relic-likelihood"));
    config.settings.constraints.relic_theory_error = parse_number("relic-theory-error", text("relic-theory-error"));
    std::string const fraction_scaling = text("relic-fraction-scaling");
    if (fraction_scaling != "on" && fraction_scaling != "off") {
        throw InputError("option 'relic-fraction-scaling': '" + fraction_scaling + "' is not one of on, off");
    }
    config.settings.constraints.relic_fraction_scaling = fraction_scaling == "on";
    if (config.settings.constraints.relic_fraction_scaling && !config.settings.computes(block_relic)) {
        throw InputError("option 'relic-fraction-scaling': on needs 'relic' in option 'physics'");
    }
    if (!(config.settings.constraints.relic_theory_error >= 0.0 && config.settings.constraints.relic_theory_error < 1.0)) {
        throw InputError("option 'relic-theory-error': '" + text("relic-theory-error") +
                         "' must be a fraction >= 0 and < 1");
    }

    std::string const table_mode = text("sommerfeld-table");
    if (table_mode == "auto") {
        config.sommerfeld_table = SommerfeldTableMode::automatic;
    } else if (table_mode == "on") {
        config.sommerfeld_table = SommerfeldTableMode::on;
    } else if (table_mode == "off") {
        config.sommerfeld_table = SommerfeldTableMode::off;
    } else {
        throw InputError("option 'sommerfeld-table': '" + table_mode + "' is not one of auto, on, off");
    }

    std::string const relic_axis = text("relic-line-axis");
    if (relic_axis != "none" && !config.settings.computes(block_relic)) {
        if (relic_axis != "auto") {
            throw InputError("option 'relic-line-axis': the relic line needs 'relic' in option 'physics'");
        }
    } else if (relic_axis == "auto") {
        if (config.axes[2].values.size() > 1) {
            config.relic_line_axis = 2;
        }
    } else if (relic_axis != "none") {
        for (int axis = 0; axis < axis_count; ++axis) {
            if (config.axes[axis].option == relic_axis) {
                config.relic_line_axis = axis;
            }
        }
        if (!config.relic_line_axis) {
            throw InputError("option 'relic-line-axis': '" + relic_axis
                             + "' is not an axis option of this scan (nor auto or none)");
        }
        if (config.axes[*config.relic_line_axis].values.size() < 2) {
            throw InputError("option 'relic-line-axis': axis '" + relic_axis + "' has a single value");
        }
    }
    config.relic_omega_h2 = parse_number("relic-omega-h2", text("relic-omega-h2"));
    if (!(config.relic_omega_h2 > 0)) {
        throw InputError("option 'relic-omega-h2' must be > 0");
    }

    if (!given("out")) {
        throw InputError("option 'out' is required (output HDF5 file)");
    }
    config.output = text("out");
    if (config.output.empty() || !config.output.has_filename()) {
        throw InputError("option 'out': '" + text("out") + "' is not a file name");
    }
    config.overwrite = variables["overwrite"].as<bool>();
    std::string const disk_check = text("disk-check");
    if (disk_check == "refuse") {
        config.disk_check = DiskCheck::refuse;
    } else if (disk_check == "warn") {
        config.disk_check = DiskCheck::warn;
    } else {
        throw InputError("option 'disk-check': '" + disk_check + "' is not one of refuse, warn");
    }
    std::string const tile = text("tile");
    config.tile_points = tile == "0" ? 0 : parse_count("tile", tile, max_grid_points, "tile size");
    std::string const threads = text("threads");
    config.threads
        = threads == "0" ? 0 : static_cast<int>(parse_count("threads", threads, max_threads, "thread count"));
    std::string const write_threads = text("write-threads");
    config.write_threads = write_threads == "0"
                               ? 0
                               : static_cast<int>(parse_count("write-threads", write_threads, max_threads,
                                                              "thread count"));
    if (given("data-dir")) {
        config.data_directory = text("data-dir");
    }
    std::string const progress = text("progress");
    if (progress == "auto") {
        config.progress = ProgressMode::automatic;
    } else if (progress == "always") {
        config.progress = ProgressMode::always;
    } else if (progress == "log") {
        config.progress = ProgressMode::log;
    } else if (progress == "never") {
        config.progress = ProgressMode::never;
    } else {
        throw InputError("option 'progress': '" + progress + "' is not one of auto, always, log, never");
    }

    config.resume = variables["resume"].as<bool>();
    if (config.resume && config.overwrite) {
        throw InputError("options 'resume' and 'overwrite' exclude each other");
    }
    config.log_interval_s = parse_number("log-interval", text("log-interval"));
    if (!(config.log_interval_s > 0)) {
        throw InputError("option 'log-interval': '" + text("log-interval") + "' must be a number of seconds > 0");
    }
    if (given("devices")) {
        for (auto const& item : split(text("devices"), ',')) {
            double const device = parse_number("devices", trim(item));
            if (device < 0 || device != std::floor(device) || device > 1024) {
                throw InputError("option 'devices': '" + text("devices")
                                 + "' must be a comma list of GPU numbers (0, 1, ...)");
            }
            config.devices.push_back(static_cast<int>(device));
        }
    }
    std::string const mpi_output = text("mpi-output");
    if (mpi_output == "single") {
        config.mpi_output = MpiOutput::single;
    } else if (mpi_output == "per-rank") {
        config.mpi_output = MpiOutput::per_rank;
    } else {
        throw InputError("option 'mpi-output': '" + mpi_output + "' is not one of single, per-rank");
    }

    po::options_description result_options;
    result_options.add(grid_options()).add(physics_options());
    std::ostringstream effective;
    std::ostringstream result_settings;
    if (coarse) {
        effective << "# the [coarse] section of " << origin << " applied\n";
    }
    for (auto const& [key, value] : variables) {
        if (key == coarse_option) {
            continue;
        }
        effective << key << " = " << value_text(value) << "\n";
        if (result_options.find_nothrow(key, false) != nullptr) {
            result_settings << key << " = " << value_text(value) << "\n";
        }
    }
    config.config_text = effective.str();
    config.result_settings = result_settings.str();
    return config;
}

}  // namespace darkscan
