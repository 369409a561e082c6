// SPDX-License-Identifier: MIT
// Progress of a scan on stderr: a live line on a terminal (points done, rate, ETA, tiles resumed), or plain log
// lines at a fixed interval and at every tenth of the scan when stderr is a file or a pipe (batch jobs).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace darkscan {

enum class ProgressStyle { live, log, silent };

class ProgressReport {
public:
    /// `points_total` and `tiles_total` of the whole scan, of which `points_resumed` in `tiles_resumed` tiles
    /// were done by earlier runs; log lines every `log_interval_s` seconds.
    ProgressReport(std::uint64_t points_total, std::uint64_t tiles_total, std::uint64_t points_resumed,
                   std::uint64_t tiles_resumed, ProgressStyle style, double log_interval_s);
    /// Reports `points_done` computed by this run (redraws a live line at most 4 times a second).
    void update(std::uint64_t points_done);
    /// Ends a live line.
    void close();

private:
    std::uint64_t points_total_;
    std::uint64_t points_resumed_;
    std::uint64_t tiles_resumed_;
    ProgressStyle style_;
    std::chrono::steady_clock::duration log_interval_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_report_;
    int last_tenth_ = 0;
    bool drawn_ = false;
};

/// "3 h 05 min", "12 min 04 s", "9.5 s": a duration for people.
std::string duration_text(double seconds);

}  // namespace darkscan
