// SPDX-License-Identifier: MIT
// The darkscan command line: scan, point, profile, schema, info.
#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "darkscan/config.hpp"
#include "darkscan/kernels/tile_evaluator.hpp"
#include "darkscan/parameters.hpp"
#include "darkscan/point_evaluation.hpp"
#include "data_files.hpp"
#include "errors.hpp"
#include "hdf5_handles.hpp"
#include "mpi_context.hpp"
#include "output_fields.hpp"
#include "physics_tables.hpp"
#include "profile.hpp"
#include "progress.hpp"
#include "scan_config.hpp"
#include "scan_driver.hpp"
#include "scan_schema.hpp"

namespace po = boost::program_options;

namespace {

constexpr int exit_interrupted = 130;

std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int signal_number)
{
    stop_requested.store(true);
    std::signal(signal_number, SIG_DFL);  // a second signal ends the process at once
}

constexpr char const* usage =
    R"(darkscan: GPU-accelerated parameter scans of a dark photon / baryonic vector V with dark matter chi
(Dirac, complex scalar, Majorana or pseudo-Dirac: option dm_type).

Usage:
  darkscan scan [CONFIG.ini] [--out FILE] [--tile N] [--overwrite | --resume] [--check | --dry-run] [--coarse]
                [--KEY VALUE ...]
  mpirun -n N darkscan scan CONFIG.ini [--mpi-output single|per-rank] [--devices LIST] ...
  darkscan point --mV M --mchi M --eps E --alphaD A [--gX G] [--dm-type T] [--json]
  darkscan profile FILE --keep AXIS1,AXIS2 [--dataset NAME ...] [--maximise] [--group NAME]
                   [--threads N] [--slab-points N] [--allow-incomplete] [--overwrite]
  darkscan schema CONFIG.ini [OPTION=VALUE ...] | FILE.h5
  darkscan info
  darkscan COMMAND --help

Units: masses in GeV, cross sections sigma v_rel in cm^3/s, widths in GeV. Exit codes: 0 done,
2 bad input (option, config, data file, output path, a file that cannot be resumed, a full disk),
130 stopped by SIGINT, SIGTERM, SIGHUP or SIGUSR1 (output kept with complete = 0; continue with --resume), 1 other.
)";

/// A message line as a terminal shows it safely: control characters (from a binary file quoted in a message)
/// become '?', and a line longer than 400 characters is cut.
std::string printable(std::string line)
{
    constexpr std::size_t max_length = 400;
    if (line.size() > max_length) {
        line = line.substr(0, max_length) + "...";
    }
    for (char& c : line) {
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) {
            c = '?';
        }
    }
    return line;
}

void print_estimate(darkscan::ScanEstimate const& estimate, darkscan::ScanConfig const& config)
{
    constexpr double mib = 1024.0 * 1024.0;
    std::printf("grid:              %llu points (%llu per chunk)\n", static_cast<unsigned long long>(estimate.points),
                static_cast<unsigned long long>(estimate.chunk_points));
    std::printf("tiles:             %llu of up to %llu points\n", static_cast<unsigned long long>(estimate.tile_count),
                static_cast<unsigned long long>(estimate.tile_points));
    std::printf("physics:           %s\n", darkscan::physics_blocks_text(config.settings.blocks).c_str());
    darkscan::DarkMatterModel const& dark_matter = config.settings.dark_matter;
    std::printf("dark matter:       %s", darkscan::dark_matter_type_name(dark_matter.type));
    if (dark_matter.type == darkscan::DarkMatterType::pseudo_dirac) {
        std::printf(" (Delta/m_chi = %g)", dark_matter.splitting);
    }
    std::printf("\n");
    std::printf("sommerfeld table:  %s\n", estimate.sommerfeld_table.c_str());
    std::printf("datasets:          %zu 5-D datasets (", estimate.datasets.size());
    for (std::size_t i = 0; i < estimate.datasets.size(); ++i) {
        std::printf("%s%s", i ? ", " : "", estimate.datasets[i].c_str());
    }
    std::printf(")\n");
    std::printf("output:            %s, at most %.1f MiB before compression\n", estimate.output_files.c_str(),
                estimate.output_bytes / mib);
    std::printf("ranks:             %d%s\n", estimate.ranks, estimate.ranks > 1 ? " (MPI)" : "");
    std::printf("host memory:       %.1f MiB of tile buffers per rank\n", estimate.buffer_bytes / mib);
    if (estimate.device_bytes > 0) {
        std::printf("device memory:     %.1f MiB of tile buffers per rank\n", estimate.device_bytes / mib);
    }
    if (!estimate.resume.empty()) {
        std::printf("resume:            %s\n", estimate.resume.c_str());
    }
}

