// SPDX-License-Identifier: MIT
// Builds the hadron tables of darkscan/physics/hadrons.hpp from the PDG R-ratio compilation and DarkCast's
// vector-meson-dominance curves: R(M), interference_weight(M) and baryonic_weight(M) on one uniform grid in
// x = ln(M / GeV).
//
// R(M), the EM-current normalisation (g_X = 0 reproduces it exactly):
//   * 0.36 GeV <= M <= 11.2 GeV: the PDG measurements, smoothed. Local polynomial regression in x with a
//     Gaussian kernel and inverse-variance weights (statistical and systematic errors in quadrature), kernel
//     width h(x) = distance to the 6th nearest distinct measured energy: narrow where the data are dense (the
//     omega and phi peaks are resolved), wide where single experiments scatter. Quadratic fits (the peaks have
//     curvature), relaxed linearly to linear fits between the first and the 6th distinct energy, where the kernel
//     is one-sided. Only measurements below 25 GeV enter: above, Z exchange contaminates them (gamma-Z effects
//     on R: < 0.1% below 25 GeV, 1% at 35 GeV, 10% at 50 GeV, then the Z peak), while V couples to the EM current.
//   * m_pi0 <= M < 0.36 GeV (below the first measurement): DarkCast's VMD R (pi0 gamma, pi+ pi-), scaled by the
//     constant (0.9405) that makes R continuous at 0.36 GeV; unscaled, VMD would sit 6.3% above the data there,
//     and data/VMD is 0.94-0.97 all over 0.36-0.7 GeV. DarkCast uses its R_mu^F curves as relative to the
//     massless point cross section, like PDG's R: its width code (model.py, eqs. 2.17-2.18 of arXiv:1801.04847)
//     multiplies them by m/(12 pi) with no muon phase space, so they join PDG's R without a kinematic factor.
//   * 11.2 GeV < M <= 15 GeV (the table end): linear blend in x from the smoothed data to free quarks
//     (free_quark_content), so the device function is continuous where it switches to free quarks.
//   The narrow J/psi, psi(2S), Upsilon(1S-3S) are absent from the compilation (only the continuum around them
//   was measured) and are added analytically on the device (narrow_quarkonium); the broad resonances above the
//   open-flavour thresholds (psi(3770), psi(4040), ...; Upsilon(4S) and above through the 10.58-11.6 GeV point)
//   are in the data.
//
// Weights (the reweighting from the EM current to eps e J_EM + g_X J_B):
//   * M <= 1.8 GeV: VMD, from DarkCast's rho/omega/phi/omega-phi curves (see HadronicContent); below the pi+ pi-
//     threshold only pi0 gamma (omega) is open: interference_weight = 2, baryonic_weight = 4.
//   * 1.8-2.0 GeV: linear blend in x to the free-quark weights (DarkCast's curves end at 2 GeV).
//   * >= 2 GeV: free-quark weights with open-flavour thresholds (free_quark_content).
//
// pi+ pi- part of R (width_to_pi_pi): R_pipi(M) = R(M) S_pipi(M) / R_VMD(M) (1 - lambda(M)), S_pipi DarkCast's
// rf.pi+_pi-.rho0 curve, R_VMD its total (HadronicContent), lambda the 1.8-2 GeV blend of the weights. That is
// the VMD share of pi+ pi- applied to the same R as the total hadronic width, so the partial width never exceeds
// the hadronic one: for eps only, R_pipi <= R; with g_X, R W is the eps^2 rho part plus a non-negative isoscalar
// part (DarkCast's pi+ pi- has no isoscalar component). Below 0.36 GeV this is DarkCast's S_pipi times 0.9405 (the
// scale of R there), above it DarkCast's share of the measured R; from 2 GeV, where the curves end and the weights
// are free quarks, R_pipi = 0 (it falls from 1.1% of R at 1.8 GeV).
#pragma once

#include <filesystem>
#include <istream>
#include <vector>

#include "darkscan/physics/hadrons.hpp"
#include "uniform_table.hpp"

