// SPDX-License-Identifier: MIT
// Reads the PDG R compilation and DarkCast's VMD curves and builds the hadron tables (see hadron_tables.hpp).
#include "hadron_tables.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "data_files.hpp"
#include "errors.hpp"

namespace darkscan {

namespace {

/// A field of a hadronicrpp line: a number, or a quoted string (kept only to be skipped).
struct Field {
    bool quoted;
    double number;
};

/// Splits a line into whitespace-separated numbers and single-quoted strings; false on anything else.
bool split_fields(std::string const& line, std::vector<Field>& fields)
{
    fields.clear();
    std::size_t i = 0;
    while (i < line.size()) {
        if (std::isspace(static_cast<unsigned char>(line[i]))) {
            ++i;
        } else if (line[i] == '\'') {
            std::size_t const close = line.find('\'', i + 1);
            if (close == std::string::npos) {
                return false;
            }
            fields.push_back({true, 0.0});
            i = close + 1;
        } else {
            std::size_t end = i;
            while (end < line.size() && !std::isspace(static_cast<unsigned char>(line[end]))) {
                ++end;
            }
            double value = 0.0;
            if (!data::parse_number(line.substr(i, end - i), value)) {
                return false;
            }
            fields.push_back({false, value});
            i = end;
        }
    }
    return true;
}

/// Linear interpolation in a VmdCurve, end values held outside its range (DarkCast utils.Dataset).
double interpolate(VmdCurve const& curve, double m)
{
    if (m <= curve.mass.front()) {
        return curve.r_mu.front();
    }
    if (m >= curve.mass.back()) {
        return curve.r_mu.back();
    }
    auto const upper = std::upper_bound(curve.mass.begin(), curve.mass.end(), m);
    auto const k = static_cast<std::size_t>(std::distance(curve.mass.begin(), upper)) - 1;
    double const w = (m - curve.mass[k]) / (curve.mass[k + 1] - curve.mass[k]);
    return (1.0 - w) * curve.r_mu[k] + w * curve.r_mu[k + 1];
}

double sum_at(std::vector<VmdCurve> const& curves, double m)
{
    double sum = 0.0;
    for (auto const& curve : curves) {
        sum += interpolate(curve, m);
    }
    return sum;
}

enum class VmdComponent { rho, omega, phi, omega_phi };

struct VmdFile {
    char const* name;
    VmdComponent component;
};

/// The pi+ pi- curve (width_to_pi_pi).
constexpr char const* pi_pi_file = "rf.pi+_pi-.rho0.dat";

/// DarkCast v1.2 pars.py `rfs`: final states and the meson components each is split into.
constexpr VmdFile vmd_files[] = {
    {pi_pi_file, VmdComponent::rho},
    {"rf.pi+_pi-_pi+_pi-.rho0.dat", VmdComponent::rho},
    {"rf.pi+_pi-_pi0_pi0.rho0.dat", VmdComponent::rho},
    {"rf.other.rho0.dat", VmdComponent::rho},
    {"rf.pi+_pi-_pi0.omega.dat", VmdComponent::omega},
    {"rf.pi0_gamma.omega.dat", VmdComponent::omega},
    {"rf.other.omega.dat", VmdComponent::omega},
    {"rf.pi+_pi-_pi0.phi.dat", VmdComponent::phi},
    {"rf.K_K.phi.dat", VmdComponent::phi},
    {"rf.K_K_pi.phi.dat", VmdComponent::phi},
    {"rf.other.phi.dat", VmdComponent::phi},
    {"rf.pi+_pi-_pi0.omega_phi.dat", VmdComponent::omega_phi},
};

/// Number of nearest distinct energies that sets the kernel width, and the kernel cut-off in widths.
constexpr int kernel_neighbours = 6;
constexpr double kernel_cutoff = 5.0;

/// Solves the symmetric 3x3 system A c = t by Gaussian elimination with partial pivoting; returns c[0].
double solve_constant_term(double a[3][3], double t[3])
{
    for (int col = 0; col < 3; ++col) {
        int pivot = col;
        for (int row = col + 1; row < 3; ++row) {
            if (std::abs(a[row][col]) > std::abs(a[pivot][col])) {
                pivot = row;
            }
        }
        std::swap(a[col], a[pivot]);
        std::swap(t[col], t[pivot]);
        for (int row = col + 1; row < 3; ++row) {
            double const f = a[row][col] / a[col][col];
            for (int j = col; j < 3; ++j) {
                a[row][j] -= f * a[col][j];
            }
            t[row] -= f * t[col];
        }
    }
    double c[3];
    for (int row = 2; row >= 0; --row) {
        double sum = t[row];
        for (int j = row + 1; j < 3; ++j) {
            sum -= a[row][j] * c[j];
        }
        c[row] = sum / a[row][row];
    }
    return c[0];
}

/// Linear blend weight of x across [x_begin, x_end]: 0 below, 1 above.
double ramp(double x, double x_begin, double x_end)
{
    return std::clamp((x - x_begin) / (x_end - x_begin), 0.0, 1.0);
}

}  // namespace

std::vector<RRatioMeasurement> read_r_ratio_measurements(std::filesystem::path const& file)
{
    std::ifstream text = data::open_text(file);
    return read_r_ratio_measurements(text, file);
}

std::vector<RRatioMeasurement> read_r_ratio_measurements(std::istream& text, std::filesystem::path const& file)
{
    std::vector<RRatioMeasurement> rows;
    std::vector<double> relative_variance;  // sum of squared systematic errors [%^2] of each row
    std::vector<double> statistical;
    std::vector<Field> fields;
    data::for_each_line(text, [&](std::string const& line, int line_number) {
        if (!split_fields(line, fields)) {
            data::malformed_line(file, line_number, "unreadable field");
        }
        if (fields.empty()) {
            return;
        }
        // A measurement starts with sqrt(s); a line of further systematic errors starts with a sign.
        char const first = line[line.find_first_not_of(" \t")];
        std::size_t first_extra = 0;
        if (first != '+' && first != '-') {
            if (fields.size() < 9) {
                data::malformed_line(file, line_number, "expected 7 numbers and 2 quoted references");
            }
            for (int i = 0; i < 7; ++i) {
                if (fields[i].quoted) {
                    data::malformed_line(file, line_number, "expected 7 numbers and 2 quoted references");
                }
            }
            if (!fields[7].quoted || !fields[8].quoted) {
                data::malformed_line(file, line_number, "expected 7 numbers and 2 quoted references");
            }
            double const sqrt_s = fields[0].number;
            double const r = fields[3].number;
            if (!(sqrt_s > 0.0) || !(r >= 0.0)) {
                data::malformed_line(file, line_number, "sqrt(s) must be positive and R non-negative");
            }
            rows.push_back({sqrt_s, r, 0.0});
            statistical.push_back(std::max(std::abs(fields[4].number), std::abs(fields[5].number)));
            relative_variance.push_back(fields[6].number * fields[6].number);
            first_extra = 9;
        } else if (rows.empty()) {
            data::malformed_line(file, line_number, "systematic-error line before the first measurement");
        }
        // Systematic errors [%] as "+a -b 'text'" groups.
        std::size_t i = first_extra;
        while (i < fields.size()) {
            if (i + 1 >= fields.size() || fields[i].quoted || fields[i + 1].quoted) {
                data::malformed_line(file, line_number, "expected '+a -b' systematic error pairs");
            }
            double const percent = std::max(std::abs(fields[i].number), std::abs(fields[i + 1].number));
            relative_variance.back() += percent * percent;
            i += 2;
            if (i < fields.size() && fields[i].quoted) {
                ++i;
            }
        }
    });
    if (rows.size() < 10) {
        throw DataError(file.string() + ": fewer than 10 measurements");
    }
    for (std::size_t k = 0; k < rows.size(); ++k) {
        double const systematic = 1e-2 * rows[k].r * std::sqrt(relative_variance[k]);
        rows[k].error = std::hypot(statistical[k], systematic);
        if (!(rows[k].error > 0.0)) {
            throw DataError(file.string() + ": measurement at sqrt(s) = " + std::to_string(rows[k].sqrt_s)
                            + " GeV has no error");
        }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](RRatioMeasurement const& a, RRatioMeasurement const& b) { return a.sqrt_s < b.sqrt_s; });
    return rows;
}

