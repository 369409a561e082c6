// SPDX-License-Identifier: MIT
// Thermal freeze-out: solves the Boltzmann equation for the yield Y(x) of a stable relic and returns Omega h^2,
// the freeze-out point and <sigma v> there. Stiff-stable (extrapolated backward Euler with step doubling),
// fixed tolerances and iteration caps, no allocation: one call per scan point on CPU or GPU.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/bessel.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/eos.hpp"
#include "darkscan/physics/table.hpp"
#include "darkscan/physics/thermal_average.hpp"
#include "darkscan/status.hpp"

namespace darkscan {

/// Dirac: chi != chibar. The solver evolves the total Y = Y_chi + Y_chibar with g_chi = 4 and
/// <sigma v>_eff = <sigma v>(chi chibar -> X) / 2 (n_chi = n_chibar = n/2). Complex scalar (chi != chi^*, spin 0):
/// g_chi = 2 and <sigma v>(chi chi^* -> X) / 2, by the same counting. Majorana (self-conjugate): g_chi = 2 and the full
/// <sigma v>(chi chi -> X). Omega uses the total Y in every case (physics.md 1).
enum class DarkMatterKind { dirac, majorana, complex_scalar };

/// Internal degrees of freedom g_chi in Y_eq: 4 (Dirac: 2 spins x particle/antiparticle), 2 (Majorana: 2 spins;
/// complex scalar: particle/antiparticle).
DS_HD inline double internal_degrees_of_freedom(DarkMatterKind kind)
{
    return kind == DarkMatterKind::dirac ? 4.0 : 2.0;
}

/// Factor between the annihilation cross section of the input and the rate in the equation for the total Y:
/// 1/2 where particle and antiparticle differ (Dirac, complex scalar), 1 for Majorana.
DS_HD inline double effective_rate_factor(DarkMatterKind kind)
{
    return kind == DarkMatterKind::majorana ? 1.0 : 0.5;
}

/// The states whose total yield the Boltzmann equation evolves: chi of `kind`, and optionally a heavier partner of the
/// same internal degrees of freedom and mass ratio partner_mass_ratio = m_2/m_1 > 1 (0: none) in chemical equilibrium
/// with it (coannihilation, Griest & Seckel, PRD 43 (1991) 3191: Y_eq = sum of both equilibrium yields, and the input
/// <sigma v> is then the effective rate of the pair, e.g. relic_thermal_average(PseudoDiracAnnihilation)).
struct RelicSpecies {
    DarkMatterKind kind = DarkMatterKind::dirac;
    double partner_mass_ratio = 0.0;

    DS_HD RelicSpecies(DarkMatterKind k, double ratio = 0.0) : kind(k), partner_mass_ratio(ratio) {}
};

/// Tolerances of the relic solve (all fixed per run; tests halve them to check convergence).
struct RelicAccuracy {
    /// Local relative error allowed per step, estimated by step doubling of backward Euler. It sets most of the
    /// solve's error: at 1e-3 halving every tolerance moved Omega h^2 by up to 1.08e-3 with the Saikawa-Shirai g_*
    /// (points with Omega h^2 ~ 1e5 that freeze out at x ~ 5), mostly through this one; at 6e-4, by at most 6.4e-4
    /// (the README's 8 016 test points), for 8% more time where the steps weigh most (chi chibar -> V V).
    double step_tolerance = 6e-4;
    /// The ODE stops and the analytic tail takes over once Y_eq < tail_ratio Y (the neglected Y_eq^2 term is
    /// then below tail_ratio^2 of Y^2 and falling like e^-2x). 3e-3 saved 1-3% of the averages but started the
    /// tail where single averages over the measured R ratio are off by up to 1e-3 (thermal_average.hpp): Omega h^2
    /// 7e-4 from the solve with brute-force averages at m_chi = 0.39 GeV, m_V = 1.67 m_chi, against 1.1e-4 at most
    /// on 80 points of m_chi = 0.2-5 GeV with 1e-3.
    double tail_ratio = 1e-3;
    /// Spacing in ln x of the nodes where <sigma v>(x) is thermally averaged and then interpolated (cubic).
    double sigma_v_step_ln_x = 0.1;
    /// Where a fourth difference of ln <sigma v> over five neighbouring nodes exceeds this, the cubic's error
    /// (about 0.023 times that difference) is too large and the interpolation takes nodes twice as dense
    /// (a channel opening inside the window, a pole's share giving way to the continuum).
    double sigma_v_refine_difference = 4e-3;
    /// Number of 8-point Gauss-Legendre pieces in w (x = x_1 / w^2) whose nodes carry <sigma v> in the tail
    /// where it is averaged at every node (at most TailNodeRate::max_pieces) because its interpolant was rejected.
    int tail_pieces = 2;
    /// The same where the s-channel pole lies in the thermal peak at x_1 (TabulatedRate::tail_may_be_smooth false)
    /// and the interpolant is not tried, without a coannihilating partner (RelicSpecies::partner_mass_ratio = 0).
    int pole_tail_pieces = 2;
    /// Width in ln u (u = x_1/x, so in ln T) of the 4-point Gauss-Legendre pieces on which the tail integrates
    /// g_*^{1/2}(T) times the TailNodeRate <sigma v>: fine enough for the QCD and e+e- structure of g_*^{1/2}.
    double tail_step_ln_u = 0.1;
    /// The tail takes <sigma v> from its polynomial in u = x_1/x through 5 or 9 nodes (TailRate) when the tail from
    /// it and from the level below (3 or 5 nodes) differ by at most this fraction of 1/Y_inf; else it averages
    /// <sigma v> at every node of the tail_pieces pieces (TailNodeRate). The difference estimates the coarser
    /// level's error; the finer level is taken. Against the tail averaged at every node, on 1 824 points of the
    /// dark-photon plane: within 1.2e-4 at 1e-4 and at 2e-4, 2.1e-4 at 3e-4, 6.5e-4 at 5e-4 (a pole just below
    /// threshold). The averages over the measured R ratio carry quadrature noise (structure_tolerance in
    /// thermal_average.hpp bounds each adaptive piece's error estimate, not the average's error), which a much
    /// stricter agreement only tests: 1e-5 rejected the interpolant at a fifth of the points of m_chi = 0.2-5 GeV,
    /// 16 averages more each, for no change against a solve at a quarter of every tolerance.
    double tail_interpolation_tolerance = 2e-4;
    /// The ODE starts in equilibrium at the largest x of 20 r^k (r = start_ladder_ratio, k = 0, 1, ..., x > 1) where
    /// the estimated relative departure from equilibrium, x^2 / (2 lambda(x) Y_eq(x)), is below this (else at x = 1).
    /// A departure there decays like exp(-Int 2 lambda Y_eq / x^2 dx) on the stiff attractor. Against 1e-2: Omega h^2
    /// within 3.2e-4 (median 0: most solves start at the same candidate) on the README's 8 016 test points, 2-6%
    /// fewer averages where m_V > m_chi.
    double start_departure = 3e-2;
    /// Cap on attempted steps (accepted + rejected) of the ODE.
    int max_steps = 4000;
    /// Relative error allowed in each thermal average over a range of tabulated structure (thermal_average's
    /// structure_tolerance: the measured R ratio).
    double structure_tolerance = thermal_average_detail::default_structure_tolerance;

