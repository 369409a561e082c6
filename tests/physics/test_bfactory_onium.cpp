// SPDX-License-Identifier: MIT
// Tests of darkscan/physics/bfactory_onium.hpp: the onium widths against positronium, e+e- -> eta_D V against a
// numerical polarisation sum and the point-like e+e- -> P gamma formula (the 16 pi of 1510.05020 eq. 4),
// e+e- -> gamma Upsilon_D against e+e- -> gamma V and its gamma gamma limit, the photon acceptance, the per-point
// wrapper and the BaBar dark-Higgsstrahlung limit.
#include <doctest/doctest.h>

#include <cmath>

#include "darkscan/physics/bfactory_onium.hpp"
#include "lorentz.hpp"
#include "model_cross_sections.hpp"

using namespace darkscan;
using namespace darkscan::test;

namespace {

double const pi = constants::pi;
double const alpha = constants::alpha_em;

/// Coulomb |psi(0)|^2 = 1/(pi a_0^3), a_0 = 2/(alpha_D m_chi).
double coulomb_psi0_sq(double m_chi, double alpha_D)
{
    double const inverse_a0 = 0.5 * alpha_D * m_chi;
    return inverse_a0 * inverse_a0 * inverse_a0 / pi;
}

DarkSectorParameters point(double m_chi, double m_V, double alpha_D, double epsilon)
{
    return {m_V, m_chi, epsilon, alpha_D, 0.0};
}

/// dsigma/dcos theta(e+e- -> eta_D V) [GeV^-2] by an explicit sum over the V polarisations in the c.m. frame
/// (e- along +z, massless electrons, V at angle theta in the xz plane):
///   M = (eps e/(s - m_V^2)) ubar gamma_mu v G eps^{mu nu rho sigma} eps*_nu k_rho q_sigma,
///   sum |M|^2 = (eps e G/(s - m_V^2))^2 sum_pol L_{mu nu} J^mu J^nu,  L = 4 (p1 p2 + p2 p1 - p1.p2 g),
/// with G^2 = (64 pi Gamma(eta_D -> V V)|_{m_V = 0}/M^3) M^4/(M^2 - m_V^2 - s)^2 (on-shell normalisation times the
/// chi-propagator form factor), dsigma/dcos = (1/(32 pi s)) (|k|/|p_e|) (1/4) sum |M|^2.
double dsigma_dcos_numerical(double s, double cos_theta, DarkSectorParameters p, double psi0_sq)
{
    double const root_s = std::sqrt(s);
    double const M = 2.0 * p.m_chi;
    double const m_V = p.m_V;
    double const E_V = (s + m_V * m_V - M * M) / (2.0 * root_s);
    double const k_abs = std::sqrt(E_V * E_V - m_V * m_V);
    double const sin_theta = std::sqrt(1.0 - cos_theta * cos_theta);
    FourVector const p1{0.5 * root_s, 0.0, 0.0, 0.5 * root_s};
    FourVector const p2{0.5 * root_s, 0.0, 0.0, -0.5 * root_s};
    FourVector const q{root_s, 0.0, 0.0, 0.0};
    FourVector const k{E_V, k_abs * sin_theta, 0.0, k_abs * cos_theta};
    FourVector const polarisations[] = {{0.0, cos_theta, 0.0, -sin_theta},
                                        {0.0, 0.0, 1.0, 0.0},
                                        scaled(1.0 / m_V, {k_abs, E_V * sin_theta, 0.0, E_V * cos_theta})};
    DarkSectorParameters massless = p;
    massless.m_V = 0.0;
    double const G0_sq = 64.0 * pi * width_eta_D_to_VV(massless, psi0_sq) / (M * M * M);
    double const form_factor = M * M / (M * M - m_V * m_V - s);
    double const G_sq = G0_sq * form_factor * form_factor;
    double contraction = 0.0;
    for (FourVector const& e : polarisations) {
        FourVector const J = levi_civita_vector(e, k, q);
        contraction +=
            4.0 * (2.0 * minkowski_dot(p1, J) * minkowski_dot(p2, J) - minkowski_dot(p1, p2) * minkowski_dot(J, J));
    }
    double const coupling = p.epsilon * p.epsilon * 4.0 * pi * alpha * G_sq / ((s - m_V * m_V) * (s - m_V * m_V));
    return k_abs / (0.5 * root_s) * 0.25 * coupling * contraction / (32.0 * pi * s);
}

}  // namespace

