// SPDX-License-Identifier: MIT
// Tests of darkscan/physics/cmb_energy_injection.hpp: the Slatyer tables' sanity values (physics.md 3.7), the
// exact cell integral against a closed form, the decay-box kinematics and its limits, the channel mix and p_ann.
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <utility>
#include <vector>

#include "cmb_tables.hpp"
#include "darkscan/physics/cmb_energy_injection.hpp"
#include "model_cross_sections.hpp"

using namespace darkscan;
using test::relative_error;

namespace {

CmbTablesView cmb_view()
{
    static CmbTables const tables = load_cmb_tables();
    return tables.view();
}

double const m_e = constants::m_electron;
double const m_mu = constants::m_muon;

/// A synthetic table f(x) = a + b x on a uniform grid, so linear interpolation is exact and
/// Int (T + m)(a + b ln T) dT has the closed form sum_n m^(1-n) [T^(n+1)/(n+1) (a + b ln T) - b T^(n+1)/(n+1)^2].
struct LinearTable {
    double a, b;
    std::vector<double> values;
    UniformTableView view;

    LinearTable(double a_, double b_, double x_min, double dx, int size) : a(a_), b(b_)
    {
        for (int k = 0; k < size; ++k) {
            values.push_back(a + b * (x_min + k * dx));
        }
        view = {values.data(), size, x_min, dx};
    }
    double f(double x) const { return a + b * x; }
    /// Int_{T0}^{T1} (T + m) f(ln T) dT for T0, T1 inside the table.
    double integral(double m, double T0, double T1) const
    {
        auto const primitive = [&](double T) {
            double const L = std::log(T);
            return T * T / 2.0 * (a + b * L) - b * T * T / 4.0 + m * (T * (a + b * L) - b * T);
        };
        return primitive(T1) - primitive(T0);
    }
};

/// Energy-weighted mean of f_eff^{e+e-} over total energies [E_lo, E_hi] by a 200000-point midpoint rule.
double brute_force_box(CmbTablesView const& tables, double E_lo, double E_hi)
{
    int const n = 200000;
    double const h = (E_hi - E_lo) / n;
    double num = 0.0;
    double den = 0.0;
    for (int i = 0; i < n; ++i) {
        double const E = E_lo + (i + 0.5) * h;
        num += E * f_eff_electron(tables, E - m_e);
        den += E;
    }
    return num / den;
}

}  // namespace

TEST_CASE("Slatyer f_eff tables: the sanity values of physics.md 3.7")
{
    CmbTablesView const t = cmb_view();
    auto const within = [](double value, double lo, double hi) { return value >= lo && value <= hi; };
    // e+e- vs kinetic energy: ~0.2 at 1 MeV, 0.9-1.0 at 10-30 MeV, ~0.4 at 1 GeV, ~0.6 at 10 GeV, ~0.4 at 0.1-1 TeV.
    CHECK(within(f_eff_electron(t, 1e-3), 0.15, 0.25));  // 0.181
    for (double const T : {10e-3, 20e-3, 30e-3}) {
        CHECK(within(f_eff_electron(t, T), 0.9, 1.0));
    }
    CHECK(within(f_eff_electron(t, 1.0), 0.35, 0.45));   // 0.406
    CHECK(within(f_eff_electron(t, 10.0), 0.55, 0.65));  // 0.624
    for (double const T : {100.0, 300.0, 1000.0}) {
        CHECK(within(f_eff_electron(t, T), 0.38, 0.44));
    }
    // The table rows (to the 1e-3 of the resampling): the minimum near 0.62 MeV, the ends (held outside).
    CHECK(std::fabs(f_eff_electron(t, 0.619940612692634e-3) - 0.15370831795250417) < 1e-3);
    CHECK(f_eff_electron(t, 1e-9) == 0.30655530946228626);
    CHECK(f_eff_electron(t, 1e5) == 0.41229851113572047);
    // Photons: 0.87 at 5 keV, minimum 0.144 at 1 MeV, 0.73 at 45 MeV, 0.41 at 1.2 TeV.
    CHECK(std::fabs(f_eff_photon(t, 5.011095081993304e-6) - 0.8717663936945828) < 1e-3);
    CHECK(std::fabs(f_eff_photon(t, 1.046995841749095e-3) - 0.14448000007179962) < 1e-3);
    CHECK(std::fabs(f_eff_photon(t, 44.838325740945905e-3) - 0.7313439533519744) < 1e-3);
    CHECK(std::fabs(f_eff_photon(t, 1187.0436163045427) - 0.40970403866753047) < 1e-3);
}

