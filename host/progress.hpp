// SPDX-License-Identifier: MIT
// Live progress line (points done, rate, ETA) on a terminal; silent otherwise.
#pragma once

#include <chrono>
#include <cstdint>

namespace darkscan {

class ProgressLine {
public:
    ProgressLine(std::uint64_t total_points, bool enabled);
    /// Redraws at most a few times per second.
    void update(std::uint64_t points_done);
    /// Ends the line (if one was drawn).
    void close();

private:
    std::uint64_t total_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace darkscan