VmdCurve read_vmd_curve(std::filesystem::path const& file)
{
    std::ifstream text = data::open_text(file);
    return read_vmd_curve(text, file);
}

VmdCurve read_vmd_curve(std::istream& text, std::filesystem::path const& file)
{
    VmdCurve curve;
    data::for_each_line(text, [&](std::string const& line, int line_number) {
        std::istringstream fields(line.substr(0, line.find('#')));
        double m = 0.0;
        double r = 0.0;
        if (!(fields >> m)) {
            return;
        }
        std::string rest;
        if (!(fields >> r) || (fields >> rest) || !std::isfinite(m) || !std::isfinite(r)) {
            data::malformed_line(file, line_number, "expected two numbers: m [GeV], R_mu^F");
        }
        if (!curve.mass.empty() && !(m > curve.mass.back())) {
            data::malformed_line(file, line_number, "masses not strictly increasing");
        }
        curve.mass.push_back(m);
        curve.r_mu.push_back(r);
    });
    if (curve.mass.size() < 2) {
        throw DataError(file.string() + ": fewer than 2 rows");
    }
    return curve;
}

HadronicContent VmdCurves::content(double m) const
{
    double const s_rho = sum_at(rho, m);
    double const s_omega = sum_at(omega, m);
    double const s_phi = sum_at(phi, m);
    double const s_omega_phi = sum_at(omega_phi, m);
    double const r = s_rho + s_omega + s_phi - 2.0 * s_omega_phi;
    if (!(r > 0.0)) {
        return {0.0, 2.0, 4.0};
    }
    return {r, (2.0 * s_omega - s_phi - s_omega_phi) / r, (4.0 * s_omega + s_phi + 4.0 * s_omega_phi) / r};
}

