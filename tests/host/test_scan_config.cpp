// SPDX-License-Identifier: MIT
// Tests of host/scan_config: axis specifications, parametrisations, and one-line errors naming the option.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

#include "errors.hpp"
#include "scan_config.hpp"

using namespace darkscan;

namespace {

std::string error_of(std::vector<std::string> const& arguments)
{
    try {
        read_scan_config({}, arguments);
    } catch (InputError const& error) {
        return error.what();
    }
    return "no error";
}

std::vector<std::string> const minimal = {"--mV", "0.1", "--mchi", "0.05", "--epsilon", "1e-4", "--alphaD", "0.5",
                                           "--out", "x.h5"};

std::vector<std::string> with(std::vector<std::string> arguments, std::string const& key, std::string const& value)
{
    arguments.push_back("--" + key);
    arguments.push_back(value);
    return arguments;
}

/// `arguments` with option `key` set to `value` (replaced if given, else added).
std::vector<std::string> changed(std::vector<std::string> arguments, std::string const& key, std::string const& value)
{
    auto const found = std::find(arguments.begin(), arguments.end(), "--" + key);
    if (found == arguments.end()) {
        return with(arguments, key, value);
    }
    *(found + 1) = value;
    return arguments;
}

}  // namespace

TEST_CASE("axis specifications: fixed, lin, log, list")
{
    CHECK(parse_axis("a", "0.5", false).values == std::vector<double>{0.5});
    auto const lin = parse_axis("a", "lin:1:2:5", false).values;
    REQUIRE(lin.size() == 5);
    CHECK(lin[2] == doctest::Approx(1.5).epsilon(1e-15));
    auto const log = parse_axis("a", "log:1e-3:10:5", true).values;
    REQUIRE(log.size() == 5);
    CHECK(log.front() == 1e-3);
    CHECK(log.back() == 10.0);
    CHECK(log[2] == doctest::Approx(0.1).epsilon(1e-14));
    CHECK(parse_axis("a", "list:0.1, 0.2,0.4", true).values == std::vector<double>{0.1, 0.2, 0.4});
    CHECK(parse_axis("a", "lin:3:3:1", true).values == std::vector<double>{3.0});
}

TEST_CASE("bad axis specifications name the option")
{
    CHECK_THROWS_WITH_AS(parse_axis("mV", "log:0:1:10", true), doctest::Contains("'mV'"), InputError);
    CHECK_THROWS_WITH_AS(parse_axis("mV", "lin:2:1:10", true), doctest::Contains("empty range"), InputError);
    CHECK_THROWS_WITH_AS(parse_axis("mV", "lin:1:2:0", true), doctest::Contains("whole number"), InputError);
    CHECK_THROWS_WITH_AS(parse_axis("mV", "abc", true), doctest::Contains("not a finite number"), InputError);
    CHECK_THROWS_WITH_AS(parse_axis("mV", "-1", true), doctest::Contains("must be > 0"), InputError);
    CHECK_THROWS_WITH_AS(parse_axis("eps", "list:0.2,0.1", false), doctest::Contains("increasing"), InputError);
    CHECK_THROWS_WITH_AS(parse_axis("eps", "cubic:1:2:3", false), doctest::Contains("cannot read"), InputError);
    CHECK_THROWS_AS(parse_axis("eps", "", false), InputError);
    CHECK_THROWS_AS(parse_axis("eps", "lin:1:2:2.5", false), InputError);
    CHECK_THROWS_AS(parse_axis("eps", "nan", false), InputError);
}

TEST_CASE("a minimal command-line configuration")
{
    ScanConfig const config = read_scan_config({}, minimal);
    CHECK(config.point_count() == 1);
    CHECK(config.axes[4].values == std::vector<double>{0.0});  // gX defaults to 0
    CHECK(config.parametrisation.masses == MassAxes::absolute);
    CHECK(config.output == "x.h5");
    CHECK(config.config_text.find("mV = 0.1") != std::string::npos);
}

