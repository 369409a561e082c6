// SPDX-License-Identifier: MIT
// A user's program linking the darkscan host library: parses a grid axis as a scan config would.
#include <cstdio>

#include "scan_config.hpp"

int main()
{
    auto const axis = darkscan::parse_axis("mV", "log:0.01:1:3", true);
    std::printf("axis %zu %.17g\n", axis.values.size(), axis.values[1]);
    return axis.values.size() == 3 ? 0 : 1;
}
