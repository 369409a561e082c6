// SPDX-License-Identifier: MIT
// Tests of darkscan/physics/direct_detection.hpp: the pure-eps and pure-g_X limits of the per-nucleon cross
// section, coherence and interference, the propagator regulator and reference momentum transfer, sigma_e-bar.
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>

#include "darkscan/physics/direct_detection.hpp"
#include "model_cross_sections.hpp"

using namespace darkscan;
using test::relative_error;

namespace {

double const pi = constants::pi;
double const alpha = constants::alpha_em;

DirectDetectionTarget const all_targets[] = {DirectDetectionTarget::xenon, DirectDetectionTarget::argon,
                                             DirectDetectionTarget::germanium, DirectDetectionTarget::cawo4};

}  // namespace

TEST_CASE("sigma_proton_si: pure eps contact limit 16 pi alpha alpha_D eps^2 mu_p^2 / m_V^4 (physics.md 4.1 item 6)")
{
    for (double const m_chi : {0.01, 1.0, 100.0}) {
        DarkSectorParameters const p{0.3, m_chi, 2e-4, 0.5, 0.0};
        double const mu = m_chi * constants::m_proton / (m_chi + constants::m_proton);
        double const expected = 16.0 * pi * alpha * 0.5 * 4e-8 * mu * mu / std::pow(0.3, 4);
        CAPTURE(m_chi);
        CHECK(relative_error(sigma_proton_si(p, 0.0), expected) < 1e-14);
    }
    // A benchmark in cm^2: m_V = 0.1 GeV, m_chi = 1 GeV, eps = 1e-3, alpha_D = 0.5: mu_p = 0.484077 GeV,
    // sigma_p = 4.2978e-4 GeV^-2 = 1.6735e-31 cm^2 (by hand with 1 GeV^-2 = 3.8938e-28 cm^2).
    DarkSectorParameters const benchmark{0.1, 1.0, 1e-3, 0.5, 0.0};
    CHECK(relative_error(sigma_proton_si(benchmark, 0.0) * constants::GeV_m2_to_cm2, 1.6735e-31) < 1e-4);
}

TEST_CASE("sigma_nucleon_si_effective: pure eps gives sigma_p (Z/A)^2, pure g_X gives sigma_p on every target")
{
    DarkSectorParameters const eps_only{0.05, 0.7, 1e-4, 0.1, 0.0};
    for (DirectDetectionTarget const target : all_targets) {
        TargetNucleus const t = target_nucleus(target);
        double const z_over_a = t.Z / t.A;
        CAPTURE(t.Z);
        CHECK(relative_error(sigma_nucleon_si_effective(eps_only, t, 0.0),
                             sigma_proton_si(eps_only, 0.0) * z_over_a * z_over_a)
              < 1e-14);
    }
    // g_X only (nucleon charge 1 for protons and neutrons): 16 pi alpha_D alpha_B mu_n^2 / m_V^4 with
    // alpha_B = g_X^2/(4 pi), as Hidden-Sector-Limits' sigman_B (which sets alpha_D = alpha_B).
    DarkSectorParameters const baryonic{0.05, 0.7, 0.0, 0.1, 3e-4};
    double const alpha_B = 9e-8 / (4.0 * pi);
    double const mu = 0.7 * constants::m_proton / (0.7 + constants::m_proton);
    double const expected = 16.0 * pi * 0.1 * alpha_B * mu * mu / std::pow(0.05, 4);
    for (DirectDetectionTarget const target : all_targets) {
        CHECK(relative_error(sigma_nucleon_si_effective(baryonic, target_nucleus(target), 0.0), expected) < 1e-14);
    }
    CHECK(relative_error(sigma_proton_si(baryonic, 0.0), expected) < 1e-14);
}

TEST_CASE("sigma_nucleon_si_effective: coherent interference of eps and g_X, with their relative sign")
{
    TargetNucleus const xenon = target_nucleus(DirectDetectionTarget::xenon);
    double const e = elementary_charge();
    double const eps = 1e-4;
    double const g_X = 2e-5;
    DarkSectorParameters const same{0.02, 2.0, eps, 0.3, g_X};
    DarkSectorParameters const opposite{0.02, 2.0, eps, 0.3, -g_X};
    // Per-nucleon charge [Z (eps e + g_X) + (A - Z) g_X]/A = Z eps e / A + g_X.
    double const unit_charge = xenon.A / (xenon.Z * e);  // eps giving a per-nucleon charge of 1
    double const base = sigma_nucleon_si_effective({0.02, 2.0, unit_charge, 0.3, 0.0}, xenon, 0.0);
    double const same_charge = xenon.Z * eps * e / xenon.A + g_X;
    double const opposite_charge = xenon.Z * eps * e / xenon.A - g_X;
    CHECK(relative_error(sigma_nucleon_si_effective(same, xenon, 0.0), base * same_charge * same_charge) < 1e-13);
    CHECK(relative_error(sigma_nucleon_si_effective(opposite, xenon, 0.0), base * opposite_charge * opposite_charge)
          < 1e-12);
    // g_X = -Z eps e / A cancels the xenon charge: no scattering (up to rounding of the charge).
    DarkSectorParameters const cancelling{0.02, 2.0, eps, 0.3, -xenon.Z * eps * e / xenon.A};
    CHECK(sigma_nucleon_si_effective(cancelling, xenon, 0.0) < 1e-28 * sigma_nucleon_si_effective(same, xenon, 0.0));
}

