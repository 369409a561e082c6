// SPDX-License-Identifier: MIT
// Names, units and descriptions of the per-point outputs: HDF5 dataset names and `darkscan point` JSON keys.
#pragma once

#include <string>

#include "darkscan/outputs.hpp"

namespace darkscan {

struct OutputInfo {
    char const* name;  ///< dataset name and JSON key
    char const* units;  ///< UDUNITS spelling, "1" if dimensionless
    char const* long_name;
    char const* description;
};

/// Metadata of every Output, indexed by the enumerator.
OutputInfo const& output_info(int output);

/// Names of the optional physics blocks (option `physics`, root attribute `physics`).
struct PhysicsBlockName {
    char const* name;
    PhysicsBlock block;
};
inline constexpr PhysicsBlockName physics_block_names[] = {
    {"relic", block_relic},
    {"sommerfeld", block_sommerfeld},
    {"bound_states", block_bound_states},
    {"sidm", block_sidm},
    {"constraints", block_constraints},
};

/// Comma list of the optional blocks in `blocks`, e.g. "relic,sommerfeld".
std::string physics_blocks_text(unsigned blocks);

}  // namespace darkscan