void print_summary(darkscan::ScanSummary const& summary, darkscan::ScanConfig const& config)
{
    double const rate = summary.wall_seconds > 0 ? double(summary.points_done) / summary.wall_seconds : 0.0;
    std::string resumed;
    if (summary.tiles_resumed > 0) {
        resumed = ", " + std::to_string(summary.points_resumed) + " resumed from earlier runs";
    }
    std::string ranks;
    if (summary.ranks > 1) {
        ranks = " on " + std::to_string(summary.ranks) + " ranks";
    }
    std::fprintf(stderr, "darkscan: %llu of %llu points computed in %s (%.3g points/s)%s%s, %s -> %s\n",
                 static_cast<unsigned long long>(summary.points_done),
                 static_cast<unsigned long long>(summary.points_total),
                 darkscan::duration_text(summary.wall_seconds).c_str(), rate, ranks.c_str(), resumed.c_str(),
                 summary.complete ? "complete" : "INCOMPLETE (stopped; continue with --resume)", config.output.c_str());
    for (auto const& flag : darkscan::status::flag_table) {
        auto const count = summary.flag_counts[__builtin_ctz(flag.mask)];
        if (count > 0 && flag.mask != darkscan::status::not_computed) {
            std::fprintf(stderr, "darkscan: %llu points of this run flagged %s\n",
                         static_cast<unsigned long long>(count), flag.name);
        }
    }
}

int scan_command(std::vector<std::string> const& arguments, darkscan::MpiContext& mpi)
{
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h") {
        if (mpi.rank() == 0) {
            std::cout << "Usage: darkscan scan [CONFIG.ini] [--check | --dry-run] [--coarse] [--resume] [OPTIONS]\n"
                         "       mpirun -n N darkscan scan CONFIG.ini [OPTIONS]   (or srun under Slurm)\n\n"
                         "Scans the 5-D grid of CONFIG.ini and writes HDF5. Every config key is also a\n"
                         "command-line option (--key VALUE), which overrides the file (without a file, the\n"
                         "command line is the whole configuration). --check checks everything a run checks\n"
                         "before it computes (options, data files, output path, free disk, memory; with --resume\n"
                         "what would be continued) and prints one line; --dry-run checks the same and prints the\n"
                         "grid, tiles, datasets, output size and memory. Neither computes or writes. --coarse\n"
                         "applies the keys of the file's [coarse] section over its main keys (the example scans'\n"
                         "quick versions).\n\n"
                         "Every finished tile is recorded in the file: after SIGINT, SIGTERM, SIGHUP or SIGUSR1 (the\n"
                         "tiles in flight are finished, exit 130) or a crash, --resume computes only the missing\n"
                         "tiles and gives a file identical to an uninterrupted run. Under MPI rank 0 hands out\n"
                         "tiles, every rank computes (one GPU each), and either rank 0 writes one file\n"
                         "(--mpi-output single) or each rank writes a part file joined by a master file of\n"
                         "virtual datasets (per-rank).\n\n"
                      << darkscan::scan_options_help();
        }
        return 0;
    }
    bool const has_config_file = arguments[0].rfind("--", 0) != 0;
    std::vector<std::string> overrides(arguments.begin() + (has_config_file ? 1 : 0), arguments.end());
    auto const take_flag = [&](char const* flag) {
        auto const found = std::find(overrides.begin(), overrides.end(), flag);
        if (found == overrides.end()) {
            return false;
        }
        overrides.erase(found);
        return true;
    };
    bool const dry_run = take_flag("--dry-run");
    bool const check_only = take_flag("--check");
    darkscan::ScanConfig const config
        = darkscan::read_scan_config(has_config_file ? arguments[0] : std::string(), overrides);
    if (dry_run || check_only) {
        auto const estimate = darkscan::estimate_scan(config, mpi);
        if (mpi.rank() == 0 && dry_run) {
            print_estimate(estimate, config);
        }
        if (mpi.rank() == 0 && check_only) {
            std::printf("darkscan: OK: %llu points in %llu tiles, %zu datasets, at most %.1f MiB -> %s\n",
                        static_cast<unsigned long long>(estimate.points),
                        static_cast<unsigned long long>(estimate.tile_count), estimate.datasets.size(),
                        estimate.output_bytes / (1024.0 * 1024.0), estimate.output_files.c_str());
        }
        return 0;
    }
    // SIGHUP: the terminal or ssh session went away; SIGUSR1: the batch system's warning before its time limit.
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGUSR1}) {
        std::signal(signal_number, request_stop);
    }
    // A file-size limit (ulimit -f) fails the write (EFBIG), and a closed pipe on stderr the progress line
    // (EPIPE), instead of killing the scan unreported.
    std::signal(SIGXFSZ, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);
    auto const summary = darkscan::run_scan(config, stop_requested, mpi);
    if (mpi.rank() == 0) {
        print_summary(summary, config);
    }
    return summary.complete ? 0 : exit_interrupted;
}

