// SPDX-License-Identifier: MIT
// Reads DarkCast production-fraction files (.prd: the fraction of a dark photon's production by each mechanism
// against mass, from the experiments' simulation) into the tables of darkscan/physics/production.hpp.
//
// Format (DarkCast utils.Datasets): a header row "# mass <mechanism> <mechanism> ...", then rows
// "m f_1 f_2 ...", m [GeV] strictly increasing, f_j the fractions; '#' starts a comment, blank lines are skipped.
// The tables keep the file's rows, read as curves linear in m (ProductionMixtureView): DarkCast's interpolation
// on the file's own grid, exactly (the LHCb grid is non-uniform in m and in ln m, printed to four digits: any
// resampling would only lose that).
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "darkscan/physics/production.hpp"
#include "uniform_table.hpp"

namespace darkscan {

/// DarkCast's name of a mechanism: "e_brem", "e_e", "mu_brem", "mu_mu", "p_brem", "pi0_gamma", "eta_gamma",
/// "phi_eta", "omega_pi0", "rho0", "omega", "phi", "d_d", "u_u", "s_s", "c_c", "b_b".
std::string_view to_string(ProductionMechanism mechanism);

/// Inverse of to_string(); nothing for a name it does not know.
std::optional<ProductionMechanism> parse_production_mechanism(std::string_view name);

/// Host tables behind ProductionMixtureView: the rows of a .prd file.
struct ProductionMixtureTable {
    std::vector<double> mass;                     ///< m_k [GeV]
    std::vector<ProductionMechanism> mechanisms;  ///< the file's columns, in order
    std::vector<std::vector<double>> fractions;   ///< f_j(m_k)

    /// View through `upload` (std::vector<double> const& -> double const*), e.g. a copy to device memory.
    template <class Upload>
    ProductionMixtureView view(Upload&& upload) const
    {
        if (mechanisms.size() > static_cast<std::size_t>(max_production_channels)
            || fractions.size() != mechanisms.size()) {
            throw std::logic_error("production mixture of " + std::to_string(mechanisms.size())
                                   + " mechanisms does not fit ProductionMixtureView");
        }
        ProductionMixtureView result;
        result.mass = upload(mass);
        result.rows = static_cast<int>(mass.size());
        result.channel_count = static_cast<int>(mechanisms.size());
        for (std::size_t j = 0; j < mechanisms.size(); ++j) {
            result.mechanism[j] = mechanisms[j];
            result.fraction[j] = upload(fractions[j]);
        }
        return result;
    }
    /// View of the host memory.
    ProductionMixtureView view() const
    {
        return view([](std::vector<double> const& values) { return values.data(); });
    }
};

/// Largest sum of one row's fractions accepted: 1 plus the rounding of fractions printed to four digits (the
/// shipped files reach 1.0000242).
inline constexpr double max_production_fraction_sum = 1.001;

/// Parses the text of a .prd file; `source` names it in errors. Checks: a '#' header naming at least one and at
/// most max_production_channels distinct known mechanisms; rows of one mass and one fraction per mechanism, all
/// finite numbers; masses positive and strictly increasing; fractions non-negative with a positive row sum of at
/// most max_production_fraction_sum; at least two rows. Throws DataError "<source>:<line>: <what>" (or
/// "<source>: <what>" for the file as a whole) otherwise.
ProductionMixtureTable parse_production_mixture(std::istream& text, std::string const& source);

/// Reads a .prd file (parse_production_mixture); throws DataError naming the file if it cannot be opened.
ProductionMixtureTable read_production_mixture(std::filesystem::path const& file);

/// Reads a .prd file of the data directory, e.g. "darkcast-production/LHCb_Aaij2017rft.prd", checked against the
/// manifest (data::verified_path).
ProductionMixtureTable load_production_mixture(std::string_view relative_path);

}  // namespace darkscan
