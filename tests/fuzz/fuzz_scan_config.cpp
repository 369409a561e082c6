// SPDX-License-Identifier: MIT
// Fuzz target: a scan config file (INI text) and command-line words through read_scan_config_text; an accepted
// config has a grid of finite, strictly increasing values within the limits, and a name for its output.
// Input: the config text, then optionally a line "--" and the command-line words, one per line.
#include <cmath>
#include <sstream>
#include <vector>

#include "fuzz_target.hpp"
#include "scan_config.hpp"

namespace darkscan::fuzz {

void fuzz_one(std::string const& input)
{
    std::size_t const separator = input.find("\n--\n");
    std::vector<std::string> words;
    if (separator != std::string::npos) {
        std::istringstream lines(input.substr(separator + 4));
        for (std::string word; std::getline(lines, word);) {
            words.push_back(word);
        }
    }
    ScanConfig const config = read_scan_config_text(input.substr(0, separator), "fuzz.ini", words);
    fuzz_require(config.point_count() >= 1 && config.point_count() <= max_grid_points, "grid size within limits");
    for (auto const& axis : config.axes) {
        fuzz_require(!axis.values.empty() && axis.values.size() <= max_axis_points, "axis size within limits");
        for (std::size_t i = 0; i < axis.values.size(); ++i) {
            fuzz_require(std::isfinite(axis.values[i]) && axis.values[i] >= 0.0, "axis values finite and >= 0");
            fuzz_require(i == 0 || axis.values[i] > axis.values[i - 1], "axis values strictly increasing");
        }
    }
    fuzz_require(!config.output.empty() && !config.config_text.empty(), "an output and the effective config");
}

}  // namespace darkscan::fuzz