    /// Every tolerance halved (twice as many nodes for the grids).
    DS_HD RelicAccuracy halved() const
    {
        return {0.5 * step_tolerance,
                0.5 * tail_ratio,
                0.5 * sigma_v_step_ln_x,
                0.5 * sigma_v_refine_difference,
                2 * tail_pieces,
                2 * pole_tail_pieces,
                0.5 * tail_step_ln_u,
                0.5 * tail_interpolation_tolerance,
                0.5 * start_departure,
                2 * max_steps,
                0.5 * structure_tolerance};
    }

    /// Tolerances for Omega h^2 to within 1% at 1.3-1.6 times the speed (scan option relic-accuracy = fast):
    /// local error 2e-3, nodes 0.15 apart in ln x with refinement from a fourth difference of 2e-2, one tail piece
    /// where the pole lies in the thermal peak (not for coannihilation, see solve()), tail integrand on pieces of 0.2
    /// in ln u, interpolated tails accepted at 1e-3 of 1/Y_inf, averages over the measured R ratio to 3e-4.
    /// Measured against the default solve with every tolerance halved on the README's 8 016 test points: at most
    /// 3.1e-3, the same points converged; the other dark-matter types and the thermal Sommerfeld factor against the
    /// default solve: at most 4.9e-3. A point's error comes mostly from the node spacing and the local error; one
    /// tail piece where the interpolant fails for another reason (the V V threshold inside the tail, m_V = 1.08
    /// m_chi) moved Omega h^2 by 1.4%, so tail_pieces stays at two.
    DS_HD static RelicAccuracy fast()
    {
        RelicAccuracy fast;
        fast.step_tolerance = 2e-3;
        fast.sigma_v_step_ln_x = 0.15;
        fast.sigma_v_refine_difference = 2e-2;
        fast.pole_tail_pieces = 1;
        fast.tail_step_ln_u = 0.2;
        fast.tail_interpolation_tolerance = 1e-3;
        fast.structure_tolerance = 3e-4;
        return fast;
    }
};

/// Result of one relic-abundance solve.
struct RelicResult {
    double omega_h2 = 0.0;    ///< Omega h^2 of chi (Dirac: chi + chibar)
    double x_f = 0.0;         ///< x = m/T where Y - Y_eq = Y_eq (Y = 2 Y_eq), interpolated; NaN if never reached
    double sigma_v_xf = 0.0;  ///< <sigma v> of the input process (chi chibar for Dirac) averaged at x_f [GeV^-2]
    double y_inf = 0.0;       ///< asymptotic total yield n/s
    status::Flags status = 0;
};

/// The identity enhancement of relic_abundance: <sigma v> as averaged.
struct NoRateEnhancement {
    status::Flags status = 0;
    DS_HD double operator()(double) const { return 1.0; }
};

/// A velocity-independent sigma v [GeV^-2] (s-wave limit): <sigma v>(x) = sigma_v at every x, no averaging.
struct ConstantSigmaV {
    double sigma_v = 0.0;
};

/// Equilibrium yield Y_eq = n_eq/s = (45/(4 pi^4)) (g_chi/h_eff(T)) x^2 K_2(x), Maxwell-Boltzmann statistics.
/// Ref: Gondolo & Gelmini, Nucl. Phys. B 360 (1991) 145, sec. 2; Edsjo & Gondolo, PRD 56 (1997) 1879, sec. II.
DS_HD inline double equilibrium_yield(double x, double g_chi, double h_eff)
{
    double const pi = constants::pi;
    return 45.0 / (4.0 * pi * pi * pi * pi) * g_chi / h_eff * x * x * bessel::k2e(x) * std::exp(-x);
}

/// The <sigma v>(x) [GeV^-2] the relic solve takes from a cross section: thermal_average(sigma, m, x, resonance,
/// structure_tolerance) for an annihilating pair of mass m. A cross section of several pairs (coannihilation) provides
/// an overload for its type, found by argument-dependent lookup, that returns its effective rate.
template <class CrossSection>
DS_HD double relic_thermal_average(CrossSection const& sigma, double m, double x, SChannelResonance const& resonance,
                                   double structure_tolerance)
{
    return thermal_average(sigma, m, x, resonance, structure_tolerance);
}

namespace freeze_out_detail {

/// <sigma v>(x) for a velocity-independent sigma v.
struct ConstantRate {
    double sigma_v;
    DS_HD double at(double /*ln_x*/, double = 1.0) { return sigma_v; }
    DS_HD double exact(double) const { return sigma_v; }
    DS_HD bool out_of_range() const { return false; }
    DS_HD bool tail_may_be_smooth(double) const { return true; }
};

/// Upper end in t = x (z - 2) of the pole positions at x_1 for which the tail skips its interpolant.
inline constexpr double tail_smooth_pole_t = 10.0;

/// ln <sigma v> on nodes ln x_k = k h (k = 0 .. capacity - 1, x >= 1), each thermally averaged (and multiplied
/// by the enhancement at x) when an interpolation first needs it, interpolated by 4-point Lagrange through the
/// nodes k .. k+3 around x. Where a fourth difference of those and the next node above (k .. k+4) or below
/// (k-1 .. k+3, when averaged already) exceeds refine_difference, the interpolation uses nodes spaced
/// h/refinement instead (the coarse nodes among them reused, the others kept in a small cache): the sum of two
/// components with different x-dependence, e.g. a forbidden channel ~ exp(-2 x (m_V - m)/m) overtaking the
/// s-channel, bends within ~1/(c x) in ln x, narrower than h. Both differences are checked because one of them
/// can vanish across such a bend (measured: 1e-3 where the cubic is 3% off).
template <class CrossSection, class Enhancement>
struct TabulatedRate {
    static constexpr int capacity = 256;
    static constexpr int refinement = 2;
    static constexpr int fine_capacity = 32;
    DS_HD TabulatedRate(CrossSection const& cross_section, Enhancement& rate_enhancement, double mass,
                        SChannelResonance pole, double step_ln_x, double refine_fourth_difference,
                        double average_structure_tolerance)
        : sigma(cross_section), enhancement(rate_enhancement), m(mass), resonance(pole), step(step_ln_x),
          refine_difference(refine_fourth_difference), structure_tolerance(average_structure_tolerance)
    {
        for (double& value : ln_sigma_v) {
            value = NAN;  // not yet averaged
        }
    }
    CrossSection const& sigma;
    Enhancement& enhancement;
    double m;
    SChannelResonance resonance;
    double step;  // h in ln x
    double refine_difference;
    double structure_tolerance;  // of each thermal average
    bool beyond_table = false;
    double ln_sigma_v[capacity];
    int fine_count = 0;
    int fine_index[fine_capacity];  // node j at ln x = j h/refinement
    double fine_ln_sigma_v[fine_capacity];

