// SPDX-License-Identifier: MIT
// Tests of the Boltzmann freeze-out solve: Steigman-Dasgupta-Beacom required cross sections, Dirac vs
// Majorana bookkeeping, convergence under halved tolerances, p-wave and resonant points, and timing.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <initializer_list>

#include "darkscan/physics/freeze_out.hpp"
#include "eos_tables.hpp"
#include "model_cross_sections.hpp"

using namespace darkscan;
using namespace darkscan::test;

namespace {

EosTables const& tables(EquationOfState eos)
{
    static EosTables const ss = load_eos_tables(EquationOfState::saikawa_shirai_2020);
    static EosTables const dhs = load_eos_tables(EquationOfState::drees_hajkarim_schmitz_2015);
    return eos == EquationOfState::saikawa_shirai_2020 ? ss : dhs;
}

/// sigma v [cm^3/s] giving omega_h2 = target for a constant sigma v (secant on ln Omega vs ln sigma v).
double required_sigma_v_cm3_per_s(double m, DarkMatterKind kind, EosTablesView const& eos, double target)
{
    double sigma_v = 2.2e-26 / constants::GeV_m2_to_cm3_per_s;
    for (int i = 0; i < 8; ++i) {
        sigma_v *= relic_abundance(ConstantSigmaV{sigma_v}, m, kind, eos).omega_h2 / target;
    }
    return sigma_v * constants::GeV_m2_to_cm3_per_s;
}

}  // namespace

TEST_CASE("relic: Steigman-Dasgupta-Beacom (1204.3622) required sigma v of a self-conjugate s-wave WIMP")
{
    // SDB's curve of the required <sigma v> [1e-26 cm^3/s] against mass (Majorana, Omega h^2 = 0.11, Phys. Rev. D 86
    // (2012) 023506), read at two significant figures on a grid of 4 points per decade (the reading published with
    // the dwarf-galaxy likelihood combiner TjarkMiener/likelihood_combiner, plotter.py plot_thermal_relic). Their
    // abstract: maximum 5.2 near 0.3 GeV, 2.2 with feeble mass dependence above 10 GeV; the curve rises to 2.3 above
    // 200 GeV and 2.4 at 10 TeV, as x_f grows like ln m once g_* is constant. Measured (Majorana, Omega h^2 = 0.11):
    //   DHS within 1.8% of every reading except 17.8 GeV (+2.9%) and 31.6 GeV (+3.6%), where the readings of 2.3 and
    //   2.2 stand for anything within +-0.05 (+-2.3%), and where SDB's older g_*(T) near T_f ~ 1 GeV differs most
    //   from the lattice EOS (DHS 1503.03513: up to 9% for 3-15 GeV);
    //   SS up to 7.5% above the readings at 5-1000 GeV, where it needs 3-5% more than DHS (physics.md: 3.1-3.6%
    //   for 5 GeV-1 TeV), and within 1.7% of them below 5 GeV.
    // The low-mass maximum: 5.03 (DHS and SS) at 0.3 GeV, 3.3% below the abstract's 5.2 and 1.4% below the 5.1
    // read at 0.316 GeV. Tolerances: 3% beyond the reading's rounding (DHS), 8% (SS); maximum within 5% of 5.2.
    struct Reading {
        double m_GeV;
        double sigma_v;  // [1e-26 cm^3/s]
    };
    constexpr Reading sdb[] = {
        {0.1, 4.8},  {0.178, 4.9}, {0.316, 5.1}, {0.562, 5.0}, {1.0, 4.7},   {1.78, 4.5},   {3.16, 3.9},
        {5.62, 2.8}, {10.0, 2.5},  {17.8, 2.3},  {31.6, 2.2},  {56.2, 2.2},  {100.0, 2.2},  {178.0, 2.3},
        {316.0, 2.3}, {562.0, 2.3}, {1000.0, 2.3}, {1780.0, 2.3}, {3160.0, 2.3}, {5620.0, 2.3}, {10000.0, 2.4},
    };
    constexpr double rounding = 0.05;  // half the last digit of a reading
    for (auto const eos : {EquationOfState::drees_hajkarim_schmitz_2015, EquationOfState::saikawa_shirai_2020}) {
        auto const view = tables(eos).view();
        bool const dhs = eos == EquationOfState::drees_hajkarim_schmitz_2015;
        double worst = 0.0;
        for (Reading const& reading : sdb) {
            CAPTURE(reading.m_GeV);
            double const sv = 1e26 * required_sigma_v_cm3_per_s(reading.m_GeV, DarkMatterKind::majorana, view, 0.11);
            worst = std::fmax(worst, std::fabs(sv / reading.sigma_v - 1.0));
            if (dhs) {
                CHECK(std::fabs(sv - reading.sigma_v) <= 0.03 * reading.sigma_v + rounding);
            } else {
                CHECK(relative_error(sv, reading.sigma_v) < 0.08);
            }
        }
        MESSAGE(to_string(eos), ": largest deviation from SDB's curve ", worst);
        double peak = 0.0;
        for (double const m : {0.2, 0.25, 0.3, 0.35, 0.4}) {
            peak = std::fmax(peak, 1e26 * required_sigma_v_cm3_per_s(m, DarkMatterKind::majorana, view, 0.11));
        }
        CHECK(relative_error(peak, 5.2) < 0.05);
    }
}