TEST_CASE("onium widths: positronium, 124.5 ps (2 gamma) and 138.7 ns (3 gamma) at leading order")
{
    double const m_e = constants::m_electron;
    double const psi0_sq = coulomb_psi0_sq(m_e, alpha);
    // Para: alpha^5 m_e/2; ortho: 2 (pi^2 - 9) alpha^6 m_e/(9 pi) (Ore-Powell), both leading order.
    double const para = width_eta_D_to_VV(point(m_e, 0.0, alpha, 0.0), psi0_sq);
    double const ortho = width_upsilon_D_to_3V_massless_V(m_e, alpha, psi0_sq);
    CHECK(relative_error(para, std::pow(alpha, 5) * m_e / 2.0) < 1e-13);
    CHECK(relative_error(ortho, 2.0 * (pi * pi - 9.0) * std::pow(alpha, 6) * m_e / (9.0 * pi)) < 1e-13);
    MESSAGE("positronium lifetimes at leading order: para ", constants::hbar_GeV_s / para * 1e12, " ps, ortho ",
            constants::hbar_GeV_s / ortho * 1e9, " ns");
    CHECK(constants::hbar_GeV_s / ortho * 1e9 == doctest::Approx(138.7).epsilon(1e-3));
    CHECK(constants::hbar_GeV_s / para * 1e12 == doctest::Approx(124.5).epsilon(1e-3));
}

TEST_CASE("Gamma(eta_D -> V V): alpha_D^2 R(0)^2/m_chi^2 (1 - r)^{3/2}/(1 - r/2)^2 and closed for m_V >= m_chi")
{
    double const m_chi = 2.0, alpha_D = 0.3, psi0_sq = 0.01;
    double const R0_sq = 4.0 * pi * psi0_sq;
    for (double m_V : {0.0, 0.5, 1.5}) {
        double const r = m_V * m_V / (m_chi * m_chi);
        double const expected =
            alpha_D * alpha_D * R0_sq / (m_chi * m_chi) * std::pow(1.0 - r, 1.5) / ((1.0 - 0.5 * r) * (1.0 - 0.5 * r));
        CHECK(relative_error(width_eta_D_to_VV(point(m_chi, m_V, alpha_D, 0.0), psi0_sq), expected) < 1e-12);
    }
    CHECK(width_eta_D_to_VV(point(m_chi, 2.0, alpha_D, 0.0), psi0_sq) == 0.0);
}

TEST_CASE("e+e- -> eta_D V: closed form = numerical polarisation sum, angular 1 + cos^2, thresholds")
{
    double const s = b_factory_sqrt_s * b_factory_sqrt_s;
    for (double m_V : {0.05, 0.4, 1.5}) {
        DarkSectorParameters const p = point(1.2, m_V, 0.4, 1e-3);
        double const psi0_sq = 0.02;
        // Simpson's rule on [-1, 1] with 4 intervals is exact for the quadratic in cos theta.
        double const h = 0.5;
        double integral = 0.0;
        for (int i = 0; i <= 4; ++i) {
            double const weight = (i == 0 || i == 4) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
            integral += weight * dsigma_dcos_numerical(s, -1.0 + i * h, p, psi0_sq);
        }
        integral *= h / 3.0;
        CHECK(relative_error(sigma_ee_to_eta_D_V(s, p, psi0_sq), integral) < 1e-12);
        double const forward = dsigma_dcos_numerical(s, 0.8, p, psi0_sq) / dsigma_dcos_numerical(s, 0.0, p, psi0_sq);
        CHECK(relative_error(forward, 1.64) < 1e-12);
    }
    DarkSectorParameters const p = point(5.0, 0.6, 0.4, 1e-3);
    CHECK(sigma_ee_to_eta_D_V(s, p, 0.02) == 0.0);  // 2 m_chi + m_V = 10.6 > 10.58
}

