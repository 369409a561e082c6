// SPDX-License-Identifier: MIT
// Minimal complex arithmetic for device code (std::complex is not usable in __device__ functions): the
// partial-wave phases of the self-interaction cross section and the CKM-weighted meson-decay amplitudes.
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"

namespace darkscan {

struct Complex {
    double re = 0.0;
    double im = 0.0;
};

DS_HD inline Complex operator+(Complex a, Complex b)
{
    return {a.re + b.re, a.im + b.im};
}
DS_HD inline Complex operator-(Complex a, Complex b)
{
    return {a.re - b.re, a.im - b.im};
}
DS_HD inline Complex operator*(Complex a, Complex b)
{
    return {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
}
DS_HD inline Complex operator/(Complex a, Complex b)
{
    // Smith's algorithm: no overflow of |b|^2 for large or small b.
    if (std::fabs(b.re) >= std::fabs(b.im)) {
        double const r = b.im / b.re;
        double const d = b.re + b.im * r;
        return {(a.re + a.im * r) / d, (a.im - a.re * r) / d};
    }
    double const r = b.re / b.im;
    double const d = b.re * r + b.im;
    return {(a.re * r + a.im) / d, (a.im * r - a.re) / d};
}
DS_HD inline Complex conj(Complex a)
{
    return {a.re, -a.im};
}
/// |a|^2.
DS_HD inline double norm(Complex a)
{
    return a.re * a.re + a.im * a.im;
}

}  // namespace darkscan
