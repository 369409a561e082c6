// SPDX-License-Identifier: MIT
// Builds and verifies the tabulated Yukawa Sommerfeld factors (method: darkscan/physics/sommerfeld_table.hpp).
#include "sommerfeld_table.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <thread>
#include <vector>

namespace darkscan {

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr double not_verified = std::numeric_limits<double>::quiet_NaN();

/// f(i) for i in [0, n) on `threads` threads, item i on thread i % threads: every item is computed by the same
/// pure function whatever the thread count, so the tables do not depend on it.
template <class F>
void parallel_for(long n, int threads, F const& f)
{
    int const count = static_cast<int>(std::max(1L, std::min<long>(threads, n)));
    if (count <= 1) {
        for (long i = 0; i < n; ++i) {
            f(i);
        }
        return;
    }
    std::vector<std::thread> pool;
    pool.reserve(count);
    for (int t = 0; t < count; ++t) {
        pool.emplace_back([&f, n, t, count] {
            for (long i = t; i < n; i += count) {
                f(i);
            }
        });
    }
    for (auto& thread : pool) {
        thread.join();
    }
}

int nodes_covering(double span, double step)
{
    return std::max(4, static_cast<int>(std::ceil(span / step - 1e-9)) + 1);
}

double relative_error(double value, double reference)
{
    return std::fabs(value / reference - 1.0);
}

/// Check-point result of one cell: served by the table (lookup accepts) and its measured error there.
struct CellCheck {
    bool served = false;
    double error = 0.0;
};

void build_resonance_region(SommerfeldTable& table, int threads, std::vector<CellCheck>& checks)
{
    SommerfeldTableSpec const& spec = table.spec;
    auto tau_of = [&](double t) { return t + spec.log_t * std::log(t); };
    double const tau_min = tau_of(1.0 / std::sqrt(spec.eps_phi_max));
    double const tau_max = tau_of(1.0 / std::sqrt(spec.eps_phi_min));
    int const nt = nodes_covering(tau_max - tau_min, spec.dtau);
    int const nr = static_cast<int>(std::lround(spec.r_max / spec.dr)) + 1;
    table.res_nt = nt;
    table.res_nr = nr;
    table.res_tau_min = tau_min;
    table.res_nodes.x_min = tau_min;
    table.res_nodes.dx = spec.dtau;
    table.res_nodes.values.assign(static_cast<std::size_t>(nt) * nr * 4, 0.0);
    std::vector<char> bad(static_cast<std::size_t>(nt) * nr, 0);
    // t at grid coordinate i: Newton on e^s + log_t s = tau in s = ln t (increasing and convex in s:
    // converges from any start without leaving the domain).
    auto node_t = [&](double i) {
        double const tau = tau_min + i * spec.dtau;
        double s = std::log(std::max(tau, 1.0));
        for (int it = 0; it < 200; ++it) {
            double const step = (std::exp(s) + spec.log_t * s - tau) / (std::exp(s) + spec.log_t);
            s -= step;
            if (std::fabs(step) <= 1e-15) {
                break;
            }
        }
        return std::exp(s);
    };

    parallel_for(static_cast<long>(nt) * nr, threads, [&](long n) {
        int const i = static_cast<int>(n / nr);
        int const j = static_cast<int>(n % nr);
        double const t = node_t(i);
        double const eps_phi = 1.0 / (t * t);
        SommerfeldTableNode const node = sommerfeld_table_node(j * spec.dr * eps_phi, eps_phi);
        double* out = &table.res_nodes.values[static_cast<std::size_t>(n) * 4];
        out[0] = node.L[0];
        out[1] = node.T[0];
        out[2] = node.L[1];
        out[3] = node.T[1];
        bad[n] = node.status != 0 || !std::isfinite(node.L[0]) || !std::isfinite(node.L[1]) ||
                 !std::isfinite(node.T[0]) || !std::isfinite(node.T[1]);
    });

    // Unwrap T (computed modulo pi): along t at r = 0, then along r in every row. Neighbouring nodes differ by
    // < 0.5 rad with the default steps, so the nearest branch is the continuous one; a wrong branch would show
    // up as an error of ~pi at the cell checks and take the cell out.
    auto at = [&](int i, int j, int m) -> double& {
        return table.res_nodes.values[(static_cast<std::size_t>(i) * nr + j) * 4 + m];
    };
    for (int m : {1, 3}) {
        for (int i = 1; i < nt; ++i) {
            at(i, 0, m) = at(i - 1, 0, m) + std::remainder(at(i, 0, m) - at(i - 1, 0, m), pi);
        }
        for (int i = 0; i < nt; ++i) {
            for (int j = 1; j < nr; ++j) {
                at(i, j, m) = at(i, j - 1, m) + std::remainder(at(i, j, m) - at(i, j - 1, m), pi);
            }
        }
    }

    // Check points: every cell centre and every edge midpoint (the interpolation errors along t and along r
    // can cancel at the centre; along an edge only one of them acts). A cell's error is the largest over its
    // centre and its four edge midpoints.
    long const cells = static_cast<long>(nt - 1) * (nr - 1);
    long const t_edges = static_cast<long>(nt) * (nr - 1);  // points (i, j + 1/2)
    long const r_edges = static_cast<long>(nt - 1) * nr;    // points (i + 1/2, j)
    struct CheckPoint {
        double ut, ur;
        SommerfeldTableNode exact;
    };
    std::vector<CheckPoint> points(static_cast<std::size_t>(cells + t_edges + r_edges));
    parallel_for(static_cast<long>(points.size()), threads, [&](long n) {
        double ut = 0.0;
        double ur = 0.0;
        if (n < cells) {
            ut = n / (nr - 1) + 0.5;
            ur = n % (nr - 1) + 0.5;
        } else if (n < cells + t_edges) {
            ut = (n - cells) / (nr - 1);
            ur = (n - cells) % (nr - 1) + 0.5;
        } else {
            ut = (n - cells - t_edges) / nr + 0.5;
            ur = (n - cells - t_edges) % nr;
        }
        double const t = node_t(ut);
        double const eps_phi = 1.0 / (t * t);
        points[n] = {ut, ur, sommerfeld_table_node(ur * spec.dr * eps_phi, eps_phi)};
    });

    table.res_cells.values.assign(static_cast<std::size_t>(cells) * 4, not_verified);
    checks.assign(static_cast<std::size_t>(cells), CellCheck{});
    SommerfeldTableView const view = table.view();
    std::vector<char> needed(static_cast<std::size_t>(cells), 0);
    for (long c = 0; c < cells; ++c) {
        int const i = static_cast<int>(c / (nr - 1));
        int const j = static_cast<int>(c % (nr - 1));
        double const t_hi = node_t(i + 1);
        needed[c] = j * spec.dr / (t_hi * t_hi) <= spec.eps_v_max;  // smallest eps_v of the cell inside the domain
    }
    parallel_for(cells, threads, [&](long c) {
        if (!needed[c]) {
            return;
        }
        int const i = static_cast<int>(c / (nr - 1));
        int const j = static_cast<int>(c % (nr - 1));
        int const i0 = sommerfeld_table_detail::stencil_start(i, nt, false);
        int const j0 = sommerfeld_table_detail::stencil_start(j, nr, true);
        for (int a = 0; a < 4; ++a) {
            for (int b = 0; b < 4; ++b) {
                if (bad[static_cast<std::size_t>(i0 + a) * nr + std::abs(j0 + b)]) {
                    return;
                }
            }
        }
        CheckPoint const* own[5] = {
            &points[c],
            &points[cells + static_cast<long>(i) * (nr - 1) + j],
            &points[cells + static_cast<long>(i + 1) * (nr - 1) + j],
            &points[cells + t_edges + static_cast<long>(i) * nr + j],
            &points[cells + t_edges + static_cast<long>(i) * nr + j + 1],
        };
        double q[5][4];
        double error[4] = {0.0, 0.0, 0.0, 0.0};
        for (int m = 0; m < 5; ++m) {
            CheckPoint const& point = *own[m];
            if (point.exact.status != 0) {
                return;
            }
            sommerfeld_table_detail::interpolate_resonance(view, point.ut, point.ur, q[m]);
            error[0] = std::max(error[0], std::fabs(q[m][0] - point.exact.L[0]));
            error[1] = std::max(error[1], std::fabs(std::remainder(q[m][1] - point.exact.T[0], pi)));
            error[2] = std::max(error[2], std::fabs(q[m][2] - point.exact.L[1]));
            error[3] = std::max(error[3], std::fabs(std::remainder(q[m][3] - point.exact.T[1], pi)));
        }
        // End to end at the check points: where the error model accepts the table value it must be within the
        // tolerance of the exact S of the same solve, else the cell is taken out.
        CellCheck result;
        for (int m = 0; m < 5; ++m) {
            CheckPoint const& point = *own[m];
            double const t = node_t(point.ut);
            double const eps_phi = 1.0 / (t * t);
            double const k = std::max(point.ur * spec.dr * eps_phi, sommerfeld_min_eps_v);
            double sens0 = 0.0;
            double sens1 = 0.0;
            auto const frame = sommerfeld_table_detail::polar_frame(k, eps_phi);
            double const s0 = sommerfeld_table_detail::factor_from_polar(0, frame, q[m][0], q[m][1], sens0);
            double const s1 = sommerfeld_table_detail::factor_from_polar(1, frame, q[m][2], q[m][3], sens1);
            bool const accepted = spec.safety * (2.0 * error[0] + error[1] * sens0) <= spec.tolerance &&
                                  spec.safety * (2.0 * error[2] + error[3] * sens1) <= spec.tolerance;
            if (!accepted) {
                continue;
            }
            double const e = std::max(relative_error(s0, point.exact.s), relative_error(s1, point.exact.p));
            if (!(e <= spec.tolerance)) {
                return;
            }
            result.error = std::max(result.error, e);
            result.served = result.served || m == 0;
        }
        std::copy(error, error + 4, &table.res_cells.values[static_cast<std::size_t>(c) * 4]);
        checks[c] = result;
    });
    for (long c = 0; c < cells; ++c) {
        table.cells_needed += needed[c];
        table.cells_verified += needed[c] && table.res_cells.values[static_cast<std::size_t>(c) * 4] >= 0.0;
    }
}

void build_high_region(SommerfeldTable& table, int threads, std::vector<CellCheck>& checks)
{
    SommerfeldTableSpec const& spec = table.spec;
    double const r_max = (table.res_nr - 1) * spec.dr;
    double const phi_min = std::log(spec.eps_phi_min);
    double const v_min = std::log(r_max * spec.eps_phi_min);
    int const np = nodes_covering(std::log(spec.eps_phi_max) - phi_min, spec.d_ln);
    int const nv = nodes_covering(std::log(spec.eps_v_max) - v_min, spec.d_ln);
    table.hi_nphi = np;
    table.hi_nv = nv;
    table.hi_ln_phi_min = phi_min;
    table.hi_ln_v_min = v_min;
    table.hi_nodes.x_min = phi_min;
    table.hi_nodes.dx = spec.d_ln;
    table.hi_nodes.values.assign(static_cast<std::size_t>(np) * nv * 2, not_verified);
    long const cells = static_cast<long>(np - 1) * (nv - 1);
    table.hi_cells.values.assign(static_cast<std::size_t>(cells), not_verified);
    checks.assign(static_cast<std::size_t>(cells), CellCheck{});

    // Cells that hold points served by this region: r > r_max somewhere, eps_phi above the Coulomb switch
    // somewhere, eps_phi <= eps_phi_max and eps_v <= eps_v_max somewhere.
    std::vector<char> needed(static_cast<std::size_t>(cells), 0);
    std::vector<char> node_needed(static_cast<std::size_t>(np) * nv, 0);
    for (long c = 0; c < cells; ++c) {
        int const i = static_cast<int>(c / (nv - 1));
        int const j = static_cast<int>(c % (nv - 1));
        double const phi_lo = phi_min + i * spec.d_ln;
        double const phi_hi = phi_lo + spec.d_ln;
        double const v_lo = v_min + j * spec.d_ln;
        double const v_hi = v_lo + spec.d_ln;
        bool const use = v_hi - phi_lo > std::log(r_max) &&
                         std::exp(phi_hi) > sommerfeld_coulomb_switch(std::exp(v_lo)) &&
                         phi_lo < std::log(spec.eps_phi_max) && v_lo < std::log(spec.eps_v_max);
        if (!use) {
            continue;
        }
        needed[c] = 1;
        int const i0 = sommerfeld_table_detail::stencil_start(i, np, false);
        int const j0 = sommerfeld_table_detail::stencil_start(j, nv, false);
        for (int a = 0; a < 4; ++a) {
            for (int b = 0; b < 4; ++b) {
                node_needed[static_cast<std::size_t>(i0 + a) * nv + j0 + b] = 1;
            }
        }
    }
    parallel_for(static_cast<long>(np) * nv, threads, [&](long n) {
        if (!node_needed[n]) {
            return;
        }
        double const phi = phi_min + (n / nv) * spec.d_ln;
        double const v = v_min + (n % nv) * spec.d_ln;
        SommerfeldTableLogNode const node = sommerfeld_table_log_node(std::exp(v), std::exp(phi));
        if (node.status == 0) {
            table.hi_nodes.values[static_cast<std::size_t>(n) * 2] = node.ln_s;
            table.hi_nodes.values[static_cast<std::size_t>(n) * 2 + 1] = node.ln_p;
        }
    });
    // Check points as in the resonance region: cell centres and edge midpoints (reference: the node function,
    // which above the Coulomb switch is sommerfeld_yukawa's own solve).
    long const p_edges = static_cast<long>(np) * (nv - 1);  // points (i, j + 1/2)
    long const v_edges = static_cast<long>(np - 1) * nv;    // points (i + 1/2, j)
    struct CheckPoint {
        double up, uv;
        SommerfeldTableLogNode exact;
        bool used;
    };
    std::vector<CheckPoint> points(static_cast<std::size_t>(cells + p_edges + v_edges));
    for (long c = 0; c < cells; ++c) {
        if (!needed[c]) {
            continue;
        }
        int const i = static_cast<int>(c / (nv - 1));
        int const j = static_cast<int>(c % (nv - 1));
        points[c].used = true;
        points[cells + static_cast<long>(i) * (nv - 1) + j].used = true;
        points[cells + static_cast<long>(i + 1) * (nv - 1) + j].used = true;
        points[cells + p_edges + static_cast<long>(i) * nv + j].used = true;
        points[cells + p_edges + static_cast<long>(i) * nv + j + 1].used = true;
    }
    parallel_for(static_cast<long>(points.size()), threads, [&](long n) {
        CheckPoint& point = points[n];
        if (!point.used) {
            return;
        }
        if (n < cells) {
            point.up = n / (nv - 1) + 0.5;
            point.uv = n % (nv - 1) + 0.5;
        } else if (n < cells + p_edges) {
            point.up = (n - cells) / (nv - 1);
            point.uv = (n - cells) % (nv - 1) + 0.5;
        } else {
            point.up = (n - cells - p_edges) / nv + 0.5;
            point.uv = (n - cells - p_edges) % nv;
        }
        point.exact =
            sommerfeld_table_log_node(std::exp(v_min + point.uv * spec.d_ln), std::exp(phi_min + point.up * spec.d_ln));
    });
    SommerfeldTableView const view = table.view();
    parallel_for(cells, threads, [&](long c) {
        if (!needed[c]) {
            return;
        }
        int const i = static_cast<int>(c / (nv - 1));
        int const j = static_cast<int>(c % (nv - 1));
        CheckPoint const* own[5] = {
            &points[c],
            &points[cells + static_cast<long>(i) * (nv - 1) + j],
            &points[cells + static_cast<long>(i + 1) * (nv - 1) + j],
            &points[cells + p_edges + static_cast<long>(i) * nv + j],
            &points[cells + p_edges + static_cast<long>(i) * nv + j + 1],
        };
        double error = 0.0;
        for (CheckPoint const* point : own) {
            double ln_sp[2];
            sommerfeld_table_detail::interpolate_high(view, point->up, point->uv, ln_sp);
            if (point->exact.status != 0 || !std::isfinite(ln_sp[0]) || !std::isfinite(ln_sp[1])) {
                return;  // a stencil node or the check failed
            }
            error = std::max(
                error, std::max(std::fabs(ln_sp[0] - point->exact.ln_s), std::fabs(ln_sp[1] - point->exact.ln_p)));
        }
        table.hi_cells.values[static_cast<std::size_t>(c)] = error;
        if (spec.safety * error <= spec.tolerance) {
            checks[c] = {true, std::expm1(error)};  // largest |S_table/S - 1| at the check points
        }
    });
    for (long c = 0; c < cells; ++c) {
        table.cells_needed += needed[c];
        table.cells_verified += needed[c] && table.hi_cells.values[static_cast<std::size_t>(c)] >= 0.0;
    }
}

}  // namespace

