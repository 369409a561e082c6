// SPDX-License-Identifier: MIT
// The published limits behind each constraint term: which files, how each is recast (production mechanism,
// selected decays, decay-time window), read through the data manifest into the ln-ln tables of
// darkscan/constraint_evaluation.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "darkscan/constraint_evaluation.hpp"
#include "cmb_tables.hpp"
#include "darkscan/physics/hadrons.hpp"
#include "limit_files.hpp"
#include "production_tables.hpp"

namespace darkscan {

/// One loaded limit file with its tables in host memory.
struct HostLimitComponent {
    LimitComponent parameters;  ///< views left empty; filled by ConstraintTables::view
    HostCurve limit;
    HostCurve upper;
    HostCurve window_start;
    HostColumnGrid grid;
};

/// Every limit of the selected terms. Move-only: the host view points into the tables.
class ConstraintTables {
public:
    ConstraintTables() = default;
    ConstraintTables(ConstraintTables const&) = delete;
    ConstraintTables& operator=(ConstraintTables const&) = delete;
    ConstraintTables(ConstraintTables&&) = default;
    ConstraintTables& operator=(ConstraintTables&&) = default;

    std::uint64_t terms = 0;  ///< ConstraintTerm bits
    std::array<double, constraint_term_count> cl{};  ///< confidence level per term (after overrides)
    std::vector<HostLimitComponent> components;
    /// DarkCast production mixtures of the LHCb and CMS searches (loaded when a term uses them).
    std::array<ProductionMixtureTable, production_mixture_count> mixtures;
    CmbTables cmb;  ///< f_eff of the cmb term (empty otherwise)
    std::vector<std::string> files;  ///< data files read, relative to the data directory

    /// View through `upload`, a callable taking std::vector<T> const& and returning T const* (device memory).
    template <class Upload>
    ConstraintTablesView view(Upload&& upload) const
    {
        std::vector<LimitComponent> uploaded;
        uploaded.reserve(components.size());
        for (auto const& component : components) {
            uploaded.push_back(with_views(component, [&upload](auto const& values) { return upload(values); }));
        }
        ConstraintTablesView view = finish_view(upload(uploaded));
        if (!cmb.electron.values.empty()) {
            view.cmb = cmb.view(upload);
        }
        for (int k = 0; k < production_mixture_count; ++k) {
            if (!mixtures[k].mass.empty()) {
                view.mixtures[k] = mixtures[k].view([&upload](auto const& values) { return upload(values); });
            }
        }
        return view;
    }
    /// View of the host memory.
    ConstraintTablesView view() const
    {
        ConstraintTablesView view = finish_view(host_components_.data());
        if (!cmb.electron.values.empty()) {
            view.cmb = cmb.view();
        }
        for (int k = 0; k < production_mixture_count; ++k) {
            if (!mixtures[k].mass.empty()) {
                view.mixtures[k] = mixtures[k].view();
            }
        }
        return view;
    }

    /// Builds the host view's component array; called once the components are loaded.
    void finalise();

private:
    template <class Upload>
    static LimitComponent with_views(HostLimitComponent const& host, Upload&& upload)
    {
        auto curve = [&upload](HostCurve const& c) {
            return CurveView{upload(c.x), upload(c.y), static_cast<int>(c.x.size())};
        };
        LimitComponent component = host.parameters;
        component.limit = curve(host.limit);
        component.upper = curve(host.upper);
        component.window_start = curve(host.window_start);
        component.grid = {upload(host.grid.x), static_cast<int>(host.grid.x.size()), upload(host.grid.first),
                          upload(host.grid.y), upload(host.grid.z)};
        return component;
    }
    ConstraintTablesView finish_view(LimitComponent const* device_components) const;

    std::vector<LimitComponent> host_components_;
};

/// Name of a term for options and datasets; throws InputError for an unknown name.
int constraint_term_by_name(std::string const& name, std::string const& option);

/// Loads the limit files of `terms` (ConstraintTerm bits) with each term's confidence level `cl` (the published
/// one unless overridden); `hadrons` gives the dark photon's widths for the beam-dump windows. Throws DataError
/// naming a missing, altered or malformed file.
ConstraintTables load_constraint_tables(std::uint64_t terms, std::array<double, constraint_term_count> const& cl,
                                        HadronTablesView hadrons);

/// The published confidence level of every term.
std::array<double, constraint_term_count> published_confidence_levels();

}  // namespace darkscan
