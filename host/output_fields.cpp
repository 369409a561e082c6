// SPDX-License-Identifier: MIT
// Metadata of the per-point outputs.
#include "output_fields.hpp"

namespace darkscan {

namespace {

constexpr OutputInfo infos[output_count] = {
    {"m_V", "GeV", "mediator mass", "mass of the vector mediator V"},
    {"m_chi", "GeV", "dark-matter mass", "mass of the Dirac dark-matter fermion chi"},
    {"epsilon", "1", "kinetic mixing", "kinetic mixing epsilon (V couples to eps e J_EM)"},
    {"width_V_GeV", "GeV", "total width of V", "sum of the partial widths to e, mu, tau, hadrons and chi chibar"},
    {"br_V_ee", "1", "BR(V -> e+ e-)", "branching ratio of V to e+ e-"},
    {"br_V_mumu", "1", "BR(V -> mu+ mu-)", "branching ratio of V to mu+ mu-"},
    {"br_V_tautau", "1", "BR(V -> tau+ tau-)", "branching ratio of V to tau+ tau-"},
    {"br_V_hadrons", "1", "BR(V -> hadrons)", "branching ratio of V to hadrons (R ratio and vector-meson dominance)"},
    {"br_V_invisible", "1", "BR(V -> chi chibar)", "branching ratio of V to dark matter (invisible)"},
    {"sigmav_VV_cm3_s", "cm3 s-1", "sigma v_rel(chi chibar -> V V), v -> 0",
     "tree-level s-wave sigma v_rel of chi chibar -> V V (t/u channel), zero for m_V >= m_chi"},
    {"sigmav_ee_cm3_s", "cm3 s-1", "sigma v_rel(chi chibar -> e+ e-), v -> 0",
     "tree-level s-wave sigma v_rel of chi chibar -> e+ e- through V, the V width in the propagator taken at s = 4 m_chi^2"},
    {"sigmav0_cm3_s", "cm3 s-1", "total sigma v_rel(chi chibar), v -> 0",
     "tree-level s-wave sigma v_rel of chi chibar summed over every channel (V V, leptons, hadrons), no Sommerfeld factor"},
    {"omega_h2", "1", "relic abundance Omega h^2",
     "Omega h^2 of chi plus chibar from thermal freeze-out (Boltzmann equation, Gondolo-Gelmini thermal average)"},
    {"x_f", "1", "freeze-out m_chi / T",
     "x = m_chi/T where the yield departs from equilibrium by Y - Y_eq = Y_eq"},
    {"sigmav_xf_cm3_s", "cm3 s-1", "<sigma v_rel>(chi chibar) at freeze-out",
     "thermally averaged chi chibar annihilation cross section (Moller velocity) at x_f, all channels"},
};

}  // namespace

OutputInfo const& output_info(int output)
{
    return infos[output];
}

}  // namespace darkscan
