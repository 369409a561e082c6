// SPDX-License-Identifier: MIT
// Every data table a run needs, loaded and checked from the reference-data files once per run.
#pragma once

#include <string>
#include <vector>

#include "constraint_tables.hpp"
#include "darkscan/point_evaluation.hpp"
#include "eos_tables.hpp"
#include "hadron_tables.hpp"
#include "sommerfeld_table.hpp"
#include "uniform_table.hpp"

namespace darkscan {

struct PhysicsTables {
    HadronTables hadrons;
    EosTables eos;
    SommerfeldTable sommerfeld;  ///< built by scans that repay it (see sommerfeld_table_for_scan); else empty
    ConstraintTables constraints;  ///< limits of the scan's constraint terms (empty when none is selected)

    /// View through `upload`, e.g. a copy to device memory: a callable taking UniformTable const& (returning a
    /// UniformTableView) and std::vector<T> const& (returning T const*).
    template <class Upload>
    PhysicsTablesView view(Upload&& upload) const
    {
        return {hadrons.view(upload), eos.view(upload), sommerfeld.view(upload), constraints.view(upload)};
    }
    /// View of the host memory (serial reference and `darkscan point`).
    PhysicsTablesView view() const
    {
        return {hadrons.view(), eos.view(), sommerfeld.view(), constraints.view()};
    }

    /// Data files read, relative to the data directory (for provenance in the output).
    std::vector<std::string> data_files() const;
};

/// Loads every table, the g_*(T) table of `equation_of_state` and the limits of the constraint terms
/// `constraint_terms` (ConstraintTerm bits) at confidence levels `cl`; throws DataError naming a missing, altered
/// or malformed file.
PhysicsTables load_physics_tables(EquationOfState equation_of_state, std::uint64_t constraint_terms = 0,
                                  std::array<double, constraint_term_count> const& cl = published_confidence_levels());

/// The physics modules compiled in, for `darkscan info`.
std::string physics_modules();

}  // namespace darkscan
