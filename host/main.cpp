// SPDX-License-Identifier: MIT
// The darkscan command line: scan, point, info.
#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
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
#include "progress.hpp"
#include "scan_config.hpp"
#include "scan_driver.hpp"

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
    R"(darkscan: GPU-accelerated parameter scans of a dark photon / baryonic vector V with Dirac dark matter chi.

Usage:
  darkscan scan CONFIG.ini [--out FILE] [--tile N] [--overwrite | --resume] [--dry-run] [--KEY VALUE ...]
  mpirun -n N darkscan scan CONFIG.ini [--mpi-output single|per-rank] [--devices LIST] ...
  darkscan point --mV M --mchi M --eps E --alphaD A [--gX G] [--json]
  darkscan info
  darkscan COMMAND --help

Units: masses in GeV, cross sections sigma v_rel in cm^3/s, widths in GeV. Exit codes: 0 done,
2 bad input (option, config, data file, output path, a file that cannot be resumed, a full disk),
130 stopped by SIGINT, SIGTERM or SIGUSR1 (output kept with complete = 0; continue with --resume), 1 other.
)";

void print_estimate(darkscan::ScanEstimate const& estimate, darkscan::ScanConfig const& config)
{
    constexpr double mib = 1024.0 * 1024.0;
    std::printf("grid:              %llu points (%llu per chunk)\n", static_cast<unsigned long long>(estimate.points),
                static_cast<unsigned long long>(estimate.chunk_points));
    std::printf("tiles:             %llu of up to %llu points\n", static_cast<unsigned long long>(estimate.tile_count),
                static_cast<unsigned long long>(estimate.tile_points));
    std::printf("physics:           %s\n", darkscan::physics_blocks_text(config.settings.blocks).c_str());
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
            std::cout << "Usage: darkscan scan CONFIG.ini [--dry-run] [OPTIONS]\n"
                         "       mpirun -n N darkscan scan CONFIG.ini [OPTIONS]   (or srun under Slurm)\n\n"
                         "Scans the 5-D grid of CONFIG.ini and writes HDF5. Every config key is also a\n"
                         "command-line option (--key VALUE), which overrides the file. --dry-run checks the\n"
                         "configuration, data files and output path (with --resume: what would be continued) and\n"
                         "prints the grid, tiles, datasets, output size and memory, without computing or writing.\n\n"
                         "Every finished tile is recorded in the file: after SIGINT, SIGTERM or SIGUSR1 (the tiles in\n"
                         "flight are finished, exit 130) or a crash, --resume computes only the missing tiles and\n"
                         "gives a file identical to an uninterrupted run. Under MPI rank 0 hands out tiles, every\n"
                         "rank computes (one GPU each), and either rank 0 writes one file (--mpi-output single) or\n"
                         "each rank writes a part file joined by a master file of virtual datasets (per-rank).\n\n"
                      << darkscan::scan_options_help();
        }
        return 0;
    }
    std::vector<std::string> overrides(arguments.begin() + 1, arguments.end());
    auto const dry_run_flag = std::find(overrides.begin(), overrides.end(), "--dry-run");
    bool const dry_run = dry_run_flag != overrides.end();
    if (dry_run) {
        overrides.erase(dry_run_flag);
    }
    darkscan::ScanConfig const config = darkscan::read_scan_config(arguments[0], overrides);
    if (dry_run) {
        if (mpi.rank() == 0) {
            print_estimate(darkscan::estimate_scan(config, mpi), config);
        }
        return 0;
    }
    for (int signal_number : {SIGINT, SIGTERM, SIGUSR1}) {
        std::signal(signal_number, request_stop);
    }
    auto const summary = darkscan::run_scan(config, stop_requested, mpi);
    if (mpi.rank() == 0) {
        print_summary(summary, config);
    }
    return summary.complete ? 0 : exit_interrupted;
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
        ("v", po::value<double>()->default_value(1e-3),
         "per-particle CM speed v [units of c] of sommerfeld_s/p and of the sigmaT keys (at v_rel = 2 v)")
        ("eos", po::value<std::string>()->default_value("saikawa_shirai_2020"),
         "g_*(T) table: saikawa_shirai_2020 or drees_hajkarim_schmitz_2015")
        ("data-dir", po::value<std::string>(), "reference-data directory")
        ("relic-sommerfeld", "multiply the freeze-out rate by the thermal Sommerfeld factor (as the scan option)")
        ("json", "print one flat JSON object (keys: see README)");
    po::variables_map variables;
    try {
        po::store(po::command_line_parser(arguments).options(options).run(), variables);
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
    if (!darkscan::is_physical(parameters)) {
        throw darkscan::InputError("point: parameters outside the physical domain (need mV > 0, mchi > 0, "
                                   "eps >= 0, alphaD >= 0, gX >= 0)");
    }
    double const v = variables["v"].as<double>();
    if (!(v > 0 && v < 1)) {
        throw darkscan::InputError("point: option 'v' must be a speed above 0 and below 1 (units of c)");
    }
    auto const tables = darkscan::load_physics_tables(
        darkscan::parse_equation_of_state(variables["eos"].as<std::string>(), "point: option 'eos'"));
    darkscan::EvaluationSettings settings;
    settings.relic_sommerfeld = variables.count("relic-sommerfeld") > 0;
    auto const result = darkscan::evaluate_point(parameters, tables.view(), settings);

    nlohmann::ordered_json json;
    json["mV_GeV"] = parameters.m_V;
    json["mchi_GeV"] = parameters.m_chi;
    json["epsilon"] = parameters.epsilon;
    json["alphaD"] = parameters.alpha_D;
    json["gX"] = parameters.g_X;
    for (int k = darkscan::out_epsilon + 1; k < darkscan::output_count; ++k) {
        json[darkscan::output_info(k).name] = result.value[k];
    }
    // The velocity-dependent quantities at --v, and the bound states as booleans (energies null when unbound).
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
    bool const bound_1s = result.value[darkscan::out_bound_1s_exists] > 0.5;
    for (char const* key : {"bound_1s_exists", "bound_2s_exists", "bound_2p_exists"}) {
        json[key] = json[key].get<double>() > 0.5;
    }
    if (!bound_1s) {
        json["E_1s_GeV"] = nullptr;
        json["psi0_sq_1s_GeV3"] = nullptr;
    }
    json["status"] = result.status | at_v.status | sidm.status;
    if (variables.count("json")) {
        std::cout << json.dump() << "\n";
    } else {
        for (auto const& [key, value] : json.items()) {
            std::printf("%-32s = %s\n", key.c_str(), value.dump().c_str());
        }
    }
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
              << "physics:  " << darkscan::physics_modules() << "\n";
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
            throw darkscan::InputError("no command given (use scan, point or info; see darkscan --help)");
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
        if (command == "info" || command == "--version") {
            if (!arguments.empty()) {
                std::cout << "Usage: darkscan info\n\nPrints the version, git commit, backend, GPUs found, build type, "
                             "data directory and the physics modules compiled in.\n";
                return arguments[0] == "--help" || arguments[0] == "-h" ? 0 : darkscan::exit_user_error;
            }
            return info_command();
        }
        throw darkscan::InputError("unknown command '" + command + "' (use scan, point or info; see --help)");
    } catch (darkscan::UserError const& error) {
        // Every rank meets the same error before the tiles are shared out: one of them reports it.
        if ((mpi ? mpi->rank() : darkscan::MpiContext::launcher_rank()) == 0) {
            std::fprintf(stderr, "darkscan: error: %s\n", error.what());
        }
        return darkscan::exit_user_error;
    } catch (std::exception const& error) {
        if ((mpi ? mpi->rank() : darkscan::MpiContext::launcher_rank()) == 0) {
            std::fprintf(stderr, "darkscan: internal error: %s\n", error.what());
        }
        return 1;
    }
}