double VmdCurves::pi_pi_share(double m) const
{
    double const r = content(m).r_ratio;
    return r > 0.0 ? interpolate(pi_pi, m) / r : 0.0;
}

std::vector<std::filesystem::path> vmd_curve_files()
{
    std::vector<std::filesystem::path> names;
    for (auto const& file : vmd_files) {
        names.emplace_back(file.name);
    }
    return names;
}

VmdCurves read_vmd_curves(std::filesystem::path const& directory)
{
    VmdCurves curves;
    for (auto const& file : vmd_files) {
        VmdCurve curve = read_vmd_curve(directory / file.name);
        if (std::string_view(file.name) == pi_pi_file) {
            curves.pi_pi = curve;
        }
        switch (file.component) {
        case VmdComponent::rho:
            curves.rho.push_back(std::move(curve));
            break;
        case VmdComponent::omega:
            curves.omega.push_back(std::move(curve));
            break;
        case VmdComponent::phi:
            curves.phi.push_back(std::move(curve));
            break;
        case VmdComponent::omega_phi:
            curves.omega_phi.push_back(std::move(curve));
            break;
        }
    }
    return curves;
}

RRatioSmoother::RRatioSmoother(std::vector<RRatioMeasurement> const& measurements)
{
    for (auto const& m : measurements) {
        if (m.sqrt_s < r_ratio_measurement_cut_GeV) {
            x_.push_back(std::log(m.sqrt_s));
            r_.push_back(m.r);
            inverse_variance_.push_back(1.0 / (m.error * m.error));
        }
    }
    distinct_x_ = x_;
    std::sort(distinct_x_.begin(), distinct_x_.end());
    distinct_x_.erase(std::unique(distinct_x_.begin(), distinct_x_.end()), distinct_x_.end());
    if (distinct_x_.size() < 2 * kernel_neighbours) {
        throw DataError("R-ratio compilation: too few measurements below "
                        + std::to_string(r_ratio_measurement_cut_GeV) + " GeV");
    }
}

double RRatioSmoother::operator()(double x) const
{
    // Kernel width: distance to the kernel_neighbours-th nearest distinct energy (merge from both sides).
    auto right = std::lower_bound(distinct_x_.begin(), distinct_x_.end(), x);
    auto left = right;
    double h = 0.0;
    for (int n = 0; n < kernel_neighbours; ++n) {
        bool const take_left = right == distinct_x_.end()
                               || (left != distinct_x_.begin() && x - *(left - 1) < *right - x);
        if (take_left) {
            --left;
            h = x - *left;
        } else {
            h = *right - x;
            ++right;
        }
    }
    // Weighted moments of d = (x_i - x)/h for the local linear and quadratic fits.
    double moment[5] = {0.0, 0.0, 0.0, 0.0, 0.0};
    double target[3] = {0.0, 0.0, 0.0};
    auto const begin = std::lower_bound(x_.begin(), x_.end(), x - kernel_cutoff * h);
    auto const end = std::upper_bound(x_.begin(), x_.end(), x + kernel_cutoff * h);
    for (auto it = begin; it != end; ++it) {
        auto const i = static_cast<std::size_t>(std::distance(x_.begin(), it));
        double const d = (x_[i] - x) / h;
        double const w = std::exp(-0.5 * d * d) * inverse_variance_[i];
        double power = w;
        for (int j = 0; j < 5; ++j) {
            moment[j] += power;
            if (j < 3) {
                target[j] += power * r_[i];
            }
            power *= d;
        }
    }
    double const linear =
        (target[0] * moment[2] - target[1] * moment[1]) / (moment[0] * moment[2] - moment[1] * moment[1]);
    double a[3][3] = {{moment[0], moment[1], moment[2]}, {moment[1], moment[2], moment[3]},
                      {moment[2], moment[3], moment[4]}};
    double const quadratic = solve_constant_term(a, target);
    double const lambda = ramp(x, distinct_x_.front(), distinct_x_[kernel_neighbours - 1]);
    return (1.0 - lambda) * linear + lambda * quadratic;
}

