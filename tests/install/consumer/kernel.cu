// SPDX-License-Identifier: MIT
// A user's own CUDA kernel calling darkscan's host/device physics: compiled with nvcc to show the headers work
// in device code.
#include "darkscan/physics/sommerfeld.hpp"
#include "darkscan/physics/widths.hpp"

__global__ void user_kernel(double const* v, double const* m_V, double* s, double* width, int n)
{
    int const i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        darkscan::DarkSectorParameters const p{m_V[i], 0.3 * m_V[i], 1e-3, 0.5, 0.0};
        s[i] = darkscan::sommerfeld_coulomb_s(v[i] / p.alpha_D);
        width[i] = darkscan::width_to_leptons(p.m_V, p, darkscan::constants::m_muon);
    }
}
