// SPDX-License-Identifier: MIT
// Tests of the g_*(T) tables: reading, resampling, g_*^{1/2} from the spline derivative against the
// Drees-Hajkarim-Schmitz column, today's g_*s and the Omega h^2 constant.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "darkscan/physics/eos.hpp"
#include "data_files.hpp"
#include "eos_tables.hpp"
#include "errors.hpp"
#include "model_cross_sections.hpp"

using namespace darkscan;
using darkscan::test::relative_error;

TEST_CASE("Omega h^2 per unit m Y: 2.7440e8 GeV^-1 for g_*s,0 = 43/11 (physics.md 5.1)")
{
    CHECK(relative_error(omega_h2_per_mass_yield(43.0 / 11.0), 2.7440e8) < 1e-4);
}

TEST_CASE("eos tables: today's g_*s from the low-T end and the resulting Omega constants (physics.md 3.1)")
{
    auto const ss = load_eos_tables(EquationOfState::saikawa_shirai_2020);
    auto const dhs = load_eos_tables(EquationOfState::drees_hajkarim_schmitz_2015);
    CHECK(ss.h_eff_today == 3.93094);
    CHECK(dhs.h_eff_today == 3.93872);
    CHECK(relative_error(omega_h2_per_mass_yield(ss.h_eff_today), 2.7593e8) < 1e-4);
    CHECK(relative_error(omega_h2_per_mass_yield(dhs.h_eff_today), 2.7648e8) < 1e-4);
}

TEST_CASE("eos tables: the resampled grid reproduces the published rows")
{
    for (auto const eos : {EquationOfState::saikawa_shirai_2020, EquationOfState::drees_hajkarim_schmitz_2015}) {
        CAPTURE(to_string(eos));
        auto const path = data::verified_path(data_file(eos));
        auto const raw = eos == EquationOfState::saikawa_shirai_2020 ? read_saikawa_shirai_2020(path)
                                                                      : read_drees_hajkarim_schmitz_2015(path);
        auto const tables = load_eos_tables(eos, path);
        auto const view = tables.view();
        double worst_h = 0.0;
        double worst_g = 0.0;
        for (std::size_t i = 0; i < raw.T_GeV.size(); ++i) {
            worst_h = std::fmax(worst_h, relative_error(eos_h_eff(view, raw.T_GeV[i]), raw.h_eff[i]));
            worst_g = std::fmax(worst_g, relative_error(eos_g_eff(view, raw.T_GeV[i]), raw.g_eff[i]));
        }
        MESSAGE(to_string(eos), ": worst h_eff ", worst_h, ", g_eff ", worst_g, " (grid step 0.01 in ln T)");
        CHECK(worst_h < 1e-4);  // linear interpolation on the 0.01 grid of a spline through the rows
        CHECK(worst_g < 1e-4);
        CHECK(relative_error(eos_h_eff(view, 1e-7), raw.h_eff.front()) < 1e-14);  // end values held
    }
}

TEST_CASE("eos: g_*^{1/2} from the spline derivative of ln h_eff agrees with the DHS tabulated column")
{
    // The method used for Saikawa-Shirai (no g_*^{1/2} column) checked on DHS: measured 3.4e-4 at the rows
    // (largest at the QCD crossover, T ~ 0.12 GeV, where dln h/dln T peaks at 1.9).
    auto const raw = read_drees_hajkarim_schmitz_2015(data::verified_path(data_file(EquationOfState::drees_hajkarim_schmitz_2015)));
    auto const derived = derived_g_star_half(raw);
    double worst = 0.0;
    for (std::size_t i = 0; i < raw.T_GeV.size(); ++i) {
        worst = std::fmax(worst, relative_error(derived[i], raw.g_star_half[i]));
    }
    MESSAGE("derived vs tabulated g_*^{1/2} (DHS): worst relative difference ", worst);
    CHECK(worst < 1e-3);
}

TEST_CASE("eos: names and malformed files")
{
    CHECK(parse_equation_of_state("drees_hajkarim_schmitz_2015", "relic.eos") == EquationOfState::drees_hajkarim_schmitz_2015);
    CHECK(to_string(EquationOfState::saikawa_shirai_2020) == "saikawa_shirai_2020");
    CHECK_THROWS_AS(parse_equation_of_state("gondolo_gelmini", "relic.eos"), InputError);

    auto const dir = std::filesystem::temp_directory_path();
    auto const bad = dir / "darkscan_test_bad_g_star.dat";
    {
        std::ofstream out(bad);
        out << "# header\n1e-5 0 3.9 3.3\n2e-5 0 3.9\n";
    }
    CHECK_THROWS_AS(read_saikawa_shirai_2020(bad), DataError);
    auto const bad_csv = dir / "darkscan_test_bad_smdof.dat";
    {
        std::ofstream out(bad_csv);
        out << "1,2,3,4\n";  // no header row
    }
    CHECK_THROWS_AS(read_drees_hajkarim_schmitz_2015(bad_csv), DataError);
    CHECK_THROWS_AS(read_saikawa_shirai_2020(dir / "darkscan_no_such_file.dat"), DataError);
    std::filesystem::remove(bad);
    std::filesystem::remove(bad_csv);
}