    // Not inlined: each annihilation channel's whole thermal average would otherwise be copied into every
    // interpolation site of the solve, doubling the device code and its compile time.
    DS_HD DS_NOINLINE double exact(double x) const
    {
        return relic_thermal_average(sigma, m, x, resonance, structure_tolerance) * enhancement(x);
    }

    DS_HD double node(int k)
    {
        if (std::isnan(ln_sigma_v[k])) {
            ln_sigma_v[k] = std::log(std::fmax(exact(std::exp(k * step)), 1e-300));
        }
        return ln_sigma_v[k];
    }

    DS_HD double fine_node(int j)
    {
        if (j % refinement == 0) {
            return node(j / refinement);
        }
        for (int i = 0; i < fine_count; ++i) {
            if (fine_index[i] == j) {
                return fine_ln_sigma_v[i];
            }
        }
        double const value = std::log(std::fmax(exact(std::exp(j * step / refinement)), 1e-300));
        if (fine_count < fine_capacity) {  // else recomputed when needed again: slower, the same value
            fine_index[fine_count] = j;
            fine_ln_sigma_v[fine_count++] = value;
        }
        return value;
    }

    /// |fourth difference| of five values at equally spaced nodes.
    DS_HD static double fourth_difference(double a, double b, double c, double d, double e)
    {
        return std::fabs(a - 4.0 * b + 6.0 * c - 4.0 * d + e);
    }

    /// 4-point Lagrange through y[0..3] at nodes 0..3, at position p.
    DS_HD static double cubic(double const* y, double p)
    {
        double w[4];
        lagrange4(p, w);
        return w[0] * y[0] + w[1] * y[1] + w[2] * y[2] + w[3] * y[3];
    }

