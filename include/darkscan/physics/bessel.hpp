// SPDX-License-Identifier: MIT
// Exponentially scaled modified Bessel functions of the second kind, K_n(x) e^x for n = 0, 1, 2, in double
// precision (relative error ~1e-15), for thermal averages where K_n(x) alone underflows (x > ~700).
#pragma once

#include <cmath>

#include "darkscan/macros.hpp"

namespace darkscan::bessel {

/// Chebyshev series sum_k' c_k T_k(y/2) by the Clenshaw recurrence, with Cephes' conventions: coefficients
/// in reverse order (highest degree first) and the constant term halved.
/// Ref: S. L. Moshier, Cephes Math Library 2.8 (2000), chbevl.c.
template <int N>
DS_HD inline double chebyshev_series(double y, double const (&coefficients)[N])
{
    double b0 = coefficients[0];
    double b1 = 0.0;
    double b2 = 0.0;
    for (int k = 1; k < N; ++k) {
        b2 = b1;
        b1 = b0;
        b0 = y * b1 - b2 + coefficients[k];
    }
    return 0.5 * (b0 - b2);
}

/// Polynomial sum_k a_k v^k (coefficients lowest degree first) by Estrin's scheme: pairs a_2i + a_2i+1 v, then pairs
/// of those with v^2, v^4, ...; ceil(log2 N) dependent multiply-adds instead of Horner's or Clenshaw's N - 1, which
/// matters where the result waits on it (the Bessel factor of every thermal-average node).
/// Ref: G. Estrin, Proc. Western Joint Computer Conf. (1960) 33; Knuth, TAOCP vol. 2, sec. 4.6.4.
template <int N>
DS_HD inline double estrin_polynomial(double v, double const (&coefficients)[N])
{
    double partial[N];
    for (int k = 0; k < N; ++k) {
        partial[k] = coefficients[k];
    }
    double power = v;
    for (int n = N; n > 1; n = (n + 1) / 2) {
        for (int i = 0; i < n / 2; ++i) {
            partial[i] = partial[2 * i] + partial[2 * i + 1] * power;
        }
        if (n % 2 == 1) {
            partial[n / 2] = partial[n - 1];
        }
        power *= power;
    }
    return partial[0];
}

/// I_0(x) and I_1(x) for 0 < x <= 2 from their power series
///   I_0(x) = sum_k (x^2/4)^k / (k!)^2,   I_1(x) = (x/2) sum_k (x^2/4)^k / (k! (k+1)!),
/// Ref: Abramowitz & Stegun 9.6.10. At x = 2 the 18th term is below 1e-17 of the sum.
struct BesselISmall {
    double i0;
    double i1;
};
DS_HD inline BesselISmall bessel_i01_small(double x)
{
    double const q = 0.25 * x * x;
    double term0 = 1.0;  // (x^2/4)^k / (k!)^2
    double term1 = 1.0;  // (x^2/4)^k / (k! (k+1)!)
    double sum0 = 1.0;
    double sum1 = 1.0;
    for (int k = 1; k <= 18; ++k) {
        term0 *= q / (double(k) * k);
        term1 *= q / (double(k) * (k + 1));
        sum0 += term0;
        sum1 += term1;
    }
    return {sum0, 0.5 * x * sum1};
}

/// K_0(x) e^x for x > 0.
///   x <= 2:     K_0(x) = P(x^2 - 2) - ln(x/2) I_0(x), P a Chebyshev series;
///   2 < x < 8:  K_0(x) e^x sqrt(x) = Q(8/x - 2), Q a Chebyshev series;
///   x >= 8:     K_0(x) e^x sqrt(x) = Q_8(16/x - 1), 13 terms (the thermal averages of freeze-out, x z >= 8,
///               at half the cost of Q): Chebyshev interpolation of K_0(8/u) e^(8/u) sqrt(8/u) on u in [0, 1] at
///               13 nodes with 50-digit mpmath besselk, converted exactly to powers of v = 16/x - 1 (sum of |a_k|
///               1.25, so no cancellation) and evaluated by estrin_polynomial; measured 5.7e-16 relative in
///               double against mpmath for x = 8 - 1e5 (the Chebyshev form by Clenshaw: 4.3e-16).
/// Ref: Cephes Math Library 2.8, k0.c (coefficients A, B; relative error 1.2e-16 rms, IEEE 0-30);
/// A&S 9.8.5-9.8.6 give the same split with 1e-7 polynomials.
DS_HD inline double k0e(double x)
{
    if (x <= 2.0) {
        constexpr double small[] = {
            1.37446543561352307156e-16, 4.25981614279661018399e-14, 1.03496952576338420167e-11,
            1.90451637722020886025e-9,  2.53479107902614945675e-7,  2.28621210311945178607e-5,
            1.26461541144692592338e-3,  3.59799365153615016266e-2,  3.44289899924628486886e-1,
            -5.35327393233902768720e-1,
        };
        double const k0 = chebyshev_series(x * x - 2.0, small) - std::log(0.5 * x) * bessel_i01_small(x).i0;
        return k0 * std::exp(x);
    }
    if (x >= 8.0) {
        constexpr double asymptotic[] = {
            1.2438463520997631,      -0.009162850479795771,   0.00028766414406262471, -1.59007988370597e-05,
            1.2325138429394752e-06,  -1.2087137965938103e-07, 1.4153259356026481e-08, -1.9074450345186764e-09,
            2.8843828806842028e-10,  -4.76758817447359e-11,   8.6102320904372603e-12, -1.97345459719766e-12,
            4.1659166742351623e-13,
        };
        return estrin_polynomial(16.0 / x - 1.0, asymptotic) / std::sqrt(x);
    }
    constexpr double large[] = {
        5.30043377268626276149e-18,  -1.64758043015242134646e-17, 5.21039150503902756861e-17,
        -1.67823109680541210385e-16, 5.51205597852431940784e-16,  -1.84859337734377901440e-15,
        6.34007647740507060557e-15,  -2.22751332699166985548e-14, 8.03289077536357521100e-14,
        -2.98009692317273043925e-13, 1.14034058820847496303e-12,  -4.51459788337394416547e-12,
        1.85594911495471785253e-11,  -7.95748924447710747776e-11, 3.57739728140030116597e-10,
        -1.69753450938905987466e-9,  8.57403401741422608519e-9,   -4.66048989768794782956e-8,
        2.76681363944501510342e-7,   -1.83175552271911948767e-6,  1.39498137188764993662e-5,
        -1.28495495816278026384e-4,  1.56988388573005337491e-3,   -3.14481013119645005427e-2,
        2.44030308206595545468e0,
    };
    return chebyshev_series(8.0 / x - 2.0, large) / std::sqrt(x);
}

/// K_1(x) for 0 < x <= 2: ln(x/2) I_1(x) + R(x^2 - 2)/x, R a Chebyshev series.
/// Ref: Cephes Math Library 2.8, k1.c (coefficients A; relative error 2.2e-16 rms, IEEE 0-30).
DS_HD inline double k1_small(double x)
{
    constexpr double small[] = {
        -7.02386347938628759343e-18, -2.42744985051936593393e-15, -6.66690169419932900609e-13,
        -1.41148839263352776110e-10, -2.21338763073472585583e-8,  -2.43340614156596823496e-6,
        -1.73028895751305206302e-4,  -6.97572385963986435018e-3,  -1.22611180822657148235e-1,
        -3.53155960776544875667e-1,  1.52530022733894777053e0,
    };
    return std::log(0.5 * x) * bessel_i01_small(x).i1 + chebyshev_series(x * x - 2.0, small) / x;
}

/// K_1(x) e^x sqrt(x) for x > 0, smooth and slowly varying at large x (-> sqrt(pi/2)): what thermal averages need,
/// without the sqrt(x) that k1e divides out.
///   x <= 2: k1_small(x) e^x sqrt(x);   2 < x < 8: S(8/x - 2);
///   x >= 8: S_8(16/x - 1), 13 terms, built, converted and evaluated as Q_8 of k0e (sum of |a_k| 1.31); measured
///           4.6e-16 relative against mpmath for x = 8 - 1e5 (Clenshaw on the Chebyshev form: 2.4e-16, at three
///           times the dependent operations of every thermal-average node).
/// Ref: Cephes Math Library 2.8, k1.c (coefficients B of S; relative error 2.2e-16 rms, IEEE 0-30).
DS_HD inline double k1e_sqrt(double x)
{
    if (x <= 2.0) {
        return k1_small(x) * std::exp(x) * std::sqrt(x);
    }
    if (x >= 8.0) {
        constexpr double asymptotic[] = {
            1.2821438724478935,      0.028311610653860914,    -0.00049342894768087916, 2.2895152626145599e-05,
            -1.6287852535717173e-06, 1.5175859197418077e-07,  -1.7173431298190898e-08, 2.2585651569053171e-09,
            -3.3530696249718859e-10, 5.4648082999925152e-11,  -9.756368971162553e-12,  2.209309709152158e-12,
            -4.6273114200178371e-13,
        };
        return estrin_polynomial(16.0 / x - 1.0, asymptotic);
    }
    constexpr double large[] = {
        -5.75674448366501715755e-18, 1.79405087314755922667e-17,  -5.68946255844285935196e-17,
        1.83809354436663880070e-16,  -6.05704724837331885336e-16, 2.03870316562433424052e-15,
        -7.01983709041831346144e-15, 2.47715442448130437068e-14,  -8.97670518232499435011e-14,
        3.34841966607842919884e-13,  -1.28917396095102890680e-12, 5.13963967348173025100e-12,
        -2.12996783842756842877e-11, 9.21831518760500529508e-11,  -4.19035475934189648750e-10,
        2.01504975519703286596e-9,   -1.03457624656780970260e-8,  5.74108412545004946722e-8,
        -3.50196060308781257119e-7,  2.40648494783721712015e-6,   -1.93619797416608296024e-5,
        1.95215518471351631108e-4,   -2.85781685962277938680e-3,  1.03923736576817238437e-1,
        2.72062619048444266945e0,
    };
    return chebyshev_series(8.0 / x - 2.0, large);
}

/// K_1(x) e^x for x > 0: k1_small(x) e^x for x <= 2, else k1e_sqrt(x) / sqrt(x).
DS_HD inline double k1e(double x)
{
    return x <= 2.0 ? k1_small(x) * std::exp(x) : k1e_sqrt(x) / std::sqrt(x);
}

/// K_2(x) e^x = K_0(x) e^x + (2/x) K_1(x) e^x, for x > 0.
/// Ref: recurrence K_{n+1}(x) = K_{n-1}(x) + (2n/x) K_n(x), A&S 9.6.26; both terms positive, no cancellation.
DS_HD inline double k2e(double x)
{
    return k0e(x) + 2.0 * k1e(x) / x;
}

}  // namespace darkscan::bessel