int schema_command(std::vector<std::string> const& arguments)
{
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h") {
        std::cout << "Usage: darkscan schema CONFIG.ini [--coarse] [OPTIONS] | FILE.h5\n\n"
                     "Prints the datasets of a scan file as a table: dataset, dimensions, type, units, long_name.\n"
                     "From a config (and the scan options, as for scan) it plans the layout without computing or\n"
                     "reading data files; from an HDF5 file it lists every dataset, groups included.\n";
        return 0;
    }
    std::filesystem::path const source = arguments[0];
    std::vector<std::string> overrides(arguments.begin() + 1, arguments.end());
    if (darkscan::is_hdf5_file(source)) {
        if (!overrides.empty()) {
            throw darkscan::InputError("schema: '" + overrides[0] + "': options apply to a config file, not to "
                                       + source.string());
        }
        std::cout << darkscan::format_schema(darkscan::read_file_schema(source));
        return 0;
    }
    bool const has_out = std::any_of(overrides.begin(), overrides.end(),
                                     [](std::string const& token) { return token.rfind("--out", 0) == 0; });
    if (!has_out) {
        overrides.insert(overrides.end(), {"--out", "-"});  // nothing is written; the layout needs no path
    }
    std::cout << darkscan::format_schema(darkscan::scan_schema(darkscan::read_scan_config(source, overrides)));
    return 0;
}