    /// <sigma v> at ln x. `weight` in [0, 1] scales the fourth difference before it is compared with
    /// refine_difference: how much an error of the rate at x still matters for Y_inf (see solve()).
    DS_HD double at(double ln_x, double weight = 1.0)
    {
        double const u = ln_x / step;
        int k = static_cast<int>(std::floor(u)) - 1;  // nodes k .. k+3 around u
        if (k < 0) {
            k = 0;
        }
        if (k + 4 >= capacity) {
            k = capacity - 5;
            beyond_table = true;
        }
        double y[4] = {node(k), node(k + 1), node(k + 2), node(k + 3)};
        // The node above is needed next as the solve moves to larger x; the one below only when averaged already.
        double difference = fourth_difference(y[0], y[1], y[2], y[3], node(k + 4));
        if (k > 0 && !std::isnan(ln_sigma_v[k - 1])) {
            difference = std::fmax(difference, fourth_difference(ln_sigma_v[k - 1], y[0], y[1], y[2], y[3]));
        }
        if (!(weight * difference > refine_difference)) {
            return std::exp(cubic(y, u - k));  // u - k in [1, 2) inside the table
        }
        double const u_fine = u * refinement;
        int j = static_cast<int>(std::floor(u_fine)) - 1;  // fine nodes j .. j+3 around u_fine
        if (j < 0) {
            j = 0;
        }
        for (int i = 0; i < 4; ++i) {
            y[i] = fine_node(j + i);
        }
        return std::exp(cubic(y, u_fine - j));
    }
    DS_HD bool out_of_range() const { return beyond_table; }
    /// False when the s-channel pole lies in the thermal peak at x (t_R = x (m_V/m - 2) within
    /// (-1, tail_smooth_pole_t)): <sigma v> then changes by orders of magnitude over the tail and TailRate's
    /// check rejects its interpolant (measured: at 85-100% of such points), so its averages are skipped.
    DS_HD bool tail_may_be_smooth(double x) const
    {
        double const t_pole = x * (resonance.mass / m - 2.0);
        return !(resonance.mass > 0.0 && resonance.width > 0.0 && t_pole > -1.0 && t_pole < tail_smooth_pole_t);
    }
};

/// Ratio of successive candidate start points of the ODE (RelicAccuracy::start_departure): 2^{-1/4}. The departure
/// grows like e^x, so candidates a factor 2 apart started the ODE at departures down to 1e-6, with nodes of
/// <sigma v> averaged where nothing depends on them; rejected candidates cost no averages (the ODE passes them).
inline constexpr double start_ladder_ratio = 0.84089641525371454;

/// The tail integrand w lambda(x_1/w^2) at its latest sample may exceed its earliest by at most this factor
/// (constant for lambda ~ x^{1/2}, the fastest growth the tail rule integrates; see solve()).
inline constexpr double tail_growth_limit = 2.0;

/// <sigma v> in the tail x >= x_1 as a function of u = x_1/x in [u_lo, 1], on the 9 Chebyshev-Lobatto nodes
/// u_j = u_lo + (1 - u_lo)(1 - cos(pi j/8))/2, averaged level by level: every 4th node (3, the Lobatto nodes of
/// degree 2), then every 2nd (5, degree 4), then all 9 (refine()), and the polynomial p through every stride-th
/// node of those averaged. Smooth sigma(s) gives <sigma v> = a + b/x + ...: a polynomial in u of low degree, so
/// two successive levels agree early. p is evaluated barycentrically (Berrut & Trefethen, SIAM Rev. 46 (2004) 501,
/// eq. (5.2): weights (-1)^j, halved at the ends) and integrated against g_*^{1/2} exactly through the moments q_n
/// of eos_moments (its Lagrange basis expanded in powers of u).
struct TailRate {
    static constexpr int nodes = 9;
    double x_1;
    int averaged_stride = 4;  // every averaged_stride-th node is averaged
    double u[nodes];
    double sigma_v[nodes];

    template <class Rate>
    DS_HD TailRate(Rate const& rate, double x_first, double u_lo) : x_1(x_first)
    {
        for (int j = 0; j < nodes; ++j) {
            u[j] = u_lo + (1.0 - u_lo) * 0.5 * (1.0 - std::cos(constants::pi * j / (nodes - 1)));
        }
        for (int j = 0; j < nodes; j += averaged_stride) {
            sigma_v[j] = rate.exact(x_1 / u[j]);
        }
    }

    /// Averages the nodes of the next level (stride halves); false when all 9 are averaged already.
    template <class Rate>
    DS_HD bool refine(Rate const& rate)
    {
        if (averaged_stride == 1) {
            return false;
        }
        averaged_stride /= 2;
        for (int j = averaged_stride; j < nodes; j += 2 * averaged_stride) {
            sigma_v[j] = rate.exact(x_1 / u[j]);
        }
        return true;
    }

    /// p(u) through every stride-th node (stride 1, 2 or 4, at least averaged_stride).
    DS_HD double at(double at_u, int stride) const
    {
        double numerator = 0.0;
        double denominator = 0.0;
        for (int j = 0; j < nodes; j += stride) {
            double const distance = at_u - u[j];
            if (distance == 0.0) {
                return sigma_v[j];
            }
            double weight = (j / stride) % 2 == 0 ? 1.0 : -1.0;
            if (j == 0 || j == nodes - 1) {
                weight *= 0.5;
            }
            numerator += weight * sigma_v[j] / distance;
            denominator += weight / distance;
        }
        return numerator / denominator;
    }

