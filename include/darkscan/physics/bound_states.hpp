// SPDX-License-Identifier: MIT
// chi chibar bound states ("dark onium") in the Yukawa potential of the mediator: existence, binding energy and
// wave function at the origin of the 1s, 2s and 2p levels from a bounded-cost numerical eigenvalue solve, the
// analytic Hulthen approximation the seed used, and a wrapper in physical units. No allocation, fixed caps.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/status.hpp"

namespace darkscan {

// Atomic units of the two-body problem throughout: hbar = mu = alpha_D = 1, mu = m_chi/2 the reduced mass.
// Lengths in a_0 = 1/(alpha_D mu), energies in mu alpha_D^2, and the radial equation for u = r R(r) is
//   -u''/2 + [l(l+1)/(2 r^2) - e^{-lambda r}/r] u = E u,   lambda = m_V/(alpha_D mu) = 2 m_V/(alpha_D m_chi)
// (physics notes 3.4; lambda = 2 eps_phi in the Sommerfeld variables of 3.3). E_nl depends on lambda only.

/// One level of the Yukawa problem in atomic units.
struct BoundState {
    /// The level is bound (lambda below its critical screening).
    bool exists = false;
    /// E_nl [mu alpha_D^2], negative; exactly 0 when the level does not exist (and -> 0 continuously at threshold).
    double energy = 0.0;
    /// l = 0: R_n0(0)^2 [(mu alpha_D)^3] (Coulomb: 4/n^3); l = 1: |R_n1'(0)|^2 [(mu alpha_D)^5] (Coulomb 2p: 1/24).
    /// 0 when the level does not exist. |psi(0)|^2 = R(0)^2/(4 pi) for s waves.
    double radial_origin_squared = 0.0;
    /// status::bound_state_not_converged if the eigenvalue solve failed its checks; invalid_parameters for an
    /// unsupported (n, l) or lambda < 0 / NaN.
    status::Flags status = 0;
};

/// Critical screening lambda_c = m_V/(alpha_D mu) above which the Yukawa level (n, l) is unbound, for
/// (1,0), (2,0), (2,1); 0 for any other (n, l). Values: zero-energy solutions (u' = 0, resp. u ~ 1/r, beyond
/// the potential) computed for darkscan with scipy (DOP853, rtol 1e-13, Brent on lambda); the solver below
/// reproduces them to 2e-9 (tests). They match the commonly quoted 1s value 1.19061 (Rogers, Graboske,
/// Harwood, PRA 1 (1970) 1577; 60-digit tables: Bunker, Atoms 14 (2026) 18, not read here) and 2s ~ 0.31,
/// 2p ~ 0.22. In dark-sector variables the 1s level exists iff alpha_D m_chi/m_V > 2/lambda_c = 1.67981.
DS_HD inline double yukawa_critical_screening(int n, int l)
{
    if (n == 1 && l == 0) {
        return 1.1906124210605995;
    }
    if (n == 2 && l == 0) {
        return 0.3102092827139323;
    }
    if (n == 2 && l == 1) {
        return 0.22021680660657225;
    }
    return 0.0;
}

/// Discretisation of the Yukawa eigenvalue solve (tests halve it to check convergence).
struct BoundStateAccuracy {
    /// Step h of the logarithmic grid t = ln r (Numerov is O(h^4): relative error of E 1e-9 to 2e-8 at 0.02).
    double log_step = 0.02;
    /// The potential is dropped beyond R = potential_range / lambda (e^{-36} = 2e-16 of its Coulomb value) and
    /// the solution continued by the exact free one.
    double potential_range = 36.0;
    /// Where the potential is still Coulomb-like the grid ends 2 decay_lengths / k_guess beyond the turning point.
    double decay_lengths = 30.0;
    /// Cap on grid points (a larger grid would be needed only for lambda -> 0 with E -> 0, which cannot happen).
    int max_points = 6000;
    /// Cap on matching-function evaluations of the root search.
    int max_evaluations = 80;

