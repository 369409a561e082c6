// SPDX-License-Identifier: MIT
// Tests of host/cmb_tables.hpp: the shipped f_eff tables load and resample faithfully; the parser reads text
// buffers, rejects every malformed line with one DataError naming source:line, and survives mutated input.
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <random>
#include <sstream>
#include <string>

#include "cmb_tables.hpp"
#include "data_files.hpp"
#include "../error_message.hpp"
#include "errors.hpp"

using namespace darkscan;

namespace {

FeffRawTable parse(std::string const& text)
{
    std::istringstream stream(text);
    return parse_f_eff_table(stream, "buffer");
}

/// The DataError message parsing `text` raises ("" if it parses).
std::string error_of(std::string const& text)
{
    return error_message<DataError>([&text] { parse(text); });
}

double raw_interpolant(FeffRawTable const& raw, double x)
{
    std::size_t k = 0;
    while (k + 2 < raw.energy_GeV.size() && x > std::log(raw.energy_GeV[k + 1])) {
        ++k;
    }
    double const x0 = std::log(raw.energy_GeV[k]);
    double const x1 = std::log(raw.energy_GeV[k + 1]);
    double const w = (x - x0) / (x1 - x0);
    return (1.0 - w) * raw.f_eff[k] + w * raw.f_eff[k + 1];
}

}  // namespace

TEST_CASE("cmb tables: the shipped Slatyer tables load; the resampled grid reproduces the raw rows to < 1e-3")
{
    for (char const* file : {cmb_electron_table_file, cmb_photon_table_file}) {
        CAPTURE(file);
        FeffRawTable const raw = read_f_eff_table(data::verified_path(file));
        CHECK(raw.energy_GeV.size() == 40);
        UniformTable const table = resample_f_eff(raw);
        UniformTableView const view = table.view();
        // 5.0 keV .. 5.9 TeV, step <= 0.01 in ln E.
        CHECK(std::exp(view.x_min) == doctest::Approx(raw.energy_GeV.front()).epsilon(1e-14));
        CHECK(std::exp(view.x_max()) == doctest::Approx(raw.energy_GeV.back()).epsilon(1e-12));
        CHECK(view.dx <= cmb_grid_step_ln_E);
        CHECK(view.size > 2000);
        CHECK(table.values.front() == raw.f_eff.front());
        CHECK(table.values.back() == raw.f_eff.back());
        double worst = 0.0;
        for (std::size_t i = 0; i < raw.energy_GeV.size(); ++i) {
            worst = std::fmax(worst, std::fabs(interpolate_linear(view, std::log(raw.energy_GeV[i])) - raw.f_eff[i]));
        }
        // Between the rows: the resampled table against the raw piecewise-linear interpolant at 10^4 points.
        for (int i = 0; i <= 10000; ++i) {
            double const x = view.x_min + (view.x_max() - view.x_min) * i / 10000.0;
            worst = std::fmax(worst, std::fabs(interpolate_linear(view, x) - raw_interpolant(raw, x)));
        }
        CHECK(worst < 1e-3);
        MESSAGE(file << ": " << view.size << " nodes, worst |resampled - raw| = " << worst);
    }
    CmbTables const tables = load_cmb_tables();
    CHECK(tables.view().electron.values == tables.electron.values.data());
    CHECK(tables.view().photon.size == static_cast<int>(tables.photon.values.size()));
}

TEST_CASE("parse_f_eff_table: comments, blanks, both spacings; energies converted from eV to GeV")
{
    FeffRawTable const raw = parse("# f_eff\n# Energy (eV), f_eff\n\n   # indented comment\n1000,0.5\n"
                                   "  2000 ,\t0.25 \r\n4e3, 1\n");
    REQUIRE(raw.energy_GeV.size() == 3);
    CHECK(raw.energy_GeV[0] == 1000.0 * 1e-9);
    CHECK(raw.energy_GeV[2] == 4e3 * 1e-9);
    CHECK(raw.f_eff[1] == 0.25);
    CHECK(raw.f_eff[2] == 1.0);
}