int point_command(std::vector<std::string> const& arguments)
{
    po::options_description options("Options (masses in GeV)");
    options.add_options()
        ("help,h", "this help")
        ("mV", po::value<double>()->required(), "mediator mass m_V [GeV]")
        ("mchi", po::value<double>()->required(), "dark-matter mass m_chi [GeV]")
        ("eps", po::value<double>()->required(), "kinetic mixing epsilon")
        ("alphaD", po::value<double>()->required(), "dark coupling alpha_D = g_D^2/(4 pi)")
        ("gX", po::value<double>()->default_value(0.0), "coupling of V to the baryon current")
        ("dm-type", po::value<std::string>()->default_value("dirac"),
         "what chi is: dirac, complex_scalar, majorana or pseudo_dirac (as the scan option dm_type)")
        ("dm-splitting-over-mchi", po::value<std::string>()->default_value("0.1"),
         "Delta/m_chi = (m_2 - m_1)/m_1 of pseudo_dirac (ignored for the other types)")
        ("v", po::value<double>()->default_value(1e-3),
         "per-particle CM speed v [units of c] of sommerfeld_s/p and of the sigmaT keys (at v_rel = 2 v)")
        ("eos", po::value<std::string>()->default_value("saikawa_shirai_2020"),
         "g_*(T) table: saikawa_shirai_2020 or drees_hajkarim_schmitz_2015")
        ("data-dir", po::value<std::string>(), "reference-data directory")
        ("relic-sommerfeld", po::value<std::string>()->default_value("auto"),
         "the thermal Sommerfeld factor in the freeze-out rate: auto (on for dirac), on, off (as the scan option)")
        ("relic-accuracy", po::value<std::string>()->default_value("standard"),
         "tolerances of the relic solve: standard or fast (as the scan option)")
        ("constraints", po::value<std::string>()->default_value("all"),
         "constraint terms as the scan option: all, none, or a comma list of names and -name")
        ("relic-likelihood", po::value<std::string>()->default_value("gaussian"),
         "relic_density term: gaussian or upper_bound (as the scan option)")
        ("json", "print one flat JSON object (keys: see README)");
    po::variables_map variables;
    darkscan::refuse_percent_signs(arguments, "point");
    try {
        po::parsed_options const parsed = po::command_line_parser(arguments).options(options).run();
        darkscan::reject_positional_arguments(parsed, "point", "give --key value pairs");
        po::store(parsed, variables);
        if (variables.count("help")) {
            std::cout << "Usage: darkscan point --mV M --mchi M --eps E --alphaD A [--gX G] [--json]\n\n"
                      << "Evaluates one point and prints every output.\n\n"
                      << options;
            return 0;
        }
        po::notify(variables);
    } catch (po::error const& error) {
        throw darkscan::InputError(std::string("point: ") + error.what());
    }
    if (variables.count("data-dir")) {
        darkscan::data::set_directory(variables["data-dir"].as<std::string>());
    }
    darkscan::DarkSectorParameters parameters{};
    parameters.m_V = variables["mV"].as<double>();
    parameters.m_chi = variables["mchi"].as<double>();
    parameters.epsilon = variables["eps"].as<double>();
    parameters.alpha_D = variables["alphaD"].as<double>();
    parameters.g_X = variables["gX"].as<double>();
    parameters.dark_matter = darkscan::parse_dark_matter_model(
        variables["dm-type"].as<std::string>(), variables["dm-splitting-over-mchi"].as<std::string>(), "point: ");
    if (!darkscan::is_physical(parameters)) {
        throw darkscan::InputError("point: parameters outside the physical domain (need mV > 0, mchi > 0, "
                                   "eps >= 0, alphaD >= 0, gX >= 0)");
    }
    darkscan::check_parameter_limits(parameters, "point");
    double const v = variables["v"].as<double>();
    if (!(v > 0 && v < 1)) {
        throw darkscan::InputError("point: option 'v' must be a speed above 0 and below 1 (units of c)");
    }
    darkscan::EvaluationSettings settings;
    settings.dark_matter = parameters.dark_matter;
    settings.relic_sommerfeld = darkscan::parse_relic_sommerfeld(variables["relic-sommerfeld"].as<std::string>(),
                                                                 settings, "point: option 'relic-sommerfeld'");
    settings.relic_accuracy = darkscan::parse_relic_accuracy(variables["relic-accuracy"].as<std::string>());
    std::uint64_t const terms = darkscan::parse_constraint_terms(variables["constraints"].as<std::string>(),
                                                                 settings.blocks);
    settings.constraints.relic = darkscan::parse_relic_likelihood(variables["relic-likelihood"].as<std::string>());
    auto const tables = darkscan::load_physics_tables(
        darkscan::parse_equation_of_state(variables["eos"].as<std::string>(), "point: option 'eos'"), terms);
    auto const result = darkscan::evaluate_point(parameters, tables.view(), settings);

    nlohmann::ordered_json json;
    json["mV_GeV"] = parameters.m_V;
    json["mchi_GeV"] = parameters.m_chi;
    json["epsilon"] = parameters.epsilon;
    json["alphaD"] = parameters.alpha_D;
    json["gX"] = parameters.g_X;
    json["dm_type"] = darkscan::dark_matter_type_name(parameters.dark_matter.type);
    json["dm_splitting_over_mchi"] = parameters.dark_matter.splitting;
    json["relic_sommerfeld"] = settings.relic_sommerfeld ? "on" : "off";
    json["relic_accuracy"] = darkscan::relic_accuracy_name(settings.relic_accuracy);
    for (int k = darkscan::out_epsilon + 1; k < darkscan::out_chi2_first; ++k) {
        json[darkscan::output_info(k).name] = result.value[k];
    }
    // Constraints: chi2 per active term, the terms excluding the point at their published CL, and those that
    // cannot be evaluated here.
    nlohmann::ordered_json chi2 = nlohmann::ordered_json::object();
    nlohmann::ordered_json excluded_by = nlohmann::ordered_json::array();
    nlohmann::ordered_json not_applicable = nlohmann::ordered_json::array();
    for (int term = 0; term < darkscan::constraint_term_count; ++term) {
        if ((terms & darkscan::term_bit(term)) == 0) {
            continue;
        }
        char const* name = darkscan::constraint_term_table[term].name;
        chi2[name] = result.value[darkscan::chi2_output(term)];
        if ((result.excluded_by & darkscan::term_bit(term)) != 0) {
            excluded_by.push_back(name);
        }
        if ((result.not_applicable & darkscan::term_bit(term)) != 0) {
            not_applicable.push_back(name);
        }
    }
    json["chi2"] = chi2;
    json["excluded_by"] = excluded_by;
    json["not_applicable"] = not_applicable;
    // The velocity-dependent quantities at --v, and the bound states as booleans (energies null when unbound).
    // The Yukawa quantities exist for the types with a vector potential (output_modelled); null otherwise.
    bool const yukawa = darkscan::output_modelled(darkscan::out_sommerfeld_s_recombination, parameters);
    auto const at_v = darkscan::sommerfeld_factors(darkscan::SommerfeldTableView{}, v, parameters.m_chi, parameters.m_V,
                                                   parameters.alpha_D);
    auto const sidm = darkscan::sidm_cross_sections(2.0 * v, parameters.m_chi, parameters.m_V, parameters.alpha_D);
    json["v"] = v;
    json["sommerfeld_s"] = at_v.s;
    json["sommerfeld_p"] = at_v.p;
    double const alpha = parameters.alpha_D;
    json["sommerfeld_s_hulthen"]
        = alpha > 0 ? darkscan::sommerfeld_hulthen_s(v / alpha, parameters.m_V / (alpha * parameters.m_chi)) : 1.0;
    json["sigmaT_over_m_attr_cm2_g"] = sidm.attractive_cm2_per_g;
    json["sigmaT_over_m_rep_cm2_g"] = sidm.repulsive_cm2_per_g;
    if (!yukawa) {
        for (char const* key : {"sommerfeld_s", "sommerfeld_p", "sommerfeld_s_hulthen", "sigmaT_over_m_attr_cm2_g",
                                "sigmaT_over_m_rep_cm2_g"}) {
            json[key] = nullptr;
        }
    }
    bool const bound_1s = result.value[darkscan::out_bound_1s_exists] > 0.5;
    for (char const* key : {"bound_1s_exists", "bound_2s_exists", "bound_2p_exists"}) {
        json[key] = yukawa ? nlohmann::ordered_json(json[key].get<double>() > 0.5) : nlohmann::ordered_json(nullptr);
    }
    if (!bound_1s) {
        json["E_1s_GeV"] = nullptr;
        json["psi0_sq_1s_GeV3"] = nullptr;
    }
    json["status"] = result.status | (yukawa ? at_v.status | sidm.status : 0u);
    if (variables.count("json")) {
        std::cout << json.dump() << "\n";
    } else {
        for (auto const& [key, value] : json.items()) {
            std::printf("%-32s = %s\n", key.c_str(), value.dump().c_str());
        }
    }
    return 0;
}

