// SPDX-License-Identifier: MIT
// Tests of darkscan/physics/annihilation.hpp: chi chibar -> V V against its v -> 0 and m_V -> 0 limits
// (physics.md 5.7, Dirac's e+e- -> gamma gamma), chi chibar -> V* -> f fbar against physics.md 3.2 and 5.8,
// hadrons as R times the massless mu+ mu- rate, and the s-dependent against the constant propagator width.
#include <doctest/doctest.h>

#include <cmath>

#include "darkscan/physics/annihilation.hpp"
#include "hadron_tables.hpp"

using namespace darkscan;

namespace {

HadronTablesView hadron_view()
{
    static HadronTables const tables = load_hadron_tables();
    return tables.view();
}

double const pi = constants::pi;
double const alpha = constants::alpha_em;

/// physics.md 3.2, v -> 0: (pi alpha_D^2/m_chi^2)(1 - r)^{3/2}/(1 - r/2)^2, r = m_V^2/m_chi^2.
double swave_vv(double m_chi, double m_V, double alpha_D)
{
    double const r = m_V * m_V / (m_chi * m_chi);
    return pi * alpha_D * alpha_D / (m_chi * m_chi) * std::pow(1.0 - r, 1.5) / ((1.0 - 0.5 * r) * (1.0 - 0.5 * r));
}

/// Gondolo-Gelmini <sigma v_rel>(x) of a sigma v_rel(s) given as a callable, by Simpson's rule in
/// u = sqrt(z - 2), z = sqrt(s)/m (the u^2 substitution removes the threshold square root):
///   <sigma v> = x / (4 K_2(x)^2) Int_2^inf dz z^2 (z^2 - 4) K_1(x z) sigma(m z),  sigma = sigma v_rel / (2 beta),
///   integrand in u: z^3 u^2 sqrt(4 + u^2) K_1(x z) sigma v_rel(s).
template <class SigmaV>
double thermal_average(SigmaV const& sigma_v_rel, double m, double x, int intervals)
{
    double const u_max = std::sqrt(40.0 / x);
    double const du = u_max / intervals;
    double sum = 0.0;
    for (int i = 0; i <= intervals; ++i) {
        double const u = du * i;
        double const z = 2.0 + u * u;
        double const f = z * z * z * u * u * std::sqrt(4.0 + u * u) * std::cyl_bessel_k(1.0, x * z)
                         * sigma_v_rel(m * m * z * z);
        sum += f * (i == 0 || i == intervals ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0));
    }
    double const k2 = std::cyl_bessel_k(2.0, x);
    return x / (4.0 * k2 * k2) * sum * du / 3.0;
}

}  // namespace

TEST_CASE("sigma_v_rel_to_vv: v -> 0 limit is (pi alpha_D^2/m_chi^2)(1 - r)^{3/2}/(1 - r/2)^2")
{
    for (double const r : {1e-6, 0.1, 0.49, 0.9, 0.999}) {
        DarkSectorParameters const p{std::sqrt(r) * 2.0, 2.0, 1e-3, 0.3, 0.0};
        CAPTURE(r);
        // At threshold the formula's series branch is exact to rounding; the cancellation in the bracket grows
        // as 1/(1 - r) (3 digits lost at r = 0.999).
        CHECK(sigma_v_rel_swave_vv(p) == doctest::Approx(swave_vv(2.0, p.m_V, 0.3)).epsilon(1e-10));
        // Approaching threshold: sigma v_rel = s-wave (1 + O(v^2)), v = beta_chi = 1e-4.
        double const s = 4.0 * 4.0 / (1.0 - 1e-8);
        CHECK(sigma_v_rel_to_vv(s, p) == doctest::Approx(swave_vv(2.0, p.m_V, 0.3)).epsilon(1e-6));
    }
    // physics.md 5.7: m_V -> 0 gives pi alpha_D^2/m_chi^2.
    DarkSectorParameters const light{1e-8, 0.5, 1e-3, 0.1, 0.0};
    CHECK(sigma_v_rel_swave_vv(light) == doctest::Approx(pi * 0.01 / 0.25).epsilon(1e-12));
}

