// SPDX-License-Identifier: MIT
// Tests of host/production_tables: reading DarkCast's .prd production fractions (the shipped LHCb and CMS files
// and text buffers), DarkCast's linear interpolation in m on the file's rows, and one-line errors naming
// source:line for every kind of malformed input.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "../error_message.hpp"
#include "errors.hpp"
#include "production_tables.hpp"

using namespace darkscan;

namespace {

ProductionMixtureTable parse(std::string const& text)
{
    std::istringstream stream(text);
    return parse_production_mixture(stream, "test.prd");
}

/// The DataError message of parsing `text` ("" if it parses).
std::string error_of(std::string const& text)
{
    return error_message<DataError>([&text] { parse(text); });
}

}  // namespace

TEST_CASE("mechanism names: DarkCast's, both ways")
{
    for (int i = 0; i < production_mechanism_count; ++i) {
        auto const mechanism = static_cast<ProductionMechanism>(i);
        CHECK(parse_production_mechanism(to_string(mechanism)) == mechanism);
    }
    CHECK(to_string(ProductionMechanism::pi0_gamma) == "pi0_gamma");
    CHECK(to_string(ProductionMechanism::b_b) == "b_b");
    CHECK(!parse_production_mechanism("eta'_gamma"));
    CHECK(!parse_production_mechanism(""));
}

TEST_CASE("load_production_mixture: the shipped LHCb and CMS files")
{
    auto const lhcb = load_production_mixture("darkcast-production/LHCb_Aaij2017rft.prd");
    REQUIRE(lhcb.mechanisms.size() == 10);
    CHECK(lhcb.mechanisms.front() == ProductionMechanism::rho0);
    CHECK(lhcb.mechanisms[1] == ProductionMechanism::eta_gamma);
    CHECK(lhcb.mechanisms.back() == ProductionMechanism::b_b);
    REQUIRE(lhcb.mass.size() == 1725);
    CHECK(lhcb.mass.front() == 0.214);
    CHECK(lhcb.mass.back() == 69.86);
    CHECK(lhcb.fractions[1].front() == 6.392e-01);  // first row: eta_gamma
    for (auto const& column : lhcb.fractions) {
        CHECK(column.size() == 1725);
    }
    auto const cms = load_production_mixture("darkcast-production/CMS_CMS2019kiy.prd");
    REQUIRE(cms.mechanisms.size() == 5);
    CHECK(cms.mechanisms.front() == ProductionMechanism::d_d);
    CHECK(cms.mass.size() == 34);
    CHECK(cms.mass.back() == 200.0);
}

TEST_CASE("ProductionMixtureView: DarkCast's linear interpolation in m between the rows, end rows held")
{
    auto const table = parse("#  mass  u_u  d_d\n"
                             " 1.0  0.8  0.2   # comment\n"
                             "\n"
                             " 2.0  0.6  0.4\n"
                             " 5.0  0.0  1.0\n");
    ProductionMixtureView const view = table.view();
    REQUIRE(view.channel_count == 2);
    CHECK(view.mechanism[0] == ProductionMechanism::u_u);
    // m = 3.5: half-way between the rows at 2 and 5 GeV: f_u = 0.3, f_d = 0.7.
    CHECK(production_fraction(view, 0, 3.5) == doctest::Approx(0.3).epsilon(1e-14));
    CHECK(production_fraction(view, 1, 3.5) == doctest::Approx(0.7).epsilon(1e-14));
    CHECK(production_fraction(view, 0, 1.25) == doctest::Approx(0.75).epsilon(1e-14));
    CHECK(production_fraction(view, 0, 2.0) == 0.6);
    CHECK(production_fraction(view, 0, 0.5) == 0.8);  // end rows held
    CHECK(production_fraction(view, 1, 9.0) == 1.0);
    // The mixture ratio of a pure g_X point: f_u (g_X/(2e))^2 + f_d (g_X/e)^2 with the fractions at m.
    double const e = elementary_charge();
    DarkSectorParameters const p{3.5, 1.0, 0.0, 0.1, 0.01};
    double const expected = 0.3 * 1e-4 / (4.0 * e * e) + 0.7 * 1e-4 / (e * e);
    CHECK(production_ratio(view, 3.5, p) == doctest::Approx(expected).epsilon(1e-13));
}

