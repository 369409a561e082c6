// SPDX-License-Identifier: MIT
// Progress line on stderr.
#include "progress.hpp"

#include <cstdio>

namespace darkscan {

ProgressLine::ProgressLine(std::uint64_t total_points, bool enabled)
    : total_(total_points), enabled_(enabled), start_(std::chrono::steady_clock::now()), last_draw_(start_)
{
}

void ProgressLine::update(std::uint64_t points_done)
{
    if (!enabled_) {
        return;
    }
    auto const now = std::chrono::steady_clock::now();
    if (points_done < total_ && now - last_draw_ < std::chrono::milliseconds(250)) {
        return;
    }
    last_draw_ = now;
    double const elapsed_s = std::chrono::duration<double>(now - start_).count();
    double const rate = elapsed_s > 0 ? double(points_done) / elapsed_s : 0.0;
    double const eta_s = rate > 0 ? double(total_ - points_done) / rate : 0.0;
    std::fprintf(stderr, "\r%llu / %llu points (%5.1f%%)  %.3g points/s  ETA %.0f s   ",
                 static_cast<unsigned long long>(points_done), static_cast<unsigned long long>(total_),
                 total_ > 0 ? 100.0 * double(points_done) / double(total_) : 100.0, rate, eta_s);
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressLine::close()
{
    if (drawn_) {
        std::fputc('\n', stderr);
        drawn_ = false;
    }
}

}  // namespace darkscan