namespace darkscan {

/// One measurement of the PDG compilation: sqrt(s) [GeV], R, total error of R (statistical and systematic,
/// in quadrature).
struct RRatioMeasurement {
    double sqrt_s;
    double r;
    double error;
};

/// Reads the PDG R compilation (hadronicrpp format: sqrt(s), its bin edges, R, statistical errors +/-, an
/// uncorrelated systematic error [%], two quoted reference fields, then systematic errors [%] as "+a -b 'text'"
/// groups on the same and the following lines). Rows are returned sorted in sqrt(s).
/// Throws DataError naming the file and line when it is malformed.
std::vector<RRatioMeasurement> read_r_ratio_measurements(std::filesystem::path const& file);
/// Same from the text of such a file; `name` names it in errors.
std::vector<RRatioMeasurement> read_r_ratio_measurements(std::istream& text, std::filesystem::path const& name);

/// One DarkCast VMD curve: R_mu^F(m) of one final state and meson component, m [GeV] increasing.
struct VmdCurve {
    std::vector<double> mass;
    std::vector<double> r_mu;
};

/// Reads a DarkCast rf.<final state>.<meson>.dat file ('#' comments, rows "m R_mu^F").
/// Throws DataError naming the file and line when it is malformed.
VmdCurve read_vmd_curve(std::filesystem::path const& file);
/// Same from the text of such a file; `name` names it in errors.
VmdCurve read_vmd_curve(std::istream& text, std::filesystem::path const& name);

/// DarkCast's curves grouped by meson component, each summed over final states (S_V of HadronicContent).
/// Outside a curve's mass range its end value holds, as in DarkCast's Dataset.
struct VmdCurves {
    std::vector<VmdCurve> rho;
    std::vector<VmdCurve> omega;
    std::vector<VmdCurve> phi;
    std::vector<VmdCurve> omega_phi;
    VmdCurve pi_pi;  ///< rf.pi+_pi-.rho0.dat, also one of `rho`

    /// VMD content at m [GeV]: R_VMD and the two weights; pure omega (2, 4) where R_VMD = 0.
    HadronicContent content(double m) const;
    /// pi+ pi- share of the VMD R at m [GeV], S_pipi / R_VMD; zero where R_VMD = 0.
    double pi_pi_share(double m) const;
};

/// Reads the twelve rf.*.dat files of DarkCast v1.2 from `directory`.
VmdCurves read_vmd_curves(std::filesystem::path const& directory);

/// File names of the DarkCast VMD curves, relative to their directory.
std::vector<std::filesystem::path> vmd_curve_files();

/// The smoothed R ratio of the header comment, evaluated anywhere in [first measurement, 25 GeV].
class RRatioSmoother {
public:
    explicit RRatioSmoother(std::vector<RRatioMeasurement> const& measurements);
    /// Smoothed R at x = ln(sqrt(s) / GeV).
    double operator()(double x) const;
    /// ln of the lowest measured sqrt(s) [GeV].
    double x_first() const { return distinct_x_.front(); }

private:
    std::vector<double> x_;
    std::vector<double> r_;
    std::vector<double> inverse_variance_;
    std::vector<double> distinct_x_;
};

/// Grid of the hadron tables: x = ln(M/GeV) from ln(m_pi0) in steps of 2.5e-4 (17 nodes across the phi width,
/// 44 across the omega width) to the first node >= ln(15 GeV); 18844 nodes.
inline constexpr double hadron_grid_step = 2.5e-4;
inline constexpr double hadron_table_end_GeV = 15.0;
/// Mass window [GeV] where the weights blend from VMD to free quarks.
inline constexpr double vmd_blend_begin_GeV = 1.8;
inline constexpr double vmd_blend_end_GeV = 2.0;
/// Measurements at or above this sqrt(s) [GeV] are not used (Z exchange).
inline constexpr double r_ratio_measurement_cut_GeV = 25.0;

/// Host tables behind HadronTablesView, all on the grid above. The GPU backend copies each UniformTable to
/// device memory and rebuilds the view.
struct HadronTables {
    UniformTable r_ratio;
    UniformTable interference_weight;
    UniformTable baryonic_weight;
    UniformTable pi_pi_r_ratio;

    /// View through `upload` (UniformTable const& -> UniformTableView), e.g. a copy to device memory.
    template <class Upload>
    HadronTablesView view(Upload&& upload) const
    {
        return {upload(r_ratio), upload(interference_weight), upload(baryonic_weight), upload(pi_pi_r_ratio)};
    }
    /// View of the host memory.
    HadronTablesView view() const { return view(host_view); }
};

/// Builds the tables as described in the header comment. Throws DataError if a value comes out negative or
/// non-finite.
HadronTables make_hadron_tables(std::vector<RRatioMeasurement> const& measurements, VmdCurves const& vmd);

/// Reads the PDG R file and the DarkCast VMD directory and builds the tables.
HadronTables load_hadron_tables(std::filesystem::path const& r_ratio_file, std::filesystem::path const& vmd_directory);

/// Same, from the data directory, every file checked against the manifest (data::verified_path).
HadronTables load_hadron_tables();

}  // namespace darkscan