TEST_CASE("energy_weighted_integral: exact for a table linear in ln T, across cells and beyond both ends")
{
    // f = 0.3 + 0.02 ln(T/GeV) on ln T in [ln 1e-5, ln 1e3] with 400 cells; m = m_e.
    double const x_min = std::log(1e-5);
    double const x_max = std::log(1e3);
    LinearTable const table(0.3, 0.02, x_min, (x_max - x_min) / 400.0, 401);
    double const m = m_e;
    double const T_min = std::exp(x_min);
    double const T_max = std::exp(table.view.x_max());
    // Inside: part of one cell, many cells, a narrow range (where the reference, a difference of primitives,
    // loses 1e-16 / 1e-4 to cancellation).
    for (auto const& range : {std::pair{2e-3, 2.01e-3}, std::pair{1e-4, 5e2}, std::pair{0.1, 0.1 * 1.0001}}) {
        double const got = cmb_detail::energy_weighted_integral(table.view, m, range.first, range.second);
        CAPTURE(range.first);
        CHECK(relative_error(got, table.integral(m, range.first, range.second)) < 1e-10);
    }
    // From T = 0 (f held at f(x_min) below the table) and beyond the top (f held at f(x_max)).
    double const f_lo = table.f(x_min);
    double const f_hi = table.f(table.view.x_max());
    double const below = f_lo * (T_min * T_min / 2.0 + m * T_min);
    CHECK(relative_error(cmb_detail::energy_weighted_integral(table.view, m, 0.0, 1e-2),
                         below + table.integral(m, T_min, 1e-2))
          < 1e-12);
    double const above = f_hi * ((4e6 - T_max * T_max) / 2.0 + m * (2e3 - T_max));
    CHECK(relative_error(cmb_detail::energy_weighted_integral(table.view, m, 10.0, 2e3),
                         table.integral(m, 10.0, T_max) + above)
          < 1e-12);
    CHECK(cmb_detail::energy_weighted_integral(table.view, m, 5.0, 5.0) == 0.0);
}

TEST_CASE("decay_box: energies sum to E_V, width 2 p_V p*/m_V, slow daughters without cancellation")
{
    for (double const m_V : {1.1e-3, 0.01, 0.3, 0.99}) {
        double const E_V = 1.0;
        KineticEnergyRange const box = decay_box(E_V, m_V, m_e);
        double const p_star = std::sqrt(m_V * m_V / 4.0 - m_e * m_e);
        double const p_V = std::sqrt(E_V * E_V - m_V * m_V);
        CAPTURE(m_V);
        // E_+ + E_- = 2 gamma E* = E_V; E_+ - E_- = 2 gamma beta p* = 2 p_V p*/m_V.
        CHECK(relative_error(box.lo + box.hi + 2.0 * m_e, E_V) < 1e-14);
        CHECK(relative_error(box.hi - box.lo, 2.0 * p_V * p_star / m_V) < 1e-12);
    }
    // V at rest: both daughters at m_V/2; p* = 0 (m_V = 2 m_d): both at E_V/2.
    KineticEnergyRange const rest = decay_box(0.5, 0.5, m_mu);
    CHECK(relative_error(rest.lo, 0.25 - m_mu) < 1e-14);
    CHECK(relative_error(rest.hi, 0.25 - m_mu) < 1e-14);
    KineticEnergyRange const threshold = decay_box(1.0, 2.0 * m_mu, m_mu);
    CHECK(relative_error(threshold.lo, 0.5 - m_mu) < 1e-14);
    CHECK(relative_error(threshold.hi, 0.5 - m_mu) < 1e-14);
    // An electron at rest in the lab (beta_V = beta*, i.e. E_V m_e = m_V^2/2): T_- vanishes (to rounding); next to it,
    // T_- = p_-^2/(E_- + m_e) with p_- = |E_V m_e - m_V^2/2| (E_V m_e + m_V^2/2)/(m_V (p_V E* + E_V p*)).
    double const m_V = std::sqrt(2.0 * m_e);  // E_V = 1 GeV
    CHECK(decay_box(1.0, m_V, m_e).lo < 1e-30);
    double const E_V_slow = 1.0 + 1e-6;
    long double const E_V = E_V_slow;
    long double const M = m_V;
    long double const m = m_e;
    long double const p_V = std::sqrt(E_V * E_V - M * M);
    long double const p_star = std::sqrt(M * M / 4.0L - m * m);
    long double const p_minus = std::fabs(p_V * M / 2.0L - E_V * p_star) / M;
    long double const E_minus = (E_V * M / 2.0L - p_V * p_star) / M;
    double const expected = static_cast<double>(p_minus * p_minus / (E_minus + m));  // ~ 2.5e-16 GeV
    CHECK(relative_error(decay_box(E_V_slow, m_V, m_e).lo, expected) < 1e-6);
}