    /// Int_0^1 g(u) p(u) du for p through every stride-th node (stride 1, 2 or 4, at least averaged_stride), given
    /// the moments moment[n] = Int_0^1 g(u) u^n du (n = 0 .. 8/stride).
    DS_HD double integral(double const* moment, int stride) const
    {
        double sum = 0.0;
        for (int j = 0; j < nodes; j += stride) {
            double basis[nodes] = {1.0};  // monomial coefficients of prod_{i != j} (u - u_i)
            int degree = 0;
            double norm = 1.0;
            for (int i = 0; i < nodes; i += stride) {
                if (i == j) {
                    continue;
                }
                basis[degree + 1] = 0.0;
                for (int d = degree + 1; d > 0; --d) {
                    basis[d] = basis[d - 1] - u[i] * basis[d];
                }
                basis[0] *= -u[i];
                ++degree;
                norm *= u[j] - u[i];
            }
            double weight = 0.0;
            for (int d = 0; d <= degree; ++d) {
                weight += basis[d] * moment[d];
            }
            sum += sigma_v[j] * weight / norm;
        }
        return sum;
    }
};

/// TailNodeRate floors ln <sigma v> at its largest value over the tail minus this (e^-20 = 2e-9 of the largest rate,
/// negligible in the integral). Where <sigma v> falls exponentially (a coannihilating partner's e^{-x Delta/m}, a
/// closing channel) its logarithm runs like -c x_1/w^2 to the underflow, which no polynomial in w follows: the
/// interpolant overshot by orders of magnitude (measured: pseudo-Dirac at m_V = 3 m_chi, alpha_D = 0.5, Delta/m = 0.05:
/// Omega 7x too small with 8 nodes a piece; Delta/m = 0.02: 1.7% with 16). With the floor both agree with 8 pieces
/// to 2e-5. A floor of 40 left 0.6%.
inline constexpr double tail_ln_rate_floor = 20.0;

/// ln <sigma v> in the tail where it is averaged at the nodes of tail_pieces 8-point Gauss-Legendre pieces in
/// w = (x_1/x)^{1/2} in (0, 1], interpolated within each piece barycentrically through its 8 nodes (weights
/// (-1)^j [(1 - t_j^2) lambda_j]^{1/2} of the Legendre points t_j with Gauss weights lambda_j: Wang, Huybrechs &
/// Vandewalle, Math. Comp. 83 (2014) 2893, eq. (3.4)); the polynomial the Gauss rule itself integrates. Eight nodes a
/// piece: against six 16-point pieces, Omega h^2 moves by <= 1.6e-4 with two pieces on planes through the pole
/// (m_V/m_chi = 1.8-2.3, alpha_D = 0.1 and 0.5) and of the dark photon (0.3-5), as with 16 nodes (<= 9e-5), for half
/// the averages: the residual comes from the R ratio's structure, not from the rule's order. ln <sigma v> is floored
/// at tail_ln_rate_floor below its largest node value.
struct TailNodeRate {
    static constexpr int max_pieces = 16;
    static constexpr int nodes = 8;
    int pieces;
    double t[nodes];       // Legendre points in [-1, 1], ascending
    double weight[nodes];  // barycentric weights
    double ln_sigma_v[max_pieces][nodes];

    template <class Rate>
    DS_HD TailNodeRate(Rate const& rate, double x_1, int piece_count)
        : pieces(piece_count < max_pieces ? piece_count : max_pieces)
    {
        for (int i = 0; i < 4; ++i) {
            SymmetricQuadratureNode const node = gauss_legendre_8_node(i);
            t[3 - i] = -node.t;
            t[4 + i] = node.t;
            double const b = std::sqrt((1.0 - node.t * node.t) * node.weight);
            weight[3 - i] = (3 - i) % 2 == 0 ? b : -b;
            weight[4 + i] = (4 + i) % 2 == 0 ? b : -b;
        }
        for (int piece = 0; piece < pieces; ++piece) {
            for (int j = 0; j < nodes; ++j) {
                double const w = (piece + 0.5 * (1.0 + t[j])) / pieces;
                ln_sigma_v[piece][j] = std::log(std::fmax(rate.exact(x_1 / (w * w)), 1e-300));
            }
        }
        double largest = ln_sigma_v[0][0];
        for (int piece = 0; piece < pieces; ++piece) {
            for (int j = 0; j < nodes; ++j) {
                largest = std::fmax(largest, ln_sigma_v[piece][j]);
            }
        }
        for (int piece = 0; piece < pieces; ++piece) {
            for (int j = 0; j < nodes; ++j) {
                ln_sigma_v[piece][j] = std::fmax(ln_sigma_v[piece][j], largest - tail_ln_rate_floor);
            }
        }
    }