TEST_CASE("relic: equilibrium yield in its relativistic and non-relativistic limits")
{
    // Maxwell-Boltzmann n_eq / s with s = (2 pi^2/45) h T^3 (Kolb-Turner 3.52, 5.20-5.22):
    //   x -> 0:   n = g T^3 / pi^2                  =>  Y_eq = 45 g / (2 pi^4 h)      (x^2 K_2(x) -> 2)
    //   x >> 1:   n = g (m T / 2 pi)^{3/2} e^{-x} (1 + 15/(8x) + ...)
    //             =>  Y_eq = (45 g / (4 pi^4 h)) sqrt(pi/2) x^{3/2} e^{-x} (1 + 15/(8x) + 105/(128 x^2))
    double const pi = constants::pi;
    double const g = 4.0;
    double const h = 106.75;
    CHECK(relative_error(equilibrium_yield(1e-4, g, h), 45.0 * g / (2.0 * pi * pi * pi * pi * h)) < 1e-7);
    for (double const x : {100.0, 500.0}) {  // e^-x underflows beyond ~700
        CAPTURE(x);
        double const series = 1.0 + 15.0 / (8.0 * x) + 105.0 / (128.0 * x * x);
        double const non_relativistic
            = 45.0 * g / (4.0 * pi * pi * pi * pi * h) * std::sqrt(pi / 2.0) * std::pow(x, 1.5) * std::exp(-x) * series;
        CHECK(relative_error(equilibrium_yield(x, g, h), non_relativistic) < 1e-6);  // next term ~ 1/x^3
    }
}

TEST_CASE("relic: Dirac bookkeeping, Omega_Dirac(S) = 2 Omega_Majorana(S) exactly")
{
    // With Y_D = 2y, g_chi = 4 and <sigma v>/2 the Dirac equation for Y_D is the Majorana equation for y with
    // the full <sigma v> = S: an exact identity, and the solver's steps are scale-invariant, so it holds to
    // rounding. A missing or doubled factor 1/2 or g_chi = 2 breaks it by O(1).
    auto const view = tables(EquationOfState::saikawa_shirai_2020).view();
    for (double const m : {0.1, 5.0, 100.0, 3000.0}) {
        CAPTURE(m);
        double const sigma_v = 3e-26 / constants::GeV_m2_to_cm3_per_s;
        auto const dirac = relic_abundance(ConstantSigmaV{sigma_v}, m, DarkMatterKind::dirac, view);
        auto const majorana = relic_abundance(ConstantSigmaV{sigma_v}, m, DarkMatterKind::majorana, view);
        CHECK(relative_error(dirac.omega_h2, 2.0 * majorana.omega_h2) < 1e-12);
        // Dirac with twice the cross section: same effective rate, Y_eq doubled, freeze-out later by ~ln 2:
        // Omega larger by ln(2)/x_f-ish, measured 2-4%; a wrong factor 2 gives ~0.5 or ~2.
        auto const dirac_double = relic_abundance(ConstantSigmaV{2.0 * sigma_v}, m, DarkMatterKind::dirac, view);
        double const ratio = dirac_double.omega_h2 / majorana.omega_h2;
        CHECK(ratio > 1.01);
        CHECK(ratio < 1.06);
    }
}

TEST_CASE("relic: halving every tolerance changes Omega h^2 by < 0.1%")
{
    auto const view = tables(EquationOfState::drees_hajkarim_schmitz_2015).view();
    RelicAccuracy const halved = RelicAccuracy{}.halved();
    for (double const m : {0.05, 1.0, 20.0, 500.0}) {
        CAPTURE(m);
        double const sv = 4.4e-26 / constants::GeV_m2_to_cm3_per_s;
        auto const a = relic_abundance(ConstantSigmaV{sv}, m, DarkMatterKind::dirac, view);
        auto const b = relic_abundance(ConstantSigmaV{sv}, m, DarkMatterKind::dirac, view, halved);
        CHECK(a.status == 0);
        CHECK(relative_error(a.omega_h2, b.omega_h2) < 1e-3);
        auto const c = relic_abundance(PWave{m, 2e-25 / constants::GeV_m2_to_cm3_per_s}, m, DarkMatterKind::dirac, view,
                                       SChannelResonance{});
        auto const d = relic_abundance(PWave{m, 2e-25 / constants::GeV_m2_to_cm3_per_s}, m, DarkMatterKind::dirac, view,
                                       SChannelResonance{}, halved);
        CHECK(relative_error(c.omega_h2, d.omega_h2) < 1e-3);
        double const m_v = 2.1 * m;
        Resonant const bw{m, 1e-24 / constants::GeV_m2_to_cm3_per_s, 0.0, 1.0, m_v, 1e-4 * m_v};
        auto const e = relic_abundance(bw, m, DarkMatterKind::dirac, view, SChannelResonance{m_v, 1e-4 * m_v});
        auto const f = relic_abundance(bw, m, DarkMatterKind::dirac, view, SChannelResonance{m_v, 1e-4 * m_v}, halved);
        CHECK(e.status == 0);
        CHECK(relative_error(e.omega_h2, f.omega_h2) < 1e-3);
    }
}