int profile_command(std::vector<std::string> const& arguments)
{
    po::options_description options("Options");
    options.add_options()
        ("help,h", "this help")
        ("keep", po::value<std::string>(),
         "the two axes kept, AXIS1,AXIS2: dimension names (m_V, m_chi or m_chi_over_m_V, epsilon or Y, alpha_D, g_X) "
         "or config keys (mV, mchi, epsilon, alphaD, gX)")
        ("dataset", po::value<std::vector<std::string>>()->composing(),
         "5-D float dataset; the first is profiled, the others are reported at its minimum (default chi2_total)")
        ("maximise", "profile the maximum instead of the minimum")
        ("group", po::value<std::string>(), "group written (default profile_<axis1>_<axis2>)")
        ("threads", po::value<int>()->default_value(0), "CPU threads of the OMP backend (0: all cores)")
        ("slab-points", po::value<std::uint64_t>()->default_value(darkscan::default_profile_slab_points),
         "points read per slab (whole HDF5 chunks; memory about 16 bytes per point and dataset)")
        ("allow-incomplete", "profile a file whose scan did not finish (root attribute complete = 0)")
        ("overwrite", "replace an existing group of the same name");
    po::options_description hidden;
    hidden.add_options()("file", po::value<std::string>());
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("file", 1);
    darkscan::refuse_percent_signs(arguments, "profile");
    po::variables_map variables;
    try {
        po::store(po::command_line_parser(arguments).options(all).positional(positional).run(), variables);
        po::notify(variables);
    } catch (po::error const& error) {
        throw darkscan::InputError(std::string("profile: ") + error.what());
    }
    if (variables.count("help")) {
        std::cout << "Usage: darkscan profile FILE --keep AXIS1,AXIS2 [--dataset NAME ...] [--maximise]\n"
                     "                        [--group NAME] [--threads N] [--slab-points N] [--allow-incomplete]\n"
                     "                        [--overwrite]\n\n"
                     "Profile-likelihood maps of a finished scan: for every (AXIS1, AXIS2) cell, the minimum of the\n"
                     "first --dataset over the other three axes (NaN points ignored, ties to the smallest flat grid\n"
                     "index), written into FILE as group /profile_<axis1>_<axis2> with argmin_<axis> (grid index,\n"
                     "4294967295 where a cell has no value) and <axis>_at_min for each removed axis, and the other\n"
                     "datasets at the minimum. --maximise writes the maximum, argmax_<axis> and <axis>_at_max.\n\n"
                  << options;
        return 0;
    }
    if (!variables.count("file")) {
        throw darkscan::InputError("profile: no scan file given (darkscan profile FILE --keep AXIS1,AXIS2)");
    }
    if (!variables.count("keep")) {
        throw darkscan::InputError("profile: option 'keep' is required (two axes, AXIS1,AXIS2)");
    }
    darkscan::ProfileOptions request;
    request.file = variables["file"].as<std::string>();
    std::string const keep = variables["keep"].as<std::string>();
    for (std::size_t start = 0;;) {
        std::size_t const comma = keep.find(',', start);
        request.keep.push_back(keep.substr(start, comma - start));
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    if (variables.count("dataset")) {
        request.datasets = variables["dataset"].as<std::vector<std::string>>();
    }
    request.operation = variables.count("maximise") ? darkscan::ProfileOperation::maximum
                                                    : darkscan::ProfileOperation::minimum;
    if (variables.count("group")) {
        request.group = variables["group"].as<std::string>();
    }
    request.threads = variables["threads"].as<int>();
    request.slab_points = variables["slab-points"].as<std::uint64_t>();
    if (request.slab_points == 0) {
        throw darkscan::InputError("profile: option 'slab-points' must be at least 1");
    }
    request.allow_incomplete = variables.count("allow-incomplete") > 0;
    request.overwrite = variables.count("overwrite") > 0;
    auto const summary = darkscan::run_profile(request);
    std::string removed;
    for (auto const& axis : summary.removed_axes) {
        removed += (removed.empty() ? "" : ", ") + axis;
    }
    std::fprintf(stderr, "darkscan: %s of %s over (%s), %llu points in %llu slabs, %.2f s -> %s:/%s\n",
                 request.operation == darkscan::ProfileOperation::maximum ? "maximum" : "minimum",
                 summary.dataset.c_str(), removed.c_str(), static_cast<unsigned long long>(summary.points),
                 static_cast<unsigned long long>(summary.slabs), summary.wall_seconds, request.file.c_str(),
                 summary.group.c_str());
    return 0;
}

int info_command()
{
    std::cout << "darkscan " << darkscan::config::version << " (git " << darkscan::config::git_commit << ")\n"
              << "backend:  " << darkscan::config::backend << ", " << darkscan::backend_description() << "\n"
              << "device:   " << (darkscan::device_available() ? "available" : "not available") << "\n"
              << "build:    " << darkscan::config::build_type << ", " << darkscan::config::compiler << "\n"
              << "mpi:      " << (DARKSCAN_USE_MPI ? "yes (scan under mpirun or srun)" : "no (one process)") << "\n"
              << "data:     " << darkscan::data::directory().string() << "\n"
              << "physics:  " << darkscan::physics_modules() << "\n"
              << "constraint terms (option constraints; * = in 'all'):\n";
    for (auto const& term : darkscan::constraint_term_table) {
        std::printf("  %-26s %s %s [%s]\n", term.name, term.default_on ? "*" : " ", term.long_name, term.reference);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv)
{
    darkscan::hdf5::skip_cleanup_at_exit();
    std::vector<std::string> arguments(argv + 1, argv + argc);
    std::unique_ptr<darkscan::MpiContext> mpi;
    try {
        if (arguments.empty()) {
            throw darkscan::InputError("no command given (use scan, point, profile, schema or info; see darkscan --help)");
        }
        if (arguments[0] == "--help" || arguments[0] == "-h" || arguments[0] == "help") {
            std::cout << usage;
            return 0;
        }
        std::string const command = arguments[0];
        arguments.erase(arguments.begin());
        if (command == "scan") {
            mpi = darkscan::MpiContext::from_environment(&argc, &argv);
            return scan_command(arguments, *mpi);
        }
        if (command == "point") {
            return point_command(arguments);
        }
        if (command == "profile") {
            return profile_command(arguments);
        }
        if (command == "schema") {
            return schema_command(arguments);
        }
        if (command == "info" || command == "--version") {
            if (!arguments.empty()) {
                if (arguments[0] != "--help" && arguments[0] != "-h") {
                    throw darkscan::InputError("info: unexpected argument '" + arguments[0] + "' (info takes none)");
                }
                std::cout << "Usage: darkscan info\n\nPrints the version, git commit, backend, GPUs found, build type, "
                             "data directory and the physics modules compiled in.\n";
                return 0;
            }
            return info_command();
        }
        throw darkscan::InputError("unknown command '" + command +
                                   "' (use scan, point, profile, schema or info; see --help)");
    } catch (darkscan::UserError const& error) {
        // Every rank meets the same error before the tiles are shared out: one of them reports it.
        if ((mpi ? mpi->rank() : darkscan::MpiContext::launcher_rank()) == 0) {
            std::istringstream problems(error.what());  // one line per problem
            for (std::string line; std::getline(problems, line);) {
                std::fprintf(stderr, "darkscan: error: %s\n", printable(line).c_str());
            }
        }
        return darkscan::exit_user_error;
    } catch (std::exception const& error) {
        if ((mpi ? mpi->rank() : darkscan::MpiContext::launcher_rank()) == 0) {
            std::fprintf(stderr, "darkscan: internal error: %s\n", error.what());
        }
        return 1;
    }
}
