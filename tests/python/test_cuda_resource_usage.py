#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""bench/cuda_resource_usage.py: its reading of a ptxas resource report and its theoretical occupancy, checked
against hand-computed values (CUDA occupancy rules: registers allocated per warp in units of 256, 65 536 per SM,
64 resident warps, 256 threads per block)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import cuda_resource_usage as usage  # noqa: E402

PTXAS = """\
ptxas info    : 317 bytes gmem
ptxas info    : Compiling entry function '_Z6kernelv' for 'sm_90'
ptxas info    : Function properties for _Z6kernelv
    12288 bytes stack frame, 28 bytes spill stores, 20 bytes spill loads
ptxas info    : Used 255 registers, used 0 barriers, 12288 bytes cumulative stack size
ptxas info    : Function properties for _Z6helperd
    0 bytes stack frame, 8 bytes spill stores, 8 bytes spill loads
ptxas info    : Compiling entry function '_Z5smallv' for 'sm_90'
ptxas info    : Function properties for _Z5smallv
    0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
ptxas info    : Used 88 registers, used 1 barriers, 16384 bytes smem
"""


def main():
    kernels = usage.parse_ptxas(PTXAS)
    assert set(kernels) == {"_Z6kernelv", "_Z5smallv"}, kernels  # the device function is not a kernel
    assert kernels["_Z6kernelv"] == dict(registers=255, stack=12288, spill_stores=28, spill_loads=20, shared=0)
    assert kernels["_Z5smallv"] == dict(registers=88, stack=0, spill_stores=0, spill_loads=0, shared=16384)
    # 255 registers -> 8192 per warp, 65536 per 8-warp block: one block, 8 of 64 warps.
    assert usage.theoretical_occupancy(90, 255, 0) == (0.125, "registers")
    # 88 -> 2816 per warp, 22528 per block: 2 blocks, 16 warps.
    assert usage.theoretical_occupancy(80, 88, 0) == (0.25, "registers")
    # 32 registers: 8 blocks of 8 warps fill the SM.
    assert usage.theoretical_occupancy(90, 32, 0) == (1.0, "warps")
    # 100 KiB of shared memory per block: one block on sm_80 (164 KiB), two on sm_90 (228 KiB).
    assert usage.theoretical_occupancy(80, 32, 100 * 1024) == (0.125, "shared memory")
    assert usage.theoretical_occupancy(90, 32, 100 * 1024) == (0.25, "shared memory")
    demangled = ("void cub::CUB_300001_SM_900::detail::for_each::static_kernel<cub::CUB_300001_SM_900::detail::"
                 "for_each::policy_hub_t::policy_500_t, long, cub::CUB_300001_SM_900::detail::for_each::"
                 "op_wrapper_t<long, darkscan::(anonymous namespace)::MergeCell, thrust::counting_iterator<"
                 "unsigned long> > >(long)")
    assert usage.short_name(demangled) == "MergeCell (long index)", usage.short_name(demangled)
    print("cuda_resource_usage: parser and occupancy checks passed")


if __name__ == "__main__":
    main()
