// SPDX-License-Identifier: MIT
// Tests of darkscan/physics/lepton_g2.hpp: the loop integral against its closed form, the light- and
// heavy-mediator limits, and DarkCast's g-2 limit curves (a constant Delta a along each curve).
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "darkscan/physics/lepton_g2.hpp"
#include "data_files.hpp"
#include "model_cross_sections.hpp"

using namespace darkscan;
using test::relative_error;

namespace {

double const alpha = constants::alpha_em;

/// A DarkCast .lmt curve: rows "mass [GeV]  epsilon", '#' header.
struct LimitCurve {
    std::vector<double> mass;
    std::vector<double> epsilon;
};

LimitCurve read_limit_curve(char const* relative_path)
{
    LimitCurve curve;
    data::for_each_line(data::verified_path(relative_path), [&](std::string const& line, int) {
        if (line.empty() || line[0] == '#') {
            return;
        }
        std::istringstream fields(line);
        double m = 0.0;
        double eps = 0.0;
        REQUIRE(static_cast<bool>(fields >> m >> eps));
        curve.mass.push_back(m);
        curve.epsilon.push_back(eps);
    });
    return curve;
}

/// Delta a_l along a curve, the coupling eps of each row.
std::vector<double> delta_a_along(LimitCurve const& curve, double m_lepton)
{
    std::vector<double> delta_a;
    for (std::size_t i = 0; i < curve.mass.size(); ++i) {
        delta_a.push_back(vector_g2_contribution(curve.epsilon[i] * elementary_charge(), m_lepton, curve.mass[i]));
    }
    return delta_a;
}

}  // namespace

TEST_CASE("vector_loop_integral: closed form to 1e-10 relative from r = 1e-30 to 1e30")
{
    // Reference: I(r) = 1 - 2r - (a/2) ln r + (b + a r/2) J, a = r(4 - 2r), b = -2r(1 - r),
    // J = Int_0^1 du / (u^2 - r u + r) (arctangents, complex for r > 4), evaluated with mpmath at 200 digits
    // (and checked against direct mpmath quadrature at r = 0.3, 1, 3, 5, 20 to 20 digits).
    struct Reference {
        double r;
        double integral;
    };
    Reference const references[] = {
        {1e-30, 0.9999999999999968584073},   {1e-24, 0.9999999999968584073465},
        {1e-12, 0.9999968584616084583291},   {1e-6, 0.99688504424236265807},
        {1e-2, 0.7731823777281838995624},    {0.25, 0.3832895571903271000049},
        {0.5, 0.2912997497641569615991},     {0.999, 0.2093084470695218136347},
        {1.0, 0.2091995761561452337294},     {1.001, 0.2090908447092291035457},
        {3.5, 0.09896181367477571023637},    {4.000001, 0.09035487339196129771328},
        {10.0, 0.0458877614129071797739},    {100.0, 0.006124610894402276123775},
        {1e4, 6.652403535853276352475e-5},   {1e8, 6.666663399196982894682e-9},
        {1e12, 6.666666666155712911012e-13}, {1e16, 6.66666666666659715061e-17},
        {1e20, 6.666666666666666657873e-21}, {1e30, 6.666666666666666666667e-31},
    };
    double worst = 0.0;
    for (auto const& ref : references) {
        double const error = relative_error(vector_loop_integral(ref.r), ref.integral);
        CAPTURE(ref.r);
        CHECK(error < 1e-10);
        worst = std::fmax(worst, error);
    }
    MESSAGE("worst relative error " << worst);  // measured 4.4e-16
    CHECK(vector_loop_integral(0.0) == 1.0);
    CHECK(std::isnan(vector_loop_integral(-1.0)));
    CHECK(std::isnan(vector_loop_integral(std::nan(""))));
}

