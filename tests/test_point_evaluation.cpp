// SPDX-License-Identifier: MIT
// Corners of the parameter space through evaluate_point with every physics block on: no crash, no hang (a
// watchdog bounds the sweep), no NaN or Inf without a status flag, and values that are finite obey their
// physical ranges (branching ratios in [0, 1] summing to 1, positive rates and abundances, S >= 0).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "darkscan/point_evaluation.hpp"
#include "output_fields.hpp"
#include "physics_tables.hpp"

using namespace darkscan;

namespace {

constexpr double four_pi = 4.0 * constants::pi;

struct SweepReport {
    std::size_t points = 0;
    std::size_t unflagged_non_finite = 0;  ///< must be 0
    std::size_t out_of_range = 0;          ///< finite values outside their physical range; must be 0
    std::size_t flagged = 0;               ///< points with any status bit
    double slowest_point_s = 0.0;
    std::string first_failure;
};

/// Checks one result: every output of a computed block is finite or flagged, and finite values are physical.
void check_result(DarkSectorParameters const& p, PointResult const& r, EvaluationSettings const& settings,
                  SweepReport& report)
{
    auto const fail = [&](std::size_t& counter, std::string const& what) {
        ++counter;
        if (report.first_failure.empty()) {
            char text[256];
            std::snprintf(text, sizeof text, "m_V = %.17g, m_chi = %.17g, eps = %.3g, alpha_D = %.3g, g_X = %.3g: ",
                          p.m_V, p.m_chi, p.epsilon, p.alpha_D, p.g_X);
            report.first_failure = text + what + " (status " + std::to_string(r.status) + ")";
        }
    };
    status::Flags const explains_nan = status::invalid_parameters | status::non_finite;
    for (int k = out_width_V; k < output_count; ++k) {
        if (!settings.computes(output_blocks(k))) {
            continue;
        }
        double const value = r.value[k];
        if (!std::isfinite(value) && (r.status & explains_nan) == 0) {
            fail(report.unflagged_non_finite, std::string(output_info(k).name) + " = " + std::to_string(value));
        }
        // The binding energy is <= 0; the muon g-2 preference, and so chi2_total, may take either sign; everything
        // else is >= 0.
        bool const either_sign = k == chi2_output(term_g_minus_2_mu_band) || k == out_chi2_total;
        bool const non_negative = k != out_E_1s;
        if (!either_sign && std::isfinite(value) && (non_negative ? value < 0.0 : value > 0.0)) {
            fail(report.out_of_range,
                 std::string(output_info(k).name) + " = " + std::to_string(value) + " has the wrong sign");
        }
    }
    if ((r.status & status::invalid_parameters) == 0) {
        double sum = 0.0;
        for (int k = out_br_V_ee; k <= out_br_V_invisible; ++k) {
            sum += r.value[k];
            if (r.value[k] > 1.0 + 1e-12) {
                fail(report.out_of_range, std::string(output_info(k).name) + " > 1");
            }
        }
        // A width of exactly zero (eps = g_X = 0 and V -> chi chibar closed) leaves the ratios undefined.
        if (r.value[out_width_V] > 0.0 && !(std::abs(sum - 1.0) < 1e-9)) {
            fail(report.out_of_range, "branching ratios sum to " + std::to_string(sum));
        }
    }
    if (r.status != 0) {
        ++report.flagged;
    }
    ++report.points;
}

/// Runs `sweep` on a thread and fails (ending the process: a hung solve cannot be interrupted) if it takes
/// longer than `limit_s`.
void with_watchdog(double limit_s, std::function<void()> const& sweep)
{
    auto done = std::async(std::launch::async, sweep);
    if (done.wait_for(std::chrono::duration<double>(limit_s)) == std::future_status::timeout) {
        std::fprintf(stderr, "corner sweep: still running after %.0f s (a solve hangs); aborting\n", limit_s);
        std::fflush(stderr);
        std::_Exit(EXIT_FAILURE);
    }
    done.get();
}

PhysicsTables const& tables()
{
    // Every constraint term, those off by default included.
    static PhysicsTables const loaded = load_physics_tables(EquationOfState::saikawa_shirai_2020,
                                                            ~std::uint64_t{0} >> (64 - constraint_term_count));
    return loaded;
}

/// m_V / m_chi ratios: far below, V V threshold (m_V = m_chi), the V -> chi chibar threshold m_V = 2 m_chi
/// exactly and one ulp-scale step either side, far above.
std::vector<double> const mass_ratios = {1e-3, 0.5, 1.0, 2.0 * (1.0 - 1e-15), 2.0, 2.0 * (1.0 + 1e-15),
                                         2.0 * (1.0 + 1e-9), 3.0, 1e3};
std::vector<double> const dark_matter_masses = {1e-3, 1.1e-3, 0.1, 2.0, 60.0, 1e3, 1e5};
std::vector<double> const mixings = {0.0, 1e-12, 1e-5, 1.0};
std::vector<double> const dark_couplings = {0.0, 1e-6, 0.03, four_pi};

}  // namespace