TEST_CASE("f_eff of the box: Slatyer eq. (2) against brute force; reduces to the line at both ends of m_V")
{
    CmbTablesView const t = cmb_view();
    for (double const m_chi : {0.01, 0.3, 10.0}) {
        for (double const fraction : {0.01, 0.2, 0.6, 0.95}) {
            double const m_V = fraction * m_chi;
            if (m_V <= 2.0 * m_e) {
                continue;
            }
            KineticEnergyRange const box = decay_box(m_chi, m_V, m_e);
            double const expected = brute_force_box(t, box.lo + m_e, box.hi + m_e);
            CAPTURE(m_chi);
            CAPTURE(m_V);
            // The midpoint rule's error on the kinks of the tabulated f: < 1e-7.
            CHECK(std::fabs(f_eff_vector_to_electrons(t, m_chi, m_V) - expected) < 1e-6);
        }
        // m_V -> 2 m_e (p* -> 0) and m_V -> m_chi (V at rest): the line f(m_chi/2 - m_e).
        double const line = f_eff_electron(t, m_chi / 2.0 - m_e);
        CHECK(std::fabs(f_eff_vector_to_electrons(t, m_chi, 2.0 * m_e * (1.0 + 1e-14)) - line) < 1e-9);
        CHECK(std::fabs(f_eff_vector_to_electrons(t, m_chi, 2.0 * m_e * (1.0 + 1e-8)) - line) < 1e-5);
        CHECK(std::fabs(f_eff_vector_to_electrons(t, m_chi, m_chi) - line) < 1e-12);
        CHECK(std::fabs(f_eff_vector_to_electrons(t, m_chi, m_chi * (1.0 - 1e-10)) - line) < 1e-6);
    }
    // Continuous across the narrow-box switch (relative width 1e-6).
    double const m_chi = 0.1;
    double const m_V_switch = 2.0 * m_e * (1.0 + 1.25e-13);  // relative box width 4 p*/m_V = 1e-6
    double const below = f_eff_vector_to_electrons(t, m_chi, m_V_switch * (1.0 - 2e-15));
    double const above = f_eff_vector_to_electrons(t, m_chi, m_V_switch * (1.0 + 1e-14));
    CHECK(std::fabs(below - above) < 1e-8);
}

TEST_CASE("f_eff lines: chi chibar -> e+e- at the kinetic energy m_chi - m_e; the approximate muon rule")
{
    CmbTablesView const t = cmb_view();
    CHECK(f_eff_chi_chibar_to_electrons(t, 0.05) == f_eff_electron(t, 0.05 - m_e));
    CHECK(f_eff_chi_chibar_to_muons(t, 1.0) == 0.35 * f_eff_electron(t, 0.35 - m_e));
    // Hazma reads the e+e- table at the total energy m_chi: the two readings differ by < 0.5% above 10 MeV
    // (measured 0.36% at 10 MeV), by 13% at 3 MeV.
    double worst = 0.0;
    for (double m_chi = 0.01; m_chi < 5000.0; m_chi *= 1.05) {
        worst = std::fmax(worst, relative_error(f_eff_chi_chibar_to_electrons(t, m_chi), f_eff_electron(t, m_chi)));
    }
    CHECK(worst < 0.005);
    // Muon box: m_V -> 2 m_mu is the muon line at m_chi/2 (each muon at rest in V's frame, E_mu = m_chi/2).
    double const m_chi = 2.0;
    double const muon_line = 0.35 * f_eff_electron(t, 0.35 * m_chi / 2.0 - m_e);
    CHECK(std::fabs(f_eff_vector_to_muons(t, m_chi, 2.0 * m_mu * (1.0 + 1e-14)) - muon_line) < 1e-9);
    // A wide muon box lies within the range of 0.35 f over its electron energies.
    double const wide = f_eff_vector_to_muons(t, m_chi, 0.3);
    CHECK(wide > 0.35 * 0.15);
    CHECK(wide < 0.35 * 1.0);
}