    /// <sigma v> at w in (0, 1].
    DS_HD double at(double w) const
    {
        int piece = static_cast<int>(w * pieces);
        piece = piece < 0 ? 0 : (piece >= pieces ? pieces - 1 : piece);
        double const local = 2.0 * (w * pieces - piece) - 1.0;
        double numerator = 0.0;
        double denominator = 0.0;
        for (int j = 0; j < nodes; ++j) {
            double const distance = local - t[j];
            if (distance == 0.0) {
                return std::exp(ln_sigma_v[piece][j]);
            }
            numerator += weight[j] * ln_sigma_v[piece][j] / distance;
            denominator += weight[j] / distance;
        }
        return std::exp(numerator / denominator);
    }
};

/// The tail integrates on u in [tail_smallest_u, 1] (and the rest, a share ~ tail_smallest_u, by its midpoint).
inline constexpr double tail_smallest_u = 1e-6;

/// Below this u the tail's pieces in ln u are tail_coarse_factor times wider: the integrand there carries at most
/// a share ~ u^{1/2} of the tail (lambda grows at most like x^{1/2}), so the resolution of g_*^{1/2} matters less.
inline constexpr double tail_coarse_below_u = 1e-2;
inline constexpr double tail_coarse_factor = 4.0;

/// Int_0^1 f(u, ln u) du for the tail: 4-point Gauss-Legendre in ln u on pieces of width <= step_ln_u from u = 1 down
/// to tail_coarse_below_u, tail_coarse_factor times wider from there to tail_smallest_u, and the midpoint rule on
/// [0, tail_smallest_u]. f receives ln u beside u: the integrand's g_*^{1/2} is tabulated in ln T, so it needs no
/// logarithm per node.
template <class F>
DS_HD double tail_integral_in_u(F const& f, double step_ln_u)
{
    constexpr double nodes[2] = {0.33998104358485626, 0.86113631159405258};
    constexpr double weights[2] = {0.65214515486254614, 0.34785484513745386};
    double const bounds[3] = {0.0, std::log(tail_coarse_below_u), std::log(tail_smallest_u)};
    double sum = 0.0;
    for (int zone = 0; zone < 2; ++zone) {
        double const span = bounds[zone] - bounds[zone + 1];
        double const step = zone == 0 ? step_ln_u : tail_coarse_factor * step_ln_u;
        int const pieces = static_cast<int>(std::ceil(span / step));
        double const width = span / pieces;
        for (int piece = 0; piece < pieces; ++piece) {
            double const mid = bounds[zone] - (piece + 0.5) * width;
            for (int i = 0; i < 2; ++i) {
                for (int side = -1; side <= 1; side += 2) {
                    double const ln_u = mid + side * 0.5 * width * nodes[i];
                    double const u = std::exp(ln_u);
                    sum += 0.5 * width * weights[i] * u * f(u, ln_u);  // du = u d ln u
                }
            }
        }
    }
    double const midpoint = 0.5 * tail_smallest_u;
    return sum + tail_smallest_u * f(midpoint, std::log(midpoint));
}

/// lambda(x) / x and Y_eq(x) at one x of the grid.
struct Node {
    double ln_x;
    double rate;  // lambda(x)/x = sqrt(pi/45) M_Pl g_*^{1/2} m <sigma v>_eff / x
    double y_eq;
};

/// One backward-Euler step in ln x for dY/dln x = -(lambda/x)(Y^2 - Y_eq^2), closed form:
///   Y_new = Y + a (Y_eq^2 - Y_new^2),  a = Delta (lambda/x)(x_new)  =>  Y_new = 2c / (1 + sqrt(1 + 4 a c)),
///   c = Y + a Y_eq(x_new)^2 > 0: the positive root, free of cancellation.
DS_HD inline double backward_euler(double y, double delta_ln_x, Node const& next)
{
    double const a = delta_ln_x * next.rate;
    double const c = y + a * next.y_eq * next.y_eq;
    return 2.0 * c / (1.0 + std::sqrt(1.0 + 4.0 * a * c));
}

/// Boltzmann solve given <sigma v>(x) (rate.at for the ODE, rate.exact for the tail).
template <class Rate>
DS_HD DS_NOINLINE RelicResult solve(Rate& rate, double m, RelicSpecies species, EosTablesView const& eos,
                        RelicAccuracy const& accuracy)
{
    RelicResult result;
    double const g_chi = internal_degrees_of_freedom(species.kind);
    double const rate_factor = effective_rate_factor(species.kind);
    double const lambda_prefactor = std::sqrt(constants::pi / 45.0) * constants::M_Planck * m * rate_factor;
    double const partner = species.partner_mass_ratio;
    double const ln_m = std::log(m);

    // An error of the rate at x moves Y_inf in proportion to the departure Y/Y_eq - 1 there: close to
    // equilibrium Y follows Y_eq(1 + departure), departure ~ 1/lambda, and the attractor forgets the rest. So the
    // rate's refinement (TabulatedRate::at) is weighted by min(1, departure).
    auto const node_at = [&](double ln_x, double departure) {
        double const x = std::exp(ln_x);
        double const ln_T = ln_m - ln_x;  // T = m/x
        double const weight = std::fmin(1.0, std::fmax(0.0, departure));
        double const lambda = lambda_prefactor * eos_g_star_half_at_ln_T(eos, ln_T) * rate.at(ln_x, weight);
        double const h_eff = eos_h_eff_at_ln_T(eos, ln_T);
        double y_eq = equilibrium_yield(x, g_chi, h_eff);
        if (partner > 0.0) {
            y_eq += equilibrium_yield(x * partner, g_chi, h_eff);  // Y_eq of the partner: its x_2 = m_2/T
        }
        return Node{ln_x, lambda / x, y_eq};
    };

    // Start in equilibrium at the largest candidate x where the departure estimate is below start_departure
    // (the interpolated rate: the nodes it averages are those the ODE needs from there on).
    Node current{};
    bool started = false;
    for (double x = 20.0; x > 1.0 && !started; x *= start_ladder_ratio) {
        current = node_at(std::log(x), 0.0);
        started = x < accuracy.start_departure * 2.0 * current.rate * current.y_eq;
    }
    if (!started) {
        current = node_at(0.0, 0.0);
    }
    double y = current.y_eq;
    double step = 1e-2;
    constexpr double max_step = 0.5;
    constexpr double freeze_out_ratio = 2.0;  // Y = 2 Y_eq <=> Y - Y_eq = Y_eq
    constexpr double max_ln_x = 9.0;          // x ~ 8100: far beyond any freeze-out with Y_eq > 0
    double ln_x_f = -1.0;
    bool reached_tail = false;

    for (int attempt = 0; attempt < accuracy.max_steps; ++attempt) {
        double const departure = y / current.y_eq - 1.0;
        Node const half = node_at(current.ln_x + 0.5 * step, departure);
        Node const full = node_at(current.ln_x + step, departure);
        double const y_full = backward_euler(y, step, full);
        double const y_half = backward_euler(backward_euler(y, 0.5 * step, half), 0.5 * step, full);
        double const y_next = 2.0 * y_half - y_full;  // Richardson: second order
        double const error = std::fabs(y_half - y_full);
        bool const accepted = y_next > 0.0 && error <= accuracy.step_tolerance * y_next;
        double const grow = error > 0.0 ? 0.9 * std::sqrt(accuracy.step_tolerance * std::fabs(y_next) / error) : 4.0;
        if (!accepted) {
            step *= std::fmax(0.2, std::fmin(0.9, grow));
            continue;
        }
        // Freeze-out: first crossing of Y/Y_eq = 2, interpolated linearly in ln x of ln(Y/Y_eq).
        if (ln_x_f < 0.0 && y_next >= freeze_out_ratio * full.y_eq) {
            double const before = std::log(y / current.y_eq);
            double const after = std::log(y_next / full.y_eq);
            double const target = std::log(freeze_out_ratio);
            ln_x_f = current.ln_x + step * (target - before) / (after - before);
        }
        y = y_next;
        current = full;
        if (ln_x_f >= 0.0 && current.y_eq < accuracy.tail_ratio * y) {
            reached_tail = true;
            break;
        }
        if (current.ln_x > max_ln_x) {
            break;
        }
        step = std::fmin(max_step, step * std::fmin(4.0, grow));
    }

    // Tail: 1/Y_inf = 1/Y(x_1) + Int_{x_1}^inf lambda(x)/x^2 dx = 1/Y(x_1) + (1/x_1) Int_0^1 lambda(x_1/u) du,
    // u = x_1/x = T/T_1 (T -> 0 included; integrable for lambda growing up to x^{1/2}). Smooth sigma: <sigma v> is
    // the TailRate polynomial, integrated against g_*^{1/2}(u T_1) exactly by the moments q_n(T_1), when its
    // degree-4 and degree-2 (else degree-8 and degree-4) forms give tails within tail_interpolation_tolerance of
    // 1/Y_inf. Else the thermal average at every node of the pieces in w = u^{1/2} (TailNodeRate: a pole or
    // threshold whose Boltzmann-suppressed share still matters), integrated with g_*^{1/2} on the finer grid of
    // tail_integral_in_u.
    double const x_1 = std::exp(current.ln_x);
    double const T_1 = m / x_1;
    double const tail_prefactor = lambda_prefactor / x_1;
    struct TailSum {
        double integral = 0.0;
        double at_smallest_w = 0.0;  // integrand w lambda at the latest time sampled
        double at_largest_w = 0.0;   // integrand w lambda at the earliest time sampled
    };
    bool const may_be_smooth = rate.tail_may_be_smooth(x_1);
    // A coannihilating partner's share falls like e^{-x Delta/m} through the tail, which one piece does not follow
    // (pseudo-Dirac, Delta/m = 0.1, at the pole: 4.6% with one): it keeps tail_pieces.
    int const tail_pieces = may_be_smooth || partner > 0.0 ? accuracy.tail_pieces : accuracy.pole_tail_pieces;
    // The growth test samples w lambda at the outermost Gauss-Legendre nodes in w of tail_pieces pieces, also where
    // the pole's tail takes fewer (its interpolant then extrapolates to the smallest w from its first node at twice
    // that w): with the samples at the nodes of one piece, lambda rising 140-fold to a plateau (m_V = 2.002 m_chi,
    // Gamma_V = 0.01 m_V: the threshold inside the pole) was flagged as late growth.
    double const outer_w = 0.5 * (1.0 - gauss_legendre_8_node(3).t) / accuracy.tail_pieces;
    auto const with_growth_samples = [&](double integral, auto const& sigma_v_at_u) {
        TailSum sum;
        sum.integral = integral;
        for (int end = 0; end < 2; ++end) {
            double const w = end == 0 ? outer_w : 1.0 - outer_w;
            double const value = w * lambda_prefactor * eos_g_star_half(eos, T_1 * w * w) * sigma_v_at_u(w * w);
            (end == 0 ? sum.at_smallest_w : sum.at_largest_w) = value;
        }
        return sum;
    };
    TailSum tail;
    bool interpolated = false;
    if (may_be_smooth) {
        TailRate interpolant(rate, x_1, tail_smallest_u);
        double moment[eos_moment_count];
        eos_moments(eos, T_1, moment);
        double coarse = tail_prefactor * interpolant.integral(moment, interpolant.averaged_stride);
        while (!interpolated && interpolant.refine(rate)) {
            int const stride = interpolant.averaged_stride;
            double const fine = tail_prefactor * interpolant.integral(moment, stride);
            interpolated = std::fabs(fine - coarse) <= accuracy.tail_interpolation_tolerance * (1.0 / y + fine);
            if (interpolated) {
                tail = with_growth_samples(fine, [&](double u) { return interpolant.at(u, stride); });
            }
            coarse = fine;
        }
    }
    if (!interpolated) {
        TailNodeRate const averaged(rate, x_1, tail_pieces);
        auto const sigma_v_at_u = [&](double u) { return averaged.at(std::sqrt(u)); };
        double const ln_T_1 = ln_m - current.ln_x;
        double const integral = tail_prefactor * tail_integral_in_u(
                                    [&](double u, double ln_u) {
                                        return eos_g_star_half_at_ln_T(eos, ln_T_1 + ln_u) * sigma_v_at_u(u);
                                    },
                                    accuracy.tail_step_ln_u);
        tail = with_growth_samples(integral, sigma_v_at_u);
    }
    result.y_inf = 1.0 / (1.0 / y + tail.integral);
    result.omega_h2 = m * result.y_inf * omega_h2_per_mass_yield(eos.h_eff_today);

    if (ln_x_f >= 0.0) {
        result.x_f = std::exp(ln_x_f);
        result.sigma_v_xf = rate.exact(result.x_f);  // averaged at x_f itself: an output, not interpolated
        if (!eos_covers(eos, m / result.x_f)) {
            result.status |= status::outside_table_range;
        }
    } else {
        result.x_f = result.sigma_v_xf = NAN;  // never left equilibrium (flagged below: no tail reached)
    }
    // An integrand still rising at the latest sampled time (x ~ 1e4 x_1) means <sigma v> grows faster than
    // x^{1/2} there (a pole at threshold, m_V = 2 m_chi within its width): annihilation continues until the
    // pole saturates, beyond the tail rule; kinetic decoupling would matter as well.
    bool const late_growth = tail.at_smallest_w > tail_growth_limit * tail.at_largest_w;
    if (!reached_tail || rate.out_of_range() || late_growth) {
        result.status |= status::relic_not_converged;
    }
    if (!std::isfinite(result.omega_h2)) {
        result.status |= status::non_finite;
    }
    return result;
}

}  // namespace freeze_out_detail

/// Relic abundance for a velocity-independent sigma v of the input process (chi chibar -> X for Dirac,
/// chi chi -> X for Majorana) [GeV^-2]. Solves
///   dY/dx = -(lambda(x)/x^2) (Y^2 - Y_eq^2),   lambda = sqrt(pi/45) M_Pl g_*^{1/2}(T) m <sigma v>_eff,  T = m/x,
/// from Y = Y_eq at the start x (see RelicAccuracy::start_departure) with backward Euler in ln x (closed-form
/// quadratic root), step doubling and Richardson extrapolation (second order, stiff-stable), local error
/// <= accuracy.step_tolerance; once Y_eq < tail_ratio Y at x_1 it adds the analytic tail
/// 1/Y_inf = 1/Y(x_1) + Int_{x_1}^inf lambda/x^2 dx (to T -> 0), then Omega h^2 = m Y_inf s_0/(rho_c/h^2) with s_0 from eos.h_eff_today.
/// Ref: Gondolo & Gelmini, Nucl. Phys. B 360 (1991) 145; Edsjo & Gondolo, PRD 56 (1997) 1879 (hep-ph/9704361);
/// Kolb & Turner, The Early Universe (1990), ch. 5. m [GeV] > 0.
DS_HD inline RelicResult relic_abundance(ConstantSigmaV sigma_v, double m, RelicSpecies species,
                                         EosTablesView const& eos, RelicAccuracy const& accuracy = {})
{
    if (!(m > 0.0) || !(sigma_v.sigma_v >= 0.0)) {
        RelicResult invalid;
        invalid.omega_h2 = invalid.x_f = invalid.sigma_v_xf = invalid.y_inf = NAN;
        invalid.status = status::invalid_parameters;
        return invalid;
    }
    freeze_out_detail::ConstantRate rate{sigma_v.sigma_v};
    return freeze_out_detail::solve(rate, m, species, eos, accuracy);
}

/// The relic abundance of relic_abundance(sigma, m, species, eos, resonance, accuracy) below, with <sigma v>(x)
/// multiplied by enhancement(x) (a callable double(double x), e.g. the thermal Sommerfeld factor
/// ThermalSommerfeldEnhancement); status bits the enhancement collected in its member `status` are added.
template <class CrossSection, class Enhancement>
DS_HD RelicResult relic_abundance(CrossSection const& sigma, Enhancement& enhancement, double m, RelicSpecies species,
                                  EosTablesView const& eos, SChannelResonance resonance,
                                  RelicAccuracy const& accuracy = {})
{
    if (!(m > 0.0)) {
        RelicResult invalid;
        invalid.omega_h2 = invalid.x_f = invalid.sigma_v_xf = invalid.y_inf = NAN;
        invalid.status = status::invalid_parameters;
        return invalid;
    }
    freeze_out_detail::TabulatedRate<CrossSection, Enhancement> rate{
        sigma, enhancement, m, resonance, accuracy.sigma_v_step_ln_x, accuracy.sigma_v_refine_difference,
        accuracy.structure_tolerance};
    RelicResult result = freeze_out_detail::solve(rate, m, species, eos, accuracy);
    result.status |= enhancement.status;
    return result;
}

/// Relic abundance for an annihilation cross section sigma(s) [GeV^-2] of the input process (callable
/// double(double s), s [GeV^2]), thermally averaged with thermal_average() (relativistic, resonance-aware
/// when `resonance` has a positive mass and width; pass {} otherwise). Same equation and method as the
/// ConstantSigmaV overload; <sigma v>(x) is averaged on nodes spaced accuracy.sigma_v_step_ln_x in ln x
/// (about 15 from the start to the tail, typically x = 10-35) and interpolated; in the tail x >= x_1 it is
/// averaged on 5 or 9 nodes of freeze_out_detail::TailRate, a polynomial in x_1/x integrated against g_*^{1/2}
/// exactly through eos_moments, when it and its 3- or 5-node subset give tails within
/// accuracy.tail_interpolation_tolerance of 1/Y_inf (smooth sigma), else at the 16 nodes (8 per tail_pieces piece)
/// of freeze_out_detail::TailNodeRate and integrated on the grid of tail_integral_in_u.
template <class CrossSection>
DS_HD RelicResult relic_abundance(CrossSection const& sigma, double m, RelicSpecies species, EosTablesView const& eos,
                                  SChannelResonance resonance, RelicAccuracy const& accuracy = {})
{
    NoRateEnhancement none;
    return relic_abundance(sigma, none, m, species, eos, resonance, accuracy);
}

}  // namespace darkscan
