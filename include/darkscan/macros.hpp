// SPDX-License-Identifier: MIT
// Host/device qualifier shared by every physics function: the same source compiles under g++ and nvcc.
// DS_NOINLINE keeps nvcc from inlining a large function into every call site (quadrature rules called with
// a cross section that is itself a thermal average's integrand): the device code stays a few call levels
// deep instead of growing with the product of the loop bodies, which exhausts the compiler's memory.
#pragma once

#if defined(__CUDACC__)
#define DS_HD __host__ __device__
#define DS_NOINLINE __noinline__
#else
#define DS_HD
#define DS_NOINLINE
#endif
