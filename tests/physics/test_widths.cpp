// SPDX-License-Identifier: MIT
// Tests of darkscan/physics/widths.hpp: lepton and dark-matter widths against their closed forms, thresholds,
// branching ratios, and the dark-photon branching ratios against DarkCast.
#include <doctest/doctest.h>

#include <cmath>

#include "darkscan/physics/widths.hpp"
#include "hadron_tables.hpp"

using namespace darkscan;

namespace {

HadronTablesView hadron_view()
{
    static HadronTables const tables = load_hadron_tables();
    return tables.view();
}

/// Pure dark photon: g_X = 0, invisible channel closed (m_chi far above m_V / 2).
DarkSectorParameters dark_photon(double m_V, double epsilon)
{
    return {m_V, 1.0e3, epsilon, 0.1, 0.0};
}

double const alpha = constants::alpha_em;

}  // namespace

TEST_CASE("width_to_leptons: Gamma(V -> e+e-) = alpha eps^2 m_V / 3 for m_V >> m_e")
{
    // Kinematic factor (1 + 2r)(1 - 4r)^(1/2) = 1 - 6 r^2 + ..., r = m_e^2/m_V^2: 4e-9 at 0.1 GeV, 4e-13 at 1 GeV.
    for (double const m_V : {0.1, 1.0, 10.0}) {
        DarkSectorParameters const p = dark_photon(m_V, 1e-3);
        CHECK(width_to_leptons(m_V, p, constants::m_electron)
              == doctest::Approx(alpha * 1e-6 * m_V / 3.0).epsilon(1e-7));
    }
}

TEST_CASE("width_to_leptons and width_to_dark_matter: physics.md 3.6 with the mass corrections")
{
    DarkSectorParameters const p{0.5, 0.2, 2e-3, 0.3, 0.0};
    double const r_mu = constants::m_muon * constants::m_muon / (0.5 * 0.5);
    double const mumu = alpha * 4e-6 * 0.5 / 3.0 * (1.0 + 2.0 * r_mu) * std::sqrt(1.0 - 4.0 * r_mu);
    CHECK(width_to_leptons(0.5, p, constants::m_muon) == doctest::Approx(mumu).epsilon(1e-14));
    double const r_chi = 0.2 * 0.2 / (0.5 * 0.5);
    double const chi = 0.3 * 0.5 / 3.0 * (1.0 + 2.0 * r_chi) * std::sqrt(1.0 - 4.0 * r_chi);
    CHECK(width_to_dark_matter(0.5, p) == doctest::Approx(chi).epsilon(1e-14));
}

TEST_CASE("widths vanish at and below their thresholds")
{
    DarkSectorParameters const p{1.0, 0.3, 1e-3, 0.1, 1e-3};
    double const below = 1.0 - 1e-9;
    double const above = 1.0 + 1e-9;
    CHECK(width_to_leptons(2.0 * constants::m_muon * below, p, constants::m_muon) == 0.0);
    CHECK(width_to_leptons(2.0 * constants::m_muon * above, p, constants::m_muon) > 0.0);
    CHECK(width_to_leptons(2.0 * constants::m_tau, p, constants::m_tau) == 0.0);
    CHECK(width_to_leptons(2.0 * constants::m_electron * below, p, constants::m_electron) == 0.0);
    CHECK(width_to_dark_matter(0.6 * below, p) == 0.0);
    CHECK(width_to_dark_matter(0.6 * above, p) > 0.0);
    CHECK(width_to_hadrons(constants::m_pi_neutral * below, p, hadron_view()) == 0.0);
    CHECK(width_to_hadrons(0.2, p, hadron_view()) > 0.0);  // pi0 gamma (omega) only
    CHECK(width_to_hadrons(0.1, p, hadron_view()) == 0.0);
}

TEST_CASE("branching_ratios sum to one; no open channel gives all zeros")
{
    for (double const M : {0.01, 0.3, 0.78, 1.02, 2.5, 3.0969, 12.0, 100.0}) {
        for (double const g_X : {0.0, 1e-3, 1e-2}) {
            DarkSectorParameters const p{M, 0.2, 1e-3, 0.5, g_X};
            BranchingRatios const br = branching_ratios(vector_widths(M, p, hadron_view()));
            CHECK(br.ee + br.mumu + br.tautau + br.hadrons + br.invisible == doctest::Approx(1.0).epsilon(1e-14));
        }
    }
    // m_V = 1 MeV < 2 m_e, invisible channel closed: Gamma_tot = 0.
    DarkSectorParameters const closed{1e-3, 1.0, 1e-3, 0.5, 0.0};
    VectorWidths const none = vector_widths(1e-3, closed, hadron_view());
    CHECK(none.total() == 0.0);
    BranchingRatios const br = branching_ratios(none);
    CHECK(br.ee + br.mumu + br.tautau + br.hadrons + br.invisible == 0.0);
}

TEST_CASE("total_width at M = sqrt(s) is the s-dependent width: the chi chibar part vanishes at s = 4 m_chi^2")
{
    DarkSectorParameters const p{0.3, 0.1, 1e-3, 0.5, 0.0};
    double const at_threshold = total_width(0.2, p, hadron_view());
    CHECK(at_threshold == doctest::Approx(width_to_leptons(0.2, p, constants::m_electron)
                                          + width_to_hadrons(0.2, p, hadron_view()))
                              .epsilon(1e-14));
    // On shell: Gamma_V / m_V = 0.152 for m_V = 3 m_chi, alpha_D = 0.5 (physics.md 3.2 quotes 0.15).
    CHECK(total_width(0.3, p, hadron_view()) / 0.3 == doctest::Approx(0.1518).epsilon(1e-3));
}