TEST_CASE("derived parametrisations: mass ratio and yield")
{
    std::vector<std::string> const arguments = {"--mV", "log:0.01:1:10", "--mchi_over_mV", "0.3333333333", "--Y",
                                                "log:1e-12:1e-8:4", "--alphaD", "0.5", "--out", "x.h5"};
    ScanConfig const config = read_scan_config({}, arguments);
    CHECK(config.parametrisation.masses == MassAxes::m_chi_over_m_V);
    CHECK(config.parametrisation.mixing == MixingAxis::yield_Y);
    CHECK(config.point_count() == 40);

    double const coordinate[5] = {0.3, 1.0 / 3.0, 1e-10, 0.5, 0.0};
    auto const p = physical_parameters(coordinate, config.parametrisation);
    CHECK(p.m_chi == doctest::Approx(0.1).epsilon(1e-14));
    double const yield = p.epsilon * p.epsilon * p.alpha_D * std::pow(p.m_chi / p.m_V, 4);
    CHECK(yield == doctest::Approx(1e-10).epsilon(1e-13));
}

TEST_CASE("m_V as a ratio to an absolute m_chi: mV_over_mchi with mchi")
{
    ScanConfig const config = read_scan_config({}, {"--mV_over_mchi", "3", "--mchi", "log:0.001:1:4", "--Y",
                                                    "1e-10", "--alphaD", "0.5", "--out", "x.h5"});
    CHECK(config.parametrisation.masses == MassAxes::m_V_over_m_chi);
    CHECK(config.axes[0].values == std::vector<double>{3.0});
    CHECK(config.axes[1].values.size() == 4);
    CHECK(error_of({"--mV_over_mchi", "3", "--mchi_over_mV", "0.3", "--mV", "1", "--epsilon", "1", "--alphaD", "1",
                    "--out", "x"})
              .find("cannot be combined") != std::string::npos);
    CHECK(error_of({"--mV_over_mchi", "3", "--mchi", "1", "--mV", "1", "--epsilon", "1", "--alphaD", "1", "--out",
                    "x"})
              .find("'mV'") != std::string::npos);
}

TEST_CASE("the command line overrides the config file")
{
    auto const path = std::filesystem::temp_directory_path() / "darkscan_test_override.ini";
    {
        std::ofstream ini(path);
        ini << "# comment\nmV = 0.2\nmchi = 0.05\nepsilon = 1e-3\nalphaD = 0.1\nout = from_file.h5\n";
    }
    ScanConfig const config = read_scan_config(path, {"--out", "from_cli.h5", "--mV", "lin:0.1:0.3:3"});
    CHECK(config.output == "from_cli.h5");
    CHECK(config.axes[0].values.size() == 3);
    CHECK(config.axes[3].values == std::vector<double>{0.1});
    std::filesystem::remove(path);
}

TEST_CASE("--coarse applies the [coarse] section over the main keys; the command line still wins")
{
    auto const path = std::filesystem::temp_directory_path() / "darkscan_test_coarse.ini";
    {
        std::ofstream ini(path);
        ini << "mV = log:0.01:1:100\nmchi = 0.05\nepsilon = log:1e-6:1e-3:50\nalphaD = 0.1\nout = fine.h5\n"
               "[coarse]\nmV = log:0.01:1:10\nepsilon = log:1e-6:1e-3:5\nout = coarse.h5\n";
    }
    ScanConfig const fine = read_scan_config(path, {});
    CHECK(fine.point_count() == 5000);
    CHECK(fine.output == "fine.h5");
    ScanConfig const coarse = read_scan_config(path, {"--coarse"});
    CHECK(coarse.point_count() == 50);
    CHECK(coarse.output == "coarse.h5");
    CHECK(coarse.axes[3].values == std::vector<double>{0.1});  // a key the section leaves alone
    CHECK(coarse.config_text.find("mV = log:0.01:1:10\n") != std::string::npos);
    CHECK(coarse.config_text.find("[coarse] section") != std::string::npos);
    ScanConfig const mixed = read_scan_config(path, {"--coarse", "--mV", "0.5", "--out", "cli.h5"});
    CHECK(mixed.point_count() == 5);
    CHECK(mixed.output == "cli.h5");
    {
        std::ofstream ini(path);
        ini << "mV = 0.1\nmchi = 0.05\nepsilon = 1e-3\nalphaD = 0.1\nout = x.h5\n[coarse]\nmV_bogus = 1\n";
    }
    CHECK_THROWS_WITH_AS(read_scan_config(path, {}), doctest::Contains("'coarse.mV_bogus'"), InputError);
    {
        std::ofstream ini(path);
        ini << "mV = 0.1\nmchi = 0.05\nepsilon = 1e-3\nalphaD = 0.1\nout = x.h5\n[fine]\nmV = 1\n";
    }
    CHECK_THROWS_WITH_AS(read_scan_config(path, {}), doctest::Contains("'fine.mV'"), InputError);
    {
        std::ofstream ini(path);
        ini << "mV = 0.1\nmchi = 0.05\nepsilon = 1e-3\nalphaD = 0.1\nout = x.h5\n";
    }
    CHECK(read_scan_config(path, {}).point_count() == 1);
    CHECK_THROWS_WITH_AS(read_scan_config(path, {"--coarse"}), doctest::Contains("no [coarse] section"), InputError);
    auto command_line_only = minimal;
    command_line_only.push_back("--coarse");
    CHECK_THROWS_WITH_AS(read_scan_config({}, command_line_only), doctest::Contains("'coarse'"), InputError);
    std::filesystem::remove(path);
}

