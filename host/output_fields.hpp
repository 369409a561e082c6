// SPDX-License-Identifier: MIT
// Names, units and descriptions of the per-point outputs (HDF5 dataset names and `darkscan point` JSON keys)
// and of the grid axes (HDF5 dimension names and config keys).
#pragma once

#include <array>
#include <string>

#include "darkscan/grid.hpp"
#include "darkscan/outputs.hpp"
#include "darkscan/parameters.hpp"

namespace darkscan {

struct OutputInfo {
    char const* name;  ///< dataset name and JSON key
    char const* units;  ///< UDUNITS spelling, "1" if dimensionless
    char const* long_name;
    char const* description;
};

/// Metadata of every Output, indexed by the enumerator.
OutputInfo const& output_info(int output);

/// One grid axis: HDF5 dimension (coordinate dataset) name, units, long name, and the config key setting it.
struct AxisNaming {
    char const* name;  ///< e.g. "m_chi_over_m_V"
    char const* units;
    char const* long_name;
    char const* option;  ///< e.g. "mchi_over_mV"
};

/// The five axes of a scan in `parametrisation`, in grid order.
std::array<AxisNaming, axis_count> axis_naming(AxisParametrisation parametrisation);

/// The config key of grid axis `axis` when its dimension is named `dimension` ("m_V" -> "mV"), or nullptr if no
/// parametrisation names axis `axis` so.
char const* axis_option(int axis, std::string const& dimension);

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