TEST_CASE("cmb_energy_deposition: channel shares, approximate and unavailable fractions")
{
    CmbTablesView const t = cmb_view();
    double const m_chi = 1.0;
    double const m_V = 0.4;
    BranchingRatios const br{0.4, 0.35, 0.0, 0.25, 0.0};
    // Only e+e-.
    CmbEnergyDeposition const ee = cmb_energy_deposition(t, {2e-9, 0.0, 0.0, 0.0, 0.0}, br, m_chi, m_V);
    CHECK(ee.f_eff == f_eff_chi_chibar_to_electrons(t, m_chi));
    CHECK(ee.approximate_fraction == 0.0);
    CHECK(ee.unavailable_fraction == 0.0);
    CHECK_FALSE(ee.outside_table_range);
    // A mix: ee 1, mumu 1, tautau 0.5, hadrons 0.5, VV 2 (in units of 1e-9 GeV^-2).
    AnnihilationRates const rates{1e-9, 1e-9, 0.5e-9, 0.5e-9, 2e-9};
    CmbEnergyDeposition const mix = cmb_energy_deposition(t, rates, br, m_chi, m_V);
    double const f_vv = 0.4 * f_eff_vector_to_electrons(t, m_chi, m_V) + 0.35 * f_eff_vector_to_muons(t, m_chi, m_V);
    double const expected = 0.2 * f_eff_chi_chibar_to_electrons(t, m_chi) + 0.2 * f_eff_chi_chibar_to_muons(t, m_chi)
                            + 0.4 * f_vv;
    CHECK(relative_error(mix.f_eff, expected) < 1e-14);
    CHECK(relative_error(mix.approximate_fraction, 0.2 + 0.4 * 0.35) < 1e-14);
    CHECK(relative_error(mix.unavailable_fraction, 0.2 + 0.4 * 0.25) < 1e-14);
    // V below 2 m_e: no open decay, all of V V unavailable; zero rates: all zero.
    CmbEnergyDeposition const closed =
        cmb_energy_deposition(t, {0.0, 0.0, 0.0, 0.0, 1e-9}, {0.0, 0.0, 0.0, 0.0, 0.0}, 0.01, 1e-3);
    CHECK(closed.f_eff == 0.0);
    CHECK(closed.unavailable_fraction == 1.0);
    CmbEnergyDeposition const none = cmb_energy_deposition(t, {0.0, 0.0, 0.0, 0.0, 0.0}, br, m_chi, m_V);
    CHECK(none.f_eff == 0.0);
    CHECK(none.unavailable_fraction == 0.0);
    // Beyond the table's 5.9 TeV.
    CHECK(cmb_energy_deposition(t, {1e-9, 0.0, 0.0, 0.0, 0.0}, br, 1e4, m_V).outside_table_range);
}

TEST_CASE("p_ann: f_eff sigma v / (2 m_chi) in cm^3 s^-1 GeV^-1; the Planck 2018 bound")
{
    // 1 GeV^-2 c = 1.16733e-17 cm^3/s (physics.md 1): f = 1, sigma v = 1 GeV^-2, m_chi = 1 GeV -> 5.8367e-18.
    CHECK(relative_error(p_ann_cm3_per_s_per_GeV(1.0, 1.0, 1.0), 0.5 * 1.16733e-17) < 1e-5);
    // Dirac: half the Majorana p_ann f sigma v / m_chi of the same sigma v (physics.md 1).
    double const sigma_v = 3e-26 / constants::GeV_m2_to_cm3_per_s;  // 3e-26 cm^3/s in GeV^-2
    CHECK(relative_error(p_ann_cm3_per_s_per_GeV(0.6, sigma_v, 10.0), 0.5 * 0.6 * 3e-26 / 10.0) < 1e-14);
    // A thermal Dirac relic (sigma v ~ 4.4e-26 cm^3/s) into e+e- at 10 GeV (f = 0.63) has p_ann = 1.4e-27: excluded.
    double const relic = 4.4e-26 / constants::GeV_m2_to_cm3_per_s;
    double const f = f_eff_chi_chibar_to_electrons(cmb_view(), 10.0);
    CHECK(p_ann_cm3_per_s_per_GeV(f, relic, 10.0) > p_ann_planck2018_95_cm3_per_s_per_GeV);
}