TEST_CASE("configuration errors are one line naming the option")
{
    CHECK(error_of(with(minimal, "bogus", "1")).find("bogus") != std::string::npos);
    CHECK(error_of(with(minimal, "tile", "-5")).find("'tile'") != std::string::npos);
    CHECK(error_of(with(minimal, "threads", "1.5")).find("'threads'") != std::string::npos);
    CHECK(error_of(with(minimal, "Y", "1e-9")).find("'epsilon', 'Y'") != std::string::npos);
    CHECK(error_of(with(minimal, "progress", "sometimes")).find("'progress'") != std::string::npos);
    CHECK(error_of({"--mchi", "1", "--epsilon", "1", "--alphaD", "1", "--out", "x"}).find("'mV'") != std::string::npos);
    CHECK(error_of({"--mV", "1", "--mchi", "1", "--epsilon", "1", "--alphaD", "1"}).find("'out'") != std::string::npos);
    CHECK(error_of({"--mV", "1", "--mchi", "1", "--Y", "1e-9", "--alphaD", "0", "--out", "x"}).find("alphaD") !=
          std::string::npos);
    CHECK_THROWS_WITH_AS(read_scan_config("/nonexistent/dir/config.ini", {}), doctest::Contains("config.ini"),
                         InputError);
    for (auto const& message : {error_of(with(minimal, "bogus", "1")), error_of(with(minimal, "tile", "x"))}) {
        CHECK(message.find('\n') == std::string::npos);
    }
}

TEST_CASE("SIDM velocities: dwarf, cluster and Bullet Cluster, each parsed, recorded and checked as a speed")
{
    ScanConfig const defaults = read_scan_config({}, minimal);
    CHECK(defaults.settings.sidm_v_rel[v_rel_dwarf] * constants::c_km_per_s == doctest::Approx(50.0).epsilon(1e-14));
    CHECK(defaults.settings.sidm_v_rel[v_rel_cluster] * constants::c_km_per_s
          == doctest::Approx(1500.0).epsilon(1e-14));
    CHECK(defaults.settings.sidm_v_rel[v_rel_bullet] * constants::c_km_per_s
          == doctest::Approx(4700.0).epsilon(1e-14));
    CHECK(defaults.config_text.find("sidm-v-rel-bullet-km-s = 4700") != std::string::npos);
    CHECK(defaults.result_settings.find("sidm-v-rel-bullet-km-s = 4700") != std::string::npos);

    ScanConfig const bullet = read_scan_config({}, with(minimal, "sidm-v-rel-bullet-km-s", "3000"));
    CHECK(bullet.settings.sidm_v_rel[v_rel_bullet] * constants::c_km_per_s == doctest::Approx(3000.0).epsilon(1e-14));
    CHECK(bullet.settings.sidm_v_rel[v_rel_cluster] == defaults.settings.sidm_v_rel[v_rel_cluster]);
    CHECK(bullet.result_settings.find("sidm-v-rel-bullet-km-s = 3000") != std::string::npos);
    for (char const* bad : {"-3", "0", "nan", "4e5", "fast"}) {
        CHECK(error_of(with(minimal, "sidm-v-rel-bullet-km-s", bad)).find("'sidm-v-rel-bullet-km-s'")
              != std::string::npos);
    }
}

