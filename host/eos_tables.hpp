// SPDX-License-Identifier: MIT
// Reads the published Standard-Model g_*(T) tables and resamples them onto the uniform ln T grid that the
// relic-abundance code interpolates (darkscan/physics/eos.hpp).
#pragma once

#include <array>
#include <filesystem>
#include <istream>
#include <string_view>
#include <vector>

#include "darkscan/physics/eos.hpp"
#include "uniform_table.hpp"

namespace darkscan {

/// Name used in configuration files and output attributes: "saikawa_shirai_2020", "drees_hajkarim_schmitz_2015".
std::string_view to_string(EquationOfState eos);

/// Inverse of to_string(). Throws InputError naming option_name, the value and the allowed names.
EquationOfState parse_equation_of_state(std::string_view value, std::string_view option_name);

/// Data-file path relative to the data directory, e.g. "eos/saikawa-shirai-2020/g_star.dat".
std::string_view data_file(EquationOfState eos);

/// A table as published, rows in increasing T. g_star_half is empty when the file does not tabulate it.
struct EosRawTable {
    std::vector<double> T_GeV;
    std::vector<double> h_eff;
    std::vector<double> g_eff;
    std::vector<double> g_star_half;
};

/// Saikawa & Shirai (arXiv:2005.03544) g_star.dat: '#' comment lines, then rows "T[GeV] f[Hz] g_*s g_*rho".
/// Throws DataError naming the file and line when it is malformed.
EosRawTable read_saikawa_shirai_2020(std::filesystem::path const& file);
/// Same from the text of such a file; `name` names it in errors.
EosRawTable read_saikawa_shirai_2020(std::istream& text, std::filesystem::path const& name);

/// Drees, Hajkarim & Schmitz (arXiv:1503.03513) smdof.dat: a CSV header row, then rows "T[GeV], g_*^{1/2},
/// h_eff, g_eff". Throws DataError naming the file and line when it is malformed.
EosRawTable read_drees_hajkarim_schmitz_2015(std::filesystem::path const& file);
/// Same from the text of such a file; `name` names it in errors.
EosRawTable read_drees_hajkarim_schmitz_2015(std::istream& text, std::filesystem::path const& name);

/// Natural cubic spline through (ln T_i, ln y_i), the smooth interpolant used for resampling: value and
/// logarithmic derivative dln y / dln T (the spline's own derivative, no point-to-point differences).
class LogLogSpline {
public:
    LogLogSpline(std::vector<double> const& T_GeV, std::vector<double> const& y);
    double value(double ln_T) const;
    double log_derivative(double ln_T) const;

private:
    struct Segment {
        double a, b, c, d;  // ln y = a + b u + c u^2 + d u^3, u = ln T - ln T_k
    };
    Segment const& segment(double ln_T, double& u) const;
    std::vector<double> ln_T_;
    std::vector<Segment> segments_;
};

/// g_*^{1/2}(T) = (h_eff / sqrt(g_eff)) (1 + (1/3) dln h_eff / dln T) at the raw rows, the derivative from
/// LogLogSpline. Used for tables without a g_*^{1/2} column and to check those with one.
std::vector<double> derived_g_star_half(EosRawTable const& raw);

/// Host tables behind EosTablesView: h_eff, g_eff, g_*^{1/2} and the moments of g_*^{1/2} on one uniform grid in
/// ln(T / GeV). The GPU backend copies each UniformTable to device memory and rebuilds the view.
struct EosTables {
    EquationOfState equation_of_state = EquationOfState::saikawa_shirai_2020;
    UniformTable h_eff;
    UniformTable g_eff;
    UniformTable g_star_half;
    std::array<UniformTable, eos_moment_count> g_star_half_moment;
    double h_eff_today = 0.0;

    /// View through `upload` (UniformTable const& -> UniformTableView), e.g. a copy to device memory.
    template <class Upload>
    EosTablesView view(Upload&& upload) const
    {
        EosTablesView result;
        result.h_eff = upload(h_eff);
        result.g_eff = upload(g_eff);
        result.g_star_half = upload(g_star_half);
        for (int n = 0; n < eos_moment_count; ++n) {
            result.g_star_half_moment[n] = upload(g_star_half_moment[static_cast<std::size_t>(n)]);
        }
        result.h_eff_today = h_eff_today;
        return result;
    }
    /// View of the host memory.
    EosTablesView view() const { return view(host_view); }
};

/// Grid step of the resampled tables in ln T: linear interpolation on it reproduces the published rows of
/// h_eff and g_eff to < 1e-4 relative (measured worst 9e-5, at the QCD crossover).
inline constexpr double eos_grid_step_ln_T = 0.01;

/// The moments q_n(T_k) = Int_0^1 g(u T_k) u^n du (EosTablesView) at the nodes of `g`, a table of g_*^{1/2} linear in
/// ln T between its nodes and constant below its first: q_n(T_0) = g_0/(n+1), then exactly per interval of width
/// h in ln T, q_n(T_{k+1}) = e^{-a h} q_n(T_k) + Int_0^h [g_k + (g_{k+1} - g_k) t/h] e^{a (t - h)} dt, a = n + 1.
UniformTable g_star_half_moment(UniformTable const& g, int n);

/// Resamples raw rows: h_eff and g_eff from LogLogSpline; g_*^{1/2} from the file's column when present
/// (Drees-Hajkarim-Schmitz), else derived_g_star_half() evaluated on the grid; its moments by
/// g_star_half_moment(). h_eff_today = h_eff of the lowest-T row (g_*s,0 of the same table).
EosTables make_eos_tables(EquationOfState eos, EosRawTable const& raw);

/// Reads and resamples the table of `eos` from `file`.
EosTables load_eos_tables(EquationOfState eos, std::filesystem::path const& file);

/// Reads the table of `eos` from the data directory, checked against the manifest (data::verified_path).
EosTables load_eos_tables(EquationOfState eos);

}  // namespace darkscan
