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
    return files;
}

PhysicsTables load_physics_tables()
{
    return {load_hadron_tables()};
}

std::string physics_modules()
{
    return "V widths and branching ratios (R ratio + VMD, g_X), tree-level sigma v (VV, V* -> e+e-)";
}

}  // namespace darkscan
