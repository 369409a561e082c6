// SPDX-License-Identifier: MIT
// Reads the Saikawa-Shirai and Drees-Hajkarim-Schmitz g_*(T) tables and resamples them on a uniform ln T grid.
#include "eos_tables.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "data_files.hpp"
#include "errors.hpp"

namespace darkscan {

namespace {

struct EosName {
    EquationOfState eos;
    std::string_view name;
    std::string_view file;
};
constexpr EosName eos_names[] = {
    {EquationOfState::saikawa_shirai_2020, "saikawa_shirai_2020", "eos/saikawa-shirai-2020/g_star.dat"},
    {EquationOfState::drees_hajkarim_schmitz_2015, "drees_hajkarim_schmitz_2015",
     "eos/drees-hajkarim-schmitz-2015/smdof.dat"},
};

EosName const& lookup(EquationOfState eos)
{
    for (auto const& entry : eos_names) {
        if (entry.eos == eos) {
            return entry;
        }
    }
    throw std::logic_error("EquationOfState value without a name");
}

/// Parses exactly `count` finite numbers separated by `separator` (whitespace when separator is ' '; otherwise
/// that character, with optional blanks around each field, and no field may be empty).
bool parse_numbers(std::string const& line, char separator, int count, double* out)
{
    std::vector<std::string> fields;
    std::istringstream text(line);
    for (std::string field; separator == ' ' ? bool(text >> field) : bool(std::getline(text, field, separator));) {
        fields.push_back(field);
    }
    if (separator != ' ' && !line.empty() && line.back() == separator) {
        fields.emplace_back();  // a trailing empty field
    }
    if (fields.size() != static_cast<std::size_t>(count)) {
        return false;
    }
    for (int i = 0; i < count; ++i) {
        if (!data::parse_number(fields[static_cast<std::size_t>(i)], out[i])) {
            return false;
        }
    }
    return true;
}

void check_rows(std::filesystem::path const& file, EosRawTable const& raw)
{
    if (raw.T_GeV.size() < 4) {
        throw DataError(file.string() + ": fewer than 4 data rows");
    }
    for (std::size_t i = 0; i < raw.T_GeV.size(); ++i) {
        bool const positive = raw.T_GeV[i] > 0.0 && raw.h_eff[i] > 0.0 && raw.g_eff[i] > 0.0
                              && (raw.g_star_half.empty() || raw.g_star_half[i] > 0.0);
        if (!positive) {
            throw DataError(file.string() + ": data row " + std::to_string(i + 1) + " has a non-positive value");
        }
        if (i > 0 && !(raw.T_GeV[i] > raw.T_GeV[i - 1])) {
            throw DataError(file.string() + ": temperatures not strictly increasing at data row "
                            + std::to_string(i + 1));
        }
    }
}

}  // namespace

std::string_view to_string(EquationOfState eos)
{
    return lookup(eos).name;
}

EquationOfState parse_equation_of_state(std::string_view value, std::string_view option_name)
{
    std::string allowed;
    for (auto const& entry : eos_names) {
        if (entry.name == value) {
            return entry.eos;
        }
        allowed += (allowed.empty() ? "" : ", ") + std::string(entry.name);
    }
    throw InputError(std::string(option_name) + " = '" + std::string(value) + "' is not one of: " + allowed);
}

std::string_view data_file(EquationOfState eos)
{
    return lookup(eos).file;
}

namespace {

/// Reads rows of 4 numbers separated by `separator`, skipping blank lines and '#' comments; with `csv_header`
/// the first line must be a (non-numeric) header row. store(raw, row) files each row; the rows are checked.
/// `file` names the text in errors.
template <class Store>
EosRawTable read_rows(std::istream& text, std::filesystem::path const& file, char separator, bool csv_header,
                      char const* row_format, Store store)
{
    EosRawTable raw;
    data::for_each_line(text, [&](std::string const& line, int line_number) {
        auto const first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') {
            return;
        }
        double v[4];
        bool const numeric = parse_numbers(line, separator, 4, v);
        if (csv_header && line_number == 1) {
            if (numeric) {
                data::malformed_line(file, line_number, "expected a CSV header row first");
            }
            return;
        }
        if (!numeric) {
            data::malformed_line(file, line_number, std::string("expected 4 numbers: ") + row_format);
        }
        store(raw, v);
    });
    check_rows(file, raw);
    return raw;
}

}  // namespace

EosRawTable read_saikawa_shirai_2020(std::filesystem::path const& file)
{
    std::ifstream text = data::open_text(file);
    return read_saikawa_shirai_2020(text, file);
}

