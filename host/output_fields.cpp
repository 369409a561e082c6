// SPDX-License-Identifier: MIT
// Metadata of the per-point outputs and of the grid axes.
#include "output_fields.hpp"

#include <array>

namespace darkscan {

namespace {

constexpr OutputInfo infos[out_chi2_first] = {
    {"m_V", "GeV", "mediator mass", "mass of the vector mediator V"},
    {"m_chi", "GeV", "dark-matter mass", "mass of the dark-matter particle chi of the root attribute dm_type (pseudo_dirac: the lighter chi_1)"},
    {"epsilon", "1", "kinetic mixing", "kinetic mixing epsilon (V couples to eps e J_EM)"},
    {"width_V_GeV", "GeV", "total width of V", "sum of the partial widths to e, mu, tau, hadrons and chi chibar"},
    {"br_V_ee", "1", "BR(V -> e+ e-)", "branching ratio of V to e+ e-"},
    {"br_V_mumu", "1", "BR(V -> mu+ mu-)", "branching ratio of V to mu+ mu-"},
    {"br_V_tautau", "1", "BR(V -> tau+ tau-)", "branching ratio of V to tau+ tau-"},
    {"br_V_hadrons", "1", "BR(V -> hadrons)", "branching ratio of V to hadrons (R ratio and vector-meson dominance)"},
    {"br_V_invisible", "1", "BR(V -> chi chibar)", "branching ratio of V to dark matter (invisible)"},
    {"sigmav_VV_cm3_s", "cm3 s-1", "sigma v_rel(chi chibar -> V V), v -> 0",
     "tree-level s-wave sigma v_rel of chi chibar -> V V (t/u channel), zero for m_V >= m_chi; for the other dm_type "
     "the pair that annihilates today (chi chi^*, chi_1 chi_1; Majorana: not modelled)"},
    {"sigmav_ee_cm3_s", "cm3 s-1", "sigma v_rel(chi chibar -> e+ e-), v -> 0",
     "tree-level s-wave sigma v_rel of chi chibar -> e+ e- through V, the V width in the propagator taken at s = 4 m_chi^2 "
     "(other dm_type: its pair at threshold, zero for the p-wave complex scalar and Majorana, chi_1 chi_2 for "
     "pseudo_dirac)"},
    {"sigmav0_cm3_s", "cm3 s-1", "total sigma v_rel(chi chibar), v -> 0",
     "tree-level s-wave sigma v_rel of chi chibar summed over every channel (V V, leptons, hadrons), no Sommerfeld factor "
     "(other dm_type: the population that annihilates today, chi chi^*, chi chi or chi_1 chi_1)"},
    {"omega_h2", "1", "relic abundance Omega h^2",
     "Omega h^2 of chi plus chibar (or the pair of dm_type) from thermal freeze-out (Boltzmann equation, "
     "Gondolo-Gelmini thermal average; pseudo_dirac: chi_1 and chi_2 coannihilating); "
     "the rate includes the thermal Sommerfeld factor where the root attribute relic_sommerfeld is on"},
    {"x_f", "1", "freeze-out m_chi / T",
     "x = m_chi/T where the yield departs from equilibrium by Y - Y_eq = Y_eq"},
    {"sigmav_xf_cm3_s", "cm3 s-1", "<sigma v_rel>(chi chibar) at freeze-out",
     "thermally averaged chi chibar annihilation cross section (Moller velocity) at x_f, all channels; times the "
     "thermal Sommerfeld factor where the root attribute relic_sommerfeld is on"},
    {"sommerfeld_s_recombination", "1", "Sommerfeld factor S_s at recombination",
     "s-wave Sommerfeld factor of chi chibar, numerical solution of the Yukawa potential of V, at the recombination "
     "velocity (attribute v)"},
    {"sommerfeld_p_recombination", "1", "Sommerfeld factor S_p at recombination",
     "p-wave Sommerfeld factor of chi chibar, numerical Yukawa, at the recombination velocity (attribute v)"},
    {"sommerfeld_s_dwarf", "1", "Sommerfeld factor S_s in dwarf galaxies",
     "s-wave Sommerfeld factor of chi chibar, numerical Yukawa, at the dwarf-galaxy velocity (attribute v)"},
    {"sommerfeld_p_dwarf", "1", "Sommerfeld factor S_p in dwarf galaxies",
     "p-wave Sommerfeld factor of chi chibar, numerical Yukawa, at the dwarf-galaxy velocity (attribute v)"},
    {"sommerfeld_s_milky_way", "1", "Sommerfeld factor S_s in the Milky Way",
     "s-wave Sommerfeld factor of chi chibar, numerical Yukawa, at the Milky-Way velocity (attribute v)"},
    {"sommerfeld_p_milky_way", "1", "Sommerfeld factor S_p in the Milky Way",
     "p-wave Sommerfeld factor of chi chibar, numerical Yukawa, at the Milky-Way velocity (attribute v)"},
    {"sommerfeld_s_freeze_out", "1", "thermal <S_s> at freeze-out",
     "s-wave Sommerfeld factor of chi chibar averaged over the Maxwell distribution of per-particle velocities "
     "at x_f (numerical Yukawa)"},
    {"bound_1s_exists", "1", "1s dark onium exists",
     "1 if the Yukawa potential of V binds a chi chibar 1s state (alpha_D m_chi > 1.68 m_V), else 0"},
    {"bound_2s_exists", "1", "2s dark onium exists", "1 if the Yukawa potential binds a 2s state, else 0"},
    {"bound_2p_exists", "1", "2p dark onium exists", "1 if the Yukawa potential binds a 2p state, else 0"},
    {"E_1s_GeV", "GeV", "1s binding energy",
     "energy of the chi chibar 1s state relative to threshold (negative; numerical Yukawa eigenvalue); 0 when "
     "no 1s state exists"},
    {"psi0_sq_1s_GeV3", "GeV3", "|psi_1s(0)|^2",
     "squared wave function at the origin of the 1s state, R(0)^2/(4 pi) (numerical Yukawa); 0 when unbound"},
    {"sigmaT_over_m_attr_dwarf_cm2_g", "cm2 g-1", "sigma_T/m_chi, attractive, dwarf velocity",
     "transfer cross section over m_chi of chi chibar (attractive Yukawa), distinguishable particles, at the "
     "dwarf relative velocity (attribute v_rel)"},
    {"sigmaT_over_m_rep_dwarf_cm2_g", "cm2 g-1", "sigma_T/m_chi, repulsive, dwarf velocity",
     "transfer cross section over m_chi of chi chi (repulsive Yukawa), distinguishable particles, at the dwarf "
     "relative velocity (attribute v_rel)"},
    {"sigmaT_over_m_dwarf_cm2_g", "cm2 g-1", "sigma_T/m_chi, Dirac population, dwarf velocity",
     "transfer cross section over m_chi of a symmetric chi/chibar population (mean of attractive and repulsive) "
     "at the dwarf relative velocity (attribute v_rel)"},
    {"sigmaT_over_m_attr_cluster_cm2_g", "cm2 g-1", "sigma_T/m_chi, attractive, cluster velocity",
     "transfer cross section over m_chi of chi chibar (attractive Yukawa), distinguishable particles, at the "
     "cluster relative velocity (attribute v_rel)"},
    {"sigmaT_over_m_rep_cluster_cm2_g", "cm2 g-1", "sigma_T/m_chi, repulsive, cluster velocity",
     "transfer cross section over m_chi of chi chi (repulsive Yukawa), distinguishable particles, at the cluster "
     "relative velocity (attribute v_rel)"},
    {"sigmaT_over_m_cluster_cm2_g", "cm2 g-1", "sigma_T/m_chi, Dirac population, cluster velocity",
     "transfer cross section over m_chi of a symmetric chi/chibar population (mean of attractive and repulsive) "
     "at the cluster relative velocity (attribute v_rel)"},
    {"sigmaT_over_m_attr_bullet_cm2_g", "cm2 g-1", "sigma_T/m_chi, attractive, Bullet Cluster velocity",
     "transfer cross section over m_chi of chi chibar (attractive Yukawa), distinguishable particles, at the "
     "Bullet Cluster's collision velocity (attribute v_rel)"},
    {"sigmaT_over_m_rep_bullet_cm2_g", "cm2 g-1", "sigma_T/m_chi, repulsive, Bullet Cluster velocity",
     "transfer cross section over m_chi of chi chi (repulsive Yukawa), distinguishable particles, at the Bullet "
     "Cluster's collision velocity (attribute v_rel)"},
    {"sigmaT_over_m_bullet_cm2_g", "cm2 g-1", "sigma_T/m_chi, Dirac population, Bullet Cluster velocity",
     "transfer cross section over m_chi of a symmetric chi/chibar population (mean of attractive and repulsive) "
     "at the Bullet Cluster's collision velocity (attribute v_rel)"},
    {"br_Z_gammaX", "1", "BR(Z -> gamma X)",
     "branching ratio of Z -> gamma X, X = V emitted longitudinally through the baryon-number anomaly "
     "(Dror-Lasenby-Pospelov arXiv:1705.06726; width derived with 1536 pi^5, see README)"},
    {"br_K_piX", "1", "BR(K+ -> pi+ X)",
     "branching ratio of K+ -> pi+ X, X = V: anomaly-induced FCNC, non-anomalous g_X and kinetic-mixing parts"},
    {"br_B_KX", "1", "BR(B+ -> K+ X)", "branching ratio of B+ -> K+ X, X = V, through the anomaly-induced FCNC"},
    {"sigma_ee_eta_D_V_fb", "fb", "sigma(e+e- -> eta_D V) at BaBar",
     "production of the chi chibar 1S0 bound state with a V at sqrt(s) = 10.58 GeV (An-Echenard-Pospelov-Zhang "
     "arXiv:1510.05020); 0 when unbound"},
    {"sigma_ee_gamma_upsilon_D_fb", "fb", "sigma(e+e- -> gamma Upsilon_D) at BaBar",
     "production of the chi chibar 3S1 bound state with a photon in BaBar's acceptance at sqrt(s) = 10.58 GeV; 0 "
     "when unbound"},
    {"sigma_chiN_SI_cm2", "cm2", "sigma_SI per nucleon, xenon",
     "spin-independent chi-nucleon cross section through V exchange, per nucleon as isospin-symmetric limits on "
     "xenon quote it (Z = 54, A = 131.39), propagator at xenon's reference momentum transfer"},
    {"sigma_chie_cm2", "cm2", "sigma_e-bar",
     "chi-electron reference cross section at q = alpha m_e (Essig-Mardon-Volansky arXiv:1108.5383), F_DM = 1"},
    {"delta_a_e", "1", "Delta a_e", "one-loop V contribution to the electron anomalous magnetic moment"},
    {"delta_a_mu", "1", "Delta a_mu", "one-loop V contribution to the muon anomalous magnetic moment"},
    {"p_ann_cm3_s_GeV", "cm3 s-1 GeV-1", "CMB annihilation parameter p_ann",
     "f_eff <sigma v>/(2 m_chi) at recombination (Dirac chi; s-wave sigma v times S_s at the recombination "
     "velocity; Slatyer's f_eff, a lower bound where a channel has none: tau, hadrons); complex scalar p-wave "
     "channels at the recombination speed times S_p; Majorana and pseudo-Dirac chi_1: f_eff <sigma v>/m_chi"},
    {"chi2_total", "1", "-2 Delta ln L, every constraint",
     "sum of the chi2_<term> datasets of the active constraint terms (root attribute constraints)"},
};

/// Names and texts of the chi2_<term> outputs, built from the term table.
struct TermOutputInfos {
    std::array<std::string, constraint_term_count> names;
    std::array<std::string, constraint_term_count> descriptions;
    std::array<OutputInfo, constraint_term_count> infos;