TEST_CASE("sigma_v_rel_to_vv: m_V -> 0 is Dirac's e+e- -> gamma gamma")
{
    // Dirac (1930); Berestetskii-Lifshitz-Pitaevskii, QED, eq. (88.9): positron of Lorentz factor gamma on an
    // electron at rest, s = 2 m^2 (1 + gamma),
    //   sigma = (pi r_e^2/(gamma + 1)) [ (gamma^2 + 4 gamma + 1)/(gamma^2 - 1) ln(gamma + sqrt(gamma^2 - 1))
    //                                    - (gamma + 3)/sqrt(gamma^2 - 1) ],  r_e = alpha/m.
    // m_V = 1e-9 m changes the rate by O(m_V^2/m^2 ln) = 1e-17.
    double const m = 0.7;
    DarkSectorParameters const p{1e-9 * m, m, 0.0, alpha, 0.0};
    for (double const gamma : {1.001, 1.5, 10.0, 1e4}) {
        double const s = 2.0 * m * m * (1.0 + gamma);
        double const root = std::sqrt(gamma * gamma - 1.0);
        double const r_e = alpha / m;
        double const dirac = pi * r_e * r_e / (gamma + 1.0)
                             * ((gamma * gamma + 4.0 * gamma + 1.0) / (gamma * gamma - 1.0) * std::log(gamma + root)
                                - (gamma + 3.0) / root);
        CAPTURE(gamma);
        CHECK(sigma_from_sigma_v_rel(s, m, sigma_v_rel_to_vv(s, p)) == doctest::Approx(dirac).epsilon(1e-9));
    }
}

TEST_CASE("sigma_v_rel_to_vv: closed below threshold, finite and positive above")
{
    DarkSectorParameters const heavy_v{1.5, 1.0, 0.0, 0.1, 0.0};  // m_V > m_chi: no s-wave, opens at s = 4 m_V^2
    CHECK(sigma_v_rel_swave_vv(heavy_v) == 0.0);
    CHECK(sigma_v_rel_to_vv(4.0 * 1.5 * 1.5 * (1.0 - 1e-12), heavy_v) == 0.0);
    CHECK(sigma_v_rel_to_vv(4.0 * 1.5 * 1.5 * (1.0 + 1e-6), heavy_v) > 0.0);
    DarkSectorParameters const p{0.5, 1.0, 0.0, 0.1, 0.0};
    for (double const s : {4.0, 4.4, 10.0, 1e3, 1e6}) {
        double const sv = sigma_v_rel_to_vv(s, p);
        CHECK(std::isfinite(sv));
        CHECK(sv > 0.0);
    }
}

TEST_CASE("sigma_v_rel_to_fermions: physics.md 3.2 sigma(s) at generic s")
{
    // sigma = (g_D^2 g_f^2 N_c/(12 pi)) (beta_f/beta_chi) (s + 2 m_f^2)(s + 2 m_chi^2)
    //         / (s [(s - m_V^2)^2 + m_V^2 G^2])
    DarkSectorParameters const p{3.0, 1.0, 1e-2, 0.3, 0.0};
    double const g_D2 = 4.0 * pi * 0.3;
    double const g_f = 0.05;
    double const m_f = 0.6;
    double const im_pi = 0.02;
    for (double const s : {4.0 * 1.0001, 5.0, 9.0, 30.0}) {
        double const beta_chi = std::sqrt(1.0 - 4.0 / s);
        double const beta_f = std::sqrt(1.0 - 4.0 * m_f * m_f / s);
        double const sigma = g_D2 * g_f * g_f * 3.0 / (12.0 * pi) * (beta_f / beta_chi) * (s + 2.0 * m_f * m_f)
                             * (s + 2.0) / (s * ((s - 9.0) * (s - 9.0) + im_pi * im_pi));
        CAPTURE(s);
        CHECK(sigma_from_sigma_v_rel(s, 1.0, sigma_v_rel_to_fermions(s, p, g_f, m_f, 3.0, im_pi))
              == doctest::Approx(sigma).epsilon(1e-13));
    }
    CHECK(sigma_v_rel_to_fermions(4.0 * (1.0 - 1e-12), p, g_f, m_f, 3.0, im_pi) == 0.0);  // below 4 m_chi^2
    CHECK(sigma_v_rel_to_fermions(4.0 * 0.35 * 0.35, p, g_f, 0.35, 1.0, im_pi) == 0.0);   // below 4 m_f^2
}