TEST_CASE("e+e- -> eta_D V, m_V -> 0: point-like (8 pi alpha eps^2 Gamma/(3 M^3))(1 - M^2/s)^3 x M^4/(s - M^2)^2")
{
    // The check of 1510.05020 eq. (4): with 16 pi the massless limit is the point-like e+e- -> P gamma cross section
    // times the form factor of the chi propagators, exactly equal to it at s = 2 M^2; 4 pi would give 1/4 of it.
    double const m_chi = 1.5, alpha_D = 0.35, eps = 2e-3;
    double const psi0_sq = coulomb_psi0_sq(m_chi, alpha_D);
    DarkSectorParameters const p = point(m_chi, 0.0, alpha_D, eps);
    double const M = 2.0 * m_chi;
    double const gamma_VV = width_eta_D_to_VV(p, psi0_sq);
    auto point_like = [&](double s) {
        double const x = 1.0 - M * M / s;
        return 8.0 * pi * alpha * eps * eps * gamma_VV / (3.0 * M * M * M) * x * x * x;
    };
    double const s_match = 2.0 * M * M;
    CHECK(relative_error(sigma_ee_to_eta_D_V(s_match, p, psi0_sq), point_like(s_match)) < 1e-13);
    for (double sqrt_s : {4.0, 10.58}) {
        double const s = sqrt_s * sqrt_s;
        double const form_factor = M * M * M * M / ((s - M * M) * (s - M * M));
        CHECK(relative_error(sigma_ee_to_eta_D_V(s, p, psi0_sq), point_like(s) * form_factor) < 1e-13);
    }
}

TEST_CASE("Upsilon_D mixing: eps_D -> alpha_D^2/2 (Coulomb, m_V -> 0) and the 1/(1 - m_V^2/4 m_chi^2) pole factor")
{
    double const m_chi = 0.8, alpha_D = 0.3;
    double const psi0_sq = coulomb_psi0_sq(m_chi, alpha_D);
    CHECK(relative_error(upsilon_D_mixing(point(m_chi, 0.0, alpha_D, 0.0), psi0_sq), 0.5 * alpha_D * alpha_D) < 1e-14);
    double const ratio = upsilon_D_mixing(point(m_chi, 0.4, alpha_D, 0.0), psi0_sq) /
                         upsilon_D_mixing(point(m_chi, 0.0, alpha_D, 0.0), psi0_sq);
    CHECK(relative_error(ratio, 1.0 / (1.0 - 0.16 / (4.0 * m_chi * m_chi))) < 1e-14);
}

TEST_CASE("e+e- -> gamma Upsilon_D: e+e- -> gamma V form, gamma gamma limit, m_e-regulated bracket, acceptance")
{
    double const s = b_factory_sqrt_s * b_factory_sqrt_s;
    double const m_chi = 2.0, alpha_D = 0.3, eps = 1e-3;
    DarkSectorParameters const p = point(m_chi, 0.3, alpha_D, eps);
    double const psi0_sq = coulomb_psi0_sq(m_chi, alpha_D);
    double const kappa = eps * upsilon_D_mixing(p, psi0_sq);
    double const M2 = 4.0 * m_chi * m_chi;
    for (double c : {-0.7, 0.0, 0.5, 0.89}) {
        // (2 pi alpha^2 kappa^2/s^2) (dt/dcos) (t^2 + u^2 + 2 s M^2)/(t u), t, u = -(s - M^2)(1 -+ cos)/2.
        double const t = -0.5 * (s - M2) * (1.0 - c);
        double const u = -0.5 * (s - M2) * (1.0 + c);
        double const expected = 2.0 * pi * alpha * alpha * kappa * kappa / (s * s) * 0.5 * (s - M2) *
                                (t * t + u * u + 2.0 * s * M2) / (t * u);
        CHECK(relative_error(dsigma_dcos_ee_to_gamma_upsilon_D(s, c, p, psi0_sq), expected) < 1e-12);
        // physics.md 3.9's bracket with m_e: 8 s^2 (s^2 + 16 m^4) sin^2/((s - 4m^2)^2 (s + 4m_e^2 - (s - 4m_e^2) cos 2
        // theta)^2) - 1.
        double const me2 = constants::m_electron * constants::m_electron;
        double const sin2 = 1.0 - c * c;
        double const cos2theta = 2.0 * c * c - 1.0;
        double const denominator = s + 4.0 * me2 - (s - 4.0 * me2) * cos2theta;
        double const bracket_me =
            8.0 * s * s * (s * s + M2 * M2) * sin2 / ((s - M2) * (s - M2) * denominator * denominator) - 1.0;
        double const bracket = dsigma_dcos_ee_to_gamma_upsilon_D(s, c, p, psi0_sq) /
                               (2.0 * pi * alpha * alpha * kappa * kappa / s * (1.0 - M2 / s));
        CHECK(relative_error(bracket, bracket_me) < 1e-7);
    }
    // M -> 0: the bracket is e+e- -> gamma gamma's (1 + cos^2)/sin^2.
    DarkSectorParameters const light = point(1e-5, 0.0, alpha_D, eps);
    double const psi_light = coulomb_psi0_sq(1e-5, alpha_D);
    double const kappa_light = eps * upsilon_D_mixing(light, psi_light);
    for (double c : {0.0, 0.6}) {
        double const bracket = dsigma_dcos_ee_to_gamma_upsilon_D(s, c, light, psi_light) /
                               (2.0 * pi * alpha * alpha * kappa_light * kappa_light / s);
        CHECK(relative_error(bracket, (1.0 + c * c) / (1.0 - c * c)) < 1e-10);
    }
    // Closed-form acceptance integral against Simpson's rule.
    PhotonAcceptance const window = babar_photon_acceptance();
    int const n = 2000;
    double const h = (window.cos_max - window.cos_min) / n;
    double integral = 0.0;
    for (int i = 0; i <= n; ++i) {
        double const weight = (i == 0 || i == n) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
        integral += weight * dsigma_dcos_ee_to_gamma_upsilon_D(s, window.cos_min + i * h, p, psi0_sq);
    }
    integral *= h / 3.0;
    CHECK(relative_error(sigma_ee_to_gamma_upsilon_D(s, p, psi0_sq, window), integral) < 1e-9);
    CHECK(sigma_ee_to_gamma_upsilon_D(M2, p, psi0_sq, window) == 0.0);
}