TEST_CASE("parse_production_mixture: CRLF line ends and a header after blank lines")
{
    auto const table = parse("\r\n  # mass e_brem\r\n 0.1 1.0\r\n 0.2 1.0\r\n");
    CHECK(table.mechanisms.size() == 1);
    CHECK(table.mass.size() == 2);
}

TEST_CASE("parse_production_mixture: malformed input is a DataError naming source:line")
{
    struct Case {
        char const* text;
        char const* where;  // expected prefix of the message
    };
    Case const cases[] = {
        {"", "test.prd: empty"},
        {"\n   \n", "test.prd: empty"},
        {" 0.1 1.0\n 0.2 1.0\n", "test.prd:1: expected the header row"},
        {"mass # u_u\n 0.1 1.0\n", "test.prd:1: expected the header row"},
        {"# mass\n 0.1\n 0.2\n", "test.prd:1: the header names no production mechanism"},
        {"# mass q_q\n 0.1 1.0\n", "test.prd:1: unknown production mechanism 'q_q'"},
        {"# mass u_u d_d u_u\n", "test.prd:1: production mechanism 'u_u' appears twice"},
        {"# m e_brem e_e mu_brem mu_mu p_brem pi0_gamma eta_gamma phi_eta omega_pi0 rho0 omega phi d_d\n",
         "test.prd:1: more than 12"},
        {"# mass u_u d_d\n 0.1 0.5\n", "test.prd:2: expected 3 numbers"},
        {"# mass u_u d_d\n 0.1 0.5 0.5 0.1\n", "test.prd:2: expected 3 numbers"},
        {"# mass u_u d_d\n 0.1 0.5 0.5\n 0.2 0.5x 0.5\n", "test.prd:3: '0.5x' is not a finite number"},
        {"# mass u_u d_d\n 0.1 nan 0.5\n", "test.prd:2: 'nan' is not a finite number"},
        {"# mass u_u d_d\n 0.1 inf 0.5\n", "test.prd:2: 'inf' is not a finite number"},
        {"# mass u_u d_d\n 0.1 1e999 0.5\n", "test.prd:2: '1e999' is not a finite number"},
        {"# mass u_u\n -0.1 1.0\n 0.2 1.0\n", "test.prd:2: the mass must be positive"},
        {"# mass u_u\n 0.2 1.0\n\n 0.2 1.0\n", "test.prd:4: masses not strictly increasing"},
        {"# mass u_u\n 0.2 1.0\n 0.1 1.0\n", "test.prd:3: masses not strictly increasing"},
        {"# mass u_u d_d\n 0.1 -0.1 0.5\n", "test.prd:2: a production fraction is negative"},
        {"# mass u_u d_d\n 0.1 0.6 0.5\n", "test.prd:2: production fractions sum to 1.1"},
        {"# mass u_u d_d\n 0.1 0.0 0.0\n", "test.prd:2: production fractions sum to 0"},
        {"# mass u_u\n 0.1 1.0\n", "test.prd: fewer than 2 rows"},
        {"# mass u_u\n", "test.prd: fewer than 2 rows"},
        {"# mass u_u\n 0.1 1.0\n 0.2 \x01\xff\n", "test.prd:3: '\x01\xff' is not a finite number"},
        {"# mass u_u\n 0.1 1.0\n 0.2 \xff\n", "test.prd:3: '\xff' is not a finite number"},
    };
    for (auto const& c : cases) {
        CAPTURE(c.text);
        std::string const message = error_of(c.text);
        CHECK(message.rfind(c.where, 0) == 0);
        CHECK(message.find('\n') == std::string::npos);
    }
    CHECK_THROWS_AS(read_production_mixture("/nonexistent/darkscan.prd"), DataError);
}