HadronTables make_hadron_tables(std::vector<RRatioMeasurement> const& measurements, VmdCurves const& vmd)
{
    RRatioSmoother const smoother(measurements);
    double const x_min = std::log(constants::m_pi_neutral);
    int const size = static_cast<int>(std::ceil((std::log(hadron_table_end_GeV) - x_min) / hadron_grid_step)) + 1;
    double const x_max = x_min + hadron_grid_step * (size - 1);

    double const x_first = smoother.x_first();
    double const vmd_scale = smoother(x_first) / vmd.content(std::exp(x_first)).r_ratio;
    double const x_data_end = std::log(r_ratio_data_end_GeV);
    double const x_blend_begin = std::log(vmd_blend_begin_GeV);
    double const x_blend_end = std::log(vmd_blend_end_GeV);

    HadronTables tables;
    for (UniformTable* table :
         {&tables.r_ratio, &tables.interference_weight, &tables.baryonic_weight, &tables.pi_pi_r_ratio}) {
        table->x_min = x_min;
        table->dx = hadron_grid_step;
        table->values.resize(static_cast<std::size_t>(size));
    }
    for (int k = 0; k < size; ++k) {
        double const x = x_min + hadron_grid_step * k;
        double const M = std::exp(x);
        // Free quarks only where they enter (their alpha_s is meant for M > 11 GeV, their weights above 1.8 GeV).
        HadronicContent const quarks = x > x_blend_begin ? free_quark_content(M) : HadronicContent{0.0, 0.0, 0.0};
        HadronicContent const mesons = vmd.content(M);

        double r = 0.0;
        if (x < x_first) {
            r = vmd_scale * mesons.r_ratio;
        } else {
            double const lambda = ramp(x, x_data_end, x_max);
            r = (1.0 - lambda) * smoother(x) + lambda * quarks.r_ratio;
        }
        double const lambda = ramp(x, x_blend_begin, x_blend_end);
        double const interference = (1.0 - lambda) * mesons.interference_weight + lambda * quarks.interference_weight;
        double const baryonic = (1.0 - lambda) * mesons.baryonic_weight + lambda * quarks.baryonic_weight;
        double const pi_pi = (1.0 - lambda) * r * vmd.pi_pi_share(M);

        if (!(r >= 0.0) || !std::isfinite(r) || !std::isfinite(interference) || !(baryonic >= 0.0)
            || !std::isfinite(baryonic) || !(pi_pi >= 0.0) || !std::isfinite(pi_pi)) {
            throw DataError("hadron tables: invalid value at sqrt(s) = " + std::to_string(M) + " GeV");
        }
        auto const index = static_cast<std::size_t>(k);
        tables.r_ratio.values[index] = r;
        tables.interference_weight.values[index] = interference;
        tables.baryonic_weight.values[index] = baryonic;
        tables.pi_pi_r_ratio.values[index] = pi_pi;
    }
    return tables;
}

HadronTables load_hadron_tables(std::filesystem::path const& r_ratio_file, std::filesystem::path const& vmd_directory)
{
    return make_hadron_tables(read_r_ratio_measurements(r_ratio_file), read_vmd_curves(vmd_directory));
}

HadronTables load_hadron_tables()
{
    std::filesystem::path vmd_directory;  // checks every curve, then reads them from their common directory
    for (auto const& name : vmd_curve_files()) {
        vmd_directory = data::verified_path((std::filesystem::path("darkcast-vmd") / name).string()).parent_path();
    }
    return load_hadron_tables(data::verified_path("rratio/rratio.dat"), vmd_directory);
}

}  // namespace darkscan
