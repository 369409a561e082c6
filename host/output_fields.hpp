// SPDX-License-Identifier: MIT
// Names, units and descriptions of the per-point outputs: HDF5 dataset names and `darkscan point` JSON keys.
#pragma once

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

}  // namespace darkscan
