// SPDX-License-Identifier: MIT
// Loading of the run's data tables.
#include "physics_tables.hpp"

namespace darkscan {

std::vector<std::string> PhysicsTables::data_files() const
{
    std::vector<std::string> files{"rratio/rratio.dat"};
    for (auto const& name : vmd_curve_files()) {
        files.push_back((std::filesystem::path("darkcast-vmd") / name).string());
    }
    files.emplace_back(data_file(eos.equation_of_state));
    files.insert(files.end(), constraints.files.begin(), constraints.files.end());
    return files;
}

PhysicsTables load_physics_tables(EquationOfState equation_of_state, std::uint64_t constraint_terms,
                                  std::array<double, constraint_term_count> const& cl)
{
    PhysicsTables tables{load_hadron_tables(), load_eos_tables(equation_of_state), {}, {}};
    tables.constraints = load_constraint_tables(constraint_terms, cl, tables.hadrons.view());
    return tables;
}

std::string physics_modules()
{
    return "dark matter: Dirac, complex scalar, Majorana or pseudo-Dirac (dm_type), "
           "V widths and branching ratios (R ratio + VMD, g_X), tree-level sigma v (VV, V* -> f fbar, hadrons), "
           "thermal freeze-out Omega h^2 (Gondolo-Gelmini, resonance-aware; g_*(T) tables of Saikawa-Shirai 2020 "
           "or Drees-Hajkarim-Schmitz 2015), Sommerfeld factors S_s and S_p (numerical Yukawa; Coulomb and "
           "Hulthen forms), Yukawa bound states (1s, 2s, 2p), SIDM transfer cross "
           "sections (Born, partial waves, classical fits), constraint likelihoods (" +
           std::to_string(constraint_term_count) + " terms: visible, displaced and invisible dark-photon searches, "
           "dark-matter beams, direct detection, cosmology, baryonic-coupling bounds, g-2)";
}

}  // namespace darkscan
