// SPDX-License-Identifier: MIT
// Relic-line search along one grid axis.
#include "relic_line.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace darkscan {

RelicCrossing find_relic_crossing(std::vector<double> const& coordinates, double const* omega, std::size_t stride,
                                  double target)
{
    RelicCrossing result{std::numeric_limits<double>::quiet_NaN(), 0};
    double const ln_target = std::log(target);
    for (std::size_t k = 0; k + 1 < coordinates.size(); ++k) {
        double const a = omega[k * stride];
        double const b = omega[(k + 1) * stride];
        if (!(std::isfinite(a) && std::isfinite(b) && a > 0.0 && b > 0.0)) {
            continue;
        }
        double const da = std::log(a) - ln_target;
        double const db = std::log(b) - ln_target;
        // A node on the target counts once: as the left end of a pair, not again as the right end.
        if (!(da == 0.0 || (da < 0.0) != (db < 0.0)) || db == 0.0) {
            continue;
        }
        double const x0 = coordinates[k];
        double const x1 = coordinates[k + 1];
        double const f = da / (da - db);
        double const crossing = x0 > 0.0 ? std::exp(std::log(x0) + f * (std::log(x1) - std::log(x0)))
                                         : x0 + f * (x1 - x0);
        if (result.count == 0) {
            result.coordinate = crossing;
        }
        ++result.count;
    }
    return result;
}

std::vector<ReducedFieldSpec> relic_line_fields(AxisSpec const& axis_spec, int axis, double target)
{
    char target_text_buffer[32];
    std::snprintf(target_text_buffer, sizeof target_text_buffer, "%g", target);
    std::string const target_text = target_text_buffer;
    std::string const name = "relic_line_" + axis_spec.name;
    return {{{name, axis_spec.units, axis_spec.long_name + " where Omega h^2 = " + target_text,
              "first crossing of omega_h2 = " + target_text + " along " + axis_spec.name
                  + " (interpolated in ln omega_h2 against ln " + axis_spec.name + "), NaN where omega_h2 does not "
                  "cross it; see " + name + "_crossings",
              ElementType::float64, {}, {}, {}},
             axis},
            {{name + "_crossings", "1", "number of crossings of Omega h^2 = " + target_text,
              "how often omega_h2 crosses " + target_text + " along " + axis_spec.name + " (more than one near a "
              "resonance; " + name + " is the first)",
              ElementType::uint32, {}, {}, {}},
             axis}};
}

void write_relic_line(ScanFile& file, std::size_t omega_field, std::size_t first_reduced_field, Shape const& extent,
                      int axis, std::vector<double> const& coordinates, double target)
{
    int const slab_axis = axis == 0 ? 1 : 0;  // one index of this axis per read
    Shape count = extent;
    count[slab_axis] = 1;
    std::uint64_t slab_points = 1;
    for (std::uint64_t n : count) {
        slab_points *= n;
    }
    // Row-major strides of the slab; the lines run along `axis`.
    Shape stride{};
    stride[grid_rank - 1] = 1;
    for (int d = grid_rank - 2; d >= 0; --d) {
        stride[d] = stride[d + 1] * count[d + 1];
    }
    std::vector<double> slab(slab_points);
    std::vector<double> first;
    std::vector<std::uint32_t> crossings;
    first.reserve(slab_points / extent[axis] * extent[slab_axis]);
    crossings.reserve(first.capacity());
    for (std::uint64_t i = 0; i < extent[slab_axis]; ++i) {
        Shape start{};
        start[slab_axis] = i;
        file.read_box(omega_field, start, count, slab.data());
        // Lines in row-major order of the remaining axes: walk the slab with the line axis held at 0.
        for (std::uint64_t flat = 0; flat < slab_points; ++flat) {
            if ((flat / stride[axis]) % count[axis] != 0) {
                continue;
            }
            RelicCrossing const crossing = find_relic_crossing(coordinates, slab.data() + flat, stride[axis], target);
            first.push_back(crossing.coordinate);
            crossings.push_back(crossing.count);
        }
    }
    file.write_reduced_field(first_reduced_field, first.data());
    file.write_reduced_field(first_reduced_field + 1, crossings.data());
}

}  // namespace darkscan
