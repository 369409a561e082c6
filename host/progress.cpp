// SPDX-License-Identifier: MIT
// Progress line and log lines on stderr.
#include "progress.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace darkscan {

std::string duration_text(double seconds)
{
    char text[48];
    if (!std::isfinite(seconds) || seconds < 0) {
        return "?";
    }
    auto const whole = static_cast<long long>(seconds + 0.5);
    if (seconds < 60) {
        std::snprintf(text, sizeof text, "%.1f s", seconds);
    } else if (whole < 3600) {
        std::snprintf(text, sizeof text, "%lld min %02lld s", whole / 60, whole % 60);
    } else {
        std::snprintf(text, sizeof text, "%lld h %02lld min", whole / 3600, whole / 60 % 60);
    }
    return text;
}

ProgressReport::ProgressReport(std::uint64_t points_total, std::uint64_t tiles_total, std::uint64_t points_resumed,
                               std::uint64_t tiles_resumed, ProgressStyle style, double log_interval_s)
    : points_total_(points_total),
      points_resumed_(points_resumed),
      tiles_resumed_(tiles_resumed),
      style_(style),
      log_interval_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(log_interval_s))),
      start_(std::chrono::steady_clock::now()),
      last_report_(start_)
{
    double const done = points_total > 0 ? double(points_resumed) / double(points_total) : 1.0;
    last_tenth_ = static_cast<int>(10 * done);
    if (style_ == ProgressStyle::log) {
        std::fprintf(stderr, "darkscan: %llu points in %llu tiles, %llu tiles (%.1f%%) done by earlier runs\n",
                     static_cast<unsigned long long>(points_total), static_cast<unsigned long long>(tiles_total),
                     static_cast<unsigned long long>(tiles_resumed), 100.0 * done);
    }
}

void ProgressReport::update(std::uint64_t points_done)
{
    if (style_ == ProgressStyle::silent) {
        return;
    }
    auto const now = std::chrono::steady_clock::now();
    std::uint64_t const all_done = points_resumed_ + points_done;
    double const fraction = points_total_ > 0 ? double(all_done) / double(points_total_) : 1.0;
    int const tenth = static_cast<int>(10 * fraction);
    bool const due = style_ == ProgressStyle::live ? now - last_report_ >= std::chrono::milliseconds(250)
                                                   : now - last_report_ >= log_interval_ || tenth > last_tenth_;
    if (!due && all_done < points_total_) {
        return;
    }
    if (style_ == ProgressStyle::log && all_done == points_total_ && last_tenth_ == 10) {
        return;  // the end is reported once
    }
    last_report_ = now;
    last_tenth_ = tenth;
    double const elapsed_s = std::chrono::duration<double>(now - start_).count();
    double const rate = elapsed_s > 0 ? double(points_done) / elapsed_s : 0.0;
    double const eta_s = rate > 0 ? double(points_total_ - all_done) / rate : NAN;
    char resumed[64] = "";
    if (tiles_resumed_ > 0) {
        std::snprintf(resumed, sizeof resumed, ", %llu tiles resumed", static_cast<unsigned long long>(tiles_resumed_));
    }
    if (style_ == ProgressStyle::live) {
        std::fprintf(stderr, "\r%llu / %llu points (%5.1f%%)  %.3g points/s  ETA %s%s   ",
                     static_cast<unsigned long long>(all_done), static_cast<unsigned long long>(points_total_),
                     100.0 * fraction, rate, all_done == points_total_ ? "0 s" : duration_text(eta_s).c_str(), resumed);
        drawn_ = true;
    } else {
        std::time_t const wall = std::time(nullptr);
        std::tm utc{};
        gmtime_r(&wall, &utc);
        char stamp[32];
        std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
        std::fprintf(stderr, "darkscan: %s %5.1f%% %llu / %llu points, %.3g points/s, elapsed %s, ETA %s%s\n", stamp,
                     100.0 * fraction, static_cast<unsigned long long>(all_done),
                     static_cast<unsigned long long>(points_total_), rate, duration_text(elapsed_s).c_str(),
                     all_done == points_total_ ? "0 s" : duration_text(eta_s).c_str(), resumed);
    }
    std::fflush(stderr);
}

void ProgressReport::close()
{
    if (drawn_) {
        std::fputc('\n', stderr);
        drawn_ = false;
    }
}

}  // namespace darkscan