TEST_CASE("vector_loop_integral: smooth and decreasing across the changes of the piece count")
{
    // I(r) is strictly decreasing; each power of 2 in the pole distance adds a piece, so a jump there would show
    // as a step. 4001 points, 1e-20 .. 1e20: consecutive values must decrease and not by more than the slope allows
    // (dI/dln r is bounded by 1 in magnitude, step 0.023 in ln r).
    double previous = vector_loop_integral(1e-20);
    double const step = std::log(1e40) / 4000.0;
    for (int i = 1; i <= 4000; ++i) {
        double const r = 1e-20 * std::exp(step * i);
        double const value = vector_loop_integral(r);
        CAPTURE(r);
        CHECK(value < previous);
        CHECK(previous - value < step * previous + 1e-14);
        previous = value;
    }
}

TEST_CASE("vector_g2_contribution: m_V -> 0 gives alpha eps^2/(2 pi) (Schwinger), m_V >> m_l gives 2 m_l^2/(3 m_V^2)")
{
    double const eps = 1e-3;
    double const g = eps * elementary_charge();
    double const schwinger = alpha * eps * eps / (2.0 * constants::pi);
    CHECK(relative_error(vector_g2_contribution(g, constants::m_muon, 0.0), schwinger) < 1e-15);
    // I = 1 - pi m_V/m_l + ...: 3e-11 at m_V/m_l = 1e-11.
    CHECK(relative_error(vector_g2_contribution(g, constants::m_muon, 1e-11 * constants::m_muon), schwinger) < 1e-10);
    // I = 2/(3r) - 2 ln(r)/r^2 + O(1/r^2), relative correction 3 ln(r)/r: 1.9e-9 for the electron at 100 GeV
    // (r = 3.8e10), 4.6e-5 for the muon (r = 9.0e5; measured 3.9e-5).
    for (double const m_l : {constants::m_electron, constants::m_muon}) {
        double const m_V = 100.0;
        double const r = m_V * m_V / (m_l * m_l);
        double const heavy = schwinger * 2.0 * m_l * m_l / (3.0 * m_V * m_V);
        CAPTURE(m_l);
        CHECK(relative_error(vector_g2_contribution(g, m_l, m_V), heavy) < 4.0 * std::log(r) / r);
    }
    // delta_a_electron / delta_a_muon use g_l = -eps e; g_X does not enter.
    DarkSectorParameters const p{0.02, 0.1, eps, 0.5, 0.3};
    CHECK(delta_a_electron(p) == vector_g2_contribution(g, constants::m_electron, 0.02));
    CHECK(delta_a_muon(p) == vector_g2_contribution(g, constants::m_muon, 0.02));
}

TEST_CASE("DarkCast g-2 limits (Bodas-Coy-King 2102.07781): constant Delta a along the curve")
{
    // DarkCast limits/AMM.py writes eps(m) = sqrt(Delta a / ((alpha/2pi) Int ...)) for a fixed Delta a per file:
    // a_e (Cs): (8.7 + 3 x 3.6) 1e-13 = 1.95e-12; a_mu: (2.79 + 5 x 0.76) 1e-9 = 6.59e-9. The files keep 5 digits
    // of eps (1e-4 in Delta a); DarkCast's masses m_e = 5.110e-4, m_mu = 0.10566 differ from PDG by < 2e-5.
    struct Curve {
        char const* path;
        double m_lepton;
        double delta_a;
    };
    Curve const curves[] = {
        {"limits/darkcast/limits/AMMe_Bodas2021fsy_cs.lmt", constants::m_electron, 1.95e-12},
        {"limits/darkcast/limits/AMMmu_Bodas2021fsy.lmt", constants::m_muon, 6.59e-9},
    };
    for (auto const& c : curves) {
        LimitCurve const curve = read_limit_curve(c.path);
        std::vector<double> const delta_a = delta_a_along(curve, c.m_lepton);
        REQUIRE(delta_a.size() == 100);
        double lo = delta_a.front();
        double hi = delta_a.front();
        double sum = 0.0;
        for (double const value : delta_a) {
            lo = std::fmin(lo, value);
            hi = std::fmax(hi, value);
            sum += value;
        }
        double const mean = sum / static_cast<double>(delta_a.size());
        CAPTURE(c.path);
        CHECK((hi - lo) / mean < 0.01);
        CHECK(relative_error(mean, c.delta_a) < 1e-3);
        MESSAGE(c.path << ": Delta a = " << mean << ", spread (max - min)/mean = " << (hi - lo) / mean);
    }
}
