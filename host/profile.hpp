// SPDX-License-Identifier: MIT
// `darkscan profile`: profile-likelihood maps of a finished scan. For two kept axes, the minimum (or maximum)
// of a 5-D dataset over the other three, where it sits and other datasets there, written into a group of the
// same file. The dataset is streamed in chunk-aligned slabs, so memory does not grow with the grid.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "darkscan/grid.hpp"
#include "darkscan/kernels/profile_reducer.hpp"
#include "scan_file.hpp"

namespace darkscan {

/// The dataset profiled when none is named.
inline constexpr char const* default_profile_dataset = "chi2_total";
/// Points per slab read (32 MiB of float64 per dataset).
inline constexpr std::uint64_t default_profile_slab_points = std::uint64_t{1} << 22;
/// argmin_<axis> where a cell has no non-NaN value (also the datasets' _FillValue).
inline constexpr std::uint32_t profile_index_fill = 0xFFFFFFFFu;

struct ProfileOptions {
    std::filesystem::path file;
    std::vector<std::string> keep;      ///< two axis names: dimension names or config keys
    std::vector<std::string> datasets;  ///< the first is profiled, the others reported at its extremum
    ProfileOperation operation = ProfileOperation::minimum;
    std::string group;  ///< empty: profile_<axis1>_<axis2>
    bool allow_incomplete = false;
    bool overwrite = false;
    std::uint64_t slab_points = default_profile_slab_points;
    int threads = 0;  ///< CPU threads of the OMP backend, 0: all cores
};

struct ProfileSummary {
    std::string group;    ///< the group written, e.g. "profile_m_V_m_chi"
    std::string dataset;  ///< the dataset profiled
    std::vector<std::string> removed_axes;
    std::uint64_t points = 0;
    std::uint64_t slabs = 0;
    double wall_seconds = 0.0;
};

/// The grid axis of `name` among `axes` (a dimension name or its config key); throws InputError naming
/// option `option` and listing the axes otherwise.
int find_axis(std::string const& name, std::vector<AxisSpec> const& axes, std::string const& option);

/// Slab shape for streaming a grid of `extent` stored in chunks of `chunk`: whole chunks, growing from the
/// innermost axis outwards while the slab stays within `target_points` (at least one chunk).
Index5 profile_slab_shape(Index5 const& extent, Index5 const& chunk, std::uint64_t target_points);

/// Computes the profile of `options` and writes it into the file. Throws InputError (bad axis or dataset,
/// incomplete file) or OutputError (file, existing group) with a one-line message before touching the file.
ProfileSummary run_profile(ProfileOptions const& options);

}  // namespace darkscan