TEST_CASE("sigma_v_rel_swave_ee: limits of physics.md 3.2 and section 5 item 8")
{
    double const m_chi = 10.0;  // (m_e/m_chi)^2 = 2.6e-9
    double const epsilon = 1e-3;
    double const alpha_D = 0.1;
    // m_V >> m_chi: 16 pi alpha alpha_D eps^2 m_chi^2/m_V^4, up to (1 - 4 m_chi^2/m_V^2)^-2 = 1 + 8e-6 at
    // m_V = 1e3 m_chi.
    double const m_V = 1e3 * m_chi;
    DarkSectorParameters const heavy{m_V, m_chi, epsilon, alpha_D, 0.0};
    double const heavy_limit = 16.0 * pi * alpha * alpha_D * epsilon * epsilon * m_chi * m_chi / std::pow(m_V, 4);
    CHECK(sigma_v_rel_swave_ee(heavy, hadron_view()) == doctest::Approx(heavy_limit).epsilon(2e-5));
    // m_V << m_chi: pi alpha alpha_D eps^2/m_chi^2, up to (1 - m_V^2/(4 m_chi^2))^-2 and the tiny width term.
    DarkSectorParameters const light{1e-3 * m_chi, m_chi, epsilon, alpha_D, 0.0};
    double const light_limit = pi * alpha * alpha_D * epsilon * epsilon / (m_chi * m_chi);
    CHECK(sigma_v_rel_swave_ee(light, hadron_view()) == doctest::Approx(light_limit).epsilon(1e-6));
}

TEST_CASE("s channel on a pole without width: an uncoupled channel gives 0, not 0/0")
{
    // m_V = 2 m_chi exactly, eps = g_X = 0: Gamma_ee = 0 and Im Pi = sqrt(s) Gamma_tot = 0 (V -> chi chibar
    // has no phase space at threshold), so s = m_V^2 made the propagator formula 0/0 = NaN.
    for (double const alpha_D : {0.0, 0.1}) {
        DarkSectorParameters const on_pole{2.0, 1.0, 0.0, alpha_D, 0.0};
        CHECK(sigma_v_rel_swave_ee(on_pole, hadron_view()) == 0.0);
        AnnihilationRates const rates = annihilation_sigma_v_rel(4.0, on_pole, hadron_view(), PropagatorWidth::running);
        CHECK(rates.total() == 0.0);
    }
    // With a coupling the pole has a width and the rate is finite and positive.
    DarkSectorParameters const coupled{2.0, 1.0, 1e-6, 0.1, 0.0};
    double const rate = sigma_v_rel_swave_ee(coupled, hadron_view());
    CHECK(std::isfinite(rate));
    CHECK(rate > 0.0);
}

TEST_CASE("annihilation into hadrons: R(sqrt s) times the massless mu+ mu- rate at g_X = 0")
{
    DarkSectorParameters const p{2.0, 0.8, 1e-3, 0.2, 0.0};
    double const im_pi = propagator_im_pi(3.2, p, hadron_view(), PropagatorWidth::running);
    for (double const s : {2.56 * 1.001, 3.2, 4.0, 9.0, 400.0}) {
        double const M = std::sqrt(s);
        HadronicContent const content = hadronic_content(M, hadron_view());
        double r = content.r_ratio;
        for (int i = 0; i < narrow_quarkonium_count; ++i) {
            r += narrow_quarkonium_r_ratio(narrow_quarkonium(i), M);
        }
        double const massless_mumu = sigma_v_rel_to_fermions(s, p, lepton_coupling(p), 0.0, 1.0, im_pi);
        CAPTURE(s);
        CHECK(sigma_v_rel_to_hadrons(s, p, hadron_view(), im_pi) == doctest::Approx(r * massless_mumu).epsilon(1e-12));
    }
    // Zero below the pi0 gamma threshold.
    DarkSectorParameters const light{0.3, 0.06, 1e-3, 0.2, 0.0};
    CHECK(sigma_v_rel_to_hadrons(4.0 * 0.06 * 0.06, light, hadron_view(), 0.0) == 0.0);
}