TEST_CASE("dark-photon branching ratios agree with DarkCast above 1 GeV")
{
    // Reference: DarkCast v1.2 (micha-a-schmidt/darkcast db9a0f66ec99, run from a scratch checkout),
    // Model('dark_photon', x_f = Q_f e).bfrac for e_e, mu_mu, tau_tau and hadrons + c_c + b_b (its total width
    // has no invisible part). DarkCast's hadrons are its VMD fit, held constant above 2 GeV plus perturbative
    // c (m_c = 1.5 GeV) and b; ours are the PDG R data. Where the two agree (1.5-2 GeV, 4 GeV) the BRs agree to
    // < 1%, so 1.5% is the tolerance. At 1.2 GeV the PDG data lie 9% below DarkCast's VMD fit (R = 0.937 vs
    // 1.033), which moves BR(hadrons) by 6.3% and BR(ee) by 3.3%: tolerance 7%. At 2.5 and 6 GeV DarkCast's
    // constant-R continuation is 3-5% below the data: tolerance 5%.
    struct Reference {
        double m_V;
        double ee, mumu, tautau, hadrons;
        double tolerance;
    };
    Reference const references[] = {
        {1.2, 0.329739, 0.329619, 0.0, 0.340642, 0.07},      {1.5, 0.235870, 0.235835, 0.0, 0.528295, 0.015},
        {1.7, 0.218095, 0.218075, 0.0, 0.563830, 0.015},     {2.0, 0.239230, 0.239219, 0.0, 0.521551, 0.015},
        {2.5, 0.239228, 0.239224, 0.0, 0.521548, 0.05},      {4.0, 0.168059, 0.168059, 0.107593, 0.556289, 0.015},
        {6.0, 0.155612, 0.155612, 0.147374, 0.541401, 0.05},
    };
    for (auto const& ref : references) {
        CAPTURE(ref.m_V);
        BranchingRatios const br = branching_ratios(vector_widths(ref.m_V, dark_photon(ref.m_V, 1e-3), hadron_view()));
        CHECK(br.ee == doctest::Approx(ref.ee).epsilon(ref.tolerance));
        CHECK(br.mumu == doctest::Approx(ref.mumu).epsilon(ref.tolerance));
        CHECK(br.tautau == doctest::Approx(ref.tautau).epsilon(ref.tolerance));
        CHECK(br.hadrons == doctest::Approx(ref.hadrons).epsilon(ref.tolerance));
        CHECK(br.invisible == 0.0);
    }
}

TEST_CASE("branching_ratio_pi_pi of the dark photon agrees with DarkCast")
{
    // Reference: DarkCast v1.2 (micha-a-schmidt/darkcast db9a0f66ec99, scratch checkout),
    // Model('dark_photon', x_f = Q_f e).bfrac('pi+_pi-', m) and bfrac('hadrons', m). Both take pi+ pi- from
    // DarkCast's rho0 curve S_pipi. DarkCast's hadrons are its VMD R, ours the PDG R, and our pi+ pi- is the VMD
    // share S_pipi/R_VMD of it: so BR(pi pi)/BR(hadrons) is the same physics in both (to the two interpolations:
    // measured 5e-5 on the rho peak, 1e-4 allowed), while BR(pi pi) itself moves with PDG R / VMD R where leptons
    // take much of the width: -5.9% at 0.3 GeV (the 0.9405 scale of R below 0.36 GeV), -5.6% at 0.4, -2.9% at 0.6,
    // -1.2% at 0.7, -0.3% on the rho peak, -2.4% at 0.9, -6.3% at 1.2 GeV (the data 9% below the VMD fit, see the
    // test above), -0.04% at 1.7. Tolerances: 1.5 times those differences, 0.2% at least.
    struct Reference {
        double m_V;
        double pi_pi;
        double hadrons;
        double tolerance;
    };
    Reference const references[] = {
        {0.3, 8.9587135651e-03, 8.9617032888e-03, 0.09},   {0.4, 9.2654354499e-02, 9.2666061726e-02, 0.085},
        {0.6, 4.0131073453e-01, 4.0158330720e-01, 0.045},  {0.7, 7.0962165438e-01, 7.1154809003e-01, 0.018},
        {0.775, 6.6045341949e-01, 8.5756206109e-01, 5e-3}, {0.9, 4.5174330161e-01, 4.7757351000e-01, 0.036},
        {1.2, 7.7584251488e-02, 3.4064248821e-01, 0.095},  {1.7, 5.9934649596e-03, 5.6382990067e-01, 2e-3},
    };
    for (auto const& ref : references) {
        CAPTURE(ref.m_V);
        DarkSectorParameters const p = dark_photon(ref.m_V, 1e-3);
        double const br = branching_ratio_pi_pi(ref.m_V, p, hadron_view());
        double const hadrons = branching_ratios(vector_widths(ref.m_V, p, hadron_view())).hadrons;
        CHECK(br / hadrons == doctest::Approx(ref.pi_pi / ref.hadrons).epsilon(1e-4));
        CHECK(br == doctest::Approx(ref.pi_pi).epsilon(ref.tolerance));
    }
}
