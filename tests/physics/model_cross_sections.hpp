// SPDX-License-Identifier: MIT
// Model cross sections sigma(s) with known thermal averages, shared by the thermal-average and relic tests,
// and the relative-error measure the physics tests use.
#pragma once

#include <cmath>

namespace darkscan::test {

/// |value/reference - 1| (doctest::Approx adds an absolute scale of 1, too loose for small numbers).
inline double relative_error(double value, double reference)
{
    return std::fabs(value / reference - 1.0);
}

/// Lab-frame (rest frame of one particle) relative velocity v_lab = 2 beta / (1 + beta^2), beta = sqrt(1 - 4m^2/s).
inline double v_lab(double m, double s)
{
    double const beta2 = 1.0 - 4.0 * m * m / s;
    return 2.0 * std::sqrt(beta2) / (1.0 + beta2);
}

/// sigma v_lab = c: the Gondolo-Gelmini average of this sigma(s) is exactly c at every x.
struct ConstantSigmaVLab {
    double m, c;
    double operator()(double s) const { return c / v_lab(m, s); }
};

/// p-wave: sigma v_lab = b v_lab^2 (<sigma v> -> 6b/x at large x).
struct PWave {
    double m, b;
    double operator()(double s) const { return b * v_lab(m, s); }
};

/// s-wave background plus a Breit-Wigner of peak height `peak` (in units of c / v_lab).
struct Resonant {
    double m, c, background, peak, m_v, width;
    double operator()(double s) const
    {
        double const d = s - m_v * m_v;
        double const mg = m_v * width;
        return c / v_lab(m, s) * (background + peak * mg * mg / (d * d + mg * mg));
    }
};

}  // namespace darkscan::test