EosRawTable read_saikawa_shirai_2020(std::istream& text, std::filesystem::path const& file)
{
    return read_rows(text, file, ' ', false, "T [GeV], f [Hz], g_*s, g_*rho", [](EosRawTable& raw, double const* v) {
        raw.T_GeV.push_back(v[0]);
        raw.h_eff.push_back(v[2]);
        raw.g_eff.push_back(v[3]);
    });
}

EosRawTable read_drees_hajkarim_schmitz_2015(std::filesystem::path const& file)
{
    std::ifstream text = data::open_text(file);
    return read_drees_hajkarim_schmitz_2015(text, file);
}

EosRawTable read_drees_hajkarim_schmitz_2015(std::istream& text, std::filesystem::path const& file)
{
    return read_rows(text, file, ',', true, "T [GeV], g_*^{1/2}, h_eff, g_eff (comma-separated)",
                     [](EosRawTable& raw, double const* v) {
                         raw.T_GeV.push_back(v[0]);
                         raw.g_star_half.push_back(v[1]);
                         raw.h_eff.push_back(v[2]);
                         raw.g_eff.push_back(v[3]);
                     });
}

LogLogSpline::LogLogSpline(std::vector<double> const& T_GeV, std::vector<double> const& y)
{
    std::size_t const n = T_GeV.size();
    if (n < 3 || y.size() != n) {
        throw std::invalid_argument("LogLogSpline needs at least 3 rows of equal length");
    }
    ln_T_.resize(n);
    std::vector<double> ln_y(n);
    for (std::size_t i = 0; i < n; ++i) {
        ln_T_[i] = std::log(T_GeV[i]);
        ln_y[i] = std::log(y[i]);
    }
    // Second derivatives M_i of the natural spline (M_0 = M_{n-1} = 0): tridiagonal system solved by the
    // Thomas algorithm (diagonally dominant, no pivoting needed).
    struct Row {
        double second = 0.0;  // M_i
        double diagonal = 1.0;
        double rhs = 0.0;
    };
    std::vector<Row> rows(n);
    for (std::size_t i = 1; i + 1 < n; ++i) {
        double const h0 = ln_T_[i] - ln_T_[i - 1];
        double const h1 = ln_T_[i + 1] - ln_T_[i];
        rows[i].diagonal = 2.0 * (h0 + h1);
        rows[i].rhs = 6.0 * ((ln_y[i + 1] - ln_y[i]) / h1 - (ln_y[i] - ln_y[i - 1]) / h0);
        if (i > 1) {
            double const factor = h0 / rows[i - 1].diagonal;
            rows[i].diagonal -= factor * h0;
            rows[i].rhs -= factor * rows[i - 1].rhs;
        }
    }
    for (std::size_t i = n - 2; i > 0; --i) {
        double const h1 = ln_T_[i + 1] - ln_T_[i];
        rows[i].second = (rows[i].rhs - h1 * rows[i + 1].second) / rows[i].diagonal;
    }
    segments_.resize(n - 1);
    for (std::size_t k = 0; k + 1 < n; ++k) {
        double const h = ln_T_[k + 1] - ln_T_[k];
        double const m0 = rows[k].second;
        double const m1 = rows[k + 1].second;
        segments_[k] = {ln_y[k], (ln_y[k + 1] - ln_y[k]) / h - h * (2.0 * m0 + m1) / 6.0, 0.5 * m0,
                        (m1 - m0) / (6.0 * h)};
    }
}

LogLogSpline::Segment const& LogLogSpline::segment(double ln_T, double& u) const
{
    // Outside the rows the end value is held (constant y), consistent with UniformTableView.
    if (ln_T <= ln_T_.front()) {
        u = 0.0;
        return segments_.front();
    }
    if (ln_T >= ln_T_.back()) {
        u = ln_T_.back() - ln_T_[ln_T_.size() - 2];
        return segments_.back();
    }
    auto const k = static_cast<std::size_t>(std::upper_bound(ln_T_.begin(), ln_T_.end(), ln_T) - ln_T_.begin()) - 1;
    u = ln_T - ln_T_[k];
    return segments_[k];
}

double LogLogSpline::value(double ln_T) const
{
    double u = 0.0;
    Segment const& s = segment(ln_T, u);
    return std::exp(s.a + u * (s.b + u * (s.c + u * s.d)));
}

double LogLogSpline::log_derivative(double ln_T) const
{
    if (ln_T <= ln_T_.front() || ln_T >= ln_T_.back()) {
        return 0.0;
    }
    double u = 0.0;
    Segment const& s = segment(ln_T, u);
    return s.b + u * (2.0 * s.c + 3.0 * u * s.d);
}