TEST_CASE("cross sections scale as eps^2, alpha_D and (m_V^2 + q^2)^-2")
{
    TargetNucleus const argon = target_nucleus(DirectDetectionTarget::argon);
    DarkSectorParameters const p{0.01, 0.5, 1e-5, 0.2, 0.0};
    double const sigma = sigma_nucleon_si_effective(p, argon, 0.0);
    CHECK(relative_error(sigma_nucleon_si_effective({0.01, 0.5, 3e-5, 0.2, 0.0}, argon, 0.0), 9.0 * sigma) < 1e-14);
    CHECK(relative_error(sigma_nucleon_si_effective({0.01, 0.5, 1e-5, 0.6, 0.0}, argon, 0.0), 3.0 * sigma) < 1e-14);
    CHECK(relative_error(sigma_nucleon_si_effective({0.02, 0.5, 1e-5, 0.2, 0.0}, argon, 0.0), sigma / 16.0) < 1e-14);
    // q = m_V: the propagator falls by (1 + 1)^2 = 4.
    CHECK(relative_error(sigma_nucleon_si_effective(p, argon, 0.01), sigma / 4.0) < 1e-14);
    // Light mediator: the regulator q sets the scale, sigma -> sigma(m_V = 0) = mu^2 g^2 g^2 / (pi q^4).
    DarkSectorParameters const light{1e-9, 0.5, 1e-5, 0.2, 0.0};
    double const q = 0.003;
    CHECK(relative_error(sigma_nucleon_si_effective(light, argon, q),
                         sigma * std::pow(0.01, 4) / std::pow(q, 4))
          < 1e-10);
}

TEST_CASE("reference_momentum_transfer: sqrt(2 m_N E_R), capped at 2 mu_N v_max")
{
    TargetNucleus const xenon = target_nucleus(DirectDetectionTarget::xenon);
    // Heavy chi: the recoil momentum of 4.9 keV on xenon, sqrt(2 x 122.271 x 4.9e-6) = 34.616 MeV.
    double const q_recoil = reference_momentum_transfer(xenon, 100.0, xenon.recoil_energy_reference);
    CHECK(relative_error(q_recoil, std::sqrt(2.0 * 122.271 * 4.9e-6)) < 1e-14);
    CHECK(relative_error(q_recoil, 0.034616) < 1e-4);
    // Light chi: 2 mu v_max, v_max = 794.2 km/s; 0.5 GeV on xenon: 2 x 0.49796 x 2.6492e-3 = 2.6383 MeV.
    double const mu = 0.5 * 122.271 / 122.771;
    CHECK(relative_error(reference_momentum_transfer(xenon, 0.5, xenon.recoil_energy_reference),
                         2.0 * mu * 794.2 / 299792.458)
          < 1e-14);
    CHECK(relative_error(dark_matter_speed_max, 2.6492e-3) < 1e-4);
    // The switch: q_recoil = q_max at m_chi = m_N q / (2 m_N v - q) = 6.9 GeV for xenon at 4.9 keV.
    double const m_switch = xenon.mass * q_recoil / (2.0 * xenon.mass * dark_matter_speed_max - q_recoil);
    CHECK(relative_error(reference_momentum_transfer(xenon, m_switch * 1.001, xenon.recoil_energy_reference), q_recoil)
          < 1e-14);
    CHECK(reference_momentum_transfer(xenon, m_switch * 0.999, xenon.recoil_energy_reference) < q_recoil);
    // Every target: the typical recoil momenta are 35 (Xe), 6.7 (Ar), 7.4 (Ge), 0.95 (O) MeV.
    double const expected[] = {0.0346, 0.00668, 0.00736, 0.000946};
    for (int i = 0; i < 4; ++i) {
        TargetNucleus const t = target_nucleus(all_targets[i]);
        CHECK(relative_error(reference_momentum_transfer(t, 1e3, t.recoil_energy_reference), expected[i]) < 2e-3);
    }
}

TEST_CASE("sigma_electron_reference: 16 pi alpha alpha_D eps^2 mu_e^2 / (m_V^2 + (alpha m_e)^2)^2 (1108.5383)")
{
    double const m_e = constants::m_electron;
    for (double const m_chi : {1e-3, 0.1, 10.0}) {
        for (double const m_V : {1e-6, 1e-3, 0.3}) {
            DarkSectorParameters const p{m_V, m_chi, 3e-5, 0.5, 0.1};  // g_X plays no role
            double const mu = m_chi * m_e / (m_chi + m_e);
            double const q0 = alpha * m_e;
            double const expected = 16.0 * pi * alpha * 0.5 * 9e-10 * mu * mu / std::pow(m_V * m_V + q0 * q0, 2);
            CAPTURE(m_chi);
            CAPTURE(m_V);
            CHECK(relative_error(sigma_electron_reference(p), expected) < 1e-14);
        }
    }
    // Heavy mediator: m_V^-4; m_V -> 0: finite, set by q_0 = alpha m_e = 3.729 keV.
    DarkSectorParameters const heavy{0.1, 0.05, 1e-4, 0.5, 0.0};
    DarkSectorParameters const heavier{0.2, 0.05, 1e-4, 0.5, 0.0};
    CHECK(relative_error(sigma_electron_reference(heavier), sigma_electron_reference(heavy) / 16.0) < 1e-8);
    CHECK(relative_error(electron_reference_momentum, 3.7289e-6) < 1e-4);
    CHECK(std::isfinite(sigma_electron_reference({0.0, 0.05, 1e-4, 0.5, 0.0})));
}