TEST_CASE("corner sweep: m_chi 1 MeV-100 TeV, every m_V threshold, eps 0-1, alpha_D 0-4 pi; every block on")
{
    EvaluationSettings settings;  // every block, default velocities
    SweepReport report;
    with_watchdog(600.0, [&] {
        for (double m_chi : dark_matter_masses) {
            for (double ratio : mass_ratios) {
                for (double epsilon : mixings) {
                    for (double alpha_D : dark_couplings) {
                        for (double g_X : {0.0, 1.0}) {
                            DarkSectorParameters const p{ratio * m_chi, m_chi, epsilon, alpha_D, g_X};
                            auto const t0 = std::chrono::steady_clock::now();
                            PointResult const r = evaluate_point(p, tables().view(), settings);
                            double const seconds
                                = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                            report.slowest_point_s = std::max(report.slowest_point_s, seconds);
                            check_result(p, r, settings, report);
                        }
                    }
                }
            }
        }
    });
    MESSAGE(report.points << " points, " << report.flagged << " flagged, slowest " << report.slowest_point_s << " s");
    CHECK_MESSAGE(report.unflagged_non_finite == 0, report.first_failure);
    CHECK_MESSAGE(report.out_of_range == 0, report.first_failure);
}

TEST_CASE("corner sweep: the Sommerfeld factor in the freeze-out rate, extreme halo speeds (sparser: slower solves)")
{
    EvaluationSettings settings;
    settings.relic_sommerfeld = true;
    settings.sommerfeld_v[v_recombination] = 1e-14;  // below the solver's saturation at eps_v = 1e-12
    settings.sommerfeld_v[v_milky_way] = 0.99;
    settings.sidm_v_rel[v_rel_cluster] = 1.9;
    SweepReport report;
    with_watchdog(600.0, [&] {
        for (double m_chi : {1e-3, 2.0, 1e5}) {
            for (double ratio : mass_ratios) {
                for (double epsilon : {0.0, 1e-5, 1.0}) {
                    for (double alpha_D : {0.0, 1e-6, four_pi}) {
                        DarkSectorParameters const p{ratio * m_chi, m_chi, epsilon, alpha_D, 0.0};
                        check_result(p, evaluate_point(p, tables().view(), settings), settings, report);
                    }
                }
            }
        }
    });
    MESSAGE(report.points << " points, " << report.flagged << " flagged");
    CHECK_MESSAGE(report.unflagged_non_finite == 0, report.first_failure);
    CHECK_MESSAGE(report.out_of_range == 0, report.first_failure);
}