namespace {

double g_star_half_from(LogLogSpline const& h_eff, LogLogSpline const& g_eff, double ln_T)
{
    return h_eff.value(ln_T) / std::sqrt(g_eff.value(ln_T)) * (1.0 + h_eff.log_derivative(ln_T) / 3.0);
}

}  // namespace

std::vector<double> derived_g_star_half(EosRawTable const& raw)
{
    LogLogSpline const h_eff(raw.T_GeV, raw.h_eff);
    LogLogSpline const g_eff(raw.T_GeV, raw.g_eff);
    std::vector<double> result;
    result.reserve(raw.T_GeV.size());
    for (double const T : raw.T_GeV) {
        result.push_back(g_star_half_from(h_eff, g_eff, std::log(T)));
    }
    return result;
}

EosTables make_eos_tables(EquationOfState eos, EosRawTable const& raw)
{
    LogLogSpline const h_eff(raw.T_GeV, raw.h_eff);
    LogLogSpline const g_eff(raw.T_GeV, raw.g_eff);
    std::optional<LogLogSpline> tabulated_g_star_half;
    if (!raw.g_star_half.empty()) {
        tabulated_g_star_half.emplace(raw.T_GeV, raw.g_star_half);
    }

    double const ln_T_min = std::log(raw.T_GeV.front());
    double const ln_T_max = std::log(raw.T_GeV.back());
    int const size = static_cast<int>(std::ceil((ln_T_max - ln_T_min) / eos_grid_step_ln_T)) + 1;
    double const dx = (ln_T_max - ln_T_min) / (size - 1);

    EosTables tables;
    tables.equation_of_state = eos;
    for (UniformTable* table : {&tables.h_eff, &tables.g_eff, &tables.g_star_half}) {
        table->x_min = ln_T_min;
        table->dx = dx;
        table->values.resize(static_cast<std::size_t>(size));
    }
    for (int k = 0; k < size; ++k) {
        double const ln_T = ln_T_min + k * dx;
        auto const i = static_cast<std::size_t>(k);
        tables.h_eff.values[i] = h_eff.value(ln_T);
        tables.g_eff.values[i] = g_eff.value(ln_T);
        tables.g_star_half.values[i] = tabulated_g_star_half ? tabulated_g_star_half->value(ln_T)
                                                             : g_star_half_from(h_eff, g_eff, ln_T);
        // The relic solve divides by these and takes square roots: a table whose rows make the spline (or the
        // derived g_*^{1/2}, through d ln h_eff / d ln T < -3) non-positive is no equation of state.
        for (auto const& [table, name] : {std::pair{&tables.h_eff, "h_eff"}, std::pair{&tables.g_eff, "g_eff"},
                                          std::pair{&tables.g_star_half, "g_*^{1/2}"}}) {
            if (!(table->values[i] > 0.0) || !std::isfinite(table->values[i])) {
                throw DataError(std::string("g_*(T) table ") + std::string(to_string(eos)) + ": " + name
                                + " comes out non-positive or not finite at T = " + std::to_string(std::exp(ln_T))
                                + " GeV (rows too steep or not smooth)");
            }
        }
    }
    for (int n = 0; n < eos_moment_count; ++n) {
        tables.g_star_half_moment[static_cast<std::size_t>(n)] = g_star_half_moment(tables.g_star_half, n);
    }
    tables.h_eff_today = raw.h_eff.front();
    return tables;
}

UniformTable g_star_half_moment(UniformTable const& g, int n)
{
    double const a = n + 1.0;
    double const h = g.dx;
    double const decay = std::exp(-a * h);
    // Int_0^h e^{a (t - h)} dt and Int_0^h (t/h) e^{a (t - h)} dt, by expm1 (no cancellation for small a h).
    double const flat = -std::expm1(-a * h) / a;
    double const ramp = (1.0 - flat / h) / a;
    UniformTable moment{g.x_min, g.dx, std::vector<double>(g.values.size())};
    double q = g.values.front() / a;
    moment.values.front() = q;
    for (std::size_t k = 0; k + 1 < g.values.size(); ++k) {
        q = decay * q + g.values[k] * flat + (g.values[k + 1] - g.values[k]) * ramp;
        moment.values[k + 1] = q;
    }
    return moment;
}

EosTables load_eos_tables(EquationOfState eos, std::filesystem::path const& file)
{
    EosRawTable const raw = eos == EquationOfState::saikawa_shirai_2020 ? read_saikawa_shirai_2020(file)
                                                                         : read_drees_hajkarim_schmitz_2015(file);
    return make_eos_tables(eos, raw);
}

EosTables load_eos_tables(EquationOfState eos)
{
    return load_eos_tables(eos, data::verified_path(data_file(eos)));
}

}  // namespace darkscan
