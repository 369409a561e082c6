// SPDX-License-Identifier: MIT
// Host-owned table on a uniform grid; physics code sees it through UniformTableView.
#pragma once

#include <vector>

#include "darkscan/physics/table.hpp"

namespace darkscan {

struct UniformTable {
    double x_min = 0.0;
    double dx = 1.0;
    std::vector<double> values;

    /// View over this table's host memory (serial reference path and CPU backends).
    UniformTableView view() const { return {values.data(), static_cast<int>(values.size()), x_min, dx}; }
};

/// The identity upload: a view of host memory.
inline UniformTableView host_view(UniformTable const& table)
{
    return table.view();
}

}  // namespace darkscan