TEST_CASE("parse_f_eff_table: one-line DataError naming source:line for each malformed input")
{
    std::string const good = "1000, 0.5\n";
    struct Case {
        std::string text;
        char const* message;
    };
    Case const cases[] = {
        {"1000 0.5\n", "buffer:2: expected 'E [eV], f_eff'"},
        {"1000, 0.5, 3\n", "buffer:2: expected 'E [eV], f_eff'"},
        {"abc, 0.5\n", "buffer:2: expected 'E [eV], f_eff'"},
        {"2000, 0.5 x\n", "buffer:2: expected 'E [eV], f_eff'"},
        {", 0.5\n", "buffer:2: expected 'E [eV], f_eff'"},
        {"2000,\n", "buffer:2: expected 'E [eV], f_eff'"},
        {"1e999, 0.5\n", "buffer:2: expected 'E [eV], f_eff'"},
        {std::string("2000, 0.5\0x\n", 12), "buffer:2: expected 'E [eV], f_eff'"},
        {"-2000, 0.5\n", "buffer:2: energy must be positive and finite"},
        {"0, 0.5\n", "buffer:2: energy must be positive and finite"},
        {"inf, 0.5\n", "buffer:2: expected 'E [eV], f_eff'"},
        {"nan, 0.5\n", "buffer:2: expected 'E [eV], f_eff'"},
        {"2000, 1.5\n", "buffer:2: f_eff must lie in [0, 1]"},
        {"2000, -0.1\n", "buffer:2: f_eff must lie in [0, 1]"},
        {"2000, nan\n", "buffer:2: expected 'E [eV], f_eff'"},
        {"1000, 0.4\n", "buffer:2: energies must increase from row to row"},
        {"500, 0.4\n", "buffer:2: energies must increase from row to row"},
    };
    for (auto const& c : cases) {
        CAPTURE(c.text);
        CHECK(error_of(good + c.text) == c.message);
    }
    CHECK(error_of("") == "buffer: fewer than 2 data rows");
    CHECK(error_of("# only a comment\n1000, 0.5\n") == "buffer: fewer than 2 data rows");
    CHECK(error_of(good + "2000, 0.5\n") == "");
    CHECK_THROWS_AS(read_f_eff_table("/nonexistent/f_eff.dat"), DataError);
}

TEST_CASE("parse_f_eff_table: mutated copies of a valid table parse or raise DataError, nothing else")
{
    // Deterministic mutation fuzzing (fixed seed): flip, insert or delete bytes of a small valid table. A parse
    // that succeeds must give a table the resampler accepts (>= 2 increasing positive energies, f_eff in [0, 1]).
    std::string const valid = "# E (eV), f_eff\n5000, 0.3\n8000,0.25\n1.4e4, 0.3\n2.5e4 , 0.9\n";
    std::mt19937 random(20240601u);
    std::uniform_int_distribution<int> byte(0, 255);
    int parsed = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        std::string text = valid;
        int const edits = 1 + trial % 4;
        for (int e = 0; e < edits; ++e) {
            std::size_t const at = static_cast<std::size_t>(random() % text.size());
            switch (random() % 3) {
            case 0:
                text[at] = static_cast<char>(byte(random));
                break;
            case 1:
                text.insert(at, 1, static_cast<char>(byte(random)));
                break;
            default:
                text.erase(at, 1);
                break;
            }
        }
        try {
            FeffRawTable const raw = parse(text);
            UniformTable const table = resample_f_eff(raw);
            CHECK(table.values.size() >= 2);
            for (double const v : table.values) {
                CHECK((v >= 0.0 && v <= 1.0));
            }
            ++parsed;
        } catch (DataError const& error) {
            CHECK(std::string(error.what()).rfind("buffer", 0) == 0);
        }
    }
    MESSAGE(parsed << " of 3000 mutated tables parsed");
}
