// SPDX-License-Identifier: MIT
// One-loop contribution of the vector mediator V to the anomalous magnetic moments a_e and a_mu
// (physics.md 4.2, g-2): the loop integral by composite Gauss-Legendre on a mesh graded toward its boundary
// layer, accurate to 1e-10 relative for every m_V / m_l.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"
#include "darkscan/physics/constants.hpp"
#include "darkscan/physics/couplings.hpp"
#include "darkscan/physics/thermal_average.hpp"

namespace darkscan {

/// Loop function of a vector of mass m_V coupled to a lepton of mass m_l, with r = m_V^2 / m_l^2:
///   I(r) = Int_0^1 dz 2 z (1 - z)^2 / [(1 - z)^2 + r z],
/// I(0) = 1 (Schwinger), I -> 1 - pi sqrt(r) for r -> 0, I -> 2/(3 r) for r -> infinity.
/// Ref: Pospelov, arXiv:0811.1030, eq. (3) (DarkCast limits/AMM.py, Endo-Hamaguchi-Mishima arXiv:1209.2558
/// eq. (6), with m_l^2 divided out).
///
/// The poles of the integrand, the roots of (1 - z)^2 + r z, come close to the interval in two limits: for r > 1
/// the root z ~ -1/r (a layer of width 1/r at z = 0), for r < 1 the pair z = exp(+-i theta), cos theta = 1 - r/2,
/// at distance exactly sqrt(r) from z = 1. The interval is cut into pieces that double in width away from that
/// end, starting at a width <= the pole distance, so every piece sees its nearest pole at >= 1 piece width from
/// its end: 16-point Gauss-Legendre then converges to < 1e-15 relative on each piece (Bernstein-ellipse
/// parameter >= 4.6). At most 61 pieces (976 evaluations); below r = 2^-120 the layer's share, pi sqrt(r),
/// is below double precision and the pieces stop there. r < 0 or NaN gives NaN.
DS_HD inline double vector_loop_integral(double r)
{
    auto const integrand = [r](double z) {
        double const w = 1.0 - z;
        return 2.0 * z * w * w / (w * w + r * z);
    };
    if (r == 0.0) {
        return 1.0;
    }
    if (!(r > 0.0)) {
        return NAN;  // negative or NaN mass ratio: no silent value
    }
    // Distance of the nearest pole from the end it approaches, and pieces of width 2^-k (k = n-1 .. 1) toward it.
    double const distance = r > 1.0 ? 1.0 / r : std::sqrt(r);
    int exponent = 0;
    std::frexp(distance, &exponent);  // distance = m 2^exponent, m in [0.5, 1)
    int const n = exponent >= 1 ? 1 : (2 - exponent < 61 ? 2 - exponent : 61);  // 2^-(n-1) <= distance
    bool const toward_zero = r > 1.0;
    using thermal_average_detail::gauss_legendre;
    using thermal_average_detail::SqrtEndpoint;
    double sum = 0.0;
    double inner = 0.0;  // distance from the layer's end of the current piece's near edge
    for (int k = n - 1; k >= 0; --k) {
        double const outer = std::ldexp(1.0, -k);
        double const a = toward_zero ? inner : 1.0 - outer;
        double const b = toward_zero ? outer : 1.0 - inner;
        sum += gauss_legendre<16>(integrand, a, b, SqrtEndpoint::none);
        inner = outer;
    }
    return sum;
}

/// One-loop Delta a_l of a lepton of mass m_l [GeV] from a vector of mass m_V [GeV] with vector coupling g_l:
///   Delta a_l = (g_l^2 / (8 pi^2)) I(m_V^2 / m_l^2),
/// which for g_l = eps e is (alpha eps^2 / (2 pi)) Int_0^1 dz 2 m_l^2 z (1-z)^2 / [m_l^2 (1-z)^2 + m_V^2 z]
/// (physics.md 4.2), -> alpha eps^2/(2 pi) for m_V -> 0 and (alpha eps^2/(2 pi)) 2 m_l^2/(3 m_V^2) for m_V >> m_l.
/// Ref: Pospelov, arXiv:0811.1030, eq. (3).
DS_HD inline double vector_g2_contribution(double g_l, double m_l, double m_V)
{
    double const ratio = m_V / m_l;
    return g_l * g_l / (8.0 * constants::pi * constants::pi) * vector_loop_integral(ratio * ratio);
}

/// Delta a_e [1] of a point: g_e = lepton_coupling(p) = -eps e (no g_X coupling to leptons).
DS_HD inline double delta_a_electron(DarkSectorParameters p)
{
    return vector_g2_contribution(lepton_coupling(p), constants::m_electron, p.m_V);
}

/// Delta a_mu [1] of a point: g_mu = lepton_coupling(p) = -eps e.
DS_HD inline double delta_a_muon(DarkSectorParameters p)
{
    return vector_g2_contribution(lepton_coupling(p), constants::m_muon, p.m_V);
}

}  // namespace darkscan
