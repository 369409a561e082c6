// SPDX-License-Identifier: MIT
// Host/device qualifier shared by every physics function: the same source compiles under g++ and nvcc.
#pragma once

#if defined(__CUDACC__)
#define DS_HD __host__ __device__
#else
#define DS_HD
#endif