TEST_CASE("corner sweep: darkscan point's velocity scan (S_s, S_p, Hulthen S_s, sigma_T at v_rel = 2 v)")
{
    std::size_t failures = 0;
    std::string first;
    auto const check_point = [&](double m_V, double m_chi, double alpha_D, double v) {
        SommerfeldFactors const s = sommerfeld_factors(SommerfeldTableView{}, v, m_chi, m_V, alpha_D);
        SidmCrossSections const t = sidm_cross_sections(2.0 * v, m_chi, m_V, alpha_D);
        double const hulthen = alpha_D > 0 ? sommerfeld_hulthen_s(v / alpha_D, m_V / (alpha_D * m_chi)) : 1.0;
        double const attractive = t.attractive_cm2_per_g;
        double const repulsive = t.repulsive_cm2_per_g;
        bool const flagged = ((s.status | t.status) & status::non_finite) != 0;
        bool const finite
            = std::isfinite(s.s) && std::isfinite(s.p) && std::isfinite(attractive) && std::isfinite(repulsive);
        // The attractive potential enhances: S >= 1 up to the solver's tolerance; the Hulthen form has no flag.
        bool const sane = s.s > 0.999 && s.p > 0.999 && attractive >= 0.0 && repulsive >= 0.0
                          && std::isfinite(hulthen) && hulthen > 0.999;
        if ((finite || flagged) && (!finite || sane)) {
            return;
        }
        if (failures++ == 0) {
            char text[320];
            std::snprintf(text, sizeof text,
                          "m_V = %g, m_chi = %g, alpha_D = %g, v = %g: S_s %g, S_p %g, Hulthen %g, sigma_T/m %g / %g",
                          m_V, m_chi, alpha_D, v, s.s, s.p, hulthen, attractive, repulsive);
            first = text;
        }
    };
    with_watchdog(600.0, [&] {
        for (double m_V = 1e-6; m_V < 2e6; m_V *= 100.0) {
            for (double m_chi = 1e-6; m_chi < 2e6; m_chi *= 100.0) {
                for (double alpha_D : {0.0, 1e-12, 1e-6, 0.03, four_pi}) {
                    for (double v : {1e-14, 1e-8, 1e-4, 0.1, 0.99, 0.999999}) {
                        check_point(m_V, m_chi, alpha_D, v);
                    }
                }
            }
        }
    });
    CHECK_MESSAGE(failures == 0, first);
}

TEST_CASE("SIDM: sigma_T/m at the Bullet Cluster's own velocity feeds sidm_bullet_cluster, the cluster's sidm_cluster")
{
    // A light mediator: sigma_T/m of order 1 cm^2/g at cluster speeds, falling with v_rel.
    DarkSectorParameters const p{0.01, 10.0, 1e-6, 0.1, 0.0};
    EvaluationSettings settings;
    PointResult const r = evaluate_point(p, tables().view(), settings);
    REQUIRE(r.status == 0);
    for (int i = 0; i < sidm_velocity_count; ++i) {
        SidmCrossSections const expected = sidm_cross_sections(settings.sidm_v_rel[i], p.m_chi, p.m_V, p.alpha_D);
        CHECK(r.value[sigma_t_output(i)] == expected.attractive_cm2_per_g);
        CHECK(r.value[sigma_t_output(i) + 1] == expected.repulsive_cm2_per_g);
        CHECK(r.value[sigma_t_output(i) + 2] == expected.dirac_cm2_per_g);
    }
    CHECK(sigma_t_output(v_rel_bullet) + 2 == out_sigmaT_over_m_bullet);
    double const cluster = r.value[out_sigmaT_over_m_cluster];
    double const bullet = r.value[out_sigmaT_over_m_bullet];
    CHECK(bullet > 0.0);
    CHECK(bullet < cluster);  // 4700 km/s against 1500 km/s
    CHECK(r.value[chi2_output(term_sidm_cluster)]
          == doctest::Approx(std::pow(normal_quantile(0.95) * cluster / 0.47, 2)).epsilon(1e-12));
    CHECK(r.value[chi2_output(term_sidm_bullet_cluster)]
          == doctest::Approx(std::pow(normal_quantile(0.68) * bullet / 1.25, 2)).epsilon(1e-12));
    CHECK(((r.excluded_by & term_bit(term_sidm_bullet_cluster)) != 0) == (bullet > 1.25));

    // Another Bullet Cluster velocity moves its outputs and term only.
    EvaluationSettings slower = settings;
    slower.sidm_v_rel[v_rel_bullet] = 3000.0 / constants::c_km_per_s;
    PointResult const s = evaluate_point(p, tables().view(), slower);
    CHECK(s.value[out_sigmaT_over_m_bullet] > bullet);
    CHECK(s.value[out_sigmaT_over_m_cluster] == cluster);
    CHECK(s.value[chi2_output(term_sidm_cluster)] == r.value[chi2_output(term_sidm_cluster)]);
    CHECK(s.value[chi2_output(term_sidm_bullet_cluster)] > r.value[chi2_output(term_sidm_bullet_cluster)]);
}
