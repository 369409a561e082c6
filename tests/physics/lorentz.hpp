// SPDX-License-Identifier: MIT
// Minkowski four-vectors, the metric (+,-,-,-) and the Levi-Civita tensor (eps^{0123} = +1) for the tests that
// sum polarisations numerically, independently of the closed-form rates.
#pragma once

#include <array>
#include <cmath>

namespace darkscan::test {

/// Contravariant components (t, x, y, z).
using FourVector = std::array<double, 4>;

inline double minkowski_dot(FourVector const& a, FourVector const& b)
{
    return a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3];
}

inline FourVector lowered(FourVector const& a)
{
    return {a[0], -a[1], -a[2], -a[3]};
}

inline FourVector scaled(double c, FourVector const& a)
{
    return {c * a[0], c * a[1], c * a[2], c * a[3]};
}

inline FourVector sum(FourVector const& a, FourVector const& b)
{
    return {a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]};
}

/// Determinant of the 4x4 matrix with rows a, b, c, d (Laplace expansion along the first row).
inline double determinant(FourVector const& a, FourVector const& b, FourVector const& c, FourVector const& d)
{
    auto minor3 = [&](int skip) {
        int col[3];
        for (int i = 0, k = 0; i < 4; ++i) {
            if (i != skip) {
                col[k++] = i;
            }
        }
        return b[col[0]] * (c[col[1]] * d[col[2]] - c[col[2]] * d[col[1]]) -
               b[col[1]] * (c[col[0]] * d[col[2]] - c[col[2]] * d[col[0]]) +
               b[col[2]] * (c[col[0]] * d[col[1]] - c[col[1]] * d[col[0]]);
    };
    return a[0] * minor3(0) - a[1] * minor3(1) + a[2] * minor3(2) - a[3] * minor3(3);
}

/// eps^{mu nu rho sigma} a_mu b_nu c_rho d_sigma for contravariant a, b, c, d.
inline double levi_civita(FourVector const& a, FourVector const& b, FourVector const& c, FourVector const& d)
{
    return determinant(lowered(a), lowered(b), lowered(c), lowered(d));
}

/// V^mu = eps^{mu nu rho sigma} b_nu c_rho d_sigma (contravariant), for contravariant b, c, d.
inline FourVector levi_civita_vector(FourVector const& b, FourVector const& c, FourVector const& d)
{
    FourVector v{};
    for (int mu = 0; mu < 4; ++mu) {
        FourVector unit{};
        unit[mu] = 1.0;
        v[mu] = determinant(unit, lowered(b), lowered(c), lowered(d));
    }
    return v;
}

}  // namespace darkscan::test