SommerfeldTable build_sommerfeld_table(SommerfeldTableSpec const& spec, int threads)
{
    if (!(spec.eps_phi_min > 0.0) || !(spec.eps_phi_max > spec.eps_phi_min) || !(spec.eps_v_max > 0.0) ||
        !(spec.dtau > 0.0) || !(spec.log_t >= 0.0) || !(spec.dr > 0.0) || !(spec.r_max >= 3.0 * spec.dr) ||
        !(spec.d_ln > 0.0) || !(spec.tolerance > 0.0) || !(spec.safety >= 1.0)) {
        throw std::invalid_argument("build_sommerfeld_table: inconsistent SommerfeldTableSpec");
    }
    auto const start = std::chrono::steady_clock::now();
    SommerfeldTable table;
    table.spec = spec;
    table.threads = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<CellCheck> res_checks;
    std::vector<CellCheck> hi_checks;
    build_resonance_region(table, table.threads, res_checks);
    build_high_region(table, table.threads, hi_checks);
    for (auto const* checks : {&res_checks, &hi_checks}) {
        for (CellCheck const& check : *checks) {
            table.checks_served += check.served;
            table.max_error = std::max(table.max_error, check.error);
        }
    }
    table.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return table;
}

std::string describe(SommerfeldTable const& table)
{
    if (table.res_nt == 0) {
        return "none: Sommerfeld factors by direct solve";
    }
    SommerfeldTableSpec const& s = table.spec;
    double const needed = table.cells_needed > 0 ? static_cast<double>(table.cells_needed) : 1.0;
    char line[640];
    std::snprintf(line, sizeof line,
                  "Sommerfeld table: eps_phi [%.3g, %.3g], eps_v [0, %.3g]; resonance region r = eps_v/eps_phi <= %.3g "
                  "on tau = t + %.3g ln t (t = eps_phi^-1/2) step %.3g x r step %.3g (%d x %d nodes), high-energy ln S "
                  "lattice step %.3g "
                  "(%d x %d); %.1f%% of %ld cells verified, table used at %.1f%% of the check points, largest "
                  "measured error %.2e (accepts <= %.3g incl. safety %.3g); built in %.2f s on %d thread(s)",
                  s.eps_phi_min, s.eps_phi_max, s.eps_v_max, (table.res_nr - 1) * s.dr, s.log_t, s.dtau, s.dr,
                  table.res_nt, table.res_nr, s.d_ln, table.hi_nphi, table.hi_nv, 100.0 * table.cells_verified / needed,
                  table.cells_needed, 100.0 * table.checks_served / needed, table.max_error, s.tolerance, s.safety,
                  table.build_seconds, table.threads);
    return line;
}

}  // namespace darkscan
