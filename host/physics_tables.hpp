// SPDX-License-Identifier: MIT
// Every data table a run needs, loaded and checked from the reference-data files once per run.
#pragma once

#include <string>
#include <vector>

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

    /// Number of UniformTable members (the GPU backend reserves one device buffer each).
    static constexpr int table_count = 11;

    /// View through `upload` (UniformTable const& -> UniformTableView), e.g. a copy to device memory.
    template <class Upload>
    PhysicsTablesView view(Upload&& upload) const
    {
        return {hadrons.view(upload), eos.view(upload), sommerfeld.view(upload)};
    }
    /// View of the host memory (serial reference and `darkscan point`).
    PhysicsTablesView view() const { return view(host_view); }

    /// Data files read, relative to the data directory (for provenance in the output).
    std::vector<std::string> data_files() const;
};

/// Loads every table, the g_*(T) table of `equation_of_state`; throws DataError naming a missing, altered or
/// malformed file.
PhysicsTables load_physics_tables(EquationOfState equation_of_state);

/// The physics modules compiled in, for `darkscan info`.
std::string physics_modules();

}  // namespace darkscan