TEST_CASE("eos: the fuzzers' findings are one-line DataErrors, not tables with non-positive g_*")
{
    // fuzz_eos_drees_hajkarim_schmitz: an empty CSV field (",,") was read as one separator, shifting the columns.
    std::istringstream empty_field("T (GeV),gstar,heff,geff\n1.00002,2.14,3.94,3.38\n1.002,,9.0,81.0,80.5\n"
                                   "2000.0,10.3,105.5,105.4\n12000.0,10.33,106.75,106.75\n");
    CHECK_THROWS_WITH_AS(read_drees_hajkarim_schmitz_2015(empty_field, "smdof.dat"), doctest::Contains("smdof.dat:3"),
                         DataError);
    std::istringstream trailing_field("T,gstar,heff,geff\n1,2,3,4,\n");
    CHECK_THROWS_WITH_AS(read_drees_hajkarim_schmitz_2015(trailing_field, "smdof.dat"),
                         doctest::Contains("smdof.dat:2"), DataError);
    // fuzz_eos_saikawa_shirai: h_eff rising from 17 to 80 between T = 9 and 10 GeV gives d ln h_eff / d ln T < -3
    // where the spline overshoots, so the derived g_*^{1/2} = (h/sqrt g)(1 + d ln h / 3 d ln T) was negative.
    std::istringstream steep("# T f g_*s g_*rho\n1.0e-10 0 10.7 10.7\n9.0 1e-8 17.0 17.2\n1.0e+1 6 80.0 80.5\n"
                             "1.0e+3 1.0e-4 105.0 105.2\n1.0e+5 1.0e-2 106.7 106.7\n");
    EosRawTable const raw = read_saikawa_shirai_2020(steep, "g_star.dat");
    CHECK_THROWS_WITH_AS(make_eos_tables(EquationOfState::saikawa_shirai_2020, raw), doctest::Contains("non-positive"),
                         DataError);
}

TEST_CASE("eos: the moments q_n of g_*^{1/2}, exact for its piecewise-linear table")
{
    // A constant table: q_n = g/(n + 1) at every node.
    UniformTable const flat{-5.0, 0.01, std::vector<double>(200, 3.5)};
    for (int n = 0; n < eos_moment_count; ++n) {
        UniformTable const q = g_star_half_moment(flat, n);
        CHECK(q.values.front() == doctest::Approx(3.5 / (n + 1)).epsilon(1e-14));
        CHECK(q.values.back() == doctest::Approx(3.5 / (n + 1)).epsilon(1e-12));
    }
    // The published table, against Int_0^1 g(u T) u^n du by the midpoint rule in ln u on 2e5 steps of 1e-4 (down
    // to u = e^-20), through the QCD crossover (0.15 GeV) and e+e- annihilation (0.3 MeV): exact at the grid nodes
    // (to the accuracy of that midpoint rule, 1e-6); half-way between them the linear interpolation of q_n amounts to g_*^{1/2} averaged over
    // the neighbouring nodes, off by up to 1.5e-4 for n = 8 next to the QCD crossover.
    EosTables const tables = load_eos_tables(EquationOfState::saikawa_shirai_2020);
    EosTablesView const view = tables.view();
    double const dx = tables.g_star_half.dx;
    for (double const T_near : {3e-4, 0.03, 0.15, 0.17, 2.0, 150.0}) {
        double const node = tables.g_star_half.x_min + std::round((std::log(T_near) - tables.g_star_half.x_min) / dx) * dx;
        for (double const offset : {0.0, 0.5}) {
            double const T = std::exp(node + offset * dx);
            for (int const n : {0, 1, 4, 8}) {
                CAPTURE(T);
                CAPTURE(n);
                double sum = 0.0;
                double const step = 1e-4;
                for (int k = 0; k < 200000; ++k) {
                    double const u = std::exp(-(k + 0.5) * step);
                    sum += step * u * std::pow(u, n) * eos_g_star_half(view, u * T);
                }
                sum += std::exp(-20.0 * (n + 1)) * eos_g_star_half(view, 1e-30) / (n + 1);
                double moment[eos_moment_count];
                eos_moments(view, T, moment);
                CHECK(moment[n] == doctest::Approx(sum).epsilon(offset == 0.0 ? 1e-6 : 3e-4));
            }
        }
    }
}