TEST_CASE("BaBar photon acceptance: 15.8-141.8 deg in the lab is -0.921 < cos theta* < 0.894")
{
    PhotonAcceptance const window = babar_photon_acceptance();
    CHECK(window.cos_min == doctest::Approx(-0.921).epsilon(1e-3));
    CHECK(window.cos_max == doctest::Approx(0.894).epsilon(1e-3));
}

TEST_CASE("bfactory_onium: cross sections of a bound point against the BaBar dark-Higgsstrahlung limit; unbound")
{
    double const fb_per_GeV_m2 = 1.0 / femtobarn_in_GeV_m2;
    CHECK(fb_per_GeV_m2 == doctest::Approx(3.8938e11).epsilon(1e-4));  // 1 GeV^-2 = 0.38938 mb (physics.md 1)
    DarkSectorParameters const p = point(1.0, 0.3, 0.6, 1e-3);         // alpha_D m_chi/m_V = 2 > 1.68
    BFactoryOnium const rates = bfactory_onium(p, b_factory_sqrt_s, babar_photon_acceptance());
    REQUIRE(rates.bound);
    CHECK(rates.status == 0);
    CHECK(rates.eta_D_to_VV_open);
    CHECK(rates.upsilon_D_to_3V_open);
    double const s = b_factory_sqrt_s * b_factory_sqrt_s;
    CHECK(rates.sigma_eta_D_V == sigma_ee_to_eta_D_V(s, p, rates.psi0_sq_GeV3));
    double const limit = babar_dark_higgsstrahlung_sigma_upper_limit(p.m_chi, p.m_V);
    MESSAGE("m_chi = 1, m_V = 0.3, alpha_D = 0.6, eps = 1e-3: |psi(0)|^2 = ", rates.psi0_sq_GeV3, " GeV^3 (Coulomb ",
            coulomb_psi0_sq(1.0, 0.6), "); sigma(eta_D V) = ", rates.sigma_eta_D_V * fb_per_GeV_m2,
            " fb, sigma(gamma Upsilon_D, acceptance) = ", rates.sigma_gamma_upsilon_D * fb_per_GeV_m2,
            " fb; BaBar limit ", limit * fb_per_GeV_m2, " fb");
    CHECK(limit * fb_per_GeV_m2 == doctest::Approx(0.1).epsilon(1e-12));
    CHECK(babar_dark_higgsstrahlung_sigma_upper_limit(1.0, 0.2) == HUGE_VAL);  // m_A' < 0.25 GeV
    CHECK(babar_dark_higgsstrahlung_sigma_upper_limit(1.0, 1.1) == HUGE_VAL);  // m_h' < 2 m_A'
    CHECK(babar_dark_higgsstrahlung_sigma_upper_limit(6.0, 1.0) == HUGE_VAL);  // m_h' > 10 GeV

    BFactoryOnium const unbound =
        bfactory_onium(point(1.0, 0.3, 0.2, 1e-3), b_factory_sqrt_s, babar_photon_acceptance());
    CHECK_FALSE(unbound.bound);
    CHECK(unbound.sigma_eta_D_V == 0.0);
    CHECK(unbound.sigma_gamma_upsilon_D == 0.0);
}