    TermOutputInfos()
    {
        for (int term = 0; term < constraint_term_count; ++term) {
            auto const& info = constraint_term_table[term];
            names[term] = std::string("chi2_") + info.name;
            descriptions[term] = std::string("-2 Delta ln L relative to no signal of ") + info.long_name + " (" +
                                 info.reference + ")";
            infos[term] = {names[term].c_str(), "1", info.long_name, descriptions[term].c_str()};
        }
    }
};

}  // namespace

OutputInfo const& output_info(int output)
{
    if (output < out_chi2_first) {
        return infos[output];
    }
    static TermOutputInfos const terms;
    return terms.infos[output - out_chi2_first];
}

std::array<AxisNaming, axis_count> axis_naming(AxisParametrisation parametrisation)
{
    bool const m_V_is_ratio = parametrisation.masses == MassAxes::m_V_over_m_chi;
    bool const m_chi_is_ratio = parametrisation.masses == MassAxes::m_chi_over_m_V;
    bool const yield_axis = parametrisation.mixing == MixingAxis::yield_Y;
    return {{
        m_V_is_ratio ? AxisNaming{"m_V_over_m_chi", "1", "mediator to dark-matter mass ratio", "mV_over_mchi"}
                     : AxisNaming{"m_V", "GeV", "mediator mass", "mV"},
        m_chi_is_ratio ? AxisNaming{"m_chi_over_m_V", "1", "dark-matter to mediator mass ratio", "mchi_over_mV"}
                       : AxisNaming{"m_chi", "GeV", "dark-matter mass", "mchi"},
        yield_axis ? AxisNaming{"Y", "1", "yield variable Y = epsilon^2 alpha_D (m_chi/m_V)^4", "Y"}
                   : AxisNaming{"epsilon", "1", "kinetic mixing", "epsilon"},
        AxisNaming{"alpha_D", "1", "dark coupling alpha_D = g_D^2/(4 pi)", "alphaD"},
        AxisNaming{"g_X", "1", "coupling of V to the baryon current", "gX"},
    }};
}

char const* axis_option(int axis, std::string const& dimension)
{
    for (MassAxes masses : {MassAxes::absolute, MassAxes::m_chi_over_m_V, MassAxes::m_V_over_m_chi}) {
        for (MixingAxis mixing : {MixingAxis::epsilon, MixingAxis::yield_Y}) {
            AxisNaming const naming = axis_naming({masses, mixing})[axis];
            if (dimension == naming.name) {
                return naming.option;
            }
        }
    }
    return nullptr;
}

std::string physics_blocks_text(unsigned blocks)
{
    std::string text;
    for (auto const& [name, block] : physics_block_names) {
        if ((blocks & block) != 0) {
            text += (text.empty() ? "" : ",") + std::string(name);
        }
    }
    return text;
}

}  // namespace darkscan