TEST_CASE("m_V as a ratio to an absolute m_chi (was refused: 'several given')")
{
    ScanConfig const config = read_scan_config(
        {}, {"--mV_over_mchi", "list:2,3", "--mchi", "0.1", "--epsilon", "1e-3", "--alphaD", "0.1", "--out", "x.h5"});
    CHECK(config.parametrisation.masses == MassAxes::m_V_over_m_chi);
    CHECK(config.axes[0].values == std::vector<double>{2.0, 3.0});
    CHECK(error_of({"--mV_over_mchi", "3", "--mchi_over_mV", "0.3", "--epsilon", "1", "--alphaD", "1", "--out", "x"})
              .find("cannot be combined") != std::string::npos);
    CHECK(error_of(with(minimal, "mV_over_mchi", "3")).find("'mV', 'mV_over_mchi' (several given)")
          != std::string::npos);
}

TEST_CASE("limits: couplings, masses, points per axis and per grid, threads")
{
    CHECK(error_of(changed(minimal, "epsilon", "1.5")).find("'epsilon': value 1.5 is above the limit 1")
          != std::string::npos);
    CHECK(error_of(changed(minimal, "alphaD", "13")).find("'alphaD'") != std::string::npos);
    CHECK(error_of(changed(minimal, "gX", "4")).find("'gX'") != std::string::npos);
    CHECK(error_of(changed(minimal, "mV", "2e19")).find("'mV'") != std::string::npos);
    CHECK(error_of(changed(minimal, "mV", "lin:1:2:1e8")).find("above the limit 16777216") != std::string::npos);
    CHECK(error_of(changed(minimal, "gX", "list:")).find("lists no values") != std::string::npos);
    CHECK(error_of(changed(changed(changed(minimal, "mV", "log:1:2:100000"), "mchi", "log:1:2:100000"), "epsilon",
                        "log:1e-9:1e-3:1000"))
              .find("points; split the scan") != std::string::npos);
    CHECK(error_of(changed(minimal, "threads", "1e9")).find("'threads'") != std::string::npos);
    CHECK(read_scan_config({}, changed(minimal, "alphaD", "12.566")).axes[3].values == std::vector<double>{12.566});
}

TEST_CASE("command-line words that are not options, and the '%' that hangs Boost.Program_options")
{
    auto stray = minimal;
    stray.push_back("extra");
    CHECK(error_of(stray).find("unexpected argument 'extra'") != std::string::npos);
    // Boost replaces %value% in its message with the value, forever if the value is "%value%": refused first.
    CHECK(error_of(with(minimal, "overwrite", "%value%")).find("contains '%'") != std::string::npos);
    CHECK_THROWS_WITH_AS(read_scan_config_text("%canonical_option% = 1\n", "x.ini", {}),
                         doctest::Contains("x.ini: line 1"), InputError);
    // In a comment it is harmless.
    CHECK(read_scan_config_text("# 5% of the plane\n", "x.ini", minimal).point_count() == 1);
}

TEST_CASE("config text: byte-order mark, CRLF, the command line kept apart in messages")
{
    std::string const text = "\xEF\xBB\xBFmV = 0.2\r\nmchi = 0.05\r\nepsilon = 1e-3\r\nalphaD = 0.1\r\n";
    ScanConfig const config = read_scan_config_text(text, "bom.ini", {"--out", "x.h5"});
    CHECK(config.axes[0].values == std::vector<double>{0.2});
    CHECK(config.axes[3].values == std::vector<double>{0.1});
    CHECK_THROWS_WITH_AS(read_scan_config_text("colour = blue\n", "c.ini", {}),
                         doctest::Contains("c.ini: unrecognised"), InputError);
    CHECK_THROWS_WITH_AS(read_scan_config_text("", "c.ini", {"--colour", "blue"}),
                         doctest::Contains("command line: unrecognised"), InputError);
}