TEST_CASE("annihilation_sigma_v_rel: channels and total")
{
    DarkSectorParameters const p{1.5, 1.0, 1e-3, 0.1, 1e-3};
    AnnihilationRates const rates = annihilation_sigma_v_rel(4.4, p, hadron_view(), PropagatorWidth::running);
    CHECK(rates.ee > 0.0);
    CHECK(rates.mumu > 0.0);
    CHECK(rates.tautau == 0.0);  // sqrt(s) = 2.1 < 2 m_tau
    CHECK(rates.hadrons > 0.0);
    CHECK(rates.vv == 0.0);  // s < 4 m_V^2
    CHECK(rates.total() == doctest::Approx(rates.ee + rates.mumu + rates.hadrons).epsilon(1e-15));
    double const im_pi = propagator_im_pi(4.4, p, hadron_view(), PropagatorWidth::running);
    CHECK(rates.ee == sigma_v_rel_to_leptons(4.4, p, constants::m_electron, im_pi));
}

TEST_CASE("propagator width: s-dependent and constant agree on the pole, differ off it (physics.md 3.2)")
{
    // Benchmark m_V = 3 m_chi, alpha_D = 0.5 (Gamma_V/m_V = 0.152), eps = 1e-3, m_chi = 0.1 GeV (final state e+e-).
    DarkSectorParameters const p{0.3, 0.1, 1e-3, 0.5, 0.0};
    auto const rate = [&p](double s, PropagatorWidth width) {
        return annihilation_sigma_v_rel(s, p, hadron_view(), width).total();
    };
    double const pole = p.m_V * p.m_V;
    CHECK(rate(pole, PropagatorWidth::running) == doctest::Approx(rate(pole, PropagatorWidth::fixed)).epsilon(1e-14));

    // v -> 0: the running width of a V of mass 2 m_chi has no chi chibar part, so the constant width lowers the
    // rate by (s - m_V^2)^2 / [(s - m_V^2)^2 + m_V^2 Gamma_V^2] = 25 / (25 + 9 * 9 * 0.152^2 ...) = 0.9305.
    double const s0 = 4.0 * p.m_chi * p.m_chi;
    double const gamma_v = total_width(p.m_V, p, hadron_view());
    double const off = s0 - pole;
    double const expected_ratio = off * off / (off * off + pole * gamma_v * gamma_v);
    CHECK(expected_ratio == doctest::Approx(0.9305).epsilon(1e-3));
    CHECK(rate(s0, PropagatorWidth::fixed) / rate(s0, PropagatorWidth::running)
          == doctest::Approx(expected_ratio).epsilon(1e-4));

    // Near freeze-out (x = m_chi/T = 20) the constant width lowers the thermal average by 7.8% (physics.md 3.2:
    // "about 8%"): more than at v = 0, because the thermal tail samples s closer to the pole.
    double const x = 20.0;
    auto const running_rate = [&rate](double s) { return rate(s, PropagatorWidth::running); };
    auto const fixed_rate = [&rate](double s) { return rate(s, PropagatorWidth::fixed); };
    double const running = thermal_average(running_rate, p.m_chi, x, 4000);
    double const fixed = thermal_average(fixed_rate, p.m_chi, x, 4000);
    MESSAGE("<sigma v>(x = 20): fixed / running width = " << fixed / running);
    CHECK(fixed / running == doctest::Approx(0.9223).epsilon(1e-3));
    // The quadrature is converged: halving the step changes the average by < 1e-9.
    CHECK(thermal_average(running_rate, p.m_chi, x, 2000) == doctest::Approx(running).epsilon(1e-9));
}
