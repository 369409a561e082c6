// SPDX-License-Identifier: MIT
// Parsing conventions of the limit files (shared data README "Conventions that apply everywhere"): DarkCast
// headers `lower`, `lower upper`, `g r`, the 1e5 "no bound" sentinel, comma/tab/space separators, empty CSV
// fields, masses listed downwards; and the one-line errors for malformed input.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "../error_message.hpp"
#include "errors.hpp"
#include "limit_files.hpp"

using namespace darkscan;

namespace {

DarkCastLimit darkcast(std::string const& text)
{
    std::istringstream stream(text);
    return parse_darkcast_limit(stream, "test.lmt");
}

std::vector<std::vector<double>> rows(std::string const& text, int min_columns, int max_columns)
{
    std::istringstream stream(text);
    return parse_numeric_rows(stream, "test.dat", min_columns, max_columns);
}

/// The message of the DataError `parse` throws, or "" if it throws none.
template <class Parse>
std::string data_error(Parse&& parse)
{
    return error_message<DataError>(parse);
}

}  // namespace

TEST_CASE("DarkCast limit files: the three header conventions")
{
    auto const lower = darkcast("#      mass       lower\n 2.0042e-02  1.0000e+05\n 2.0241e-02  1.7477e-03\n");
    CHECK(lower.columns == DarkCastLimit::Columns::lower);
    CHECK(lower.mass == std::vector<double>{2.0042e-02, 2.0241e-02});
    CHECK(lower.first == std::vector<double>{1.0e5, 1.7477e-03});
    CHECK(lower.second.empty());

    auto const dump = darkcast("#      mass       lower       upper\n 1.0300e-03  3.3625e-08  1.0928e-03\n"
                               " 1.0381e-03  3.3027e-08  1.0000e-03\n");
    CHECK(dump.columns == DarkCastLimit::Columns::lower_upper);
    CHECK(dump.second == std::vector<double>{1.0928e-03, 1.0000e-03});

    auto const grid = darkcast(" #    mass          g          r\n 2.143e-01  1.000e-05  3.241e+01\n"
                               " 2.143e-01  1.005e-05  3.201e+01\n");
    CHECK(grid.columns == DarkCastLimit::Columns::g_r);
    CHECK(grid.first == std::vector<double>{1.000e-05, 1.005e-05});
    CHECK(grid.second == std::vector<double>{3.241e+01, 3.201e+01});
}

TEST_CASE("DarkCast limit files: malformed input names the file and line")
{
    CHECK(data_error([] { darkcast("# mass strength\n1 2\n"); }).find("test.lmt:1: header") == 0);
    CHECK(data_error([] { darkcast("# mass lower\n1 2\n3\n"); }) == "test.lmt:3: 1 fields, expected 2");
    CHECK(data_error([] { darkcast("# mass lower upper\n1 2 x\n"); })
          == "test.lmt:2: field 3 is not a finite number");
    CHECK(data_error([] { darkcast("# mass lower\n"); }) == "test.lmt: no data rows");
    CHECK(data_error([] { darkcast(""); }) == "test.lmt: empty file");
}

TEST_CASE("numeric rows: separators, comments, empty CSV fields")
{
    // Whitespace and tabs (lsnd.dat), '#' comments (DEAP-3600), commas (the .csv files).
    CHECK(rows("0.001\t0.0005\t6.1e-19\n# comment\n\n0.002 0.001  9.3e-19 # trailing\n", 3, 3)
          == std::vector<std::vector<double>>{{0.001, 0.0005, 6.1e-19}, {0.002, 0.001, 9.3e-19}});
    // MiniBooNE: the nucleon columns stop early, later rows start with ",,".
    auto const miniboone = rows("0.0010121,6.695e-10,0.0010121,4.2323e-12\n,,0.2,5e-12\n", 4, 4);
    REQUIRE(miniboone.size() == 2);
    CHECK(std::isnan(miniboone[1][0]));
    CHECK(std::isnan(miniboone[1][1]));
    CHECK(miniboone[1][3] == 5e-12);
    CHECK(data_error([] { rows("1 2\n1 nan\n", 2, 2); }) == "test.dat:2: field 2 is not a finite number");
    CHECK(data_error([] { rows("1 1e999\n", 2, 2); }) == "test.dat:1: field 2 is not a finite number");
    CHECK(data_error([] { rows("1 2 3 4\n", 2, 3); }) == "test.dat:1: 4 fields, expected 2 to 3");
    CHECK(data_error([] { rows("# only a comment\n", 2, 2); }) == "test.dat: no data rows");
}