    DS_HD BoundStateAccuracy halved() const
    {
        return {0.5 * log_step, potential_range, decay_lengths, 2 * max_points, max_evaluations};
    }
};

namespace bound_state_detail {

/// Frobenius start u = r^{l+1} sum_j a_j r^j (a_0 = 1) of u'' = [l(l+1)/r^2 - 2 e^{-lambda r}/r + k^2] u:
///   j (j + 2l + 1) a_j = sum_{m>=0} c_m a_{j-1-m} + k^2 a_{j-2},  c_m = -2 (-lambda)^m/m!  (the r^{m-1} term of
/// -2 e^{-lambda r}/r). At r <= 0.03 the terms fall like (2r)^j/(j!)^2: 12 terms are exact in double.
inline constexpr int series_terms = 12;

struct SeriesValue {
    double u;
    double du;  // du/dr
};

DS_HD inline void series_coefficients(int l, double lambda, double k, double* a)
{
    double c[series_terms];
    double term = -2.0;
    for (int m = 0; m < series_terms; ++m) {
        c[m] = term;
        term *= -lambda / (m + 1);
    }
    a[0] = 1.0;
    for (int j = 1; j < series_terms; ++j) {
        double sum = j >= 2 ? k * k * a[j - 2] : 0.0;
        for (int m = 0; m <= j - 1; ++m) {
            sum += c[m] * a[j - 1 - m];
        }
        a[j] = sum / (j * (j + 2.0 * l + 1.0));
    }
}

DS_HD inline SeriesValue series_value(int l, double const* a, double r)
{
    double p = 0.0;
    double dp = 0.0;
    for (int j = series_terms - 1; j >= 0; --j) {
        p = p * r + a[j];
        dp = dp * r + (j + l + 1.0) * a[j];
    }
    double const rl = std::pow(r, l);  // u = r^{l+1} p, u' = r^l sum (j+l+1) a_j r^j
    return {rl * r * p, rl * dp};
}

/// Int_0^r0 u^2 dr of the series: sum_s r0^{2l+3+s}/(2l+3+s) sum_{i+j=s} a_i a_j.
DS_HD inline double series_norm(int l, double const* a, double r0)
{
    double sum = 0.0;
    double power = std::pow(r0, 2 * l + 3);
    for (int order = 0; order <= 2 * (series_terms - 1); ++order) {
        double coefficient = 0.0;
        for (int i = 0; i < series_terms; ++i) {
            int const j = order - i;
            if (j >= 0 && j < series_terms) {
                coefficient += a[i] * a[j];
            }
        }
        sum += coefficient * power / (2.0 * l + 3.0 + order);
        power *= r0;
    }
    return sum;
}

/// Free solution beyond the potential's range (exact for l = 0, 1) with u(R) = p(R): u = e^{-k (r-R)} p(r),
/// p = 1 (l = 0) or k + 1/r (l = 1: r k_1(kr) up to a constant, finite as k -> 0).
struct TailValue {
    double u;
    double du;
    double norm;  // Int_R^inf u^2 dr
};

DS_HD inline TailValue free_tail(int l, double k, double r)
{
    if (l == 0) {
        // Int e^{-2k(r-R)} = 1/(2k); k = 0 (threshold) gives an infinite norm, i.e. R(0) = 0.
        return {1.0, -k, k > 0.0 ? 0.5 / k : HUGE_VAL};
    }
    double const p = k + 1.0 / r;
    // Int_R^inf e^{-2k(r-R)} (k + 1/r)^2 dr = k/2 + 1/R (the E_1 terms cancel).
    return {p, -k * p - 1.0 / (r * r), 0.5 * k + 1.0 / r};
}

/// Logarithmic grid r_i = r_0 e^{i h}, i = 0..last, and the matching point.
struct Grid {
    double r0;
    double h;
    int last;
    int match;
    bool truncated;
};

/// One shot at k = sqrt(-2E): Numerov outward from the origin and inward from r_last to the matching point,
/// in w = u r^{-1/2}, t = ln r, which turns the radial equation into w'' = g(t) w with
///   g = (l + 1/2)^2 - 2 r e^{-lambda r} + k^2 r^2   (smooth at r -> 0; Numerov is O(h^4)).
struct Shot {
    /// Phi(E) - (n - l - 1) pi, Phi the Prufer-angle difference of the outward and inward solutions at the
    /// matching point (node counts included): continuous, increasing in E, zero at the eigenvalue.
    double mismatch;
    /// Int_0^inf u^2 dr of the matched solution normalised as u = r^{l+1} (1 + O(r)) at the origin.
    double norm;
};

DS_HD inline double numerov_step(double h2, double g_prev, double w_prev, double g, double w, double g_next)
{
    return (2.0 * (1.0 + 5.0 * h2 * g / 12.0) * w - (1.0 - h2 * g_prev / 12.0) * w_prev) /
           (1.0 - h2 * g_next / 12.0);
}

/// Numerov-consistent derivative at the middle of three points (O(h^4)):
///   w' = [(1 - h^2 g_+/6) w_+ - (1 - h^2 g_-/6) w_-]/(2h).
DS_HD inline double numerov_derivative(double h, double g_minus, double w_minus, double g_plus, double w_plus)
{
    double const h2 = h * h;
    return ((1.0 - h2 * g_plus / 6.0) * w_plus - (1.0 - h2 * g_minus / 6.0) * w_minus) / (2.0 * h);
}

DS_HD inline Shot shoot(int l, int target_nodes, double lambda, double k, Grid const& grid)
{
    double a[series_terms];
    series_coefficients(l, lambda, k, a);
    double const h = grid.h;
    double const h2 = h * h;
    double const ll = (l + 0.5) * (l + 0.5);
    double const step = std::exp(h);
    auto g_of = [&](double r) { return ll - 2.0 * r * std::exp(-lambda * r) + k * k * r * r; };
    int const m = grid.match;

    // Outward: series at r_0, r_1, then Numerov to r_{m+1}. The norm integrand in t is f = r^2 w^2 = r u^2,
    // with df/dt = r u^2 + 2 r^2 u u' = 2 f + 2 r^2 w w'; trapezoid plus Euler-Maclaurin end terms is O(h^4).
    double r = grid.r0;
    SeriesValue const s0 = series_value(l, a, r);
    SeriesValue const s1 = series_value(l, a, r * step);
    double const f0 = r * s0.u * s0.u;
    double const df0 = f0 + 2.0 * r * r * s0.u * s0.du;
    double out = h * 0.5 * f0 + h2 / 12.0 * df0;
    double wp = s0.u / std::sqrt(r);
    double gp = g_of(r);
    r *= step;
    double wc = s1.u / std::sqrt(r);
    double gc = g_of(r);
    int nodes_out = 0;
    double w_minus = 0.0, g_minus = 0.0, w_plus = 0.0, g_plus = 0.0;
    for (int i = 1; i <= m; ++i) {  // wc = w_i at r
        out += h * (i == m ? 0.5 : 1.0) * r * r * wc * wc;
        nodes_out += (wp * wc < 0.0) ? 1 : 0;
        double const r_next = r * step;
        double const gn = g_of(r_next);
        double const wn = numerov_step(h2, gp, wp, gc, wc, gn);
        if (i == m) {
            w_minus = wp;
            g_minus = gp;
            w_plus = wn;
            g_plus = gn;
            break;
        }
        wp = wc;
        gp = gc;
        wc = wn;
        gc = gn;
        r = r_next;
    }
    double const r_m = r;
    double const w_out = wc;
    double const dw_out = numerov_derivative(h, g_minus, w_minus, g_plus, w_plus);
    out -= h2 / 12.0 * 2.0 * r_m * r_m * w_out * (w_out + dw_out);

    // Inward: free solution at r_last and r_last-1, Numerov down to r_{m-1}. Everything inward (tail included)
    // is accumulated in one sum so that a rescaling against overflow keeps it consistent.
    double const r_end = grid.r0 * std::exp(grid.last * h);
    double const r_end_prev = r_end / step;
    TailValue const tail = free_tail(l, k, r_end);
    double const u_end_prev = std::exp(k * (r_end - r_end_prev)) * free_tail(l, k, r_end_prev).u;
    double const f_end = r_end * tail.u * tail.u;
    double const df_end = f_end + 2.0 * r_end * r_end * tail.u * tail.du;
    double in = tail.norm + h * 0.5 * f_end - h2 / 12.0 * df_end;
    double vp = tail.u / std::sqrt(r_end);
    double qp = g_of(r_end);
    r = r_end_prev;
    double vc = u_end_prev / std::sqrt(r);
    double qc = g_of(r);
    int nodes_in = 0;
    double v_minus = 0.0, q_minus = 0.0, v_plus = 0.0, q_plus = 0.0;
    for (int i = grid.last - 1; i >= m; --i) {  // vc = w_i at r
        in += h * (i == m ? 0.5 : 1.0) * r * r * vc * vc;
        nodes_in += (vp * vc < 0.0) ? 1 : 0;
        double const r_next = r / step;
        double const qn = g_of(r_next);
        double const vn = numerov_step(h2, qp, vp, qc, vc, qn);
        if (i == m) {
            v_plus = vp;
            q_plus = qp;
            v_minus = vn;
            q_minus = qn;
            break;
        }
        vp = vc;
        qp = qc;
        vc = vn;
        qc = qn;
        r = r_next;
        if (std::fabs(vc) > 1e150) {  // the inward solution grows like e^{Int q}: rescale
            vc *= 1e-150;
            vp *= 1e-150;
            in *= 1e-300;
        }
    }
    double const v_m = vc;
    double const dv_in = numerov_derivative(h, q_minus, v_minus, q_plus, v_plus);
    in += h2 / 12.0 * 2.0 * r_m * r_m * v_m * (v_m + dv_in);

    // Prufer angles in [0, pi] after fixing the sign by the node parity.
    double const sigma_out = (nodes_out % 2 == 0) ? 1.0 : -1.0;
    double const sigma_in = (nodes_in % 2 == 0) ? 1.0 : -1.0;
    double const angle_out = std::atan2(sigma_out * w_out, sigma_out * dw_out);
    double const angle_in = std::atan2(sigma_in * v_m, sigma_in * dv_in);
    double const mismatch = constants::pi * (nodes_out + nodes_in - target_nodes) + angle_out - angle_in;

    double const scale = w_out / v_m;
    double const norm = series_norm(l, a, grid.r0) + out + scale * scale * in;
    return {mismatch, norm};
}

/// Start of the grid [a_0]: the Frobenius series is exact there, and the smallest length of the problem is a_0.
inline constexpr double grid_start = 0.02;

/// Grid for a level expected near k_guess: the matching point is the outer classical turning point at k_guess
/// (where the outward solution stops oscillating); the grid ends where the potential is negligible
/// (potential_range/lambda) or, if sooner, 2 decay_lengths/k_guess beyond the turning point, where the inward
/// start's error has decayed by e^{-2 decay_lengths} or more.
DS_HD inline Grid make_grid(int l, double lambda, double k_guess, BoundStateAccuracy const& accuracy)
{
    double const h = accuracy.log_step;
    double const step = std::exp(h);
    double const r_potential = lambda > 0.0 ? accuracy.potential_range / lambda : HUGE_VAL;
    double const r_cap = grid_start * std::exp(h * (accuracy.max_points - 1));
    double const r_scan_end = r_potential < r_cap ? r_potential : r_cap;
    // Scan Q = k^2 + l(l+1)/r^2 - 2 e^{-lambda r}/r outward for its last sign change (- to +).
    int match = -1;
    int lowest = 0;
    double q_lowest = HUGE_VAL;
    bool allowed_seen = false;
    double r = grid_start;
    int i = 0;
    for (; i < accuracy.max_points && r < r_scan_end; ++i, r *= step) {
        double const q = k_guess * k_guess + l * (l + 1.0) / (r * r) - 2.0 * std::exp(-lambda * r) / r;
        if (q < q_lowest) {
            q_lowest = q;
            lowest = i;
        }
        if (q < 0.0) {
            allowed_seen = true;
        } else if (allowed_seen) {
            match = i;
            break;
        }
    }
    if (match < 0) {
        // No turning point before the potential ends (k_guess ~ 0: match near the end of the allowed region) or
        // none at all (k_guess below the well: match at its bottom).
        match = allowed_seen ? i - 3 : lowest;
    }
    if (match < 2) {
        match = 2;
    }
    double const r_match = grid_start * std::exp(h * match);
    double r_end = r_potential;
    if (k_guess > 0.0) {
        double const r_decay = r_match + 2.0 * accuracy.decay_lengths / k_guess;
        r_end = r_decay < r_end ? r_decay : r_end;
    }
    double const points = std::ceil(std::log(r_end / grid_start) / h);
    int last = accuracy.max_points - 1;
    bool truncated = true;
    if (points < accuracy.max_points) {  // false for r_end = inf (never converted to int)
        last = static_cast<int>(points);
        truncated = false;
    }
    if (last < match + 3) {
        last = match + 3;
    }
    return {grid_start, h, last, match, truncated};
}

/// Brent's method (Brent 1973, ch. 4; the 'zeroin' algorithm) for the root of shot.mismatch in k on
/// [k_lo, k_hi] with mismatch(k_lo) > 0 > mismatch(k_hi). Returns the root; sets converged.
DS_HD inline double solve_k(int l, int target_nodes, double lambda, Grid const& grid, double k_lo, double f_lo,
                            double k_hi, double f_hi, int max_evaluations, bool& converged)
{
    double a = k_lo, fa = f_lo, b = k_hi, fb = f_hi;
    double c = a, fc = fa, d = b - a, e = d;
    converged = false;
    for (int iteration = 0; iteration < max_evaluations; ++iteration) {
        if ((fb > 0.0) == (fc > 0.0)) {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if (std::fabs(fc) < std::fabs(fb)) {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        double const tolerance = 4e-16 * std::fabs(b) + 1e-15;
        double const half = 0.5 * (c - b);
        if (std::fabs(half) <= tolerance || fb == 0.0) {
            converged = true;
            return b;
        }
        if (std::fabs(e) >= tolerance && std::fabs(fa) > std::fabs(fb)) {
            // inverse quadratic interpolation (secant if only two points)
            double p, q;
            double const s = fb / fa;
            if (a == c) {
                p = 2.0 * half * s;
                q = 1.0 - s;
            } else {
                double const qa = fa / fc;
                double const rb = fb / fc;
                p = s * (2.0 * half * qa * (qa - rb) - (b - a) * (rb - 1.0));
                q = (qa - 1.0) * (rb - 1.0) * (s - 1.0);
            }
            if (p > 0.0) {
                q = -q;
            } else {
                p = -p;
            }
            double const min1 = 3.0 * half * q - std::fabs(tolerance * q);
            double const min2 = std::fabs(e * q);
            if (2.0 * p < (min1 < min2 ? min1 : min2)) {
                e = d;
                d = p / q;
            } else {
                d = half;
                e = d;
            }
        } else {
            d = half;
            e = d;
        }
        a = b;
        fa = fb;
        b += std::fabs(d) > tolerance ? d : (half > 0.0 ? tolerance : -tolerance);
        fb = shoot(l, target_nodes, lambda, b, grid).mismatch;
    }
    return b;
}

}  // namespace bound_state_detail

/// Level (n, l) in {(1,0), (2,0), (2,1)} of the Yukawa potential -e^{-lambda r}/r in atomic units (above).
/// Method: shooting on k = sqrt(-2E) with Numerov on a logarithmic grid (w = u r^{-1/2}, t = ln r removes the 1/r
/// and centrifugal singularities; start on the Frobenius series at r = 0.02), matching outward and inward
/// solutions at the classical turning point through their Prufer angles with node counts, which makes the
/// matching function continuous and monotonic in E (one root per level, no level skipped), solved by Brent's
/// method on k in [0, 1.02/n] (E_nl >= -1/(2 n^2), the Coulomb value). Beyond R = 36/lambda the solution is the
/// exact free one, u = e^{-kr} (l = 0) or e^{-kr}(k + 1/r) (l = 1), whose norm is integrated analytically: the grid
/// never has to reach the size 1/k of a weakly bound state, so accuracy holds up to threshold (E ~ (lambda_c -
/// lambda)^2 for s, ~ (lambda_c - lambda) for p waves). Cost: 10-15 shots of 350-450 Numerov steps, about
/// 50 us on one CPU core.
/// Accuracy (log_step 0.02, measured against an independent reference in the tests): relative error of E
/// 1e-9 (1s) to 2e-8 (2s), of R(0)^2 below 1e-8, away from threshold; near threshold the absolute error of
/// k = sqrt(-2E) stays below 2e-9 (1e-10 for 1s), i.e. a relative error of E ~ 2 delta_k/k (5e-7 at
/// E_1s = -1e-7).
/// Existence: lambda < yukawa_critical_screening(n, l). Refs: physics notes 3.4; Numerov matching and energy
/// bracketing by node count as in Cooley, Math. Comp. 15 (1961) 363; Prufer angle: Pryce, "Numerical Solution
/// of Sturm-Liouville Problems" (1993), ch. 5.
DS_HD DS_NOINLINE inline BoundState yukawa_bound_state(int n, int l, double lambda,
                                                     BoundStateAccuracy const& accuracy = {})
{
    BoundState result;
    double const lambda_c = yukawa_critical_screening(n, l);
    if (lambda_c == 0.0 || !(lambda >= 0.0)) {
        result.status = status::invalid_parameters;
        return result;
    }
    if (!(lambda < lambda_c)) {
        return result;  // unbound (also lambda = inf, i.e. alpha_D -> 0)
    }
    result.exists = true;
    int const target_nodes = n - l - 1;
    // Guess for the grid only: k falls linearly (s) or like a square root (p) towards threshold.
    double const x = 1.0 - lambda / lambda_c;
    double const k_guess = (l == 0 ? x : std::sqrt(x)) / n;
    bound_state_detail::Grid const grid = bound_state_detail::make_grid(l, lambda, k_guess, accuracy);
    double const k_hi = 1.02 / n;
    double const f_lo = bound_state_detail::shoot(l, target_nodes, lambda, 0.0, grid).mismatch;
    double const f_hi = bound_state_detail::shoot(l, target_nodes, lambda, k_hi, grid).mismatch;
    if (!(f_lo > 0.0)) {
        // Threshold within the solver's resolution (lambda within ~1e-9 of lambda_c): E = 0, R(0) = 0 (s).
        // Anything further from lambda_c is a failure.
        if (lambda < lambda_c * (1.0 - 1e-6) || !(f_lo == f_lo)) {
            result.status |= status::bound_state_not_converged;
        }
        return result;
    }
    if (!(f_hi < 0.0)) {
        result.status |= status::bound_state_not_converged;
        return result;
    }
    bool converged = false;
    double const k = bound_state_detail::solve_k(l, target_nodes, lambda, grid, 0.0, f_lo, k_hi, f_hi,
                                                 accuracy.max_evaluations, converged);
    bound_state_detail::Shot const shot = bound_state_detail::shoot(l, target_nodes, lambda, k, grid);
    result.energy = -0.5 * k * k;
    result.radial_origin_squared = 1.0 / shot.norm;
    if (!converged || grid.truncated || !std::isfinite(result.energy) || !(result.radial_origin_squared >= 0.0)) {
        result.status |= status::bound_state_not_converged;
    }
    if (!std::isfinite(result.energy)) {
        result.energy = 0.0;
    }
    if (!std::isfinite(result.radial_origin_squared)) {
        result.radial_origin_squared = 0.0;
    }
    return result;
}

// --- Hulthen approximation (the seed's) --------------------------------------------------------------------

/// kappa a_0 of the Hulthen potential -alpha_D kappa e^{-kappa r}/(1 - e^{-kappa r}) that mimics the Yukawa with
/// kappa = (pi^2/6) m_V (physics notes 3.3/3.4): kappa a_0 = (pi^2/6) lambda, lambda = m_V a_0 = m_V/(alpha_D mu).
DS_HD inline double hulthen_kappa_a0(double lambda)
{
    return constants::pi * constants::pi / 6.0 * lambda;
}

/// The Hulthen s level n exists iff n^2 kappa a_0 < 2, i.e. lambda < 12/(pi^2 n^2) (1s: 1.21585, 2s: 0.30396;
/// equivalently alpha_D m_chi/m_V > pi^2 n^2/6, the Hulthen Sommerfeld resonances of checkpoint 4).
DS_HD inline bool hulthen_bound_state_exists(int n, double lambda)
{
    return n >= 1 && lambda >= 0.0 && n * n * hulthen_kappa_a0(lambda) < 2.0;
}

/// Hulthen s-wave level [mu alpha_D^2]: E_n = -(1/(2 n^2)) (1 - n^2 kappa a_0/2)^2; 0 if it does not exist.
/// Exact for the Hulthen potential with l = 0: the standard closed form of the Hulthen spectrum (physics notes
/// 3.4), re-derived for these units and checked against a numerical diagonalisation in the tests. Coulomb limit
/// -1/(2 n^2).
DS_HD inline double hulthen_bound_energy(int n, double lambda)
{
    if (!hulthen_bound_state_exists(n, lambda)) {
        return 0.0;
    }
    double const x = 1.0 - 0.5 * n * n * hulthen_kappa_a0(lambda);
    return -0.5 * x * x / (n * n);
}

/// Hulthen ground state R_10(0)^2 [(mu alpha_D)^3] = 4 - (kappa a_0)^2 (from u = N e^{-beta r}(1 - e^{-kappa r}),
/// beta = 1/a_0 - kappa/2, R(0) = N kappa; physics notes 3.4 and checkpoint 6): 4 (Coulomb, |psi(0)|^2 =
/// 1/(pi a_0^3)) at kappa a_0 = 0, falling to 0 at the threshold kappa a_0 = 2; 0 beyond.
DS_HD inline double hulthen_radial_origin_squared(double lambda)
{
    if (!hulthen_bound_state_exists(1, lambda)) {
        return 0.0;
    }
    double const kappa = hulthen_kappa_a0(lambda);
    return 4.0 - kappa * kappa;
}

// --- Physical units ------------------------------------------------------------------------------------------

/// Bound chi chibar levels at one (m_chi, m_V, alpha_D).
struct DarkOnium {
    bool exists_1s = false;
    bool exists_2s = false;
    bool exists_2p = false;
    /// 1s binding energy E_1s = E_10(lambda) mu alpha_D^2 [GeV], negative; 0 when there is no 1s level (the
    /// caller writes NaN or null there, according to exists_1s).
    double E_1s_GeV = 0.0;
    /// |psi_1s(0)|^2 = R_10(0)^2 (mu alpha_D)^3/(4 pi) [GeV^3]; 0 when there is no 1s level.
    double psi0_sq_1s_GeV3 = 0.0;
    /// invalid_parameters (m_chi <= 0, m_V < 0, alpha_D < 0 or NaN: nothing computed), or the 1s solve's flags.
    status::Flags status = 0;
};

/// Dark onium levels for Dirac chi of mass m_chi [GeV] bound by a vector of mass m_V [GeV] (m_V = 0: Coulomb)
/// with coupling alpha_D (0: no bound state). Reduced mass mu = m_chi/2, a_0 = 1/(alpha_D mu), screening
/// lambda = m_V/(alpha_D mu); the 2s, 2p existence flags compare lambda with lambda_c (no eigenvalue solve).
/// Ref: physics notes 3.4; yukawa_bound_state above.
DS_HD DS_NOINLINE inline DarkOnium dark_onium_ground_state(double m_chi, double m_V, double alpha_D)
{
    DarkOnium result;
    if (!(m_chi > 0.0) || !(m_V >= 0.0) || !(alpha_D >= 0.0) || !std::isfinite(m_chi) || !std::isfinite(m_V) ||
        !std::isfinite(alpha_D)) {
        result.status = status::invalid_parameters;
        return result;
    }
    if (alpha_D == 0.0) {
        return result;  // no force, no bound state
    }
    double const mu = 0.5 * m_chi;
    double const lambda = m_V / (alpha_D * mu);  // may be +inf for a tiny alpha_D: unbound
    result.exists_2s = lambda < yukawa_critical_screening(2, 0);
    result.exists_2p = lambda < yukawa_critical_screening(2, 1);
    BoundState const ground = yukawa_bound_state(1, 0, lambda);
    result.status = ground.status;
    result.exists_1s = ground.exists;
    if (ground.exists) {
        double const momentum = mu * alpha_D;  // 1/a_0 [GeV]
        result.E_1s_GeV = ground.energy * mu * alpha_D * alpha_D;
        result.psi0_sq_1s_GeV3 = ground.radial_origin_squared * momentum * momentum * momentum / (4.0 * constants::pi);
    }
    return result;
}

}  // namespace darkscan