TEST_CASE("relic: the Gondolo-Gelmini path with sigma v_lab = c equals the constant-sigma-v path")
{
    auto const view = tables(EquationOfState::saikawa_shirai_2020).view();
    double const sv = 2e-26 / constants::GeV_m2_to_cm3_per_s;
    auto const a = relic_abundance(ConstantSigmaV{sv}, 50.0, DarkMatterKind::majorana, view);
    auto const b = relic_abundance(ConstantSigmaVLab{50.0, sv}, 50.0, DarkMatterKind::majorana, view, SChannelResonance{});
    CHECK(relative_error(b.omega_h2, a.omega_h2) < 1e-9);
    CHECK(relative_error(b.sigma_v_xf, sv) < 1e-9);
    CHECK(a.x_f > 15.0);
    CHECK(a.x_f < 30.0);
}

TEST_CASE("relic: p-wave sanity, Omega ~ x_f / (3 b) scaling of the tail integral")
{
    // <sigma v> = 6b/x: Int_{x_f} lambda/x^2 ~ 3b/x_f^2 versus a/x_f for s-wave, so the p-wave b that gives
    // the s-wave Omega is about a x_f/3 (Kolb-Turner 5.45), up to O(1/x_f) and the relativistic correction: 20%.
    auto const view = tables(EquationOfState::saikawa_shirai_2020).view();
    double const m = 100.0;
    double const a = 2.2e-26 / constants::GeV_m2_to_cm3_per_s;
    auto const s_wave = relic_abundance(ConstantSigmaV{a}, m, DarkMatterKind::majorana, view);
    double b = a * s_wave.x_f / 3.0;
    auto const p_wave = relic_abundance(PWave{m, b}, m, DarkMatterKind::majorana, view, SChannelResonance{});
    CHECK(relative_error(p_wave.omega_h2, s_wave.omega_h2) < 0.2);
    CHECK(p_wave.sigma_v_xf == doctest::Approx(6.0 * b / p_wave.x_f).epsilon(0.05));
}

TEST_CASE("relic: invalid mass is flagged")
{
    auto const view = tables(EquationOfState::saikawa_shirai_2020).view();
    auto const r = relic_abundance(ConstantSigmaV{1e-9}, -1.0, DarkMatterKind::dirac, view);
    CHECK((r.status & status::invalid_parameters) != 0);
    CHECK(std::isnan(r.omega_h2));
}

TEST_CASE("relic: time per point (measured, not asserted)")
{
    auto const view = tables(EquationOfState::saikawa_shirai_2020).view();
    double const sv = 4.4e-26 / constants::GeV_m2_to_cm3_per_s;
    int const n = 300;
    double sink = 0.0;
    auto const t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
        sink += relic_abundance(ConstantSigmaV{sv * (1.0 + 1e-3 * i)}, 100.0, DarkMatterKind::dirac, view).omega_h2;
    }
    auto const t1 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
        sink += relic_abundance(ConstantSigmaVLab{100.0, sv * (1.0 + 1e-3 * i)}, 100.0, DarkMatterKind::dirac, view,
                                SChannelResonance{})
                    .omega_h2;
    }
    auto const t2 = std::chrono::steady_clock::now();
    double const m_v = 2.05 * 100.0;
    for (int i = 0; i < n; ++i) {
        Resonant const bw{100.0, sv * (1.0 + 1e-3 * i), 0.0, 1.0, m_v, 1e-3 * m_v};
        sink += relic_abundance(bw, 100.0, DarkMatterKind::dirac, view, SChannelResonance{m_v, 1e-3 * m_v}).omega_h2;
    }
    auto const t3 = std::chrono::steady_clock::now();
    auto const us = [&](auto a, auto b) { return std::chrono::duration<double, std::micro>(b - a).count() / n; };
    MESSAGE("time per relic point: constant sigma v ", us(t0, t1), " us; s-wave sigma(s) ", us(t1, t2),
            " us; resonant sigma(s) ", us(t2, t3), " us (checksum ", sink, ")");
    CHECK(sink > 0.0);
}