TEST_CASE("config files: a directory and an oversized file are refused by name")
{
    auto const directory = std::filesystem::temp_directory_path();
    CHECK_THROWS_WITH_AS(read_scan_config(directory, {}), doctest::Contains("is a directory"), InputError);
    auto const huge = directory / "darkscan_test_huge.ini";
    {
        std::ofstream out(huge);
        out << std::string(max_config_bytes + 1, '#');
    }
    CHECK_THROWS_WITH_AS(read_scan_config(huge, {}), doctest::Contains("is larger than"), InputError);
    std::filesystem::remove(huge);
}

TEST_CASE("dm_type and dm-splitting-over-mchi: the model of every point; one-line errors")
{
    CHECK(read_scan_config({}, minimal).settings.dark_matter.type == DarkMatterType::dirac);
    ScanConfig const pd = read_scan_config({}, with(with(minimal, "dm_type", "pseudo_dirac"), "dm-splitting-over-mchi",
                                                    "0.05"));
    CHECK(pd.settings.dark_matter.type == DarkMatterType::pseudo_dirac);
    CHECK(pd.settings.dark_matter.splitting == 0.05);
    CHECK(read_scan_config({}, with(minimal, "dm_type", "pseudo_dirac")).settings.dark_matter.splitting == 0.1);
    // The splitting is kept for pseudo_dirac only, so one config serves every type.
    ScanConfig const scalar = read_scan_config({}, with(minimal, "dm_type", "complex_scalar"));
    CHECK(scalar.settings.dark_matter.type == DarkMatterType::complex_scalar);
    CHECK(scalar.settings.dark_matter.splitting == 0.0);
    CHECK(error_of(with(minimal, "dm_type", "wimp")) == "option 'dm_type': 'wimp' is not one of dirac, complex_scalar, "
                                                         "majorana, pseudo_dirac");
    CHECK(error_of(with(minimal, "dm-splitting-over-mchi", "-0.1")).find("must be >= 0") != std::string::npos);
    CHECK(error_of(with(with(minimal, "dm_type", "majorana"), "relic-sommerfeld", "on"))
          == "option 'relic-sommerfeld': on is modelled for dm_type dirac only, not majorana");
}

TEST_CASE("relic-sommerfeld: auto is on for Dirac with the relic block, off otherwise; on and off; one-line errors")
{
    auto const sommerfeld = [](std::vector<std::string> const& arguments) {
        return read_scan_config({}, arguments).settings.relic_sommerfeld;
    };
    CHECK(sommerfeld(minimal));
    CHECK(sommerfeld(with(minimal, "relic-sommerfeld", "on")));
    CHECK_FALSE(sommerfeld(with(minimal, "relic-sommerfeld", "off")));
    for (char const* type : {"complex_scalar", "majorana", "pseudo_dirac"}) {
        CAPTURE(type);
        CHECK_FALSE(sommerfeld(with(minimal, "dm_type", type)));
    }
    CHECK_FALSE(sommerfeld(with(with(minimal, "physics", "sidm"), "relic-line-axis", "none")));
    CHECK(error_of(with(minimal, "relic-sommerfeld", "yes"))
          == "option 'relic-sommerfeld': 'yes' is not one of auto, on, off");
    CHECK(error_of(with(with(with(minimal, "physics", "sidm"), "relic-line-axis", "none"), "relic-sommerfeld", "on"))
          == "option 'relic-sommerfeld': on needs 'relic' in option 'physics'");
}

TEST_CASE("relic-accuracy: standard by default, fast on request; one-line errors")
{
    CHECK(read_scan_config({}, minimal).settings.relic_accuracy == RelicAccuracyPreset::standard);
    CHECK(read_scan_config({}, with(minimal, "relic-accuracy", "fast")).settings.relic_accuracy
          == RelicAccuracyPreset::fast);
    CHECK(error_of(with(minimal, "relic-accuracy", "quick"))
          == "option 'relic-accuracy': 'quick' is not one of standard, fast");
    CHECK(error_of(with(with(minimal, "relic-accuracy", "fast"), "physics", "sidm"))
          == "option 'relic-accuracy': fast needs 'relic' in option 'physics'");
}