TEST_CASE("log curves: the 1e5 sentinel and non-positive values mask nodes, masses are sorted")
{
    // Anomalon_formatted.dat lists masses downwards; BelleII_Adachi2019otg.lmt starts at mass 0.
    HostCurve const curve = make_log_curve({19.4, 0.0, 1.0, 4.0, 9.0}, {0.9, 0.5, 1e-3, 1e5, 0.1}, "test");
    REQUIRE(curve.x.size() == 4);
    CHECK(curve.x[0] == doctest::Approx(0.0));
    CHECK(curve.x[3] == doctest::Approx(std::log(19.4)));
    CHECK(curve.y[0] == doctest::Approx(std::log(1e-3)));
    CHECK(std::isnan(curve.y[1]));  // the sentinel at m = 4
    CurveView const view = curve.view();
    CHECK(std::exp(interpolate_curve(view, std::log(1.0))) == doctest::Approx(1e-3).epsilon(1e-14));
    CHECK(std::isnan(interpolate_curve(view, std::log(2.0))));   // next to the masked node: no bound
    CHECK(std::isnan(interpolate_curve(view, std::log(0.5))));   // below the curve's range
    CHECK(std::isnan(interpolate_curve(view, std::log(30.0))));  // above it
    // Between two valid nodes the curve is linear in ln-ln.
    double const mid = 0.5 * (std::log(9.0) + std::log(19.4));
    CHECK(interpolate_curve(view, mid) == doctest::Approx(0.5 * (std::log(0.1) + std::log(0.9))));
    CHECK(data_error([] { make_log_curve({0.0, -1.0}, {1.0, 1.0}, "test"); }).find("fewer than two") != std::string::npos);
}

TEST_CASE("log curves: a repeated mass is a step")
{
    HostCurve const curve = make_log_curve({1.0, 2.0, 2.0, 3.0}, {1.0, 1.0, 10.0, 10.0}, "test");
    CurveView const view = curve.view();
    CHECK(std::exp(interpolate_curve(view, std::log(1.9))) == doctest::Approx(1.0));
    CHECK(std::exp(interpolate_curve(view, std::log(2.0))) == doctest::Approx(10.0));
    CHECK(std::exp(interpolate_curve(view, std::log(2.5))) == doctest::Approx(10.0));
}

TEST_CASE("column grids: partial columns, lone nodes dropped, sentinel masked, exact at nodes")
{
    // Three columns; the middle one has a single row (LSND's m_V = 2 m_chi edge rows) and is dropped; the last
    // one has a 1e16 "no sensitivity" node (E137 grid).
    std::vector<double> const x{1.0, 1.0, 1.0, 2.0, 4.0, 4.0, 4.0};
    std::vector<double> const y{1.0, 2.0, 4.0, 1.0, 1.0, 2.0, 4.0};
    std::vector<double> const z{10.0, 20.0, 40.0, 15.0, 100.0, 1e16, 400.0};
    HostColumnGrid const grid = make_log_column_grid(x, y, z, "test", 1e15);
    REQUIRE(grid.x.size() == 2);
    ColumnGridView const view = grid.view();
    CHECK(std::exp(interpolate_column_grid(view, std::log(1.0), std::log(2.0))) == doctest::Approx(20.0));
    CHECK(std::exp(interpolate_column_grid(view, std::log(4.0), std::log(1.0))) == doctest::Approx(100.0));
    // ln-ln bilinear between the columns.
    CHECK(std::exp(interpolate_column_grid(view, std::log(2.0), std::log(1.0))) == doctest::Approx(std::sqrt(1000.0)));
    CHECK(std::isnan(interpolate_column_grid(view, std::log(2.0), std::log(1.5))));  // next to the sentinel
    CHECK(std::isnan(interpolate_column_grid(view, std::log(8.0), std::log(1.0))));  // outside in x
    CHECK(std::isnan(interpolate_column_grid(view, std::log(2.0), std::log(8.0))));  // outside in y
    CHECK(data_error([] { make_log_column_grid({1.0}, {1.0}, {1.0}, "test", 1e15); }).find("fewer than two") !=
          std::string::npos);
}
